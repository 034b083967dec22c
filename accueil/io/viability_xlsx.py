"""The viability workbook: a template to fill in Excel or LibreOffice, and its reader.

:func:`template_xlsx` writes a ``.xlsx`` with a *Lisez-moi* sheet, the project and financing
(*Projet*: one line per answer, drop-down lists for choices), the seller's accounts (*Compte de
résultat*: one column per year) and the balance sheet (*Bilan*), filled with the form's current
values. :func:`read_workbook` reads such a file back (``.xlsx``, ``.ods`` or ``.xls``, found by
label, not by position, so inserted lines do no harm) into the form's state, or returns French
messages naming the sheet, the cell and what was expected; then nothing is loaded. Checking
the figures themselves is the engine's business, not this module's. No streamlit, no store.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import python_calamine
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import (  # type: ignore[import-untyped,unused-ignore]
    Alignment,
    Font,
    PatternFill,
)
from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped,unused-ignore]
    DataValidation,
)

from accueil.domain.viability.model import BALANCE_FIELD_LABELS, INCOME_FIELD_LABELS
from accueil.io.cells import SafeWorkbook, unquote
from accueil.io.numbers import (
    ParseError,
    is_blank,
    parse_amount,
    parse_int,
    parse_number,
    parse_percent,
)
from accueil.io.tabular import ImportFileError, column_letter, detect_format
from accueil.io.text import fold
from accueil.io.viability_form import (
    AMOUNT_COLUMN,
    BUYER,
    DETAIL_LINES,
    FORECAST,
    FORECAST_COLUMNS,
    LAST_YEAR_KEY,
    LOAN,
    MAIN_LINES,
    MAX_YEARS,
    NEEDS,
    PREMISES,
    PROJECT,
    RESOURCES,
    TYPED_AS_TEXT,
    YEAR_COLUMNS,
    YEAR_COUNT_KEY,
    FieldKind,
    FormField,
    FormState,
    number_or_none,
    shown_year_columns,
    year_labels,
)

README_SHEET = "Lisez-moi"
PROJECT_SHEET = "Projet"
ACCOUNTS_SHEET = "Compte de résultat"
BALANCE_SHEET = "Bilan"
TEMPLATE_SECTIONS = (PROJECT, BUYER, PREMISES, FORECAST, NEEDS, RESOURCES, LOAN)
FORECAST_LABELS = tuple(f"Chiffre d'affaires prévisionnel année {n} (€)"
                        for n in range(1, MAX_YEARS + 1))
YES, NO = "Oui", "Non"
MAX_BYTES = 5 * 1024 * 1024

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_WRAP = Alignment(wrap_text=True, vertical="top")

README = (
    "Modèle d'analyse de viabilité — Accueil",
    "",
    "1. Remplissez les cases jaunes des feuilles « Projet », « Compte de résultat » et « Bilan ».",
    ("2. Montants en euros hors taxes, tels qu'ils figurent dans la liasse fiscale "
    "(par ex. 12 500 ou 12 500,50)."),
    "3. Taux en pourcentage (par ex. 4,2 %). Choix : utilisez la liste déroulante.",
    ("4. Une case vide veut dire « non renseigné » : l'analyse le signale au lieu d'inventer "
    "un chiffre."),
    ("5. « Compte de résultat » : une colonne par exercice, l'année en première ligne "
    f"(de 1 à {MAX_YEARS} exercices, trois au moins sont conseillés). Les lignes « dont » "
    "précisent une partie du total au-dessus (rémunération du cédant, éléments non "
    "récurrents…)."),
    ("6. Pour une création, laissez « Compte de résultat » et « Bilan » vides et remplissez le "
    "prévisionnel de la feuille « Projet »."),
    ("7. Enregistrez le fichier (.xlsx, ou .ods depuis LibreOffice), puis déposez-le sur la page "
    "Viabilité."),
    "",
    "Ne renommez pas les feuilles ni les libellés : le fichier est relu d'après eux.",
)


@dataclass(frozen=True, eq=False)
class WorkbookResult:
    """The form state read from a workbook, or the French reasons it could not be read."""

    state: FormState | None
    errors: tuple[str, ...]


def _number(value: Any) -> float | None:
    """A table cell as a workbook number: the page's text cells (``38 000``) are read the
    French way; empty, NaN or unreadable cells stay empty."""
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except ParseError:
            return None
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return float(value)


def _table_cell(frame: pd.DataFrame, row: str, column: str) -> float | None:
    if row not in frame.index or column not in frame.columns:
        return None
    cell: Any = frame.at[row, column]
    return _number(cell)


def _template_fields() -> list[FormField]:
    return [f for section in TEMPLATE_SECTIONS for f in section.fields]


def _cell_value(spec: FormField, value: Any) -> Any:
    """The form's value as the workbook shows it."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if spec.kind in TYPED_AS_TEXT:  # the page holds "4,2": the workbook wants 0.042
        number = number_or_none(spec, value)
        if number is None:
            return None
        return number / 100 if spec.kind is FieldKind.PERCENT else number
    if spec.kind is FieldKind.CHOICE:
        return dict(spec.choices).get(str(value), "")
    if spec.kind is FieldKind.FLAG:
        return YES if value else NO
    return value


