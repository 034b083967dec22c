"""Rows of an uploaded table checked and turned into offers (or réceptivité items), fast.

:func:`validate_rows` takes the frame that :func:`accueil.io.tabular.read_table` returns, the
column → field mapping the user confirmed, and a :class:`~accueil.io.communes.CommuneResolver`;
it parses every mapped column by its field type (each distinct cell value once, then mapped
back, so 100k rows take a second or two), resolves the commune, applies the rules of
:mod:`accueil.domain.offers` column-wise, and returns a :class:`ValidationResult`: the clean
rows (a DataFrame of field values indexed by the row number the user sees), the errors and the
notes, each saying where (row, column), what was found and what is expected, in French. A row
with any error is left out whole: nothing is half-imported. Also here: the error report as a
CSV that Excel opens right, and the ``.xlsx`` template to fill. No store, no streamlit.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped,unused-ignore]
    DataValidation,
)

from accueil.domain.offers import (
    MAX_HEADCOUNT,
    TEXT_LIMITS,
    Activity,
    ActivityKind,
    Confidentiality,
    Offer,
    OfferStatus,
    ReceptivityItem,
    ReceptivityKind,
    too_long,
)
from accueil.io import cells
from accueil.io.cells import SafeWorkbook
from accueil.io.communes import CommuneResolver, normalize_code, tidy_name
from accueil.io.dates import means_now, parse_date
from accueil.io.fields import (
    FIELDS_BY_TARGET,
    FieldType,
    ImportField,
    missing_required,
    parse_choice,
    suggest_mapping,
)
from accueil.io.jobs import Contract, Salary, parse_contract, parse_salary
from accueil.io.numbers import (
    ParseError,
    is_blank,
    is_empty,
    not_stated,
    parse_amount,
    parse_area,
    parse_etp,
    parse_int,
    parse_percent,
    show,
)
from accueil.io.smic import smic_salary
from accueil.io.tabular import EXCEL_ERRORS
from accueil.io.text import clean_text

Target = Literal["offers", "receptivity"]

TITLE_MAX_LENGTH = TEXT_LIMITS["title"]
# What a date cell saying "now" parses to: kept apart from any date, then turned into a flag.
NOW = "maintenant"
MAX_ROOMS = 100
_NAF = re.compile(r"^(\d{2})\.?(\d{2})\s*([A-Z])$")
_ROOMS = re.compile(r"^(?:[TF]\s*(\d{1,2})(?:\s*bis)?|(\d{1,2})\s*(?:pieces?|pièces?|p))$",
                    re.IGNORECASE)
_COMMUNE_KEYS = ("commune_insee", "commune_name", "postal_code")
# Which activity fields make sense for which kind (Activity: the others "stay None").
_KIND_FIELDS: dict[str, frozenset[str]] = {
    "turnover": frozenset({"reprise"}), "net_result": frozenset({"reprise"}),
    "headcount": frozenset({"reprise"}), "asking_price": frozenset({"reprise"}),
    "sale_reason": frozenset({"reprise"}), "target_date": frozenset({"reprise"}),
    "job_title": frozenset({"emploi"}), "contract": frozenset({"emploi"}),
    "working_time": frozenset({"emploi"}), "gross_annual_salary": frozenset({"emploi"}),
    "gross_monthly_salary": frozenset({"emploi"}), "start_date": frozenset({"emploi"}),
    "need": frozenset({"creation"}),
}
# Numeric fields whose "NC" or "à débattre" is worth a remark: "surface non communiquée".
_NOT_STATED: dict[str, str] = {
    "turnover": "chiffre d'affaires non communiqué", "net_result": "résultat non communiqué",
    "headcount": "effectif non communiqué", "asking_price": "prix non communiqué",
    "surface_m2": "surface non communiquée", "rooms": "nombre de pièces non communiqué",
    "monthly_rent": "loyer non communiqué", "price": "prix non communiqué",
    "target_date": "date non communiquée", "verified_on": "date non communiquée",
    "available_from": "date de disponibilité non communiquée",
    "start_date": "date de début non communiquée",
}
_NON_NEGATIVE: dict[str, str] = {
    "turnover": "Le chiffre d'affaires", "headcount": "L'effectif",
    "asking_price": "Le prix demandé", "gross_annual_salary": "Le salaire",
    "gross_monthly_salary": "Le salaire", "surface_m2": "La surface",
    "rooms": "Le nombre de pièces", "monthly_rent": "Le loyer", "price": "Le prix",
}
_KIND_WORDS = {"reprise": "une reprise", "creation": "une création", "emploi": "un emploi"}

OFFER_COLUMNS = (
    "title", "commune_insee", "commune_name", "activity_kind", "naf_code", "naf_label",
    "turnover", "net_result", "headcount", "asking_price", "sale_reason", "target_date",
    "job_title", "contract", "working_time", "gross_annual_salary", "need", "source_partner",
    "status", "confidentiality", "description", "living_environment", "verified_on",
    "contract_months", "weekly_hours", "salary_min", "salary_max", "salary_period",
    "salary_note", "start_date", "start_asap",
)
RECEPTIVITY_COLUMNS = (
    "kind", "description", "commune_insee", "commune_name", "surface_m2", "rooms",
    "monthly_rent", "price", "available_from", "source_partner", "available_now",
)
_FLOAT_KEYS = frozenset({"turnover", "net_result", "asking_price", "gross_annual_salary",
                         "surface_m2", "monthly_rent", "price", "headcount", "contract_months",
                         "weekly_hours", "salary_min", "salary_max"})
_INT_KEYS = frozenset({"rooms"})
_BOOL_KEYS = frozenset({"start_asap", "available_now"})
# Import field key → the key of its length limit in TEXT_LIMITS.
# The title is left to _title, which also checks the titles it composes.
_TEXT_LIMIT_KEYS = {"description": "description",
                    "living_environment": "living_environment",
                    "source_partner": "source_partner", "naf_label": "naf_label",
                    "sale_reason": "sale_reason", "job_title": "job_title", "need": "need"}


@dataclass(frozen=True, slots=True)
class RowError:
    """A cell (or a row, when ``column`` is empty) that stops its row from being imported.

    ``row`` is the row number the user sees in the file; ``value`` the cell as shown; ``message``
    French, saying what was found and what is expected.
    """

    row: int
    column: str
    value: str
    message: str

    def describe(self, file_name: str = "") -> str:
        """``« offres.csv », ligne 12, colonne « CA » : « 12,3,4 » n'est pas…``."""
        return _describe(self.row, self.column, self.message, file_name)


