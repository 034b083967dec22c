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


STEPS = {
    "Repérer": ("Offres", "Saisir une offre", "Importer"),
    "Qualifier": ("Qualifier", "Réceptivité", "Aménités", "Partenaires"),
    "Analyser": ("Viabilité",),
    "Présenter": ("Tableau de bord", "Carte", "Présentation", "Diffuser"),
    "Administrer": ("Territoires", "Données", "Comptes", "Mon compte"),
}


def test_every_page_is_in_the_menu_of_its_step_with_no_english_word(page: Page,
                                                                     app_url: str) -> None:
    page.goto(f"{app_url}/")
    menu = page.get_by_test_id("stTopNav")
    expect(menu).to_be_visible(timeout=TIMEOUT)
    for step, titles in STEPS.items():
        menu.get_by_text(step, exact=True).click()
        items = page.get_by_role("menu", name=step)
        for title in titles:
            expect(items.get_by_role("menuitem", name=title, exact=True)).to_be_visible(
                timeout=TIMEOUT)
        assert "View" not in items.inner_text()
        page.keyboard.press("Escape")
    # the territory picker stays in sight, in the sidebar, without scrolling
    picker = page.get_by_test_id("stSidebar").get_by_text("Territoire", exact=True)
    expect(picker).to_be_in_viewport(timeout=TIMEOUT)
