"""The map and user territories in a real browser, offline: drawn, hovered, clicked, filtered."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from tests.e2e.conftest import go_to

TIMEOUT = 60_000
COLOURED = """() => {
  const drawn = [...document.querySelectorAll('path.zone')]
    .filter(p => getComputedStyle(p).fill !== 'rgb(228, 228, 228)');
  const box = drawn[0].getBoundingClientRect();
  return [drawn.length, box.x + box.width / 2, box.y + box.height / 2];
}"""


def drawn_areas(page: Page, at_least: int) -> int:
    page.wait_for_function(
        f"document.querySelectorAll('path.zone').length >= {at_least}",
        timeout=TIMEOUT)
    return page.locator("path.zone").count()


def test_the_communes_of_the_whole_massif_are_drawn_offline(page: Page, app_url: str,
                                                            tmp_path: Path) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).hostname not in ("127.0.0.1", "localhost") else None)
    page.goto(f"{app_url}/carte")
    expect(page.get_by_role("heading", name="Carte")).to_be_visible(timeout=TIMEOUT)
    assert drawn_areas(page, 22) >= 22  # départements first
    page.get_by_text("Communes", exact=True).click()
    assert drawn_areas(page, 7310) >= 7310
    coloured, x, y = page.evaluate(COLOURED)
    assert coloured > 0  # the demo's communes are coloured, the others grey
    page.mouse.move(x, y)
    expect(page.locator(".accueil-carte .bulle")).to_contain_text("offre", timeout=TIMEOUT)
    expect(page.locator(".accueil-carte .legende")).to_contain_text("Aucune offre")
    shot = tmp_path / "carte.png"
    page.locator(".accueil-carte").first.screenshot(path=shot)
    assert shot.stat().st_size > 10_000
    assert outside == [], f"the map fetched from the internet: {outside}"


def test_clicking_an_area_lists_its_offers(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/carte")
    drawn_areas(page, 22)
    _, x, y = page.evaluate(COLOURED)
    page.mouse.click(x, y)
    chosen = page.get_by_role("combobox", name="Choisir un département")
    # The demo's Cantal, or a département other tests of this server gave offers to.
    expect(chosen).to_have_value(re.compile(r"^\S.* \(\d[\dAB]\) · \d+ offres?$"),
                                 timeout=TIMEOUT)
    first_cell = page.get_by_test_id("stDataFrame").first.locator("td[role=gridcell]").first
    expect(first_cell).to_have_text(re.compile(r"\S"), timeout=TIMEOUT)


def test_a_territory_imported_from_a_file_filters_the_map(page: Page, app_url: str,
                                                          tmp_path: Path) -> None:
    listing = tmp_path / "perimetre.csv"
    listing.write_text("code_insee;nom\n15187;Saint-Flour\n15001;Allanche\n", encoding="utf-8")
    page.goto(f"{app_url}/territoires")
    expect(page.get_by_role("heading", name="Territoires", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    page.get_by_label("Nom du territoire *").fill("Pays de la Planèze")
    page.get_by_label("Nom du territoire *").press("Tab")
    page.get_by_text("Importer un fichier de codes INSEE").click()
    page.locator("input[type=file]").set_input_files(listing)
    expect(page.get_by_text("2 communes reconnues sur 2 lignes lues")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Créer le territoire").click()
    expect(page.get_by_text(re.compile("« Pays de la Planèze » créé avec 2 communes"))
           ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("combobox", name="Territoire", exact=True)).to_have_value(
        "Territoire personnalisé · Pays de la Planèze")

    go_to(page, "Présenter", "Carte")
    expect(page.get_by_text(re.compile(r"Pays de la Planèze · \d+ offres? dans \d+ communes? "
                                       r"sur 2"))).to_be_visible(timeout=TIMEOUT)
    assert drawn_areas(page, 2) == 2  # the two communes, and no other


def test_the_map_is_exported_as_png_and_svg_for_slides(page: Page, app_url: str,
                                                      tmp_path: Path) -> None:
    page.goto(f"{app_url}/carte?niveau=departement")
    drawn_areas(page, 22)
    page.get_by_role("button", name="Préparer les images de la carte (PNG et SVG)").click()
    png_button = page.get_by_role("button", name="Télécharger en PNG (diaporama)")
    expect(png_button).to_be_visible(timeout=120_000)  # kaleido starts its own Chromium
    with page.expect_download() as png:
        png_button.click()
    assert png.value.suggested_filename == "carte_accueil.png"
    png.value.save_as(tmp_path / "carte.png")
    assert (tmp_path / "carte.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as svg:
        page.get_by_role("button", name="Télécharger en SVG (retouche, impression)").click()
    svg.value.save_as(tmp_path / "carte.svg")
    text = (tmp_path / "carte.svg").read_text(encoding="utf-8")
    assert text.startswith("<svg")
    assert "Nombre d'offres par département" in text


def view_box(page: Page) -> list[float]:
    return [float(v) for v in page.evaluate(
        "document.querySelector('.accueil-carte svg').getAttribute('viewBox')").split()]


def test_the_map_zooms_and_moves_and_a_drag_picks_no_area(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/carte?niveau=departement")
    drawn_areas(page, 22)
    whole = view_box(page)
    overview = page.get_by_role("button", name="Revenir à la vue d'ensemble")
    expect(overview).to_be_hidden()  # nothing to come back from yet
    page.get_by_role("button", name="Zoomer", exact=True).click()
    page.get_by_role("button", name="Zoomer", exact=True).click()
    zoomed = view_box(page)
    assert zoomed[2] < whole[2] / 2
    expect(overview).to_be_visible()
    box = page.locator(".accueil-carte .dessin").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y - 80, steps=6)
    page.mouse.up()
    moved = view_box(page)
    assert moved[:2] != zoomed[:2]
    assert moved[2:] == zoomed[2:]
    page.wait_for_timeout(1000)  # a click would have rerun the page by now
    expect(page.get_by_role("combobox", name="Choisir un département")).to_have_value("")
    overview.click()
    assert view_box(page) == whole
