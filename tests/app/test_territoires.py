"""The *Territoires* page, run by Streamlit's AppTest: create, import, rename, delete."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from accueil.store.db import Store
from accueil.store.territories import list_territories, territory_communes, user_territories
from accueil.ui.resources import release_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/territoires.py"
CC_SAINT_FLOUR = "200066660"


def run() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def stored(path: Path) -> list[tuple[str, list[str]]]:
    release_store()  # the app's connection holds the file's lock
    store = Store.open(path)
    try:
        table = user_territories(store)
        mine = {t.code: t for t in list_territories(store)}
        return [(str(name), territory_communes(store, mine[str(code)]))
                for code, name in zip(table["code"], table["name"], strict=True)]
    finally:
        store.close()


def test_a_territory_built_from_an_epci_is_created_and_chosen_in_the_sidebar(db: Path) -> None:
    app = run()
    app.text_input(key="t_nom_0").input("Pays de Saint-Flour").run()
    app.selectbox(key="t_source_0").set_value(CC_SAINT_FLOUR).run()
    app.button(key="t_ajouter_0").click().run()
    assert len(app.multiselect(key="t_communes_0").value) == 53
    assert any(c.value == "53 communes choisies" for c in app.caption)
    app.multiselect(key="t_communes_0").unselect("15187").run()
    app.button(key="t_creer").click().run()
    assert not app.exception
    assert any("« Pays de Saint-Flour » créé avec 52 communes" in s.value for s in app.success)
    # AppTest runs the page without the router: the sidebar takes it at its next run.
    assert app.session_state["territoire_a_afficher"] == "perso-1"
    [(name, communes)] = stored(db)
    assert name == "Pays de Saint-Flour"
    assert len(communes) == 52
    assert "15187" not in communes


def test_a_file_with_unknown_codes_is_refused_until_the_user_chooses_to_skip_them(
        db: Path) -> None:
    app = run()
    app.text_input(key="t_nom_0").input("Périmètre du programme").run()
    app.radio(key="t_comment_0").set_value("Importer un fichier de codes INSEE").run()
    app.file_uploader[0].upload("perimetre.csv", b"code_insee\n15187\n15001\n99999\n",
                                "text/csv").run()
    assert not app.exception
    assert any("2 communes reconnues sur 3 lignes lues" in s.value for s in app.success)
    errors = " ".join(e.value for e in app.error)
    assert "« perimetre.csv », ligne 4, colonne « code_insee » (A) : « 99999 »" in errors
    app.button(key="t_creer").click().run()
    assert any("au moins une commune" in e.value for e in app.error)
    assert stored(db) == []


def test_skipping_the_rows_in_error_keeps_the_recognised_communes(db: Path) -> None:
    app = run()
    app.text_input(key="t_nom_0").input("Périmètre du programme").run()
    app.radio(key="t_comment_0").set_value("Importer un fichier de codes INSEE").run()
    app.file_uploader[0].upload("perimetre.csv", b"code_insee\n15187\n15001\n99999\n",
                                "text/csv").run()
    app.checkbox(key="t_fichier_0_ignorer").check().run()
    app.button(key="t_creer").click().run()
    assert not app.exception
    assert stored(db) == [("Périmètre du programme", ["15001", "15187"])]


def test_a_missing_name_is_explained_in_french_and_nothing_is_saved(db: Path) -> None:
    app = run()
    app.multiselect(key="t_communes_0").set_value(["15187"]).run()
    app.button(key="t_creer").click().run()
    assert not app.exception
    assert any("Le nom du territoire est obligatoire" in e.value for e in app.error)
    assert stored(db) == []


def test_a_territory_is_renamed_changed_then_deleted(db: Path) -> None:
    app = run()
    app.text_input(key="t_nom_0").input("Pays").run()
    app.multiselect(key="t_communes_0").set_value(["15187", "15014"]).run()
    app.button(key="t_creer").click().run()
    code = "perso-1"
    app.session_state["territoires_onglet"] = "Modifier ou supprimer"
    app.run()
    app.text_input(key=f"m_nom_1_{code}").input("Pays de Saint-Flour").run()
    app.multiselect(key=f"m_moins_1_{code}").set_value(["15014"]).run()
    app.multiselect(key=f"m_plus_1_{code}").set_value(["15001"]).run()
    app.button(key="m_enregistrer").click().run()
    assert not app.exception
    assert any("« Pays de Saint-Flour » enregistré : 2 communes" in s.value
               for s in app.success)
    assert stored(db) == [("Pays de Saint-Flour", ["15001", "15187"])]
    app = run()
    app.session_state["territoires_onglet"] = "Modifier ou supprimer"
    app.run()
    app.button(key="m_supprimer").click().run()
    assert not app.exception
    assert any("« Pays de Saint-Flour » supprimé" in s.value for s in app.success)
    assert stored(db) == []


def test_the_sidebar_takes_the_territory_a_page_asked_for(db: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["territoire_a_afficher"] = "15"
    app.run()
    assert not app.exception
    assert app.sidebar.selectbox[0].value == "15"


def test_the_edit_tab_stays_closed_until_asked_and_says_when_there_is_nothing_to_edit(
        db: Path) -> None:
    app = run()
    assert not app.get("toggle")  # the edit tab's widgets are not even built
    app.session_state["territoires_onglet"] = "Modifier ou supprimer"
    app.run()
    assert not app.exception
    assert any("Rien à modifier" in i.value for i in app.info)


def test_a_replacement_file_in_error_blocks_saving_rather_than_keeping_the_old_list(
        db: Path) -> None:
    app = run()
    app.text_input(key="t_nom_0").input("Pays").run()
    app.multiselect(key="t_communes_0").set_value(["15187"]).run()
    app.button(key="t_creer").click().run()
    app.session_state["territoires_onglet"] = "Modifier ou supprimer"
    app.run()
    app.toggle(key="m_remplacer_1_perso-1").set_value(True).run()
    app.file_uploader[0].upload("liste.csv", b"code_insee\n99999\n", "text/csv").run()
    assert not app.exception
    assert app.button(key="m_enregistrer").disabled
    assert any("Déposez un fichier utilisable" in c.value for c in app.caption)
