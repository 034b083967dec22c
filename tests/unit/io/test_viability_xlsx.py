"""The viability workbook: the template comes back as it was written, and a bad cell is named
by sheet and cell with what was found and what is expected; then nothing is loaded."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from accueil.domain.viability import (
    Assumptions,
    OfferKind,
    PremisesTenure,
    ViabilityInputs,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.io.viability_form import (
    FormState,
    form_to_inputs,
    shown_tables,
    values_from_inputs,
)
from accueil.io.viability_xlsx import (
    ACCOUNTS_SHEET,
    BALANCE_SHEET,
    PROJECT_SHEET,
    read_workbook,
    template_xlsx,
)

TODAY = date(2026, 11, 26)


def state_of(inputs: ViabilityInputs) -> FormState:
    return values_from_inputs(inputs, Assumptions(), TODAY)


def blank() -> FormState:
    return state_of(ViabilityInputs())


def edited(inputs: ViabilityInputs, sheet: str, cell: str, value: object) -> bytes:
    book = load_workbook(io.BytesIO(template_xlsx(state_of(inputs))))
    book[sheet][cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def find(sheet_name: str, label: str, inputs: ViabilityInputs | None = None) -> str:
    """The address of the value cell next to ``label`` in the template."""
    book = load_workbook(io.BytesIO(template_xlsx(state_of(inputs or demo_inputs()))))
    sheet = book[sheet_name]
    column = 2 if sheet_name == PROJECT_SHEET else 1
    for row in sheet.iter_rows(min_row=2):
        if row[column - 1].value == label:
            return row[column].coordinate
    raise AssertionError(label)


@pytest.mark.parametrize("inputs", [demo_inputs(), demo_creation_inputs()],
                         ids=["takeover", "creation"])
def test_the_filled_template_reads_back_into_the_same_inputs(inputs: ViabilityInputs) -> None:
    result = read_workbook(template_xlsx(state_of(inputs)), "modele.xlsx", blank())
    assert result.errors == ()
    assert result.state is not None
    rebuilt, _, errors = form_to_inputs(result.state)
    assert errors == []
    assert rebuilt == inputs


def test_the_template_of_the_page_as_typed_holds_numbers_not_text() -> None:
    typed = shown_tables(state_of(demo_inputs()))  # the page holds "390 000" and "4,2"
    data = template_xlsx(typed)
    book = load_workbook(io.BytesIO(data))
    assert book[ACCOUNTS_SHEET]["D5"].value == 390_600
    assert book[PROJECT_SHEET][find(PROJECT_SHEET, "Taux annuel (%)")].value == 0.042
    result = read_workbook(data, "modele.xlsx", typed)
    assert result.state is not None
    assert form_to_inputs(result.state)[0] == demo_inputs()


def test_the_template_has_a_readme_and_the_three_sheets_people_fill() -> None:
    book = load_workbook(io.BytesIO(template_xlsx(blank())))
    assert book.sheetnames == ["Lisez-moi", PROJECT_SHEET, ACCOUNTS_SHEET, BALANCE_SHEET]
    assert [c.value for c in book[ACCOUNTS_SHEET][1]] == ["Poste", 2023, 2024, 2025]


def test_choices_are_read_by_their_french_label_and_rates_as_percentages() -> None:
    data = edited(demo_inputs(), PROJECT_SHEET, find(PROJECT_SHEET, "Les murs sont"),
                  "en location")
    book = load_workbook(io.BytesIO(data))
    book[PROJECT_SHEET][find(PROJECT_SHEET, "Taux annuel (%)")] = "3,9 %"
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_workbook(buffer.getvalue(), "modele.xlsx", blank())
    assert result.state is not None
    inputs, _, _ = form_to_inputs(result.state)
    assert inputs.premises is not None
    assert inputs.premises.tenure is PremisesTenure.RENTED
    assert inputs.financing.loan.annual_rate == 0.039


@pytest.mark.parametrize(("sheet", "label", "value", "expected"), [
    (ACCOUNTS_SHEET, "Salaires et traitements", "beaucoup",
     ("Feuille « Compte de résultat », cellule D13 (Salaires et traitements, 2025) : "
     "« beaucoup » n'est pas un montant")),
    (PROJECT_SHEET, "Taux annuel (%)", "quatre",
     "Feuille « Projet », cellule C"),
    (PROJECT_SHEET, "Échéances", "Hebdomadaires",
     ("« Hebdomadaires » n'est pas un choix de la liste : attendu « Mensuelles » ou "
     "« Trimestrielles » ou « Annuelles »")),
    (BALANCE_SHEET, "Stocks", "9 000 kg", "Feuille « Bilan », cellule B3 (Stocks)"),
])
def test_a_bad_cell_is_named_with_what_was_found_and_nothing_is_loaded(
        sheet: str, label: str, value: str, expected: str) -> None:
    address = find(sheet, label)
    if sheet == ACCOUNTS_SHEET:
        address = "D" + address[1:]  # the 2025 column
    result = read_workbook(edited(demo_inputs(), sheet, address, value), "compte.xlsx", blank())
    assert result.state is None
    assert len(result.errors) == 1
    assert expected in result.errors[0]


def test_a_year_header_that_is_not_a_year_is_refused() -> None:
    result = read_workbook(edited(demo_inputs(), ACCOUNTS_SHEET, "C1", "2O24"), "c.xlsx",
                           blank())
    assert result.errors == (("Feuille « Compte de résultat », cellule C1 (en-tête) : « 2O24 » "
                             "n'est pas une année ; attendu une année à quatre chiffres, par "
                             "ex. 2024."),)


def test_an_unknown_line_with_figures_is_refused_rather_than_ignored() -> None:
    data = edited(demo_inputs(), ACCOUNTS_SHEET, "A40", "Chiffre d'affaires export")
    book = load_workbook(io.BytesIO(data))
    book[ACCOUNTS_SHEET]["B40"] = 5_000
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_workbook(buffer.getvalue(), "c.xlsx", blank())
    assert result.errors == (("Feuille « Compte de résultat », cellule A40 (Chiffre d'affaires "
                             "export) : poste inconnu ; gardez les libellés du modèle "
                             "téléchargé."),)


def test_a_workbook_without_the_project_sheet_is_not_the_template() -> None:
    book = Workbook()
    book.active.title = "Offres"
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_workbook(buffer.getvalue(), "offres.xlsx", blank())
    assert result.state is None
    assert "n'a pas de feuille « Projet »" in result.errors[0]


@pytest.mark.parametrize(("data", "fragment"), [
    (b"%PDF-1.7 rapport", "est un document PDF, pas un tableau"),
    (b"", "est vide"),
])
def test_a_file_that_is_not_a_workbook_gets_a_french_message(data: bytes, fragment: str) -> None:
    result = read_workbook(data, "rapport.xlsx", blank())
    assert result.state is None
    assert fragment in result.errors[0]


def test_reading_keeps_the_page_hypotheses_and_switches_kind_from_the_file() -> None:
    base = blank()
    base.values["assumptions.thresholds.min_dscr"] = 1.4
    result = read_workbook(template_xlsx(state_of(demo_creation_inputs())), "m.xlsx", base)
    assert result.state is not None
    inputs, assumptions, _ = form_to_inputs(result.state)
    assert inputs.kind is OfferKind.CREATION
    assert assumptions.thresholds.min_dscr == 1.4