@dataclass(frozen=True, slots=True)
class RowNote:
    """A remark on a row that is imported anyway (former INSEE code replaced, value ignored…)."""

    row: int
    column: str
    value: str
    message: str

    def describe(self, file_name: str = "") -> str:
        return _describe(self.row, self.column, self.message, file_name)


def _describe(row: int, column: str, message: str, file_name: str) -> str:
    where = [f"« {file_name} »"] if file_name else []
    where.append(f"ligne {row}")
    if column:
        where.append(f"colonne « {column} »")
    return f"{', '.join(where)} : {message}"


@dataclass(frozen=True, slots=True, eq=False)
class ValidationResult:
    """What an import would write, and what it refuses.

    ``clean``: one row per valid file row, indexed by the row number the user sees, with the
    columns :data:`OFFER_COLUMNS` or :data:`RECEPTIVITY_COLUMNS`: amounts ``Float64`` and counts
    ``Int64`` (missing: ``pd.NA``); text, choice values (the enum values, e.g. ``"reprise"``)
    and dates (``datetime.date``) in object columns (missing: ``None``). ``problems`` are
    file-level (a required field mapped to no column…): when present, nothing is valid.
    """

    target: Target
    clean: pd.DataFrame
    errors: list[RowError]
    notes: list[RowNote]
    problems: list[str]
    total_rows: int

    @property
    def invalid_rows(self) -> int:
        return len({error.row for error in self.errors})

    def offers(self) -> list[Offer]:
        """The clean rows as domain offers (target ``"offers"`` only)."""
        if self.target != "offers":
            raise ValueError("offers() needs a validation of target 'offers'")
        return [_offer(record) for record in _records(self.clean)]

    def receptivity_items(self) -> list[ReceptivityItem]:
        """The clean rows as réceptivité items (target ``"receptivity"`` only).

        The commune and partner of each item stay in :attr:`clean`, which the store keeps.
        """
        if self.target != "receptivity":
            raise ValueError("receptivity_items() needs a validation of target 'receptivity'")
        return [_receptivity_item(record) for record in _records(self.clean)]


def validate_rows(frame: pd.DataFrame, mapping: Mapping[str, str | None],
                  resolver: CommuneResolver, *, target: Target = "offers",
                  defaults: Mapping[str, object] | None = None,
                  today: date | None = None) -> ValidationResult:
    """Check every row of ``frame`` against the fields its columns are mapped to.

    ``mapping``: file header → field key (or None to ignore the column). ``defaults``: field
    key → value used where the field's column is missing or its cell empty (e.g.
    ``{"activity_kind": "reprise"}`` for a sheet of takeovers only). ``today`` dates the
    "available now" answers and the check that no verification date is in the future.
    """
    today = today or date.today()
    fields = FIELDS_BY_TARGET[target]
    by_key = {item.key: item for item in fields}
    defaults = dict(defaults or {})
    problems = _mapping_problems(frame, mapping, fields, defaults)
    default_values: dict[str, object] = {}
    for key, raw in defaults.items():
        if key not in by_key:
            problems.append(f"Valeur par défaut pour un champ inconnu : « {key} ».")
            continue
        try:
            default_values[key] = _parser(by_key[key], today)(raw)
        except ParseError as error:
            problems.append(f"Valeur par défaut de « {by_key[key].label} » : {error.message}")
    columns = OFFER_COLUMNS if target == "offers" else RECEPTIVITY_COLUMNS
    if problems:
        return ValidationResult(target, _empty_clean(columns), [], [], problems, len(frame))

    checker = _Checker(frame)
    headers = {key: header for header, key in mapping.items() if key is not None}
    values: dict[str, np.ndarray[Any, Any]] = {}
    for key, header in headers.items():
        if key in _COMMUNE_KEYS:
            continue
        limit_key = ("item_description" if target == "receptivity" and key == "description"
                     else _TEXT_LIMIT_KEYS.get(key))
        parser = (_text_parser(limit_key) if by_key[key].kind is FieldType.TEXT
                  else _parser(by_key[key], today))
        values[key] = checker.parse(header, parser, _NOT_STATED.get(key))
    for key, default in default_values.items():
        column = values.get(key)
        if column is None:
            values[key] = np.full(len(frame), default, dtype=object)
        else:
            empty = _missing(column) & ~checker.failed_in(headers[key])
            column[empty] = default

    commune_codes, commune_names = _resolve_communes(frame, headers, default_values, resolver,
                                                     checker)
    values["commune_insee"] = commune_codes
    values["commune_name"] = commune_names

    kind_key = "activity_kind" if target == "offers" else "kind"
    _require(checker, values, kind_key, by_key[kind_key], headers)
    _now_flags(values, "available_from", "available_now", len(frame))
    if target == "offers":
        _now_flags(values, "start_date", "start_asap", len(frame))
        _ignore_other_kinds(checker, values, headers)
        _contracts(values)
        _salaries(checker, values, headers, today)
        _at_most(checker, values, headers, "headcount", MAX_HEADCOUNT,
                 "L'effectif de {} dépasse celui de toute entreprise du massif : attendu "
                 f"{MAX_HEADCOUNT:,} ETP au plus.".replace(",", "\u202f"))
        _title(checker, values, headers, by_key)
        _not_in_future(checker, values, headers, "verified_on", today)
        for key, default_value in (("status", OfferStatus.VEILLE.value),
                                   ("confidentiality", Confidentiality.PUBLIQUE.value)):
            column = values.setdefault(key, np.full(len(frame), None, dtype=object))
            column[_missing(column)] = default_value
    else:
        _at_most(checker, values, headers, "rooms", MAX_ROOMS,
                 f"{{}} pièces, c'est plus qu'aucun logement : attendu {MAX_ROOMS} au plus.")
    for key, label in _NON_NEGATIVE.items():
        if key in values:
            column = values[key]
            checker.check(column, headers.get(key, ""), _numbers(column) < 0, _negative(label))

    valid = ~checker.row_failed
    index = frame.index[valid]
    clean = pd.DataFrame(
        {key: _typed(key, values.get(key), valid, index) for key in columns}, index=index)
    clean.index.name = frame.index.name
    return ValidationResult(target, clean, checker.sorted_errors(), checker.sorted_notes(),
                            [], len(frame))