def _unit(spec: FormField) -> str:
    if spec.kind is FieldKind.CHOICE:
        return " / ".join(label for _, label in spec.choices)
    if spec.kind is FieldKind.FLAG:
        return f"{YES} / {NO}"
    return {FieldKind.AMOUNT: "€", FieldKind.PERCENT: "%", FieldKind.INTEGER: "nombre entier",
            FieldKind.NUMBER: "nombre", FieldKind.TEXT: "texte"}.get(spec.kind, "")


def template_xlsx(state: FormState) -> bytes:
    """The workbook to fill, holding the form's current values (blank where the form is)."""
    book = SafeWorkbook()
    readme = book.active
    readme.title = README_SHEET
    for line in README:
        readme.append([line])
    readme["A1"].font = _TITLE
    readme.column_dimensions["A"].width = 120
    write_input_sheets(book, state)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_input_sheets(book: Workbook, state: FormState) -> None:
    """Add the *Projet*, *Compte de résultat* and *Bilan* sheets that :func:`read_workbook`
    reads back (also used by the exported workbook, so that an export can be re-imported)."""
    _project_sheet(book, state)
    _accounts_sheet(book, state)
    _balance_sheet(book, state)


def _head(sheet: Any, labels: list[Any]) -> None:
    sheet.append(labels)
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.fill = _HEAD_FILL
    sheet.freeze_panes = "A2"


