"""Two officers, two real browsers, one offer: A saves a new title, B (whose form is stale) saves
a new partner. B is told, in French, that the title changed; after reloading, both are kept."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import running_app, signing_in

TIMEOUT = 30_000
NEW_TITLE = "Boulangerie reprise en 2027"
NEW_PARTNER = "Mairie de Saint-Flour"


@pytest.fixture
def own_app_url(tmp_path: Path) -> Iterator[str]:
    """A server of its own: the test edits the demo's first offer."""
    with running_app(tmp_path) as url:
        yield url


def open_edit_form(page: Page, url: str) -> None:
    page.goto(f"{url}/offres?offre=1")
    page.get_by_role("button", name="Modifier").click()
    expect(page.get_by_role("heading", name="Modifier l'offre")).to_be_visible(timeout=TIMEOUT)


def save(page: Page) -> None:
    page.get_by_role("button", name="Enregistrer", exact=True).click()


def test_a_stale_save_names_the_title_change_and_reloading_keeps_both(
        browser: Browser, own_app_url: str, tmp_path: Path) -> None:
    a, b = (signing_in(browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000})
                       .new_page()) for _ in range(2))
    open_edit_form(a, own_app_url)
    open_edit_form(b, own_app_url)

    a.get_by_label("Titre de l'offre *").fill(NEW_TITLE)
    a.get_by_label("Titre de l'offre *").press("Tab")
    save(a)
    expect(a.get_by_text(re.compile(rf"Offre « {NEW_TITLE} » enregistrée"))).to_be_visible(
        timeout=TIMEOUT)

    b.get_by_label("Partenaire source").fill(NEW_PARTNER)
    b.get_by_label("Partenaire source").press("Tab")
    save(b)
    warning = b.get_by_test_id("stAlertContentWarning")
    expect(warning).to_contain_text("Vos modifications n'ont pas été enregistrées",
                                    timeout=TIMEOUT)
    expect(warning).to_contain_text("Titre")
    changes = b.get_by_test_id("stDataFrame").locator("td[role=gridcell]")
    expect(changes.filter(has_text=NEW_TITLE).first).to_be_attached(timeout=TIMEOUT)
    expect(b.get_by_text("enregistrée", exact=False).filter(
        has_text=re.compile(r"^Offre «"))).to_have_count(0)
    b.screenshot(path=str(tmp_path / "conflit.png"), full_page=True)  # to look at, with -s
    print(f"\nconflict screenshot: {tmp_path / 'conflit.png'}")

    b.get_by_role("button", name="Recharger (abandonner mes modifications)").click()
    expect(b.get_by_label("Titre de l'offre *")).to_have_value(NEW_TITLE, timeout=TIMEOUT)
    b.get_by_label("Partenaire source").fill(NEW_PARTNER)
    b.get_by_label("Partenaire source").press("Tab")
    save(b)
    expect(b.get_by_text(re.compile(rf"Offre « {NEW_TITLE} » enregistrée"))).to_be_visible(
        timeout=TIMEOUT)

    a.goto(f"{own_app_url}/offres?offre=1")
    expect(a.get_by_role("heading", name=NEW_TITLE)).to_be_visible(timeout=TIMEOUT)
    expect(a.get_by_text(f"source : {NEW_PARTNER}")).to_be_visible(timeout=TIMEOUT)
