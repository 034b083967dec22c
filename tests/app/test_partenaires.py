"""The Partenaires page, run by AppTest on a fresh demo store, on each engine."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from accueil.domain.access import Principal, Role
from accueil.domain.partners import Partner
from accueil.store import partners as partner_store
from accueil.store.db import Store
from accueil.ui.resources import release_store
from accueil.ui.session import KEY

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run(principal: Principal | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if principal is not None:
        app.session_state[KEY] = principal
    app.run()
    app.switch_page("pages/partenaires.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_typed_names_become_records_and_the_dashboard_counts_what_each_supplied(
        db: Path | str) -> None:
    app = run()
    assert app.title[0].value == "Partenaires"
    app.radio(key="partenaires_rubrique").set_value("Noms saisis et doublons").run()
    assert any("Noms de partenaires saisis sans fiche : 14" in m.value for m in app.markdown)
    app.button(key="creer_fiches").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("14 fiches partenaires créées" in s.value for s in app.success)
    app.radio(key="partenaires_rubrique").set_value("Tableau de bord").run()
    board = app.dataframe[0].value
    mairie = board[board["Partenaire"] == "Mairie"].iloc[0]
    assert mairie["Éléments fournis"] == 21  # 7 offers and 14 items of the demo say « Mairie »
    assert mairie["Confirmés"] + mairie["À revérifier"] == 21


def test_a_record_with_a_wrong_siren_is_refused_with_the_reason(db: Path | str) -> None:
    app = run()
    app.radio(key="partenaires_rubrique").set_value("Fiches").run()
    form_inputs = {t.label: t for t in app.text_input}
    form_inputs["Nom de l'organisation"].input("CCI du Cantal")
    form_inputs["SIREN (facultatif)"].input("130005482")
    app.button[[b.label for b in app.button].index("Enregistrer la fiche")].click().run()
    assert any("clé de contrôle est fausse" in e.value for e in app.error)
    form_inputs = {t.label: t for t in app.text_input}
    form_inputs["SIREN (facultatif)"].input("130 005 481")
    app.button[[b.label for b in app.button].index("Enregistrer la fiche")].click().run()
    assert any("Fiche « CCI du Cantal » enregistrée" in s.value for s in app.success)


def test_near_duplicate_records_are_merged_from_the_screen(db: Path | str) -> None:
    release_store()
    store = Store.open(str(db))
    partner_store.create_partners(store, [Partner("Chambre d'agriculture du Cantal"),
                                          Partner("Chambre d'agricuture Cantal")])
    store.close()
    app = run()
    app.radio(key="partenaires_rubrique").set_value("Noms saisis et doublons").run()
    assert any("Doublons probables : 1" in m.value for m in app.markdown)
    merge = [b for b in app.button if str(b.key).startswith("fusion_")]
    merge[0].click().run()
    assert any("fusionné dans" in s.value for s in app.success)
    assert any("Doublons probables : 0" in m.value for m in app.markdown)


def test_a_partner_account_sees_only_its_organisation_and_its_veille_file(
        db: Path | str) -> None:
    app = run()
    app.radio(key="partenaires_rubrique").set_value("Noms saisis et doublons").run()
    app.button(key="creer_fiches").click().run()
    partner = Principal(login="cci", role=Role.PARTENAIRE, organisation="CCI Cantal",
                        display_name="CCI")
    app = run(partner)
    assert any("Ce que CCI du Cantal a fourni" in s.value for s in app.subheader)
    assert not [r for r in app.radio if r.key == "partenaires_rubrique"]
    assert len(app.dataframe[0].value) == 1
    assert app.dataframe[0].value.iloc[0]["Partenaire"] == "CCI du Cantal"
    assert app.get("download_button"), "no veille file offered"
    assert not [b for b in app.button if str(b.key) == "creer_fiches"]


def test_an_elected_official_sees_the_dashboards_counts_not_records_nor_veille(
        db: Path | str) -> None:
    app = run()
    app.radio(key="partenaires_rubrique").set_value("Noms saisis et doublons").run()
    app.button(key="creer_fiches").click().run()
    elected = Principal(login="maire", role=Role.ELU, display_name="Maire")
    app = run(elected)
    assert app.radio(key="partenaires_rubrique").options == ["Tableau de bord"]
    board = app.dataframe[0].value
    assert list(board.columns)[:3] == ["Partenaire", "Type", "Éléments fournis"]
    assert not app.get("download_button") or all(
        "veille" not in str(d.proto.label).lower() for d in app.get("download_button"))
    assert not any("Intitulé" in d.value.columns for d in app.dataframe)


def test_the_dashboard_lists_every_item_to_recheck_with_the_partner_to_ask(
        db: Path | str) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    caption = next(c.value for c in app.caption if "non vérifiés depuis plus de" in c.value)
    total = int(caption.split(" : ")[1].split(" ")[0])
    assert total > 10  # the demo has more than ten: all of them are in the table
    table = next(d.value for d in app.dataframe
                 if "Partenaire à interroger" in d.value.columns)
    assert len(table) == total
    assert (table["Partenaire à interroger"] != "—").sum() > 0


def test_the_amenities_page_confirms_a_communes_profile_with_its_partner(
        db: Path | str) -> None:
    release_store()
    store = Store.open(str(db))
    partner_store.create_partners(store, [Partner("Mairie")])
    store.close()
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page("pages/amenites.py")
    app.run()
    assert any("aucun partenaire indiqué" in c.value for c in app.caption)
    supplier = next(s for s in app.selectbox if s.label == "Fournies par")
    supplier.select_index(1).run()
    app.button(key="a_confirmer").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Provenance : Mairie, confirmée le" in c.value for c in app.caption)


def test_the_qualifier_shows_who_supplied_the_offer_and_when_it_was_confirmed(
        db: Path | str) -> None:
    app = run()
    app.radio(key="partenaires_rubrique").set_value("Noms saisis et doublons").run()
    app.button(key="creer_fiches").click().run()
    app.query_params["offre"] = "17"
    app.switch_page("pages/qualifier.py")
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    evidence = next(m.value for m in app.markdown if m.value.startswith("- Activité — fourni"))
    assert evidence.startswith("- Activité — fourni par **Mairie**, confirmé le ")
    assert "Aménités — fourni par **non renseigné**, jamais confirmé" in evidence
