"""Qualifying a demo offer in a real browser: link a shop and a house, see it turn qualifiée."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import go_to

TIMEOUT = 60_000  # generous: the CI machine may be busy
LINK = "Rattacher à l'offre"


def card(page: Page, text: str) -> Locator:
    """The innermost bordered box holding ``text`` (outer blocks hold it too)."""
    return page.get_by_test_id("stVerticalBlock").filter(has_text=text).last


def test_the_assistant_qualifies_the_bakery_creation(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/qualifier?offre=17")
    expect(page.get_by_role("heading", name=re.compile(r"^Boulangerie : aucune à moins de 12 km"))
           ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name=re.compile("Offre à compléter"))).to_be_visible()
    name = page.get_by_role("textbox", name="Votre nom")
    name.fill("Marie Dupont")
    name.press("Enter")

    shop = card(page, "Ancienne boulangerie avec fournil et boutique sur la place")
    expect(shop.get_by_text("Commerce (boutique) + Atelier : ce qu'il faut")).to_be_visible(
        timeout=TIMEOUT)
    shop.get_by_role("button", name=LINK).click()
    expect(page.get_by_text(re.compile(r"« Ancienne boulangerie avec fournil .* » est rattaché"))
           ).to_be_visible(timeout=TIMEOUT)

    # the rerun is over once the premises need reads as met; only houses are suggested then
    expect(page.get_by_text("Déjà trouvé et décrit")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name=LINK).first.click()
    expect(page.get_by_text("L'offre est maintenant qualifiée")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"Qualifiée le \d\d/\d\d/\d{4} par Marie Dupont"))
           ).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("heading", name=re.compile("Offre qualifiée"))).to_be_visible()

    go_to(page, "Qualifier", "Réceptivité")
    expect(page.get_by_role("heading", name=re.compile("^Réceptivité"))).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_test_id("stMetricValue").first).to_have_text(re.compile(r"^\d+$"))