# A guessed field is kept only if most of the column's values read as that field.
PLAUSIBLE_SHARE = 0.5
_PLAUSIBILITY_SAMPLE = 200


def plausible_mapping(frame: pd.DataFrame, fields: Sequence[ImportField], *,
                      today: date | None = None) -> dict[str, str | None]:
    """:func:`accueil.io.fields.suggest_mapping` of the frame's headers, where no header is
    given a field whose reader refuses most of the column's values.

    A header named ``CONTACT`` is close to « Type de contrat » by its letters, but its cells
    are names and telephone numbers: every row would be refused. Such a pair is excluded and
    the guess made again, so that the column gets the next field that fits. A header that
    names its field exactly (« CA », « Effectif ») keeps it when no other field fits: its
    rows are then refused one by one, each saying what is wrong, rather than the column
    silently ignored. A merely similar header loses its guess. Up to 200 distinct values of
    each column are tried, once per guessed pair.
    """
    today = today or date.today()
    by_key = {item.key: item for item in fields}
    headers = [str(header) for header in frame.columns]
    exact = suggest_mapping(headers, fields, cutoff=1.01)  # label and synonym matches only
    excluded: set[tuple[str, str]] = set()
    tried: dict[tuple[str, str], bool] = {}
    mapping = suggest_mapping(headers, fields)
    for _ in range(len(fields)):
        wrong = set()
        for header, key in mapping.items():
            if key is None or by_key[key].kind in (FieldType.TEXT, FieldType.CODE):
                continue
            if (header, key) not in tried:
                tried[(header, key)] = _fits(frame[header], _parser(by_key[key], today))
            if not tried[(header, key)]:
                wrong.add((header, key))
        if not wrong:
            break
        excluded |= wrong
        mapping = suggest_mapping(headers, fields, excluded=excluded)
    taken = {key for key in mapping.values() if key is not None}
    for header, key in exact.items():
        if key is not None and mapping[header] is None and key not in taken:
            mapping[header] = key
            taken.add(key)
    return mapping


def split_by_pillar(frame: pd.DataFrame, mapping: Mapping[str, str | None]
                    ) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str | None]] | None:
    """A file of offers whose « Type » column also names dwellings, land or premises (a
    mairie's list of everything on offer), split row by row: the offer rows, the réceptivité
    rows, and the mapping of the latter (the type column to « Type de bien », the rest guessed
    on those rows). None when no row is of réceptivité: the usual case, nothing to route.

    A row whose type reads as a kind of activity stays an offer; one whose type reads only as
    a kind of réceptivité (« Logement », « Terrain », « Local commercial ») goes there.
    """
    kind_header = next((header for header, key in mapping.items() if key == "activity_kind"),
                       None)
    if kind_header is None or kind_header not in frame.columns:
        return None
    activity = next(item for item in FIELDS_BY_TARGET["offers"] if item.key == "activity_kind")
    receptivity = next(item for item in FIELDS_BY_TARGET["receptivity"] if item.key == "kind")
    codes, uniques = pd.factorize(frame[kind_header], use_na_sentinel=True)
    goes_there = np.zeros(len(uniques) + 1, dtype=bool)
    for index, value in enumerate(uniques):
        try:
            parse_choice(value, activity)
            continue
        except ParseError:
            pass
        with contextlib.suppress(ParseError):
            goes_there[index] = parse_choice(value, receptivity) is not None
    routed = goes_there[codes]
    if not routed.any():
        return None
    items = frame.loc[routed]
    item_mapping = plausible_mapping(items, FIELDS_BY_TARGET["receptivity"])
    item_mapping = {header: (None if key == "kind" else key)
                    for header, key in item_mapping.items()}
    item_mapping[kind_header] = "kind"
    if "description" not in item_mapping.values():
        title = next((h for h, key in mapping.items() if key == "title"), None)
        if title is not None:
            item_mapping[title] = "description"  # a list's title says what the item is
    return frame.loc[~routed], items, item_mapping


