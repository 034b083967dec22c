"""Streamlit's own words in French in a real browser, and the upload limit shown is applied."""

from __future__ import annotations

from playwright.sync_api import Page, expect

TIMEOUT = 60_000


def test_the_file_uploader_speaks_french_and_shows_the_limit_applied(page: Page,
                                                                     app_url: str) -> None:
    page.goto(f"{app_url}/importer")
    zone = page.get_by_test_id("stFileUploaderDropzone")
    expect(zone).to_be_visible(timeout=TIMEOUT)
    # the import's own read limit (accueil.io.tabular.ReadLimits: 20 MB), not the server's
    expect(zone).to_contain_text("20 Mo au plus par fichier", timeout=TIMEOUT)
    expect(zone).to_contain_text("Parcourir")
    text = zone.inner_text()
    assert "MB" not in text
    assert "Browse" not in text
    assert "Upload" not in text


def test_an_empty_search_in_a_list_says_so_in_french(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/offres")
    expect(page.get_by_role("heading", name="Offres").first).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Filtrer").first.click()
    page.get_by_test_id("stMultiSelect").first.click()
    page.keyboard.type("zzzz")
    expect(page.get_by_text("Aucun résultat")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("No results")).to_have_count(0)


def test_the_sidebar_lists_every_page_with_no_english_fold(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/")
    nav = page.get_by_test_id("stSidebarNav")
    expect(nav).to_be_visible(timeout=TIMEOUT)
    for title in ("Offres", "Importer", "Partenaires", "Viabilité", "Présentation",
                  "Diffuser", "Territoires", "Données", "Comptes", "Mon compte"):
        expect(nav.get_by_role("link", name=title, exact=True)).to_be_visible(timeout=TIMEOUT)
    assert "View" not in nav.inner_text()
