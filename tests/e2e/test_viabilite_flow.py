"""A chargé de mission checks a takeover in a real browser: pick the offer, read the verdict,
save the analysis, find it among the saved ones."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import go_to

TIMEOUT = 30_000


def test_a_demo_takeover_is_analysed_and_saved(page: Page, app_url: str) -> None:
    page.goto(app_url)
    expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=TIMEOUT)
    go_to(page, "Analyser", "Viabilité")
    expect(page.get_by_role("heading", name="Viabilité économique")).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text("Verdict : Fragile")).to_be_visible(timeout=TIMEOUT)

    picker = page.get_by_test_id("stSelectbox").filter(has_text="Offre à analyser")
    picker.locator("input").fill("Boulangerie-pâtisserie au cœur")
    page.get_by_role("option", name=re.compile(r"^Reprise · Boulangerie-pâtisserie au cœur")
                     ).click()
    expect(page.get_by_text("Verdict : Indéterminé")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Analyse partielle")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Prix demandé repris de l'offre"))).to_be_visible()

    page.get_by_label("Nom de l'analyse à enregistrer").fill("Présentation au conseil")
    page.get_by_label("Nom de l'analyse à enregistrer").press("Tab")
    page.get_by_role("button", name="Enregistrer l'analyse").click()
    expect(page.get_by_text(re.compile(r"Analyse « Présentation au conseil » enregistrée"))
           ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Analyses enregistrées (1)")).to_be_visible(timeout=TIMEOUT)