def _fits(column: pd.Series, parser: Callable[[object], object]) -> bool:
    distinct = pd.unique(column.dropna().to_numpy(dtype=object))[:_PLAUSIBILITY_SAMPLE]
    values = [value for value in distinct if not is_empty(value)]
    if not values:
        return True
    failed = 0
    for value in values:
        try:
            parser(value)
        except ParseError:
            failed += 1
    return failed <= PLAUSIBLE_SHARE * len(values)


# --- The template and the error report -----------------------------------------------------


def error_report_csv(errors: Sequence[RowError], file_name: str = "",
                     notes: Sequence[RowNote] = ()) -> bytes:
    """The errors (and notes) as a CSV that Excel on Windows opens right: UTF-8 with BOM, ``;``.

    Every cell goes through :mod:`accueil.io.cells` (formulas made inert, control characters
    removed), since they come from an uploaded file.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Fichier", "Ligne", "Colonne", "Valeur", "Gravité", "Problème"])
    entries = [(e.row, 0, e, "Erreur") for e in errors] + [(n.row, 1, n, "Remarque")
                                                          for n in notes]
    for _, _, entry, severity in sorted(entries, key=lambda item: (item[0], item[1])):
        writer.writerow([_safe_cell(file_name), entry.row, _safe_cell(entry.column),
                         _safe_cell(entry.value), severity, _safe_cell(entry.message)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(target: Target = "offers") -> bytes:
    """An ``.xlsx`` to fill: a sheet of headers (the field labels), and an "Aide" sheet.

    The headers are exactly what :func:`accueil.io.fields.suggest_mapping` recognises; choice
    columns get a drop-down list, code columns are text (leading zeros kept) and date columns
    show jj/mm/aaaa.
    """
    fields = FIELDS_BY_TARGET[target]
    book = SafeWorkbook()
    sheet = book.active
    sheet.title = "Offres" if target == "offers" else "Réceptivité"
    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FDE9D9")
    plain_fill = PatternFill("solid", fgColor="EAF1DD")
    for column, item in enumerate(fields, start=1):
        cell = sheet.cell(row=1, column=column, value=item.label)
        cell.font = bold
        cell.fill = required_fill if item.required else plain_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = cell.column_letter
        sheet.column_dimensions[letter].width = max(14, min(40, len(item.label) + 4))
        cells = f"{letter}2:{letter}5000"
        if item.kind is FieldType.CHOICE:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(c.label for c in item.choices) + '"',
                allow_blank=True, showErrorMessage=False)
            validation.add(cells)
            sheet.add_data_validation(validation)
        for row in range(2, 502):
            if item.kind is FieldType.CODE:
                sheet.cell(row=row, column=column).number_format = "@"
            elif item.kind is FieldType.DATE:
                sheet.cell(row=row, column=column).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    help_sheet = book.create_sheet("Aide")
    help_sheet.append(["Colonne", "Obligatoire", "Signification", "Format attendu", "Exemple"])
    for cell in help_sheet[1]:
        cell.font = bold
    for item in fields:
        required = "Oui" if item.required else "Non"
        if item.key in _COMMUNE_KEYS:
            required = "Un des trois"
        help_sheet.append([item.label, required, item.help, item.format_hint, item.example])
    help_sheet.append([])
    help_sheet.append([_HELP_FOOTER])
    for letter, width in zip("ABCDE", (28, 14, 70, 60, 36), strict=True):
        help_sheet.column_dimensions[letter].width = width
    for row in help_sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    help_sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Column-wise checking ------------------------------------------------------------------


class _Checker:
    """Collects errors and notes per row and column while columns are parsed and checked."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.rows = np.asarray(frame.index)
        self.row_failed = np.zeros(len(frame), dtype=bool)
        self._failed_by_column: dict[str, np.ndarray[Any, Any]] = {}
        self.errors: list[RowError] = []
        self.notes: list[RowNote] = []

    def parse(self, header: str, parser: Callable[[object], object],
              unstated: str | None = None) -> np.ndarray[Any, Any]:
        """Parse a column, each distinct value once; failures become errors on their rows.

        ``unstated`` (``"surface non communiquée"``) is the remark left on each row whose cell
        says the figure is withheld (``NC``, ``à débattre``): kept empty, never in silence.
        Texts cleaned of control characters get a remark too.
        """
        series = self.frame[header]
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        parsed = np.empty(len(uniques) + 1, dtype=object)
        messages: list[str | None] = [None] * (len(uniques) + 1)
        remarks: list[str | None] = [None] * (len(uniques) + 1)
        for index, unique in enumerate(uniques):
            if isinstance(unique, str) and unique.strip() in EXCEL_ERRORS:
                parsed[index] = None
                messages[index] = (f"« {unique.strip()} » est le résultat d'une formule en "
                                   "erreur dans le tableur : attendu une valeur ; corrigez la "
                                   "formule ou videz la cellule.")
                continue
            try:
                parsed[index] = parser(unique)
            except ParseError as error:
                parsed[index] = None
                messages[index] = error.message
                continue
            if unstated is not None and not_stated(unique):
                remarks[index] = f"« {show(unique)} » : {unstated}, laissé vide."
            elif isinstance(unique, str) and isinstance(parsed[index], str) and (
                    removed := clean_text(unique)[1]):
                remarks[index] = (f"{removed} caractère{'s' if removed > 1 else ''} de "
                                  "contrôle (invisibles) retiré" + ("s" if removed > 1 else "")
                                  + " du texte.")
        parsed[-1] = None
        result: np.ndarray[Any, Any] = parsed[codes]
        bad = np.array([message is not None for message in messages], dtype=bool)[codes]
        if bad.any():
            cells = series.to_numpy(dtype=object)
            for position in np.flatnonzero(bad):
                message = messages[codes[position]]
                assert message is not None
                self._error(int(position), header, show(cells[position]), message)
        remarked = np.array([remark is not None for remark in remarks], dtype=bool)[codes]
        if remarked.any():
            cells = series.to_numpy(dtype=object)
            for position in np.flatnonzero(remarked):
                remark = remarks[codes[position]]
                assert remark is not None
                self.note(int(position), header, show(cells[position]), remark)
        return result

    def check(self, values: np.ndarray[Any, Any], header: str, bad: np.ndarray[Any, Any],
              message: Callable[[Any, str], str]) -> None:
        """Turn each value where the mask ``bad`` is true into an error on its row.

        ``message`` receives the parsed value and the cell as the user typed it.
        """
        for position in np.flatnonzero(bad):
            value = values[position]
            shown = self.cell(int(position), header, value)
            self._error(int(position), header, shown, message(value, shown))

    def cell(self, position: int, header: str, fallback: object) -> str:
        if header and header in self.frame.columns:
            return show(self.frame[header].iat[position]) if not is_empty(
                self.frame[header].iat[position]) else ""
        return show(fallback) if fallback is not None else ""

    def failed_in(self, header: str) -> np.ndarray[Any, Any]:
        return self._failed_by_column.get(header, np.zeros(len(self.frame), dtype=bool))

    def note(self, position: int, header: str, value: str, message: str) -> None:
        self.notes.append(RowNote(int(self.rows[position]), header, value, message))

    def _error(self, position: int, header: str, value: str, message: str) -> None:
        self.row_failed[position] = True
        column = self._failed_by_column.setdefault(header, np.zeros(len(self.frame), dtype=bool))
        column[position] = True
        self.errors.append(RowError(int(self.rows[position]), header, value, message))

    def error(self, position: int, header: str, value: str, message: str) -> None:
        self._error(position, header, value, message)

    def sorted_errors(self) -> list[RowError]:
        return sorted(self.errors, key=lambda error: error.row)

    def sorted_notes(self) -> list[RowNote]:
        return sorted(self.notes, key=lambda note: note.row)


