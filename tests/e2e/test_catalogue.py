"""The public catalogue in Chromium, opened from the disk (file://) as a collectivité would
check it before putting it online: the list, the filters, an offer page, the keyboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from accueil.domain.access import Principal, Role
from accueil.domain.offers import Activity, ActivityKind, OfferStatus
from accueil.services import diffusion
from accueil.store import offers as offer_store
from accueil.store.db import Store
from tests.builders import AURILLAC, qualified_offer


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    store = Store.open(tmp_path / "c.duckdb")
    job = Activity(kind=ActivityKind.EMPLOI, job_title="Infirmier", contract="CDI",
                   salary_min=1900.0, salary_max=2100.0, salary_period="mois")
    offer_store.save_offers(store, [
        qualified_offer(status=OfferStatus.PUBLIEE),
        qualified_offer(status=OfferStatus.PUBLIEE, commune_insee=AURILLAC),
        qualified_offer(title="Infirmier(e) à Aurillac", status=OfferStatus.PUBLIEE,
                        commune_insee=AURILLAC, activity=job),
    ])
    preview = diffusion.prepare(store)
    made = diffusion.generate(store, Principal("cm", Role.ADMINISTRATEUR), preview,
                              tmp_path / "pub", confirmed=preview.fingerprint, sheets=False)
    store.close()
    return made.folder


def test_the_list_filters_and_an_offer_opens(page: Page, catalogue: Path) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith("file://") else None)
    page.goto((catalogue / "index.html").as_uri())
    expect(page.locator("#compte")).to_have_text("3 offres affichées")
    expect(page.locator("#filtres")).to_be_visible()  # the script ran
    page.select_option("#f-type", "emploi")
    expect(page.locator("#compte")).to_have_text("1 offre affichée")
    expect(page.locator("ul.offres > li:visible")).to_have_count(1)
    page.select_option("#f-type", "")
    page.select_option("#f-lieu", "Aurillac")
    expect(page.locator("ul.offres > li:visible")).to_have_count(2)
    page.get_by_role("link", name="Infirmier(e) à Aurillac").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Infirmier(e) à Aurillac")
    assert page.locator('script[type="application/ld+json"]').count() == 1
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.keyboard.press("Tab")
    expect(page.locator("a.evitement")).to_be_focused()
    page.goto((catalogue / "carte.html").as_uri())
    expect(page.locator("svg.carte circle")).to_have_count(2)  # Saint-Flour and Aurillac
    assert outside == []  # no external resource


def test_the_list_is_complete_without_javascript(browser: Browser, catalogue: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((catalogue / "index.html").as_uri())
    expect(page.locator("ul.offres > li")).to_have_count(3)
    expect(page.locator("#filtres")).to_be_hidden()
    context.close()
