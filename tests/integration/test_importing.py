"""The import as the page drives it, on a real store: draft, mapping, preview, commit, undo."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pytest

from accueil.io.tabular import ReadLimits
from accueil.services import importing
from accueil.store import imports
from accueil.store import offers as repo
from accueil.store.dashboard import store_summary
from accueil.store.db import Store
from accueil.store.imports import Template
from tests.builders import ADMIN, qualified_offer
from tests.unit.io import messy

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 14, 3)

OFFERS_CSV = (
    "Offres repérées par la CCI;;;;;\r\n"
    "Titre;Code INSEE;Commune;Type;CA HT (€);Prix de cession\r\n"
    "Boulangerie du bourg;15187;Saint-Flour;Reprise;320 000,50;180 k€\r\n"
    "Garage de la place;;Aurillac;Reprise;abc;\r\n"
    "Épicerie;63300;Riom;Création;;\r\n"
    "Menuiserie;;Commune-qui-n-existe-pas;Reprise;;\r\n"
)
ITEMS_CSV = (
    "Type de bien;Description;Commune;CP;Surface;Loyer;Disponible le\r\n"
    "Maison;Maison de bourg T4;Beaulieu;15270;95 m²;550 €;01/03/2027\r\n"
    "Local commercial;Ancienne boucherie;Riom;63200;120;1 200,00;immédiatement\r\n"
    "Terrain;Parcelle constructible;Aurillac;;2,5 ha;;\r\n"
)


def draft_of(text: str, target: importing.Target = "offers", name: str = "offres.csv",
             encoding: str = "cp1252") -> importing.ImportDraft:
    return importing.ImportDraft(name, text.encode(encoding), target)


def preview_of(store: Store, draft: importing.ImportDraft,
               defaults: dict[str, str] | None = None) -> importing.Preview:
    table = draft.read().table
    assert table is not None
    mapping = importing.initial_mapping(draft.target, list(table.frame.columns))
    return draft.preview(store, table, mapping, defaults, today=TODAY)


# --- Reading -------------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "name", "expected"), [
    (b"%PDF-1.7 fake", "offres.csv", "est un document PDF, pas un tableau"),
    (messy.text_posing_as_xlsx(), "offres.xlsx", "ne contient pas un classeur"),
    (messy.zip_bomb(40), "offres.xlsx", "se décompresse en 40,0 Mo"),
    (messy.word_document(), "offres.xlsx", "est un document Word, pas un classeur"),
    (b"", "vide.csv", "est vide"),
])
def test_a_file_that_is_no_table_is_refused_with_a_french_message(
        data: bytes, name: str, expected: str) -> None:
    outcome = importing.ImportDraft(name, data, "offers").read()
    assert outcome.table is None
    assert expected in outcome.error
    assert f"« {name} »" in outcome.error


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    draft = importing.ImportDraft("gros.csv", b"Titre;Commune\r\n" + b"x;y\r\n" * 1000,
                                  "offers", ReadLimits(max_bytes=1024))
    outcome = draft.read()
    assert outcome.table is None
    assert "au plus sont acceptés" in outcome.error


def test_a_workbook_is_read_on_its_first_sheet_then_on_the_one_chosen() -> None:
    draft = importing.ImportDraft("classeur.xlsx", messy.two_sheet_workbook(), "offers")
    first = draft.read().table
    assert first is not None
    assert (first.sheets, first.sheet) == (("Offres 2026", "Notes"), "Offres 2026")
    notes = draft.read("Notes").table
    assert notes is not None
    assert list(notes.frame.columns) == ["Partenaire", "Contact"]
    assert "feuille « Notes »" in importing.describe_table(notes)


def test_the_description_of_a_csv_says_how_it_was_read() -> None:
    table = draft_of(OFFERS_CSV).read().table
    assert table is not None
    assert importing.describe_table(table) == (
        "« offres.csv » : CSV (texte), encodage Windows-1252, séparateur « ; », en-tête "
        "ligne 2, 4 lignes de données, 6 colonnes.")


def test_the_draft_of_a_session_is_kept_while_the_file_is_the_same() -> None:
    state: dict[str, Any] = {}
    first = importing.current_draft(state, "a.csv", b"Titre\r\nx\r\n", "offers")
    assert importing.current_draft(state, "a.csv", b"Titre\r\nx\r\n", "offers") is first
    assert importing.current_draft(state, "a.csv", b"Titre\r\ny\r\n", "offers") is not first
    assert importing.current_draft(state, "a.csv", b"Titre\r\ny\r\n", "receptivity").target == (
        "receptivity")
    importing.forget_draft(state)
    assert state == {}


@pytest.mark.parametrize(("size", "rows", "expected"), [
    (1_000, 10, False), (1_000, importing.PROGRESS_ROWS + 1, True),
    (importing.PROGRESS_BYTES + 1, 10, True)])
def test_a_progress_bar_is_wanted_for_long_files_only(size: int, rows: int,
                                                      expected: bool) -> None:
    draft = importing.ImportDraft("f.csv", b"x" * size, "offers")
    text = "Titre\r\n" + "x\r\n" * rows
    table = importing.ImportDraft("f.csv", text.encode(), "offers",
                                  ReadLimits(max_rows=10**6)).read().table
    assert importing.wants_progress(draft, table) is expected


# --- Mapping -------------------------------------------------------------------------------


def test_the_mapping_is_guessed_from_the_headers() -> None:
    mapping = importing.initial_mapping(
        "offers", ["Titre", "Code INSEE", "Commune", "Type", "CA HT (€)", "Prix de cession"])
    assert mapping == {"Titre": "title", "Code INSEE": "commune_insee",
                       "Commune": "commune_name", "Type": "activity_kind",
                       "CA HT (€)": "turnover", "Prix de cession": "asking_price"}


def test_a_template_overrides_the_guess_and_no_field_gets_two_columns() -> None:
    template = Template("offers", "CCI", {"Enseigne": "title", "Titre": None,
                                          "Absente du fichier": "need"})
    mapping = importing.initial_mapping("offers", ["Titre", "Enseigne", "Commune"], template)
    assert mapping == {"Titre": None, "Enseigne": "title", "Commune": "commune_name"}


@pytest.mark.parametrize(("headers", "expected"), [
    (["Enseigne", "Ville", "CA"], "CCI"),
    (["Enseigne", "Ville", "Autre"], "CCI"),
    (["Surface", "Loyer"], None),
])
def test_the_best_template_is_the_one_whose_columns_the_file_has(headers: list[str],
                                                                 expected: str | None) -> None:
    templates = [Template("offers", "CCI", {"Enseigne": "title", "Ville": "commune_name",
                                            "CA": "turnover"}),
                 Template("offers", "CMA", {"Raison sociale": "title", "Ville": "commune_name"})]
    best = importing.best_template(templates, headers)
    assert (best.name if best else None) == expected


def test_every_column_gets_examples_and_its_letter() -> None:
    table = draft_of(OFFERS_CSV).read().table
    assert table is not None
    samples = importing.column_samples(table)
    assert samples["Titre"] == ("Colonne A. Exemples : « Boulangerie du bourg » ; « Garage de la "
                                "place » ; « Épicerie »")


def test_field_labels_tell_group_and_required_fields() -> None:
    assert importing.field_label("offers", "activity_kind") == "Offre · Type d'offre *"
    assert importing.field_label("offers", "asking_price") == "Reprise · Prix demandé (€)"
    assert importing.field_label("offers", None) == "— ne pas importer —"
    assert importing.field_options("receptivity")[:2] == [None, "kind"]


# --- Preview -------------------------------------------------------------------------------


def test_the_preview_counts_valid_and_refused_rows_and_says_why(store: Store) -> None:
    preview = preview_of(store, draft_of(OFFERS_CSV))
    assert importing.summary(preview) == {"Lignes lues": "4", "Valides": "2", "Refusées": "2",
                                          "Doublons probables": "0"}
    errors = importing.errors_table(preview)
    assert errors["Ligne"].tolist() == [4, 6]
    assert errors["Colonne"].tolist() == ["CA HT (€)", "Commune"]
    assert errors["Valeur"].tolist() == ["abc", "Commune-qui-n-existe-pas"]
    assert "n'est pas un montant" in errors["Problème"].iloc[0]
    assert importing.errors_message(preview).startswith("2 lignes contiennent des erreurs")


def test_the_error_report_is_a_csv_excel_opens(store: Store) -> None:
    draft = draft_of(OFFERS_CSV)
    report = importing.error_report(draft, preview_of(store, draft))
    assert report.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(report.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Fichier", "Ligne", "Colonne", "Valeur", "Gravité", "Problème"]
    assert rows[1][:5] == ["offres.csv", "4", "CA HT (€)", "abc", "Erreur"]
    assert importing.error_report_name(draft) == "erreurs-offres.csv"


def test_the_sample_shows_valid_rows_in_french_formats(store: Store) -> None:
    sample = importing.sample_table(preview_of(store, draft_of(OFFERS_CSV)))
    first = sample.iloc[0].to_dict()
    assert first["Ligne"] == 3
    assert first["Titre"] == "Boulangerie du bourg"
    assert first["Commune"] == "Saint-Flour"
    assert first["Type d'offre"] == "Reprise d'entreprise"
    assert first["Chiffre d'affaires (€ HT par an)"] == "320\u00a0000\u00a0€"
    assert first["Prix demandé (€)"] == "180\u00a0000\u00a0€"
    assert "Code NAF" not in sample.columns  # not in the file: not shown


def test_a_mapping_without_a_required_field_blocks_the_import(store: Store) -> None:
    draft = draft_of(OFFERS_CSV)
    table = draft.read().table
    assert table is not None
    preview = draft.preview(store, table, {"Titre": "title", "Commune": "commune_name"},
                            today=TODAY)
    assert preview.blocked
    assert any("Type d'offre" in problem for problem in preview.validation.problems)
    result = importing.commit(store, draft, preview, by=ADMIN)
    assert not result.done
    assert "Rien n'a été enregistré" in result.message


def test_a_default_kind_fills_the_rows_of_a_file_without_one(store: Store) -> None:
    text = "Enseigne;Commune\r\nBoulangerie;Saint-Flour\r\nGarage;Aurillac\r\n"
    preview = preview_of(store, draft_of(text), {"activity_kind": "reprise"})
    assert preview.valid_rows == 2
    assert set(preview.validation.clean["activity_kind"]) == {"reprise"}


def test_the_preview_is_computed_once_per_mapping(store: Store) -> None:
    draft = draft_of(OFFERS_CSV)
    assert preview_of(store, draft) is preview_of(store, draft)


def test_items_are_previewed_with_their_own_fields(store: Store) -> None:
    preview = preview_of(store, draft_of(ITEMS_CSV, "receptivity", "logements.csv"))
    assert preview.valid_rows == 3
    sample = importing.sample_table(preview)
    assert sample["Type de bien"].tolist() == ["Logement", "Local professionnel", "Foncier"]
    assert sample["Surface (m²)"].tolist() == ["95\u00a0m²", "120\u00a0m²", "25\u00a0000\u00a0m²"]
    assert sample["Disponible le"].tolist()[0] == "01/03/2027"


# --- Commit, duplicates, the same file again -----------------------------------------------


def test_committing_writes_the_valid_rows_as_one_batch_and_remembers_the_mapping(
        store: Store) -> None:
    draft = draft_of(OFFERS_CSV)
    preview = preview_of(store, draft)
    result = importing.commit(store, draft, preview, source="  CCI   Cantal ", remember=True,
                              now=NOW, by=ADMIN)
    assert result.done
    assert result.message == (
        "2 offres importées depuis « offres.csv » (import n° 1). Association des colonnes "
        "mémorisée pour « CCI Cantal ».")
    assert sorted(repo.list_offers(store, repo.OfferQuery())["title"]) == [
        "Boulangerie du bourg", "Épicerie"]
    [batch] = importing.history(store)
    assert (batch.source, batch.total_rows, batch.invalid_rows, batch.sha256) == (
        "CCI Cantal", 4, 2, draft.sha256)
    [template] = importing.saved_templates(store, "offers")
    assert template.mapping == preview.mapping


def test_the_same_file_again_is_announced_and_its_rows_found_as_duplicates(
        store: Store) -> None:
    importing.commit(store, draft_of(OFFERS_CSV), preview_of(store, draft_of(OFFERS_CSV)),
                     source="CCI", now=NOW, by=ADMIN)
    again = preview_of(store, draft_of(OFFERS_CSV))
    assert importing.previous_imports_message(again) == (
        "Ce fichier a déjà été importé le 26/11/2026 à 14:03 (import n° 1, 2 offres, source "
        "« CCI »). L'importer de nouveau créerait ces lignes en double : annulez plutôt "
        "l'ancien import si vous voulez le remplacer.")
    assert importing.duplicates_table(again)["Ligne"].tolist() == [3, 5]
    assert importing.rows_to_skip(again) == [3, 5]
    assert importing.rows_to_skip(again, [5]) == [3]
    assert importing.rows_to_skip(again, all_anyway=True) == []
    assert importing.duplicate_labels(again) == {3: "Ligne 3 : Boulangerie du bourg",
                                                 5: "Ligne 5 : Épicerie"}
    assert importing.import_button_label(importing.rows_to_import(again, [3, 5])) == (
        "Aucune ligne à importer")
    assert importing.import_button_label(importing.rows_to_import(again, [3])) == (
        "Importer la ligne valide")


def test_a_line_pasted_twice_in_a_file_is_set_aside_once_and_said_so(store: Store) -> None:
    lines = OFFERS_CSV.splitlines()
    twice = "\r\n".join([*lines, lines[2]]) + "\r\n"  # the bakery (row 3) again, row 7
    preview = preview_of(store, draft_of(twice))
    last = 7
    table = importing.duplicates_table(preview)
    assert table["Ligne"].tolist() == [last]
    assert table["Ressemble à"].tolist() == ["Boulangerie du bourg (ligne 3 de ce fichier)"]
    assert table["N°"].tolist() == [""]
    assert importing.duplicates_message(preview).startswith(
        "1 ligne ressemble à une offre déjà enregistrée (même type, même commune, intitulé "
        "proche) ou répète une ligne plus haut dans ce fichier. Par défaut elle est laissée")
    assert importing.rows_to_skip(preview) == [last]


def test_a_housing_listed_twice_in_a_file_is_set_aside_once(store: Store) -> None:
    lines = ITEMS_CSV.splitlines()
    twice = "\r\n".join([*lines, lines[1]]) + "\r\n"  # the Beaulieu house again, row 5
    preview = preview_of(store, draft_of(twice, "receptivity", "logements.csv"))
    table = importing.duplicates_table(preview)
    assert table["Ligne"].tolist() == [5]
    assert table["Bien du fichier"].tolist() == ["Maison de bourg T4"]
    assert table["Ressemble à"].tolist() == ["Maison de bourg T4 (ligne 2 de ce fichier)"]
    assert importing.duplicates_message(preview).startswith("1 ligne ressemble à un bien déjà "
                                                            "enregistré")


def test_a_stored_look_alike_comes_before_an_earlier_row_of_the_file(store: Store) -> None:
    importing.commit(store, draft_of(OFFERS_CSV), preview_of(store, draft_of(OFFERS_CSV)),
                     source="CCI", now=NOW, by=ADMIN)
    lines = OFFERS_CSV.splitlines()
    twice = "\r\n".join([*lines, lines[2]]) + "\r\n"
    table = importing.duplicates_table(preview_of(store, draft_of(twice)))
    assert table["Ligne"].tolist() == [3, 5, 7]
    assert table["Ressemble à"].tolist() == ["Boulangerie du bourg", "Épicerie",
                                             "Boulangerie du bourg"]
    assert table["N°"].tolist() == ["1", "2", "1"]  # the stored offer, not row 3


def test_an_undone_import_is_no_longer_announced_as_imported(store: Store) -> None:
    result = importing.commit(store, draft_of(OFFERS_CSV),
                              preview_of(store, draft_of(OFFERS_CSV)), by=ADMIN)
    assert result.batch_id is not None
    [batch] = importing.history(store)
    assert importing.undo(store, batch, by=ADMIN).done
    again = preview_of(store, draft_of(OFFERS_CSV))
    assert importing.previous_imports_message(again) == ""
    assert again.duplicates.empty


def test_skipped_duplicates_are_left_out_and_counted(store: Store) -> None:
    repo.save_offer(store, qualified_offer(title="Boulangerie du bourg"))
    draft = draft_of(OFFERS_CSV)
    preview = preview_of(store, draft)
    skip = importing.rows_to_skip(preview)
    assert skip == [3]
    result = importing.commit(store, draft, preview, skip_rows=skip, by=ADMIN)
    assert (result.imported, result.skipped) == (1, 1)
    assert result.message.endswith("1 doublon probable laissé de côté.")
    assert store_summary(store).offers == 2


def test_a_store_failure_during_the_commit_is_told_in_french_and_writes_nothing(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> int:
        raise OSError("No space left on device")

    monkeypatch.setattr(imports, "import_offers", broken)
    draft = draft_of(OFFERS_CSV)
    result = importing.commit(store, draft, preview_of(store, draft), by=ADMIN)
    assert not result.done
    assert "a échoué" in result.message
    assert "Rien n'a été enregistré" in result.message
    assert store_summary(store).offers == 0


def test_items_are_committed_and_named_as_items(store: Store) -> None:
    draft = draft_of(ITEMS_CSV, "receptivity", "logements.csv")
    result = importing.commit(store, draft, preview_of(store, draft), by=ADMIN)
    assert result.message == "3 biens importés depuis « logements.csv » (import n° 1)."
    assert store_summary(store).items == 3


# --- History and undo ----------------------------------------------------------------------


def test_the_history_lists_imports_in_french(store: Store) -> None:
    draft = draft_of(OFFERS_CSV)
    importing.commit(store, draft, preview_of(store, draft), source="CCI", now=NOW, by=ADMIN)
    table = importing.history_table(importing.history(store))
    assert table.iloc[0].to_dict() == {
        "N°": 1, "Importé le": "26/11/2026 à 14:03", "Fichier": "offres.csv",
        "Contenu": "Offres", "Source": "CCI", "Importées": "2", "Refusées": "2",
        "Doublons écartés": "0", "État": "En place"}


def test_undoing_an_edited_import_warns_first_then_removes_it(store: Store) -> None:
    draft = draft_of(OFFERS_CSV)
    importing.commit(store, draft, preview_of(store, draft), now=NOW, by=ADMIN)
    [batch] = importing.history(store)
    assert importing.undo_warning(batch) == (
        ("L'import n° 1 (« offres.csv », 26/11/2026 à 14:03) sera annulé : 2 offres supprimées "
         "définitivement. Les autres données ne sont pas touchées."), "")
    offer = repo.load_offers(store)[0]
    repo.save_offer(store, replace(offer, title="Boulangerie du bourg (vue sur place)"))
    stale = batch  # the page was drawn before the edit
    refused = importing.undo(store, stale, by=ADMIN)
    assert not refused.done
    assert "modifiées entre-temps" in refused.message
    [batch] = importing.history(store)
    assert importing.batch_state(batch) == "En place (1 offre modifiée depuis)"
    assert importing.undo_warning(batch)[1] == (
        "Attention : 1 offre a été modifiée depuis l'import : ces modifications seront perdues.")
    done = importing.undo(store, batch, by=ADMIN)
    assert (done.done, done.message) == (True, "Import n° 1 annulé : 2 offres supprimées.")
    assert store_summary(store).offers == 0
    assert importing.batch_state(importing.history(store)[0]).startswith("Annulé le ")
    assert importing.undoable(importing.history(store)) == []
    assert importing.undo(store, batch, by=ADMIN).message == "L'import n° 1 avait déjà été annulé."


@pytest.mark.parametrize("target", importing.TARGETS)
def test_the_template_workbook_reads_back_with_every_field_recognised(
        target: importing.Target) -> None:
    data = importing.template_file(target)
    table = importing.ImportDraft(importing.template_file_name(target), data, target).read().table
    assert table is not None
    mapping = importing.initial_mapping(target, list(table.frame.columns))
    assert sorted(key for key in mapping.values() if key is not None) == sorted(
        item.key for item in importing.fields_of(target))


def test_a_draft_keeps_only_its_last_few_previews(store: Store) -> None:
    draft = draft_of(OFFERS_CSV)
    table = draft.read().table
    assert table is not None
    mapping = importing.initial_mapping("offers", list(table.frame.columns))
    first = draft.preview(store, table, mapping, today=TODAY)
    for kind in ("reprise", "creation", "emploi"):
        draft.preview(store, table, mapping, {"activity_kind": kind}, today=TODAY)
    assert draft.preview(store, table, mapping, today=TODAY) is not first
    assert len(draft._previews) == importing.KEPT_PREVIEWS


def test_the_first_sheet_read_by_default_is_not_read_again_by_name() -> None:
    draft = importing.ImportDraft("classeur.xlsx", messy.two_sheet_workbook(), "offers")
    assert draft.read() is draft.read("Offres 2026")


def test_a_few_errors_are_spelled_out_in_full_and_many_left_to_the_table(store: Store) -> None:
    preview = preview_of(store, draft_of(OFFERS_CSV))
    sentences = importing.errors_as_sentences(preview)
    assert sentences[0].startswith("ligne 4, colonne « CA HT (€) » : « abc » n'est pas un "
                                   "montant")
    assert len(sentences) == 2
    assert importing.errors_as_sentences(preview, most=1) == []


def test_a_guess_never_picks_a_field_that_most_of_the_column_fails() -> None:
    draft = draft_of("Titre;Commune;Type;Contrats;CA\r\n"
                     "Serveur;Riom;Emploi;Jean Dupont;1e309\r\n"
                     "Cuisinier;Riom;Emploi;06 12 34 56 78;abc\r\n")
    table = draft.read().table
    assert table is not None
    headers = list(table.frame.columns)
    assert importing.initial_mapping("offers", headers)["Contrats"] == "contract"  # by letters
    guess = draft.guess(table)
    assert guess["Contrats"] != "contract"  # the cells say otherwise
    assert guess["CA"] == "turnover"  # named exactly, no other field fits: rows will say why
    assert draft.guess(table) is not draft.guess(table)  # a copy of the one guess kept


def test_the_same_file_imported_into_the_other_target_is_announced(store: Store) -> None:
    importing.commit(store, draft_of(ITEMS_CSV, "receptivity"),
                     preview_of(store, draft_of(ITEMS_CSV, "receptivity")), now=NOW, by=ADMIN)
    again = preview_of(store, draft_of(ITEMS_CSV, "offers"))
    assert importing.previous_imports_message(again).startswith(
        "Ce fichier a déjà été importé le 26/11/2026 à 14:03 (import n° 1, 3 biens parmi les "
        "logements, fonciers et locaux)")


def test_rows_sharing_a_composed_title_are_not_taken_for_repeats(store: Store) -> None:
    rows = "".join(f"Saint-Flour;Reprise;Boulangerie;{100_000 + i}\r\n" for i in range(50))
    again = "Saint-Flour;Reprise;Boulangerie;100000\r\n"  # row 2, pasted again at the end
    preview = preview_of(store, draft_of("Commune;Type;Activité;CA\r\n" + rows + again))
    assert preview.valid_rows == 51
    assert importing.duplicates_table(preview)["Ligne"].tolist() == [52]


def test_a_mixed_list_routes_each_row_to_its_pillar_in_one_undoable_import(
        store: Store) -> None:
    text = ("Titre;Commune;Type;Surface\r\n"
            "Boulangerie du bourg;Saint-Flour;Reprise;\r\n"
            "Maison T4 avec jardin;Riom;Logement;95 m²\r\n"
            "Parcelle;Aurillac;Terrain;2,5 ha\r\n"
            "Infirmier;Aurillac;Emploi;\r\n")
    draft = draft_of(text)
    preview = preview_of(store, draft)
    assert preview.items is not None
    assert (len(preview.validation.clean), len(preview.items.clean)) == (2, 2)
    assert preview.items.clean["surface_m2"].tolist() == [95.0, 25_000.0]
    result = importing.commit(store, draft, preview, now=NOW, by=ADMIN)
    assert result.done
    assert result.imported == 4
    assert "2 offres importées et 2 biens importés" in result.message
    [batch] = importing.history(store)
    assert batch.remaining == 4
    assert importing.undo(store, batch, by=ADMIN).done
    assert importing.history(store)[0].remaining == 0