def _parser(item: ImportField, today: date) -> Callable[[object], object]:
    kind = item.kind
    if kind is FieldType.TEXT:
        return _parse_text
    if kind is FieldType.CODE:
        return _parse_naf if item.key == "naf_code" else _parse_code
    if kind is FieldType.AMOUNT:
        return parse_amount
    if kind is FieldType.INT:
        return parse_int
    if kind is FieldType.ETP:
        return parse_etp
    if kind is FieldType.CONTRACT:
        return parse_contract
    if kind is FieldType.SALARY:
        period = "mois" if item.key == "gross_monthly_salary" else "an"
        return lambda value: parse_salary(value, period)
    if kind is FieldType.AREA:
        return parse_area
    if kind is FieldType.ROOMS:
        return _parse_rooms
    if kind is FieldType.PERCENT:
        return parse_percent
    if kind is FieldType.DATE:
        if item.key in ("available_from", "start_date"):
            return _parse_date_or_now
        return parse_date
    return lambda value: parse_choice(value, item)


def _parse_text(value: object) -> str | None:
    if is_empty(value):
        return None
    if not isinstance(value, str):
        return show(value)
    return clean_text(value)[0] or None


def _text_parser(limit_key: str | None) -> Callable[[object], str | None]:
    """The reader of a text field: cleaned of control characters, refused beyond its limit."""
    def parse(value: object) -> str | None:
        text = _parse_text(value)
        if limit_key is not None and (message := too_long(limit_key, text)):
            assert text is not None
            raise ParseError(show(text), "est trop long",
                             message.split(" : attendu ", 1)[1].rstrip(".") + " "
                             f"(il en fait {len(text)})")
        return text
    return parse


def _parse_code(value: object) -> str | None:
    return normalize_code(value) or None


def _parse_naf(value: object) -> str | None:
    if is_blank(value):
        return None
    text = str(value).strip().upper().replace(" ", "")
    match = _NAF.match(text)
    if match is None:
        raise ParseError(show(value), "n'est pas un code NAF",
                         "le format 10.71C (deux chiffres, un point, deux chiffres, une lettre)")
    return f"{match[1]}.{match[2]}{match[3]}"


def _parse_rooms(value: object) -> int | None:
    if isinstance(value, str) and (match := _ROOMS.match(value.strip())):
        return int(match[1] or match[2])
    try:
        return parse_int(value)
    except ParseError:
        raise ParseError(show(value), "n'est pas un nombre de pièces",
                         "un nombre entier, par ex. 4, ou T4") from None


def _parse_date_or_now(value: object) -> date | str | None:
    """A date, or :data:`NOW` for ``Immédiatement`` / ``Dès que possible``: no date invented."""
    if means_now(value):
        return NOW
    return parse_date(value)


def _now_flags(values: dict[str, np.ndarray[Any, Any]], key: str, flag: str, size: int) -> None:
    """Split a date-or-now column into its dates (None for "now") and a yes/no column."""
    column = values.get(key)
    if column is None:
        values[flag] = np.zeros(size, dtype=bool)
        return
    now = np.fromiter((value is NOW or value == NOW for value in column), dtype=bool,
                      count=len(column))
    column[now] = None
    values[flag] = now