def _project_sheet(book: Workbook, state: FormState) -> None:
    sheet = book.create_sheet(PROJECT_SHEET)
    _head(sheet, ["Rubrique", "Donnée", "Valeur", "Unité ou choix possibles"])
    titles = {f.key: s.title for s in TEMPLATE_SECTIONS for f in s.fields}
    for spec in _template_fields():
        sheet.append([titles[spec.key], spec.label, _cell_value(spec, state.values.get(spec.key)),
                      _unit(spec)])
        cell = sheet.cell(row=sheet.max_row, column=3)
        cell.fill = _INPUT_FILL
        if spec.kind is FieldKind.PERCENT:
            cell.number_format = "0.00 %"
        elif spec.kind is FieldKind.AMOUNT:
            cell.number_format = "#,##0"
        if spec.kind in (FieldKind.CHOICE, FieldKind.FLAG):
            options = ([label for _, label in spec.choices] if spec.kind is FieldKind.CHOICE
                       else [YES, NO])
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"',
                                        allow_blank=True)
            validation.add(cell.coordinate)
            sheet.add_data_validation(validation)
        if spec.key == FORECAST.fields[0].key:
            row_label = state.forecast.index[0] if len(state.forecast) else ""
            for label, column in zip(FORECAST_LABELS, FORECAST_COLUMNS, strict=True):
                sheet.append([FORECAST.title, label,
                              _table_cell(state.forecast, row_label, column), "€"])
                extra = sheet.cell(row=sheet.max_row, column=3)
                extra.fill = _INPUT_FILL
                extra.number_format = "#,##0"
    for letter, width in zip("ABCD", (26, 58, 18, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[3].alignment = _WRAP


def _accounts_sheet(book: Workbook, state: FormState) -> None:
    sheet = book.create_sheet(ACCOUNTS_SHEET)
    last_year = int(state.values.get(LAST_YEAR_KEY) or date.today().year - 1)
    count = int(state.values.get(YEAR_COUNT_KEY) or 3)
    columns = shown_year_columns(count)
    labels = year_labels(last_year)
    _head(sheet, ["Poste", *(int(labels[c]) for c in columns)])
    for lines, frame in ((MAIN_LINES, state.income), (DETAIL_LINES, state.details)):
        for name in lines:
            label = INCOME_FIELD_LABELS[name]
            sheet.append([label, *(_table_cell(frame, label, c) for c in columns)])
            for cell in sheet[sheet.max_row][1:]:
                cell.fill = _INPUT_FILL
                cell.number_format = "#,##0"
            if name in DETAIL_LINES:
                sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    sheet.column_dimensions["A"].width = 70
    for index in range(len(columns)):
        sheet.column_dimensions[column_letter(index + 1)].width = 14


def _balance_sheet(book: Workbook, state: FormState) -> None:
    sheet = book.create_sheet(BALANCE_SHEET)
    _head(sheet, ["Poste", AMOUNT_COLUMN])
    for label in BALANCE_FIELD_LABELS.values():
        sheet.append([label, _table_cell(state.balance, label, AMOUNT_COLUMN)])
        cell = sheet.cell(row=sheet.max_row, column=2)
        cell.fill = _INPUT_FILL
        cell.number_format = "#,##0"
    sheet.column_dimensions["A"].width = 50
    sheet.column_dimensions["B"].width = 18


# -- reading ---------------------------------------------------------------------------------


class _Sheets:
    """The workbook's sheets as lists of rows, and the French messages gathered while reading."""

    def __init__(self, book: python_calamine.CalamineWorkbook, file_name: str) -> None:
        self.book = book
        self.file_name = file_name
        self.errors: list[str] = []
        self.names = {fold(name): name for name in book.sheet_names}

    def rows(self, wanted: str) -> list[list[Any]] | None:
        name = self.names.get(fold(wanted))
        if name is None:
            return None
        rows: list[list[Any]] = self.book.get_sheet_by_name(name).to_python(
            skip_empty_area=False)
        return rows

    def error(self, sheet: str, row: int, column: int, what: str, message: str) -> None:
        self.errors.append(f"Feuille « {sheet} », cellule {column_letter(column)}{row + 1} "
                           f"({what}) : {message}")


def _text(value: Any) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(unquote(value)).strip()


def _parse_field(spec: FormField, value: Any) -> Any:
    """The form's value for a cell; raises ParseError with a French message."""
    if spec.kind is FieldKind.TEXT:
        return _text(value)
    if spec.kind is FieldKind.FLAG:
        if is_blank(value):
            return False
        if isinstance(value, bool):
            return value
        folded = fold(_text(value))
        if folded in {"oui", "o", "vrai", "true", "1", "x"}:
            return True
        if folded in {"non", "n", "faux", "false", "0"}:
            return False
        raise ParseError(_text(value), "n'est pas une réponse Oui / Non", f"{YES} ou {NO}")
    if spec.kind is FieldKind.CHOICE:
        if is_blank(value):
            return spec.choices[0][0] if spec.key == "premises.tenure" else None
        folded = fold(_text(value))
        for choice, label in spec.choices:
            if folded in {fold(label), fold(choice)}:
                return choice
        raise ParseError(_text(value), "n'est pas un choix de la liste",
                         " ou ".join(f"« {label} »" for _, label in spec.choices if label))
    if spec.kind is FieldKind.PERCENT:
        fraction = parse_percent(value)
        return None if fraction is None else round(fraction * 100, 10)
    if spec.kind is FieldKind.INTEGER:
        return parse_int(value)
    if spec.kind is FieldKind.NUMBER:
        return parse_number(value)
    return parse_amount(value)


def _read_project(sheets: _Sheets, rows: list[list[Any]], values: dict[str, Any]
                  ) -> list[float | None]:
    by_label = {fold(spec.label): spec for spec in _template_fields()}
    forecast_rows = {fold(label): index for index, label in enumerate(FORECAST_LABELS)}
    turnovers: list[float | None] = [None] * MAX_YEARS
    for index, row in enumerate(rows[1:], start=1):
        cells = [*row, None, None, None][:3]
        label, value = _text(cells[1]), cells[2]
        if not label:
            continue
        key = fold(label)
        if key in forecast_rows:
            try:
                turnovers[forecast_rows[key]] = parse_amount(value)
            except ParseError as error:
                sheets.error(PROJECT_SHEET, index, 2, label, error.message)
            continue
        spec = by_label.get(key)
        if spec is None:
            if not is_blank(value):
                sheets.error(PROJECT_SHEET, index, 1, label,
                             "libellé inconnu ; gardez les libellés du modèle téléchargé.")
            continue
        try:
            parsed = _parse_field(spec, value)
        except ParseError as error:
            sheets.error(PROJECT_SHEET, index, 2, spec.label, error.message)
            continue
        if parsed is not None or spec.kind is not FieldKind.CHOICE:
            values[spec.key] = parsed
    return turnovers


def _year(value: Any) -> int | None:
    if isinstance(value, datetime | date):
        return value.year
    try:
        number = parse_int(value)
    except ParseError:
        return None
    return number if number is not None and 1900 <= number <= 2100 else None


def _read_accounts(sheets: _Sheets, rows: list[list[Any]], state: FormState
                   ) -> tuple[pd.DataFrame, pd.DataFrame, int, int] | None:
    header = rows[0] if rows else []
    years: dict[int, int] = {}  # column index → year
    for column, cell in enumerate(header[1:], start=1):
        if is_blank(cell):
            continue
        year = _year(cell)
        if year is None:
            sheets.error(ACCOUNTS_SHEET, 0, column, "en-tête",
                         f"« {_text(cell)} » n'est pas une année ; attendu une année à quatre "
                         "chiffres, par ex. 2024.")
        elif year in years.values():
            sheets.error(ACCOUNTS_SHEET, 0, column, "en-tête",
                         f"l'exercice {year} figure deux fois ; une colonne par exercice.")
        else:
            years[column] = year
    by_label = {fold(label): name for name, label in INCOME_FIELD_LABELS.items()}
    amounts: dict[tuple[str, int], float] = {}
    for index, row in enumerate(rows[1:], start=1):
        label = _text(row[0]) if row else ""
        filled = {c: row[c] for c in years if c < len(row) and not is_blank(row[c])}
        if not label:
            if filled:
                sheets.error(ACCOUNTS_SHEET, index, 0, "poste",
                             "des montants sans libellé ; attendu le nom du poste en colonne A.")
            continue
        name = by_label.get(fold(label))
        if name is None:
            if filled:
                sheets.error(ACCOUNTS_SHEET, index, 0, label,
                             "poste inconnu ; gardez les libellés du modèle téléchargé.")
            continue
        for column, value in filled.items():
            try:
                amount = parse_amount(value)
            except ParseError as error:
                sheets.error(ACCOUNTS_SHEET, index, column,
                             f"{INCOME_FIELD_LABELS[name]}, {years[column]}", error.message)
                continue
            if amount is not None:
                amounts[(name, years[column])] = amount
    used = sorted({year for _, year in amounts})
    if not used:
        return None
    if used[-1] - used[0] + 1 > MAX_YEARS:
        sheets.errors.append(
            f"Feuille « {ACCOUNTS_SHEET} » : exercices de {used[0]} à {used[-1]} ; "
            f"{MAX_YEARS} exercices consécutifs au plus sont lus. Supprimez les plus anciens.")
        return None
    last_year = used[-1]
    labels = {int(year): column for column, year in year_labels(last_year).items()}
    frames = []
    for lines, base in ((MAIN_LINES, state.income), (DETAIL_LINES, state.details)):
        frame = pd.DataFrame(None, index=base.index, columns=list(YEAR_COLUMNS), dtype="float64")
        for name in lines:
            for year in used:
                if (name, year) in amounts:
                    frame.at[INCOME_FIELD_LABELS[name], labels[year]] = amounts[(name, year)]
        frames.append(frame)
    count = max(last_year - used[0] + 1, 3)
    return frames[0], frames[1], last_year, min(count, MAX_YEARS)


def _read_balance(sheets: _Sheets, rows: list[list[Any]], base: pd.DataFrame) -> pd.DataFrame:
    frame = pd.DataFrame(None, index=base.index, columns=[AMOUNT_COLUMN], dtype="float64")
    by_label = {fold(label): label for label in BALANCE_FIELD_LABELS.values()}
    for index, row in enumerate(rows[1:], start=1):
        cells = [*row, None, None][:2]
        label, value = _text(cells[0]), cells[1]
        if not label or is_blank(value):
            continue
        known = by_label.get(fold(label))
        if known is None:
            sheets.error(BALANCE_SHEET, index, 0, label,
                         "poste inconnu ; gardez les libellés du modèle téléchargé.")
            continue
        try:
            frame.at[known, AMOUNT_COLUMN] = parse_amount(value)
        except ParseError as error:
            sheets.error(BALANCE_SHEET, index, 1, known, error.message)
    return frame


def read_workbook(data: bytes, file_name: str, base: FormState) -> WorkbookResult:
    """The form filled from an uploaded workbook; ``base`` supplies what the file does not
    carry (hypotheses and thresholds stay those of the page).

    Every cell that cannot be read gives one French message; if there is any, ``state`` is
    ``None`` and nothing is loaded.
    """
    if not data:
        return WorkbookResult(None, (f"Le fichier « {file_name} » est vide.",))
    if len(data) > MAX_BYTES:
        return WorkbookResult(None, (
            (f"Le fichier « {file_name} » pèse plus de 5 Mo : ce n'est pas le modèle de "
            "viabilité. Téléchargez le modèle depuis la page et remplissez-le."),))
    try:
        detect_format(data, file_name)
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except ImportFileError as error:
        return WorkbookResult(None, (error.message,))
    except (python_calamine.CalamineError, ValueError, TypeError, OSError) as error:
        return WorkbookResult(None, (
            (f"Le fichier « {file_name} » n'est pas un classeur lisible ({type(error).__name__}) :"
            " enregistrez-le à nouveau en .xlsx depuis votre tableur."),))
    with book:
        sheets = _Sheets(book, file_name)
        project = sheets.rows(PROJECT_SHEET)
        if project is None:
            return WorkbookResult(None, (
                (f"Le classeur « {file_name} » n'a pas de feuille « {PROJECT_SHEET} » : ce n'est "
                "pas le modèle de viabilité. Téléchargez le modèle depuis la page Viabilité."),))
        values = dict(base.values)
        turnovers = _read_project(sheets, project, values)
        accounts_rows = sheets.rows(ACCOUNTS_SHEET) or []
        accounts = _read_accounts(sheets, accounts_rows, base)
        balance_rows = sheets.rows(BALANCE_SHEET) or []
        balance = _read_balance(sheets, balance_rows, base.balance)
    if sheets.errors:
        return WorkbookResult(None, tuple(sheets.errors))
    empty = pd.DataFrame(None, index=base.income.index, columns=list(YEAR_COLUMNS),
                         dtype="float64")
    if accounts is None:
        income, details = empty, pd.DataFrame(None, index=base.details.index,
                                              columns=list(YEAR_COLUMNS), dtype="float64")
    else:
        income, details, last_year, count = accounts
        values[LAST_YEAR_KEY] = last_year
        values[YEAR_COUNT_KEY] = str(count)
    forecast = pd.DataFrame([turnovers], index=base.forecast.index,
                            columns=list(FORECAST_COLUMNS), dtype="float64")
    state = replace(base, values=values, income=income, details=details, balance=balance,
                    forecast=forecast, notes=(f"Données lues dans « {file_name} ».",))
    return WorkbookResult(state, ())
