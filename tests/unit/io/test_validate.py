"""Rows checked into offers and réceptivité items, the error report and the template."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]

from accueil.domain.offers import ActivityKind, Confidentiality, OfferStatus, validate_offer
from accueil.domain.pillars import assess
from accueil.io.communes import CommuneResolver
from accueil.io.fields import OFFER_FIELDS, RECEPTIVITY_FIELDS, suggest_mapping
from accueil.io.tabular import read_table
from accueil.io.validate import (
    OFFER_COLUMNS,
    RowError,
    RowNote,
    ValidationResult,
    error_report_csv,
    template_xlsx,
    validate_rows,
)
from tests.unit.io import messy

TODAY = date(2026, 11, 26)


def check_csv(text: str, resolver: CommuneResolver, *, target: str = "offers",
              defaults: dict[str, object] | None = None) -> ValidationResult:
    """Read ``text`` as an uploaded CSV, map its headers by guess, and validate it."""
    table = read_table(text.encode("cp1252"), "offres.csv")
    fields = OFFER_FIELDS if target == "offers" else RECEPTIVITY_FIELDS
    mapping = suggest_mapping(table.frame.columns, fields)
    return validate_rows(table.frame, mapping, resolver, target=target,  # type: ignore[arg-type]
                         defaults=defaults, today=TODAY)


def errors_by_row(result: ValidationResult) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in result.errors:
        found.setdefault(error.row, []).append(error.message)
    return found


def test_a_clean_file_becomes_offers_with_typed_values(resolver: CommuneResolver) -> None:
    result = check_csv(messy.CP1252_CSV.replace("Vérifié le", "Type;Vérifié le")
                       .replace(";26/11/2025", ";Reprise;26/11/2025")
                       .replace(";01/10/2025", ";cession;01/10/2025")
                       .replace(";0;", ";0;Reprise;"), resolver)
    assert result.errors == []
    assert list(result.clean.index) == [2, 3, 4]
    assert list(result.clean.columns) == list(OFFER_COLUMNS)
    first = result.clean.loc[2]
    assert first["turnover"] == 320000.5
    assert first["asking_price"] == 180000.0
    assert first["headcount"] == 3
    assert first["verified_on"] == date(2025, 11, 26)
    assert result.clean.loc[3, "commune_insee"] == "15187"
    assert result.clean.loc[3, "asking_price"] == 45000.0
    assert result.clean.loc[4, "turnover"] == 1234567.89
    assert result.clean.loc[4, "verified_on"] is None
    assert str(result.clean["turnover"].dtype) == "Float64"
    assert str(result.clean["headcount"].dtype) == "Float64"  # ETP: 2,5 is a headcount
    offers = result.offers()
    assert offers[0].title == "Boulangerie-pâtisserie"
    assert offers[0].activity is not None
    assert offers[0].activity.kind is ActivityKind.REPRISE
    assert offers[0].status is OfferStatus.VEILLE
    assert offers[0].confidentiality is Confidentiality.PUBLIQUE
    assert isinstance(offers[0].activity.turnover, float)


def test_a_bad_cell_rejects_its_whole_row_and_says_where_what_and_what_is_expected(
        resolver: CommuneResolver) -> None:
    result = check_csv(
        "Liste des reprises\r\n\r\n"
        "Titre;Commune;Type;CA;Effectif\r\n"
        "Café;Riom;Reprise;12,3,4;2\r\n"
        "Garage;Riom;Reprise;95 000;2,5\r\n"
        "Épicerie;Riom;Reprise;80 000;1\r\n", resolver)
    assert list(result.clean.index) == [5, 6]
    assert result.clean.loc[5, "headcount"] == 2.5  # an ETP
    assert result.invalid_rows == 1
    assert result.errors == [
        RowError(4, "CA", "12,3,4", "« 12,3,4 » n'est pas un montant : attendu un montant en "
                 "euros, par ex. 150 000, 150 000,50 €, 150 k€ ou 1,2 M€."),
    ]
    assert result.errors[0].describe("offres.csv") == (
        "« offres.csv », ligne 4, colonne « CA » : « 12,3,4 » n'est pas un montant : attendu un "
        "montant en euros, par ex. 150 000, 150 000,50 €, 150 k€ ou 1,2 M€.")


def test_the_same_bad_value_on_many_rows_is_reported_on_each(resolver: CommuneResolver) -> None:
    rows = "".join(f"Café {i};Riom;Reprise;abc\r\n" for i in range(5))
    result = check_csv("Titre;Commune;Type;CA\r\n" + rows, resolver)
    assert [error.row for error in result.errors] == [2, 3, 4, 5, 6]
    assert len(result.clean) == 0


def test_communes_are_resolved_and_problems_reported_on_their_rows(
        resolver: CommuneResolver) -> None:
    result = check_csv(
        "Titre;Code INSEE;Commune;CP;Type\r\n"
        "A;3185;;;Reprise\r\n"
        "B;03123;;;Reprise\r\n"
        "C;;Beaulieu;;Reprise\r\n"
        "D;;Beaulieu;15270;Reprise\r\n"
        "E;;Paris;;Reprise\r\n"
        "F;;;;Reprise\r\n", resolver)
    assert result.clean["commune_insee"].to_dict() == {2: "03185", 3: "03158", 5: "15020"}
    assert result.clean.loc[3, "commune_name"] == "Haut-Bocage"
    assert result.notes == [RowNote(3, "Code INSEE", "03123", (
        "Le code INSEE 03123 est celui d'une ancienne commune, fusionnée dans Haut-Bocage "
        "(03158) : le code actuel est retenu."))]
    errors = {error.row: error for error in result.errors}
    assert (errors[4].column, errors[6].value, errors[7].column) == ("Commune", "Paris",
                                                                     "Code INSEE")
    assert "désigne 3 communes" in errors[4].message
    assert "n'est pas dans la table" in errors[6].message
    assert errors[7].message.startswith("Commune manquante")


def test_a_workbook_with_a_merged_header_validates_with_its_file_row_numbers(
        resolver: CommuneResolver) -> None:
    table = read_table(messy.two_sheet_workbook(), "offres.xlsx")
    mapping = {"Commune": "commune_name", "CA": "turnover", "Prix": "asking_price"}
    result = validate_rows(table.frame, mapping, resolver, defaults={"activity_kind": "reprise"},
                           today=TODAY)
    assert list(result.clean.index) == [5, 6]
    assert result.clean.loc[6, "commune_insee"] == "03185"  # typed as the number 3185
    assert result.clean.loc[5, "asking_price"] == 180000.0
    assert result.clean.loc[5, "title"] == "Reprise d'entreprise – Riom"
    assert [(e.row, e.column) for e in result.errors] == [(7, "Commune")]


def test_a_default_fills_a_missing_column_and_empty_cells(resolver: CommuneResolver) -> None:
    result = check_csv("Titre;Commune;Type\r\nA;Riom;\r\nB;Riom;Emploi\r\n", resolver,
                       defaults={"activity_kind": "Reprise"})
    assert result.clean["activity_kind"].tolist() == ["reprise", "emploi"]


def test_a_default_commune_serves_a_sheet_about_one_commune(resolver: CommuneResolver) -> None:
    table = read_table(b"Titre;Type\r\nCafe;Reprise\r\n", "riom.csv")
    result = validate_rows(table.frame, {"Titre": "title", "Type": "activity_kind"}, resolver,
                           defaults={"commune_name": "Riom"}, today=TODAY)
    assert result.clean["commune_insee"].tolist() == ["63300"]


def test_an_empty_required_choice_is_an_error_naming_the_values(
        resolver: CommuneResolver) -> None:
    result = check_csv("Titre;Commune;Type\r\nA;Riom;\r\n", resolver)
    assert result.errors == [RowError(2, "Type", "", (
        "« Type d'offre » est vide : attendu l'une de ces valeurs : « Reprise d'entreprise », "
        "« Création d'activité », « Emploi salarié »."))]


def test_a_mapping_without_required_fields_is_refused_before_any_row(
        resolver: CommuneResolver) -> None:
    frame = pd.DataFrame({"Titre": ["A"], "CA": ["12"]}, index=pd.Index([2], name="ligne"))
    result = validate_rows(frame, {"Titre": "title", "CA": "turnover"}, resolver, today=TODAY)
    assert len(result.problems) == 2
    assert result.clean.empty
    assert result.errors == []
    assert list(result.clean.columns) == list(OFFER_COLUMNS)


@pytest.mark.parametrize(("mapping", "defaults", "problem"), [
    ({"Titre": "title", "CA": "title"}, {}, "sont toutes deux associées au champ « Titre »"),
    ({"Absente": "title"}, {}, "La colonne « Absente » n'est pas dans le fichier."),
    ({"Titre": "surface"}, {}, "associée à un champ inconnu « surface »"),
    ({"Titre": "title"}, {"activity_kind": "enchères"}, "Valeur par défaut de « Type d'offre »"),
])
def test_an_inconsistent_mapping_is_a_problem_of_the_whole_file(
        mapping: dict[str, str | None], defaults: dict[str, object], problem: str,
        resolver: CommuneResolver) -> None:
    frame = pd.DataFrame({"Titre": ["A"], "CA": ["12"], "Commune": ["Riom"]})
    result = validate_rows(frame, {**mapping, "Commune": "commune_name"}, resolver,
                           defaults={"activity_kind": "reprise", **defaults}, today=TODAY)
    assert any(problem in message for message in result.problems), result.problems


def test_values_that_do_not_fit_the_kind_of_offer_are_ignored_with_a_note(
        resolver: CommuneResolver) -> None:
    result = check_csv("Titre;Commune;Type;CA;Poste\r\nA;Riom;Emploi;95 000;Infirmier\r\n",
                       resolver)
    assert result.errors == []
    assert result.clean["turnover"].isna().tolist() == [True]
    assert result.clean.loc[2, "job_title"] == "Infirmier"
    assert result.notes == [RowNote(2, "CA", "95 000",
                                    "« CA » ne s'applique pas à un emploi : valeur ignorée.")]


def test_a_monthly_salary_becomes_an_annual_one(resolver: CommuneResolver) -> None:
    result = check_csv("Titre;Commune;Type;Salaire mensuel\r\nA;Riom;Emploi;2 100,50\r\n",
                       resolver)
    assert result.clean.loc[2, "gross_annual_salary"] == 25206.0


def test_domain_rules_are_applied_to_each_row(resolver: CommuneResolver) -> None:
    long_title = "x" * 201
    result = check_csv(
        "Titre;Commune;Type;CA;Résultat;Code NAF;Vérifié le\r\n"
        "A;Riom;Reprise;-5 000;;;\r\n"
        "B;Riom;Reprise;;-12 000;1071c;\r\n"
        "C;Riom;Reprise;;;10.7;\r\n"
        "D;Riom;Reprise;;;;27/11/2026\r\n"
        f"{long_title};Riom;Reprise;;;;\r\n", resolver)
    assert list(result.clean.index) == [3]
    assert result.clean.loc[3, "net_result"] == -12000.0
    assert result.clean.loc[3, "naf_code"] == "10.71C"
    messages = errors_by_row(result)
    assert messages[2] == [
        "Le chiffre d'affaires ne peut pas être négatif (saisi : -5 000) : attendu 0 ou plus."]
    assert "n'est pas un code NAF" in messages[4][0]
    assert "La date de vérification 27/11/2026 est dans le futur" in messages[5][0]
    assert messages[6] == ["Le titre fait 201 caractères : attendu 200 au plus."]


def test_a_missing_title_is_composed_from_the_row(resolver: CommuneResolver) -> None:
    result = check_csv("Commune;Type;Activité;Poste\r\n"
                       "Riom;Reprise;Boulangerie;\r\n"
                       "Riom;Emploi;Boulangerie;Boulanger\r\n", resolver)
    assert result.clean["title"].tolist() == ["Reprise d'entreprise – Boulangerie – Riom",
                                              "Emploi salarié – Boulanger – Riom"]


def test_every_offer_the_import_accepts_passes_the_domain_validation(
        resolver: CommuneResolver) -> None:
    result = check_csv(
        "Titre;Code INSEE;Commune;CP;Type;Code NAF;CA;Effectif;Prix;Poste;Salaire;Statut;"
        "Confidentialité;Vérifié le\r\n"
        "A;15014;;;Reprise;10.71C;320 000;3;180 k€;;;Publiée;Confidentielle;01/10/2026\r\n"
        "B;;Beaulieu;15270;Emploi;;;;;Infirmier;28 000;;;\r\n"
        "C;03123;;;Création;;;;;;;en cours;partenaires;26/11/2026\r\n"
        ";;St Flour;;Reprise;;(1 000);;;;;;;\r\n", resolver)
    offers = result.offers()
    assert len(offers) == 3
    for offer in offers:
        assert validate_offer(offer, resolver.codes) == []
    assert result.errors[0].row == 5  # the negative turnover, refused like the domain does


def test_receptivity_items_are_read_with_their_own_units(resolver: CommuneResolver) -> None:
    result = check_csv(
        "Type de bien;Description;Commune;Surface (m²);Nb pièces;Loyer mensuel €;Prix;"
        "Disponibilité\r\n"
        "Maison;Maison de bourg;Riom;95 m²;T4;550 €;;immédiatement\r\n"
        "Terrain;Parcelle;Aurillac;2,5 ha;;;45 000;mars 2027\r\n"
        "Château;;Riom;;;;;\r\n", resolver, target="receptivity")
    assert list(result.clean.index) == [2, 3]
    assert result.clean.loc[2, "available_from"] is None  # free now: no date invented
    assert bool(result.clean.loc[2, "available_now"]) is True
    assert bool(result.clean.loc[3, "available_now"]) is False
    assert result.clean.loc[3, "surface_m2"] == 25000.0
    items = result.receptivity_items()
    assert (items[0].kind.value, items[0].rooms, items[0].monthly_rent) == ("logement", 4, 550.0)
    assert items[1].available_from == date(2027, 3, 1)
    assert "« Château » n'est pas une valeur admise pour « Type de bien »" in \
        result.errors[0].message


def test_the_error_report_opens_in_excel_with_accents_and_columns(
        resolver: CommuneResolver) -> None:
    errors = [RowError(4, "CA", "=HYPERLINK(\"x\")", "« x » n'est pas un montant."),
              RowError(2, "Commune", "Beaulieu", "« Beaulieu » désigne 3 communes ; précisez.")]
    notes = [RowNote(3, "Code INSEE", "03123", "Ancien code remplacé.")]
    report = error_report_csv(errors, "offres.csv", notes)
    assert report.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(report.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Fichier", "Ligne", "Colonne", "Valeur", "Gravité", "Problème"]
    assert [row[1] for row in rows[1:]] == ["2", "3", "4"]
    assert rows[1] == ["offres.csv", "2", "Commune", "Beaulieu", "Erreur",
                       "« Beaulieu » désigne 3 communes ; précisez."]
    assert rows[2][4] == "Remarque"
    assert rows[3][3] == "'=HYPERLINK(\"x\")"  # never run as a formula
    assert b"\r\n" in report


def test_the_template_has_a_sheet_to_fill_and_a_help_sheet() -> None:
    book = load_workbook(io.BytesIO(template_xlsx()))
    assert book.sheetnames == ["Offres", "Aide"]
    headers = [cell.value for cell in book["Offres"][1]]
    assert headers == [item.label for item in OFFER_FIELDS]
    help_rows = list(book["Aide"].iter_rows(min_row=2, max_row=len(OFFER_FIELDS) + 1,
                                           values_only=True))
    assert [row[0] for row in help_rows] == headers
    assert all(row[2] and row[3] and row[4] for row in help_rows)
    kind_row = next(row for row in help_rows if row[0] == "Type d'offre")
    assert kind_row[1] == "Oui"
    assert "Reprise d'entreprise" in kind_row[3]


def test_a_filled_template_is_mapped_and_validated_without_help(
        resolver: CommuneResolver) -> None:
    book = load_workbook(io.BytesIO(template_xlsx()))
    sheet = book["Offres"]
    values = {"Titre": "Boulangerie", "Code INSEE": "15014", "Type d'offre": "Reprise d'entreprise",
              "Chiffre d'affaires (€ HT par an)": 320000, "Vérifiée le": date(2026, 10, 1)}
    for column, item in enumerate(OFFER_FIELDS, start=1):
        sheet.cell(row=2, column=column, value=values.get(item.label))
    buffer = io.BytesIO()
    book.save(buffer)
    table = read_table(buffer.getvalue(), "modele.xlsx")
    assert table.sheets == ("Offres", "Aide")
    mapping = suggest_mapping(table.frame.columns)
    assert all(key is not None for key in mapping.values())
    result = validate_rows(table.frame, mapping, resolver, today=TODAY)
    assert result.errors == []
    assert result.clean.loc[2, "turnover"] == 320000.0
    assert result.clean.loc[2, "verified_on"] == date(2026, 10, 1)


def test_an_untouched_template_imports_nothing_and_complains_of_nothing(
        resolver: CommuneResolver) -> None:
    table = read_table(template_xlsx(), "modele.xlsx")
    assert (table.header_row, len(table.frame)) == (1, 0)
    result = validate_rows(table.frame, suggest_mapping(table.frame.columns), resolver)
    assert (len(result.clean), result.errors, result.problems) == (0, [], [])


def test_the_receptivity_template_uses_its_own_fields() -> None:
    book = load_workbook(io.BytesIO(template_xlsx("receptivity")))
    assert book.sheetnames == ["Réceptivité", "Aide"]
    assert [cell.value for cell in book["Réceptivité"][1]] == [i.label for i in RECEPTIVITY_FIELDS]


def notes_by_row(result: ValidationResult) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for note in result.notes:
        found.setdefault(note.row, []).append(note.message)
    return found


def test_a_withheld_figure_is_imported_empty_with_a_remark_on_its_row(
        resolver: CommuneResolver) -> None:
    result = check_csv("Type de bien;Commune;Surface;Loyer;Prix\r\n"
                       "Maison;Riom;à débattre;NC;nous consulter\r\n"
                       "Maison;Riom;95;550;\r\n", resolver, target="receptivity")
    assert result.errors == []
    assert pd.isna(result.clean.loc[2, "surface_m2"])
    assert notes_by_row(result)[2] == [
        "« à débattre » : surface non communiquée, laissé vide.",
        "« NC » : loyer non communiqué, laissé vide.",
        "« nous consulter » : prix non communiqué, laissé vide."]
    assert 3 not in notes_by_row(result)


def test_a_job_row_keeps_contract_salary_and_start_as_written(
        resolver: CommuneResolver) -> None:
    result = check_csv(
        "Poste;Commune;Type;Contrat;Salaire;Date de début\r\n"
        "Serveur;Riom;Emploi;Saisonnier (CDD 4 mois);11,88 € brut/heure;Dès que possible\r\n"
        "Comptable;Riom;Emploi;CDI temps partiel (28 h);24 000 - 28 000 € brut annuel;"
        "04/01/2027\r\n"
        "Aide;Riom;Emploi;CDD 6 mois;Selon profil;\r\n"
        "Cuisinier;Riom;Emploi;CDI;1 900 - 2 300 € brut;\r\n", resolver)
    assert result.errors == []
    clean = result.clean
    assert clean.loc[2, ["contract", "contract_months", "salary_min", "salary_period"]].tolist() \
        == ["Saisonnier", 4.0, 11.88, "heure"]
    assert (clean.loc[2, "start_date"], bool(clean.loc[2, "start_asap"])) == (None, True)
    assert clean.loc[3, ["working_time", "weekly_hours", "salary_min", "salary_max"]].tolist() \
        == ["Temps partiel", 28.0, 24000.0, 28000.0]
    assert clean.loc[3, "gross_annual_salary"] == 24000.0
    assert clean.loc[3, "start_date"] == date(2027, 1, 4)
    assert clean.loc[4, "salary_note"] == "Selon profil"
    assert pd.isna(clean.loc[4, "salary_min"])
    assert clean.loc[5, "gross_annual_salary"] == 1900.0 * 12
    assert notes_by_row(result)[5] == [
        "Salaire sans période : lu comme un salaire mensuel d'après son montant."]
    offers = result.offers()
    assert offers[0].activity is not None
    assert offers[0].activity.start_asap
    for offer in offers:
        assert validate_offer(offer, resolver.codes) == []


@pytest.mark.parametrize(("contract", "salary", "start", "hourly", "yearly", "activity"), [
    # No start date: the SMIC of the day the offer is recorded (26/11/2026: 12,02 €).
    ("CDI", "SMIC", "", 12.02, round(12.02 * 151.67 * 12, 2), "complet"),
    ("CDI", "SMIC horaire", "Dès que possible", 12.02, round(12.02 * 151.67 * 12, 2),
     "complet"),
    # A start date: the SMIC then (11,88 € from 01/11/2024), plus the stated 10 %.
    ("CDI", "Smic + 10 %", "15/12/2024", 13.07, round(13.07 * 151.67 * 12, 2), "complet"),
    ("CDI temps partiel (28 h)", "SMIC", "", 12.02, round(12.02 * 28 * 52 / 12 * 12, 2),
     "complet"),
    ("CDI", "Selon profil", "", None, None, "partiel"),
    ("CDI", "Selon grille légale", "", None, None, "partiel"),
])
def test_a_salary_written_smic_is_the_smic_at_the_job_s_date_and_other_words_stay_words(
        resolver: CommuneResolver, contract: str, salary: str, start: str,
        hourly: float | None, yearly: float | None, activity: str) -> None:
    result = check_csv("Poste;Commune;Type;Contrat;Temps;Salaire;Date de début\r\n"
                       f"Serveur;Riom;Emploi;{contract};Temps plein;{salary};{start}\r\n",
                       resolver)
    assert result.errors == []
    row = result.clean.loc[2]
    assert row["salary_note"] == salary  # the words are kept beside the figure
    if hourly is None:
        assert pd.isna(row["salary_min"])
        assert pd.isna(row["gross_annual_salary"])
        assert notes_by_row(result)[2] == [
            (f"« {salary} » n'est pas un montant : salaire gardé en mots ; l'activité reste "
            "partielle tant que le salaire brut n'est pas chiffré (par heure, par mois ou par "
            "an).")]
    else:
        assert (row["salary_min"], row["salary_max"], row["salary_period"]) == (
            hourly, hourly, "heure")
        assert row["gross_annual_salary"] == yearly
        (note,) = notes_by_row(result)[2]
        assert note.startswith(f"« {salary} » : SMIC horaire brut en vigueur le ")
    assessment = assess(result.offers()[0])
    assert assessment.activite.status.value == activity
    assert assessment.activite.missing == (() if activity == "complet" else ("le salaire",))


def test_a_location_cell_with_postcode_and_name_finds_its_commune(
        resolver: CommuneResolver) -> None:
    result = check_csv("Titre;Localisation;Type\r\nBar;15100 Saint-Flour;Reprise\r\n"
                       "Café;Saint-Flour (15100);Reprise\r\n", resolver)
    assert result.errors == []
    assert result.clean["commune_insee"].tolist() == ["15187", "15187"]


def test_an_excel_error_cell_is_refused_by_name(resolver: CommuneResolver) -> None:
    table = read_table(messy.error_cell_xlsx(), "erreurs.xlsx")
    result = validate_rows(table.frame, {"Titre": "title", "CA": "turnover"}, resolver,
                           defaults={"activity_kind": "reprise", "commune_name": "Riom"},
                           today=TODAY)
    assert [(e.row, e.value) for e in result.errors] == [(2, "#DIV/0!"), (3, "#N/A")]
    assert "résultat d'une formule en erreur" in result.errors[0].message


@pytest.mark.parametrize(("column", "cell", "fragment"), [
    ("Effectif", "3 000 000 000", "L'effectif de 3 000 000 000 dépasse"),
    ("CA", "1e309", "« 1e309 » est bien trop grand"),
    ("Description", "x" * 5_001, "est trop long : attendu 5\u202f000 au plus"),
])
def test_a_value_beyond_what_the_store_holds_is_refused_on_its_row(
        resolver: CommuneResolver, column: str, cell: str, fragment: str) -> None:
    result = check_csv(f"Titre;Commune;Type;{column}\r\nBar;Riom;Reprise;{cell}\r\n", resolver)
    assert result.clean.empty
    assert fragment in result.errors[0].message


def test_control_characters_are_removed_from_texts_with_a_remark(
        resolver: CommuneResolver) -> None:
    result = check_csv("Titre;Commune;Type;Description\r\nBar;Riom;Reprise;Vue\x0b sur\x01 "
                       "le lac\r\n", resolver)
    assert result.errors == []
    assert result.clean.loc[2, "description"] == "Vue sur le lac"
    assert notes_by_row(result)[2] == ["2 caractères de contrôle (invisibles) retirés du texte."]
