"""Sign-in, sessions and roles in the running app (AppTest): every page renders for every role,
writes a role may not make are refused on the page in French, and nothing of the app shows to
a tab that is not signed in."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accueil.domain.access import Principal
from accueil.store.db import Store, set_meta
from accueil.ui.resources import release_store
from accueil.ui.session import KEY, SESSION_KEY
from tests.app.test_pages import fill_offer
from tests.builders import ADMIN, ELECTED, OFFICER, PARTNER

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["pages/tableau_de_bord.py", "pages/offres.py", "pages/offre.py", "pages/importer.py",
         "pages/qualifier.py", "pages/receptivite.py", "pages/amenites.py",
         "pages/partenaires.py", "pages/viabilite.py", "pages/carte.py", "pages/presenter.py",
         "pages/diffuser.py", "pages/territoires.py", "pages/donnees.py", "pages/compte.py"]
ROLES = {"administrateur": ADMIN, "charge_mission": OFFICER, "partenaire": PARTNER,
         "elu": ELECTED}


def app_as(principal: Principal | None, timeout: int = 90) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=timeout)
    if principal is not None:
        app.session_state[KEY] = principal
    return app


@pytest.mark.parametrize("role", list(ROLES))
def test_every_page_renders_for_every_role(db: Path, role: str) -> None:
    app = app_as(ROLES[role], timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    # Signed in: the sidebar says who, with their role, and offers to sign out.
    assert any(ROLES[role].role.label in c.value for c in app.sidebar.caption)
    assert app.sidebar.button(key="se_deconnecter")
    pages = PAGES + (["pages/comptes.py"] if role == "administrateur" else [])
    for page in pages:
        app.switch_page(page)
        app.run()
        assert not app.exception, (page, [e.value for e in app.exception])
        assert app.title, f"{page} shows no title for {role}"


def test_an_elected_official_saving_an_offer_is_refused_in_french(db: Path) -> None:
    app = app_as(ELECTED)
    app.run()
    app.switch_page("pages/offre.py")
    app.run()
    fill_offer(app, "Épicerie du bourg")
    app.button(key="enregistrer").click().run()
    assert not app.exception
    assert any("lecture seule" in e.value for e in app.error)
    assert not any("enregistrée" in s.value for s in app.success)


def test_a_partner_cannot_back_up_nor_manage_accounts(db: Path) -> None:
    app = app_as(PARTNER)
    app.run()
    app.switch_page("pages/donnees.py")
    app.run()
    if isinstance(db, Path):  # backups of a DuckDB file; PostgreSQL has pg_dump
        app.button(key="sauvegarder").click().run()
        assert not app.exception
        assert any("Seul un administrateur" in e.value for e in app.error)
    # The navigation offers the Comptes page to administrators only; opened anyway, the page
    # refuses by itself (and its service would too).
    app.switch_page("pages/comptes.py").run()
    assert not app.exception
    assert any("Seul un administrateur" in e.value for e in app.error)
    assert not app.dataframe


# AppTest runs the chosen page alone from its second run on (as after switch_page), so the
# screens' forms are submitted in the browser tests (tests/e2e/test_sign_in_flow.py) and the
# services behind them in tests/integration/test_accounts.py; here, what a first run draws.
@pytest.mark.signed_out
def test_a_tab_without_sign_in_sees_only_the_sign_in_screen(db: Path) -> None:
    app = app_as(None)
    app.run()
    assert not app.exception
    assert [s.value for s in app.subheader] == ["Connexion"]
    assert [b.label for b in app.button] == ["Se connecter"]
    assert not app.metric  # nothing of the dashboard
    assert not app.sidebar.selectbox  # not even the territory picker
    assert app.text_input(key="connexion_mot_de_passe")


@pytest.mark.signed_out
def test_a_store_without_accounts_opens_on_the_first_run_screen(db: Path | str) -> None:
    store = Store.open(db)  # an upgraded store: its demo was installed before accounts
    with store.writing() as tx:
        set_meta(tx, "demo_seeded", "2026-11-01T00:00:00")
    store.close()
    release_store()
    app = app_as(None)
    app.run()
    assert not app.exception
    assert "Première utilisation" in app.subheader[0].value
    assert [b.label for b in app.button] == ["Créer le compte administrateur"]
    assert any("creer-admin" in w.value for w in app.warning)


def test_an_idle_session_ends_on_the_sign_in_screen(db: Path) -> None:
    app = app_as(ADMIN)
    long_ago = datetime.now() - timedelta(hours=2)
    app.session_state[SESSION_KEY] = {"started": long_ago, "seen": long_ago}
    app.run()
    assert not app.exception
    assert any("sans activité" in i.value for i in app.info)
    assert [s.value for s in app.subheader] == ["Connexion"]