def _contracts(values: dict[str, np.ndarray[Any, Any]]) -> None:
    """Spread each contract read (kind, length, hours) over its columns."""
    column = values.get("contract")
    if column is None:
        return
    size = len(column)
    kinds = np.full(size, None, dtype=object)
    months = np.full(size, None, dtype=object)
    hours = np.full(size, None, dtype=object)
    times = values.setdefault("working_time", np.full(size, None, dtype=object))
    for position, contract in enumerate(column.tolist()):
        if isinstance(contract, Contract):
            kinds[position] = contract.kind
            months[position] = contract.months
            hours[position] = contract.weekly_hours
            if contract.working_time is not None and _absent(times[position]):
                times[position] = contract.working_time
    values["contract"], values["contract_months"], values["weekly_hours"] = kinds, months, hours


def _salaries(checker: _Checker, values: dict[str, np.ndarray[Any, Any]],
              headers: Mapping[str, str], today: date) -> None:
    """The stated salary of each row (the yearly column first, else the monthly one), and its
    yearly equivalent; a period deduced from the figure's size is remarked on.

    ``SMIC`` (or ``Smic + 10 %``) is the hourly SMIC in force at the job's start date, or
    ``today`` (the day the offer is recorded) without one: a stated figure, remarked on with
    the text that set it. Words without a figure (``Selon profil``) are kept as words, with a
    remark saying that the activity stays partial until a figure is given."""
    annual = values.pop("gross_annual_salary", None)
    monthly = values.pop("gross_monthly_salary", None)
    size = len(checker.frame)
    columns = {name: np.full(size, None, dtype=object)
               for name in ("salary_min", "salary_max", "salary_period", "salary_note",
                            "gross_annual_salary")}
    hours = values.get("weekly_hours")
    starts = values.get("start_date")
    for key, column in (("gross_monthly_salary", monthly), ("gross_annual_salary", annual)):
        if column is None:
            continue
        header = headers.get(key, "")
        for position in np.flatnonzero(pd.notna(column)):
            salary = column[position]
            if not isinstance(salary, Salary):
                continue
            weekly = hours[position] if hours is not None else None
            weekly = None if _absent(weekly) else weekly
            if salary.smic_factor is not None:
                start = starts[position] if starts is not None else None
                salary = _smic_salary(checker, int(position), header, salary,
                                      start if isinstance(start, date) else today, weekly)
            elif salary.note is not None and salary.minimum is None:
                checker.note(int(position), header, checker.cell(int(position), header, None),
                             f"« {salary.note} » n'est pas un montant : salaire gardé en mots ; "
                             "l'activité reste partielle tant que le salaire brut n'est pas "
                             "chiffré (par heure, par mois ou par an).")
            columns["salary_min"][position] = salary.minimum
            columns["salary_max"][position] = salary.maximum
            columns["salary_period"][position] = salary.period
            columns["salary_note"][position] = salary.note
            columns["gross_annual_salary"][position] = salary.yearly(weekly)
            if salary.period_guessed and salary.period is not None:
                checker.note(int(position), header, checker.cell(int(position), header, None),
                             f"Salaire sans période : lu comme un salaire "
                             f"{_PERIOD_WORDS[salary.period]} d'après son montant.")
    if annual is not None or monthly is not None:
        values.update(columns)


_PERIOD_WORDS = {"heure": "horaire", "mois": "mensuel", "an": "annuel"}


def _smic_salary(checker: _Checker, position: int, header: str, salary: Salary,
                 day: date, weekly_hours: float | None) -> Salary:
    """A salary written as the SMIC, made a figure on ``day`` (with a remark on the row)."""
    assert salary.smic_factor is not None
    shown = checker.cell(position, header, None)
    smic = smic_salary(salary.smic_factor, day)
    if smic is None:
        checker.note(position, header, shown, (
            f"« {salary.note} » : le SMIC du {day:%d/%m/%Y} n'est pas dans la table des "
            "revalorisations (data/reference/smic.csv) ; salaire gardé en mots, l'activité "
            "reste partielle."))
        return salary
    checker.note(position, header, shown, smic.remark(salary.note or "SMIC", weekly_hours))
    return replace(salary, minimum=smic.hourly, maximum=smic.hourly, period="heure")


def _at_most(checker: _Checker, values: dict[str, np.ndarray[Any, Any]],
             headers: Mapping[str, str], key: str, most: float, message: str) -> None:
    column = values.get(key)
    if column is None:
        return
    checker.check(column, headers.get(key, ""), _numbers(column) > most,
                  lambda _, shown: message.format(shown))


