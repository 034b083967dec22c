"""Every page, run by Streamlit's AppTest on a fresh store holding the demo territory."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accueil.domain.access import Role
from accueil.services import accounts
from accueil.store import backup
from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.ui.resources import release_store
from tests.builders import ADMIN, SAINT_FLOUR

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["pages/tableau_de_bord.py", "pages/offres.py", "pages/offre.py", "pages/donnees.py"]


def run(page: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    if page:
        app.switch_page(page)
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def reopen(path: Path) -> Store:
    release_store()  # the app's connection holds the file's lock
    return Store.open(path)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_demo_store(db: Path, page: str) -> None:
    app = run(page)
    assert app.title, f"{page} shows no title"


def test_the_dashboard_shows_the_demo_figures(db: Path) -> None:
    app = run()
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Offres en cours"] == "44"
    assert metrics["Pilier le plus souvent manquant"] in {"Réceptivité", "Aménités", "Activité"}
    assert any("démonstration" in i.value for i in app.info)


def fill_offer(app: AppTest, title: str) -> None:
    app.text_input(key="f_title").input(title)
    app.selectbox(key="f_commune").select(SAINT_FLOUR)
    app.text_input(key="f_turnover").input("250 000")
    app.text_input(key="f_asking_price").input("90000,50")


def test_the_form_saves_a_valid_offer(db: Path) -> None:
    app = run("pages/offre.py")
    fill_offer(app, "Épicerie du bourg")
    app.button(key="enregistrer").click().run()
    assert not app.exception
    assert any("enregistrée" in s.value for s in app.success)
    store = reopen(db)
    listed = repo.list_offers(store, repo.OfferQuery())
    saved = repo.get_offer(store, int(listed[listed["title"] == "Épicerie du bourg"]["id"].iloc[0]))
    store.close()
    assert saved is not None
    assert saved.activity is not None
    # Typed as French text: "90000,50" is ninety thousand euros fifty, not 9 000 050.
    assert (saved.activity.turnover, saved.activity.asking_price) == (250_000.0, 90_000.5)


def test_the_form_refuses_bad_input_and_saves_nothing(db: Path) -> None:
    app = run("pages/offre.py")
    fill_offer(app, "")
    app.text_input(key="f_asking_price").input("-5")
    app.text_input(key="f_turnover").input("deux cent mille")
    app.button(key="enregistrer").click().run()
    assert not app.exception
    messages = [e.value for e in app.error]
    assert any("n'a pas été enregistrée" in m for m in messages)
    assert any("Le titre est obligatoire" in m for m in messages)
    assert any("Le prix demandé ne peut pas être négatif" in m for m in messages)
    assert any("Le chiffre d'affaires : « deux cent mille » n'est pas un montant" in m
               for m in messages)
    store = reopen(db)
    count = len(repo.list_offers(store, repo.OfferQuery()))
    store.close()
    assert count == 44


def test_removing_the_demo_asks_first_then_empties_the_store(db: Path) -> None:
    app = run("pages/donnees.py")
    app.button(key="retirer_demo").click().run()
    assert not app.exception
    # The demo's account is the store's only administrator: refused until there is another.
    assert any("Créez d'abord votre propre compte administrateur" in e.value for e in app.error)
    store = reopen(db)
    accounts.create_account(store, ADMIN, login="marie.admin", display_name="Marie",
                            role=Role.ADMINISTRATEUR.value)
    store.close()
    app = run("pages/donnees.py")
    app.button(key="retirer_demo").click().run()
    assert not app.exception
    assert any(m.label == "Offres" and m.value == "0" for m in app.metric)


def test_an_unreadable_store_shows_a_french_message_not_a_traceback(
        db: Path | str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(db, Path):
        db.write_bytes(b"not a database" * 500)
        expected = "n'est pas une base Accueil lisible"
    else:  # a server that is not there: nothing listens on this unix socket folder
        monkeypatch.setenv("ACCUEIL_DB", f"postgresql://accueil@/accueil?host={tmp_path}")
        expected = "Impossible de joindre la base PostgreSQL"
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception
    assert any(expected in e.value for e in app.error)


def test_an_offer_page_shows_its_three_pillars_and_what_they_lack(db: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["offre"] = "2"  # demo offer n° 2: an activity without housing nor services
    app.run()
    app.switch_page("pages/offres.py")
    app.run()
    assert not app.exception
    assert app.header[0].value.startswith("Bar-restaurant")
    text = " ".join(m.value for m in app.markdown)
    assert "Offre non qualifiée" in text
    assert "Réceptivité** — :red[:material/cancel: Absent]" in text
    assert "un logement" in text


def test_archiving_an_offer_from_its_page_after_confirming(db: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["offre"] = "1"
    app.run()
    app.switch_page("pages/offres.py")
    app.run()
    app.button(key="confirmer_archivage").click().run()
    assert not app.exception
    store = reopen(db)
    archived = repo.get_offer(store, 1)
    store.close()
    assert archived is not None
    assert archived.status.value == "archivee"


def test_an_unexpected_error_becomes_a_french_message_without_traceback(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def page_that_fails() -> None:
        from accueil.ui.resources import run_page

        def broken() -> None:
            raise ZeroDivisionError("division by zero")

        run_page(broken)

    monkeypatch.delenv("ACCUEIL_RAISE")
    app = AppTest.from_function(page_that_fails, default_timeout=30)
    app.run()
    assert not app.exception
    assert "Une erreur inattendue" in app.error[0].value
    assert "ZeroDivisionError" not in app.error[0].value


def test_the_dashboard_counts_an_offer_saved_a_moment_ago(db: Path) -> None:
    app = run()
    assert {m.label: m.value for m in app.metric}["Offres en cours"] == "44"
    app.switch_page("pages/offre.py").run()
    fill_offer(app, "Menuiserie du bourg")
    app.button(key="enregistrer").click().run()
    app.switch_page("pages/tableau_de_bord.py").run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["Offres en cours"] == "45"


def test_editing_an_offer_prefills_the_form_and_saves_in_place(db: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["offre"] = "1"
    app.run()
    app.switch_page("pages/offres.py").run()
    app.button(key="modifier").click().run()
    assert not app.exception
    assert app.title[0].value == "Modifier l'offre"
    assert app.text_input(key="f_title").value.startswith("Boulangerie-pâtisserie")
    app.switch_page("pages/offre.py")  # AppTest does not follow st.switch_page by itself
    app.text_input(key="f_title").input("Boulangerie-pâtisserie, reprise 2027")
    app.button(key="enregistrer").click().run()
    assert not app.exception
    store = reopen(db)
    edited = repo.get_offer(store, 1)
    count = len(repo.list_offers(store, repo.OfferQuery()))
    store.close()
    assert edited is not None
    assert edited.title == "Boulangerie-pâtisserie, reprise 2027"
    assert edited.is_demo
    assert len(edited.receptivity) == 1
    assert count == 44


def test_the_donnees_page_backs_up_previews_and_restores(db: Path | str) -> None:
    if not isinstance(db, Path):
        app = run("pages/donnees.py")
        # A shared server is backed up by its own tool; the page says so and keeps the export.
        assert any("pg_dump" in m.value for m in app.markdown)
        return
    app = run("pages/donnees.py")
    daily = [b for b in backup.list_backups(db.parent / "sauvegardes") if b.kind == "auto"]
    assert len(daily) == 1  # the day's automatic backup, made on opening
    app.button(key="sauvegarder").click().run()
    assert any("Sauvegarde écrite" in s.value for s in app.success)
    assert any("Elle contient" in m.value and "44 offres" in m.value for m in app.markdown)
    app.button(key="restaurer").click().run()
    assert not app.exception
    assert any("Base restaurée" in s.value for s in app.success)
    kinds = {b.kind for b in backup.list_backups(db.parent / "sauvegardes")}
    assert kinds == {"auto", "manuelle", "securite"}
