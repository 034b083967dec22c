"""Sign in, see, be refused, in a real browser: nothing of the app before signing in, a wrong
password told in French, an elected official's write refused in French."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from accueil.domain.access import Role
from accueil.services.accounts import DEMO_LOGIN, DEMO_PASSWORD, hash_password
from accueil.store import accounts as repo
from accueil.store.db import Store
from tests.builders import SAINT_FLOUR
from tests.e2e.conftest import running_app, sign_in

TIMEOUT = 30_000
ELECTED_PASSWORD = "Conseil-Municipal-15"


@pytest.fixture
def app_with_an_elected_official(tmp_path: Path) -> Iterator[str]:
    target = tmp_path / "e2e.duckdb"
    store = Store.open(target)
    repo.create_account(store, login="elu.stflour", role=Role.ELU,
                        password_hash=hash_password(ELECTED_PASSWORD),
                        display_name="Élu de Saint-Flour", scope=[SAINT_FLOUR])
    store.close()
    with running_app(tmp_path, str(target)) as url:
        yield url


def test_nothing_shows_before_signing_in_and_a_wrong_password_is_told(
        page: Page, fresh_app_url: str) -> None:
    raw = page.context.new_page()  # a tab whose goto does not sign in: this test does it
    raw.goto(fresh_app_url)
    expect(raw.get_by_role("button", name="Se connecter", exact=True)).to_be_visible(
        timeout=60_000)
    expect(raw.get_by_text("Offres en cours")).to_have_count(0)
    expect(raw.get_by_test_id("stTopNav")).to_have_count(0)
    expect(raw.get_by_test_id("stSidebarNav")).to_have_count(0)
    # Streamlit's eye button of the password field, in French from the first screen on
    expect(raw.get_by_role("button", name="Afficher le mot de passe")).to_be_attached(
        timeout=30_000)
    sign_in_attempt = raw.get_by_label("Identifiant")
    sign_in_attempt.fill(DEMO_LOGIN)
    raw.get_by_label("Mot de passe", exact=True).fill("pas-le-bon")
    raw.get_by_role("button", name="Se connecter", exact=True).click()
    expect(raw.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible(
        timeout=TIMEOUT)
    sign_in(raw, DEMO_LOGIN, DEMO_PASSWORD)
    expect(raw.get_by_role("heading", name="Tableau de bord")).to_be_visible(timeout=TIMEOUT)
    expect(raw.get_by_text(re.compile("Compte de démonstration"))).to_be_visible()
    raw.get_by_role("button", name="Se déconnecter").click()
    expect(raw.get_by_text("Vous êtes déconnecté(e).")).to_be_visible(timeout=TIMEOUT)


def test_an_elected_official_sees_the_dashboard_and_is_refused_a_write(
        page: Page, app_with_an_elected_official: str) -> None:
    raw = page.context.new_page()
    raw.goto(f"{app_with_an_elected_official}/offre")
    expect(raw.get_by_role("button", name="Se connecter", exact=True)).to_be_visible(
        timeout=60_000)
    sign_in(raw, "elu.stflour", ELECTED_PASSWORD)
    expect(raw.get_by_text(re.compile(r"Élu de Saint-Flour"))).to_be_visible(timeout=TIMEOUT)
    raw.get_by_label("Titre de l'offre *").fill("Boucherie du Lander")
    commune = raw.get_by_test_id("stSelectbox").filter(has_text="Commune *")
    commune.locator("input").click()  # this combobox takes keystrokes, not fill()
    raw.keyboard.type("Saint-Flour")
    raw.get_by_role("option", name=re.compile(r"^Saint-Flour \(15\)")).click()
    raw.get_by_role("button", name="Enregistrer").click()
    expect(raw.get_by_text(re.compile("lecture seule"))).to_be_visible(timeout=TIMEOUT)
    expect(raw.get_by_text(re.compile("enregistrée"))).to_have_count(0)


def test_a_store_without_accounts_creates_its_first_administrator_on_first_run(
        page: Page, tmp_path: Path) -> None:
    from accueil.store.db import set_meta

    target = tmp_path / "e2e.duckdb"
    store = Store.open(target)  # a store from before accounts: its demo came without one
    with store.writing() as tx:
        set_meta(tx, "demo_seeded", "2026-11-01T00:00:00")
    store.close()
    with running_app(tmp_path, str(target)) as url:
        raw = page.context.new_page()
        raw.goto(url)
        expect(raw.get_by_text("Première utilisation : créez le compte administrateur")
               ).to_be_visible(timeout=60_000)
        raw.get_by_role("textbox", name="Identifiant").fill("marie.admin")
        raw.get_by_role("textbox", name="Nom affiché").fill("Marie")
        raw.get_by_role("textbox", name="Mot de passe", exact=True).fill("Bon-Mot-de-passe-9")
        raw.get_by_role("textbox", name="Le même mot de passe, à nouveau").fill(
            "Bon-Mot-de-passe-9")
        raw.get_by_role("button", name="Créer le compte administrateur").click()
        expect(raw.get_by_role("heading", name="Tableau de bord")).to_be_visible(
            timeout=TIMEOUT)
        expect(raw.get_by_text(re.compile(r"Marie · Administrateur"))).to_be_visible()
