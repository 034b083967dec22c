"""A chargé de mission's first minutes, in a real browser: dashboard, new offer, list."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import go_to

TIMEOUT = 30_000


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT)


def test_the_dashboard_opens_on_the_demo_territory(page: Page, app_url: str) -> None:
    open_page(page, app_url)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    expect(page.get_by_text("Offres ouvertes", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("37", timeout=TIMEOUT)
    expect(page.get_by_test_id("stVegaLiteChart").nth(3).locator("svg .mark-rect")
           .first).to_be_attached(timeout=TIMEOUT)


def test_a_new_offer_is_saved_and_found_in_the_list(page: Page, app_url: str) -> None:
    open_page(page, f"{app_url}/offre")
    page.get_by_label("Titre de l'offre *").fill("Fromagerie de la Margeride")
    commune = page.get_by_test_id("stSelectbox").filter(has_text="Commune *")
    commune.locator("input").fill("Ruynes")
    page.get_by_role("option", name=re.compile(r"^Ruynes-en-Margeride \(15\)")).click()
    page.get_by_role("textbox", name="Chiffre d'affaires annuel HT (€)").fill("260000")
    page.get_by_role("textbox", name="Prix demandé (€)").fill("175000")
    page.get_by_role("textbox", name="Prix demandé (€)").press("Tab")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text(re.compile(r"Offre « Fromagerie de la Margeride » enregistrée")
                            )).to_be_visible(timeout=TIMEOUT)

    go_to(page, "Repérer", "Offres")
    expect(page.get_by_role("heading", name="Offres", exact=True)).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Filtrer").click()
    page.get_by_role("textbox", name="Rechercher").fill("Margeride")
    page.get_by_role("textbox", name="Rechercher").press("Enter")
    expect(page.get_by_text("1 offre ·")).to_be_visible(timeout=TIMEOUT)
    # The grid draws on a canvas; its accessible table holds the cell texts.
    first_cell = page.get_by_test_id("stDataFrame").locator("td[role=gridcell]").first
    expect(first_cell).to_have_text(re.compile(r"^Fromagerie de la Margeride"), timeout=TIMEOUT)


def test_a_bookmarked_page_opened_first_on_a_new_server_keeps_the_shared_sidebar_and_menus(
        page: Page, fresh_app_url: str) -> None:
    open_page(page, f"{fresh_app_url}/donnees")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Territoire", exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stTopNav").get_by_text("Présenter", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Données")).to_be_visible()
