"""Two app processes on one PostgreSQL store: what one saves, the other shows.

The deployment of the README (two `streamlit run` behind a reverse proxy, one server): the
change counter read from the store (Store.revision) keys every process's caches, so the
dashboard of the second process follows an edit made in the first.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from accueil.services import accounts
from accueil.store.db import Store
from tests.builders import ADMIN
from tests.conftest import pg_schema
from tests.e2e.conftest import running_app, use_account

TIMEOUT = 30_000


def first_metric(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible(timeout=TIMEOUT)


def test_removing_the_demo_in_one_process_empties_the_other_processs_dashboard(
        page: Page, tmp_path: Path) -> None:
    with pg_schema() as store, running_app(tmp_path, store, "first") as first, \
            running_app(tmp_path, store, "second") as second:
        # The demo's account goes with the demo: remove it as an administrator of one's own.
        opened = Store.open(store)
        created = accounts.create_account(opened, ADMIN, login="marie.admin", display_name="",
                                          role="administrateur")
        opened.close()
        temporary = created.message.split(" : ")[1].split(" — ")[0]
        opened = Store.open(store)
        marie = accounts.sign_in(opened, "marie.admin", temporary).principal
        assert marie is not None
        accounts.change_own_password(opened, marie, temporary, "Bon-Mot-de-passe-9",
                                     "Bon-Mot-de-passe-9")
        opened.close()
        use_account(page, "marie.admin", "Bon-Mot-de-passe-9")
        first_metric(page, second)
        metric = page.get_by_test_id("stMetricValue").first
        expect(metric).to_have_text("44", timeout=TIMEOUT)  # its cache now holds the figures

        page.goto(f"{first}/donnees")
        expect(page.get_by_role("heading", name="Données")).to_be_visible(timeout=TIMEOUT)
        expect(page.get_by_text("Base PostgreSQL")).to_be_visible(timeout=TIMEOUT)
        page.get_by_role("button", name="Retirer la démonstration").click()
        page.get_by_role("button", name="Oui, retirer la démonstration").click()
        expect(page.get_by_text("La démonstration n'est pas installée.")).to_be_visible(
            timeout=TIMEOUT)

        first_metric(page, second)
        expect(page.get_by_text("Aucune offre sur ce territoire pour l'instant")).to_be_visible(
            timeout=TIMEOUT)