def _numbers(column: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A parsed numeric column as floats, NaN where empty (NaN compares false): numpy's own
    conversion, a quarter of what a pandas Float64 coercion costs on 100k cells."""
    try:
        return np.asarray(column, dtype=object).astype(np.float64)
    except TypeError:  # pd.NA among the cells
        return np.asarray(pd.Series(column, dtype="Float64").to_numpy(np.float64, na_value=np.nan))


def _mapping_problems(frame: pd.DataFrame, mapping: Mapping[str, str | None],
                      fields: Sequence[ImportField], defaults: Mapping[str, object]) -> list[str]:
    known = {item.key: item for item in fields}
    problems: list[str] = []
    seen: dict[str, str] = {}
    for header, key in mapping.items():
        if key is None:
            continue
        if header not in frame.columns:
            problems.append(f"La colonne « {header} » n'est pas dans le fichier.")
        if key not in known:
            problems.append(f"La colonne « {header} » est associée à un champ inconnu « {key} ».")
        elif key in seen:
            problems.append(
                f"Les colonnes « {seen[key]} » et « {header} » sont toutes deux associées au "
                f"champ « {known[key].label} » : gardez-en une seule.")
        else:
            seen[key] = header
    problems.extend(missing_required(mapping, fields, defaults))
    return problems


def _resolve_communes(frame: pd.DataFrame, headers: Mapping[str, str],
                      defaults: Mapping[str, object], resolver: CommuneResolver,
                      checker: _Checker) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Resolve each distinct (code, name, postal code) once and spread the result to rows.

    A default (e.g. the commune of a sheet about one commune) fills the empty cells of its
    column, or the whole column when the file has none.
    """
    size = len(frame)
    mapped = [headers.get(key) for key in _COMMUNE_KEYS]
    factors: list[tuple[np.ndarray[Any, Any], Any]] = []
    for key, header in zip(_COMMUNE_KEYS, mapped, strict=True):
        default = defaults.get(key)
        if header is None and default is None:
            factors.append((np.full(size, -1), []))
            continue
        if header is None:
            column = pd.Series(np.full(size, default, dtype=object), index=frame.index)
        else:
            column = frame[header]
            if default is not None:
                column = column.where(column.notna(), default)
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        # Each distinct cell tidied once here, not once per combination below.
        tidy = tidy_name if key == "commune_name" else normalize_code
        factors.append((codes, np.array([tidy(value) for value in uniques], dtype=object)))
    combined = np.zeros(size, dtype=np.int64)
    for codes, uniques in factors:
        combined = combined * (len(uniques) + 1) + (codes + 1)
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    # The cells of each distinct combination, picked for all of them at once ("" if empty).
    picked = [np.append(np.asarray(uniques, dtype=object), "")[codes[first]].tolist()
              for codes, uniques in factors]
    outcomes = resolver.resolve_tidy_many(*picked)
    code_out = np.array([outcome.code for outcome in outcomes], dtype=object)
    name_out = np.array([outcome.name for outcome in outcomes], dtype=object)
    reported = next((h for h in mapped if h is not None), "")
    remarkable = np.array([not o.resolved or bool(o.note) for o in outcomes], dtype=bool)
    for found in np.flatnonzero(remarkable[inverse]):
        position = int(found)
        outcome = outcomes[inverse[position]]
        header = next((h for h, (codes, _) in zip(mapped, factors, strict=True)
                       if h is not None and codes[position] >= 0), reported)
        value = checker.cell(int(position), header, None)
        if outcome.resolved:
            checker.note(int(position), header, value, outcome.note)
        else:
            checker.error(int(position), header, value, outcome.message)
    return code_out[inverse], name_out[inverse]


def _require(checker: _Checker, values: dict[str, np.ndarray[Any, Any]], key: str,
             item: ImportField, headers: Mapping[str, str]) -> None:
    column = values.get(key)
    header = headers.get(key, "")
    if column is None:
        return  # reported as a mapping problem already
    labels = ", ".join(f"« {choice.label} »" for choice in item.choices)
    failed = checker.failed_in(header)
    for position in np.flatnonzero(_missing(column) & ~failed):
        checker.error(int(position), header, "",
                      f"« {item.label} » est vide : attendu l'une de ces valeurs : {labels}.")


def _ignore_other_kinds(checker: _Checker, values: dict[str, np.ndarray[Any, Any]],
                        headers: Mapping[str, str]) -> None:
    kinds = values.get("activity_kind")
    if kinds is None:
        return
    for key, allowed in _KIND_FIELDS.items():
        column = values.get(key)
        if column is None or key not in headers:
            continue
        elsewhere = pd.Series(kinds, dtype=object).isin(
            [kind.value for kind in ActivityKind if kind.value not in allowed]).to_numpy(bool)
        for position in np.flatnonzero(elsewhere & ~_missing(column)):
            header = headers[key]
            checker.note(int(position), header, checker.cell(int(position), header, None),
                         f"« {header} » ne s'applique pas à {_KIND_WORDS[kinds[position]]} : "
                         "valeur ignorée.")
            column[position] = None


def _title(checker: _Checker, values: dict[str, np.ndarray[Any, Any]],
           headers: Mapping[str, str], by_key: Mapping[str, ImportField]) -> None:
    size = len(checker.frame)
    titles = values.setdefault("title", np.full(size, None, dtype=object))
    empty = _missing(titles)
    if empty.any():
        # "Reprise d'entreprise – Boulangerie – Riom", from whatever parts the row has: the
        # kind's label, the first part given of job, trade or need (cut at 60 characters),
        # the commune; pieces joined on object arrays, no Python loop over the rows.
        positions = np.flatnonzero(empty)
        labels = {kind.value: kind.label for kind in ActivityKind}
        kinds = values["activity_kind"][positions]
        kind_text = np.asarray(pd.Series(kinds, dtype=object).map(labels).where(
            ~pd.isna(kinds), "").fillna(""), dtype=object)
        what = np.full(len(positions), None, dtype=object)
        for key in ("job_title", "naf_label", "need"):
            if key in values:
                part = values[key][positions]
                take = pd.isna(what) & ~pd.isna(part)
                what[take] = part[take]
        what[pd.isna(what)] = ""
        long = np.fromiter((len(w) > 60 for w in what), dtype=bool, count=len(what))
        what[long] = [w[:57] + "…" for w in what[long]]
        communes = values["commune_name"][positions]
        commune_text = np.where(pd.isna(communes), "", communes).astype(object)
        has_kind, has_what = kind_text != "", what != ""
        has_commune = commune_text != ""
        joined = (kind_text + np.where(has_kind & (has_what | has_commune), " – ", "")
                  .astype(object) + what + np.where(has_what & has_commune, " – ", "")
                  .astype(object) + commune_text)
        joined[joined == ""] = None
        titles[positions] = joined
    header = headers.get("title", "")
    lengths = np.fromiter((len(t) if isinstance(t, str) else 0 for t in titles), dtype=np.int64,
                          count=len(titles))
    checker.check(titles, header, lengths > TITLE_MAX_LENGTH,
                  lambda t, _: f"Le titre fait {len(t)} caractères : attendu "
                               f"{TITLE_MAX_LENGTH} au plus.")
    checker.check(titles, header, _missing(titles),
                  lambda _, __: f"« {by_key['title'].label} » est vide : attendu un intitulé "
                                "court.")


def _absent(value: Any) -> bool:
    """Missing as pandas sees it (None, NaN, NA), for one value."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _missing(column: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    missing: np.ndarray[Any, Any] = pd.isna(column)
    return missing


def _negative(label: str) -> Callable[[Any, str], str]:
    def message(value: Any, shown: str) -> str:
        return (f"{label} ne peut pas être négatif (saisi : {shown or show(value)}) : "
                "attendu 0 ou plus.")
    return message


def _not_in_future(checker: _Checker, values: dict[str, np.ndarray[Any, Any]],
                   headers: Mapping[str, str], key: str, today: date) -> None:
    if key in values:
        column = values[key]
        later = np.fromiter((d is not None and d > today for d in column), dtype=bool,
                            count=len(column))
        checker.check(column, headers.get(key, ""), later,
                      lambda d, _: f"La date de vérification {d:%d/%m/%Y} est dans le futur : "
                                f"attendu le {today:%d/%m/%Y} au plus tard.")


def _typed(key: str, column: np.ndarray[Any, Any] | None, valid: np.ndarray[Any, Any],
           index: pd.Index) -> pd.Series:
    data = column[valid] if column is not None else np.full(int(valid.sum()), None, dtype=object)
    if key in _BOOL_KEYS:
        return pd.Series(np.asarray(data, dtype=bool), index=index)
    if key in _FLOAT_KEYS or key in _INT_KEYS:
        # Masked arrays built directly: pandas' own coercion of an object array to Float64
        # looks at each cell again, and costs a tenth of a second on 100k rows.
        missing = np.asarray(pd.isna(data), dtype=bool)
        numbers = np.where(missing, 0, data)
        if key in _FLOAT_KEYS:
            floats = pd.arrays.FloatingArray(numbers.astype(np.float64), missing)
            return pd.Series(floats, index=index)
        integers = pd.arrays.IntegerArray(numbers.astype(np.int64), missing)
        return pd.Series(integers, index=index)
    # Text, choices and dates stay Python objects, None when missing (no NaN in text).
    return pd.Series(data, index=index, dtype=object)


def _empty_clean(columns: Sequence[str]) -> pd.DataFrame:
    index = pd.RangeIndex(0)
    frame = pd.DataFrame({key: _typed(key, None, np.zeros(0, dtype=bool), index)
                          for key in columns}, index=index)
    frame.index.name = "ligne"
    return frame


def _records(clean: pd.DataFrame) -> list[dict[str, Any]]:
    columns: dict[str, list[Any]] = {}
    for key in clean.columns:
        column = clean[key]
        columns[str(key)] = column.astype(object).where(column.notna(), None).tolist()
    keys = list(columns)
    return [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]


_ACTIVITY_KINDS = {kind.value: kind for kind in ActivityKind}
_STATUSES = {status.value: status for status in OfferStatus}
_CONFIDENTIALITIES = {level.value: level for level in Confidentiality}
_RECEPTIVITY_KINDS = {kind.value: kind for kind in ReceptivityKind}


def _offer(record: Mapping[str, Any]) -> Offer:
    activity = Activity(
        kind=_ACTIVITY_KINDS[record["activity_kind"]], naf_code=record["naf_code"],
        naf_label=record["naf_label"], turnover=record["turnover"],
        net_result=record["net_result"], headcount=record["headcount"],
        asking_price=record["asking_price"], sale_reason=record["sale_reason"],
        target_date=record["target_date"], job_title=record["job_title"],
        contract=record["contract"], working_time=record["working_time"],
        gross_annual_salary=record["gross_annual_salary"], need=record["need"],
        contract_months=record["contract_months"], weekly_hours=record["weekly_hours"],
        salary_min=record["salary_min"], salary_max=record["salary_max"],
        salary_period=record["salary_period"], salary_note=record["salary_note"],
        start_date=record["start_date"], start_asap=bool(record["start_asap"]))
    return Offer(
        title=record["title"], commune_insee=record["commune_insee"], activity=activity,
        status=_STATUSES[record["status"]], source_partner=record["source_partner"] or "",
        confidentiality=_CONFIDENTIALITIES[record["confidentiality"]],
        description=record["description"] or "",
        living_environment=record["living_environment"] or "",
        verified_on=record["verified_on"])


def _receptivity_item(record: Mapping[str, Any]) -> ReceptivityItem:
    return ReceptivityItem(
        kind=_RECEPTIVITY_KINDS[record["kind"]], description=record["description"] or "",
        surface_m2=record["surface_m2"], rooms=record["rooms"],
        monthly_rent=record["monthly_rent"], price=record["price"],
        available_from=record["available_from"], available_now=bool(record["available_now"]))


_HELP_FOOTER = (
    "Les lignes vides sont ignorées. Une ligne qui contient une erreur n'est pas importée : le "
    "rapport d'erreurs indique la ligne, la colonne, la valeur trouvée et ce qui est attendu.")


def _safe_cell(value: str) -> str:
    return cells.text(value)


__all__ = [
    "OFFER_COLUMNS",
    "RECEPTIVITY_COLUMNS",
    "RowError",
    "RowNote",
    "ValidationResult",
    "error_report_csv",
    "plausible_mapping",
    "split_by_pillar",
    "template_xlsx",
    "validate_rows",
]
