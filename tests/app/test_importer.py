"""The *Importer* page under AppTest: upload, check, import, the same file again, undo."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from streamlit.testing.v1 import AppTest

from accueil.services import amenites
from accueil.store import amenities as amenity_store
from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.ui.resources import release_store
from tests.builders import ADMIN
from tests.unit.io import messy

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/importer.py"
CSV = (
    "Titre;Code INSEE;Commune;Type;CA HT (€);Prix de cession\r\n"
    "Boulangerie du Puy Mary;15187;Saint-Flour;Reprise;320 000,50;180 k€\r\n"
    "Garage de la place;;Aurillac;Reprise;abc;\r\n"
    "Épicerie du Lioran;63300;Riom;Création;;\r\n"
).encode("cp1252")


def open_page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def upload(app: AppTest, name: str, data: bytes) -> AppTest:
    app.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def stored_titles(path: Path) -> list[str]:
    release_store()  # the app's connection holds the file's lock
    store = Store.open(path)
    titles = sorted(repo.list_offers(store, repo.OfferQuery(limit=None))["title"])
    store.close()
    return titles


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_the_page_offers_the_template_and_an_uploader_before_any_file(db: Path) -> None:
    app = open_page()
    assert app.title[0].value == "Importer"
    assert [b.label for b in app.get("download_button")] == ["Modèle à remplir (.xlsx)"]
    assert app.file_uploader[0].label == "Fichier à importer"
    assert any(c.value == "Aucun import pour l'instant." for c in app.caption)


def test_a_french_csv_is_checked_then_its_valid_rows_imported(db: Path) -> None:
    app = upload(open_page(), "offres.csv", CSV)
    assert metrics(app) == {"Lignes lues": "3", "Valides": "2", "Refusées": "1",
                            "Doublons probables": "0"}
    mapped = {s.label: s.value for s in app.selectbox if s.key and s.key.startswith("map_")}
    assert mapped["CA HT (€)"] == "turnover"
    assert any("1 ligne contient des erreurs" in w.value for w in app.warning)
    assert app.button(key="importer").label == "Importer les 2 lignes valides"
    app.text_input[0].input("CCI du Cantal")
    app.button(key="importer").click().run()
    assert not app.exception
    assert app.success[0].value == (
        "2 offres importées depuis « offres.csv » (import n° 1). Association des colonnes "
        "mémorisée pour « CCI du Cantal ».")
    assert [link.proto.label for link in app.get("page_link")] == ["Voir la liste des offres"]
    assert app.file_uploader[0].value is None  # a fresh uploader for the next file
    history = app.dataframe[-1].value
    assert history.iloc[0]["Source"] == "CCI du Cantal"
    titles = stored_titles(db)
    assert "Boulangerie du Puy Mary" in titles
    assert "Épicerie du Lioran" in titles
    assert "Garage de la place" not in titles


def test_a_file_that_is_not_a_spreadsheet_gets_a_french_refusal(db: Path) -> None:
    app = upload(open_page(), "offres.xlsx", b"%PDF-1.7 not a workbook")
    assert [e.value for e in app.error] == [
        ("Le fichier « offres.xlsx » est un document PDF, pas un tableau : attendu un tableur "
         "enregistré en .xlsx, .ods, .xls ou .csv.")]
    assert not app.metric


def test_a_workbook_of_two_sheets_lets_the_user_pick_one(db: Path) -> None:
    app = upload(open_page(), "classeur.xlsx", messy.two_sheet_workbook())
    sheet = next(s for s in app.selectbox if s.label == "Feuille à importer")
    assert sheet.options == ["Offres 2026", "Notes"]
    sheet.select("Notes").run()
    assert not app.exception
    assert any("Type d'offre" in e.value for e in app.error)  # no kind column in "Notes"
    assert any("feuille « Notes »" in c.value for c in app.caption)


def test_the_same_file_again_is_announced_and_imports_nothing_unless_asked(db: Path) -> None:
    app = upload(open_page(), "offres.csv", CSV)
    app.button(key="importer").click().run()
    app = upload(app, "offres.csv", CSV)
    assert metrics(app)["Doublons probables"] == "2"
    assert any(w.value.startswith("Ce fichier a déjà été importé le ") for w in app.warning)
    button = app.button(key="importer")
    assert (button.label, button.disabled) == ("Aucune ligne à importer", True)
    next(c for c in app.checkbox if c.label.startswith("Importer quand même ce fichier")
         ).check().run()
    next(c for c in app.checkbox if c.label.startswith("Importer quand même tous")).check().run()
    button = app.button(key="importer")
    assert (button.label, button.disabled) == ("Importer les 2 lignes valides", False)


def test_undoing_an_import_asks_first_and_warns_of_edits(db: Path) -> None:
    app = upload(open_page(), "offres.csv", CSV)
    app.button(key="importer").click().run()
    release_store()
    store = Store.open(db)
    offer = next(o for o in repo.load_offers(store) if o.title == "Épicerie du Lioran")
    repo.save_offer(store, replace(offer, title="Épicerie du Lioran et dépôt de pain"))
    store.close()
    app = open_page()
    assert any("1 offre a été modifiée depuis l'import" in w.value for w in app.warning)
    app.button(key="confirmer_annulation").click().run()
    assert not app.exception
    assert app.success[0].value == "Import n° 1 annulé : 2 offres supprimées."
    titles = stored_titles(db)
    assert not any(t.startswith(("Épicerie du Lioran", "Boulangerie du Puy")) for t in titles)
    assert len(titles) == 44  # the demo territory is untouched


def test_a_bpe_file_imported_on_the_amenities_page_is_listed_here_and_undone(db: Path) -> None:
    bpe = (b"REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP\n"
           b"84;15;15187;15187_0000;2024;D265;4\n")
    open_page()  # installs the demo, whose counts the BPE file replaces
    release_store()
    store = Store.open(db)
    before = amenity_store.load_profile(store, "15187").counts  # the demo's
    amenites.import_bpe(store, amenites.preview_bpe(bpe, "bpe24.csv"), by=ADMIN)
    assert amenity_store.load_profile(store, "15187").counts != before
    store.close()
    app = open_page()
    history = app.dataframe[-1].value
    assert list(history["Contenu"]) == ["Aménités (BPE)"]
    assert list(history["Importées"]) == ["8"]
    assert any("8 nombres de services retirés" in m.value for m in app.markdown)
    app.button(key="confirmer_annulation").click().run()
    assert not app.exception
    assert app.success[0].value == "Import n° 1 annulé : 8 nombres de services supprimés."
    release_store()
    store = Store.open(db)
    assert amenity_store.load_profile(store, "15187").counts == before  # put back as it was
    store.close()


def test_a_list_of_housing_and_premises_is_imported_as_receptivity_items(db: Path) -> None:
    app = open_page()
    app.radio(key="import_target").set_value("receptivity").run()
    items = ("Type de bien;Description;Commune;CP;Surface;Loyer\r\n"
             "Maison;Maison de bourg T4;Beaulieu;15270;95 m²;550 €\r\n"
             "Local commercial;Ancienne boucherie;Riom;63200;120;1 200,00\r\n").encode("cp1252")
    app = upload(app, "logements.csv", items)
    assert metrics(app)["Valides"] == "2"
    app.button(key="importer").click().run()
    assert not app.exception
    assert app.success[0].value == "2 biens importés depuis « logements.csv » (import n° 1)."
    assert not app.get("page_link")  # no list of offers to go and see
    release_store()
    store = Store.open(db)
    with store.reading() as cur:
        found = cur.all("SELECT kind, commune_insee FROM receptivity_items "
                            "WHERE NOT is_demo ORDER BY id")
    store.close()
    assert found == [("logement", "15020"), ("local", "63300")]
