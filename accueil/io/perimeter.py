"""A perimeter list read from an uploaded file: which communes a CSV or workbook names.

:func:`read_perimeter` reads the file with :func:`accueil.io.tabular.read_table`, finds the
column of INSEE codes (by its header, else by its content; a name column, when present, helps
the :class:`~accueil.io.communes.CommuneResolver` and is checked against the code), resolves
each row and returns a :class:`PerimeterFile`: the communes found, in file order and once each,
and French messages that say which row and column hold what, and what was expected. A plain
text list of codes without a header line is accepted too. Reading only: nothing is stored here,
and the caller decides what to do with rows in error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from accueil.io.communes import CommuneResolver, normalize_code
from accueil.io.numbers import is_empty, show
from accueil.io.tabular import (
    FileFormat,
    ImportFileError,
    ReadResult,
    decode_text,
    detect_format,
    read_table,
    sniff_separator,
)
from accueil.io.text import fold

_INSEE_LIKE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_CODE_HEADERS = frozenset({
    "code insee", "insee", "code commune", "code insee commune", "code insee de la commune",
    "codgeo", "code geo", "code geographique", "depcom", "com", "code", "cog", "code com",
    "code officiel geographique", "codecommune", "codeinsee", "code insee com"})
_NAME_HEADERS = frozenset({
    "nom", "commune", "nom commune", "nom de la commune", "libelle", "libgeo",
    "libelle commune", "nom com", "ncc", "libelle de la commune"})
_HEADER = "code_insee"
# Five-digit numbers that are not INSEE codes, whatever their values look like.
_NOT_CODES = frozenset({"population", "pop", "habitants", "hab", "postal", "cp", "superficie",
                        "surface", "annee", "siren", "epci", "montant"})


@dataclass(frozen=True, slots=True)
class PerimeterFile:
    """What an uploaded perimeter list holds.

    ``codes``: INSEE codes of the communes found, in file order, each once. ``errors``: rows
    that name no commune or several, or a file that cannot be read (then ``codes`` is empty).
    ``notes``: rows read with a correction worth knowing (former code, duplicate, name
    different from the code's commune). ``rows``: data rows read.
    """

    file_name: str
    codes: tuple[str, ...]
    errors: tuple[str, ...]
    notes: tuple[str, ...] = ()
    rows: int = 0
    column: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.codes)


def read_perimeter(data: bytes, file_name: str, resolver: CommuneResolver) -> PerimeterFile:
    """The communes listed in an uploaded CSV, XLSX, XLS or ODS file, with French messages."""
    try:
        table, shift = _read(data, file_name)
    except ImportFileError as error:
        return PerimeterFile(file_name, (), (error.message,))
    frame = table.frame
    column = _code_column(table)
    if column is None:
        shown = ", ".join(f"« {c} »" for c in frame.columns)
        message = (
            f"{table.where()} : aucune colonne de codes INSEE parmi les colonnes {shown}. "
            "Attendu une colonne intitulée « code_insee » dont chaque ligne porte le code "
            "INSEE d'une commune (5 caractères, par ex. 15014).")
        return PerimeterFile(file_name, (), (message,))
    names = _name_column(table, column)
    codes: dict[str, int] = {}
    errors: list[str] = []
    notes: list[str] = []
    repeated: list[str] = []
    rows = 0
    for row, code, name in zip(frame.index, frame[column],
                               frame[names] if names else [None] * len(frame), strict=True):
        if is_empty(code) and is_empty(name):
            continue
        shown_row = int(row) - shift
        where = table.where(shown_row, column)
        if not is_empty(code) and _is_header_again(code):
            continue  # a second header line, or a title above the codes
        rows += 1
        if is_empty(code):
            errors.append(f"{where} : cellule vide{_named(name)}. Attendu le code INSEE de la "
                          "commune (5 caractères, par ex. 15014).")
            continue
        resolution = resolver.resolve(code=code, name=name)
        if not resolution.resolved or resolution.code is None:
            errors.append(f"{where} : « {show(code)} » — {resolution.message}")
            continue
        if resolution.code in codes:
            repeated.append(f"{resolution.name} (lignes {codes[resolution.code]} et {shown_row})")
            continue
        codes[resolution.code] = shown_row
        if resolution.note:
            notes.append(f"{where} : {resolution.note}")
    if repeated:
        notes.append(f"{len(repeated)} commune{'s' if len(repeated) > 1 else ''} en double, "
                     f"comptée{'s' if len(repeated) > 1 else ''} une seule fois : "
                     + _listed(repeated) + ".")
    if rows == 0:
        errors.append(f"{table.where(column=column)} : aucune ligne de données sous l'en-tête. "
                      "Attendu un code INSEE de commune par ligne.")
    return PerimeterFile(file_name, tuple(codes), tuple(errors), tuple(notes), rows, column)


def _read(data: bytes, file_name: str) -> tuple[ReadResult, int]:
    """The file as a table, and how many lines were added above it (a missing header)."""
    try:
        return read_table(data, file_name), 0
    except ImportFileError as error:
        headerless = _with_header(data, file_name)
        if headerless is None:
            if "en-tête" in error.message:
                raise ImportFileError(
                    f"{error.message} Pour une simple liste de communes, écrivez « code_insee » "
                    "dans la première cellule, au-dessus des codes.") from None
            raise
        return read_table(headerless, file_name), 1


def _with_header(data: bytes, file_name: str) -> bytes | None:
    """A text list of codes without header gets one, so that it reads like any table."""
    try:
        if detect_format(data, file_name) is not FileFormat.CSV:
            return None
        text, _ = decode_text(data, file_name)
    except ImportFileError:
        return None
    separator = sniff_separator(text)
    first = next((line for line in text.splitlines() if line.strip()), "")
    cells = [cell.strip().strip('"') for cell in first.split(separator)]
    if not cells or not _INSEE_LIKE.match(normalize_code(cells[0])):
        return None
    header = separator.join([_HEADER, *(f"colonne {i}" for i in range(2, len(cells) + 1))])
    return (header + "\n" + text.lstrip("\ufeff")).encode("utf-8")


def _code_column(table: ReadResult) -> str | None:
    frame = table.frame
    for column in frame.columns:
        key = fold(str(column))
        if key in _CODE_HEADERS or "insee" in key:
            return str(column)
    best, best_share = None, 0.0
    for column in frame.columns:
        if set(fold(str(column)).split()) & _NOT_CODES:
            continue
        values = [v for v in frame[column] if not is_empty(v)]
        if not values:
            continue
        share = sum(bool(_INSEE_LIKE.match(normalize_code(v))) for v in values) / len(values)
        if share > best_share:
            best, best_share = str(column), share
    return best if best_share >= 0.5 else None


def _name_column(table: ReadResult, code_column: str) -> str | None:
    for column in table.frame.columns:
        if column != code_column and fold(str(column)) in _NAME_HEADERS:
            return str(column)
    return None


def _is_header_again(value: Any) -> bool:
    key = fold(show(value))
    return key in _CODE_HEADERS or "insee" in key


def _named(name: Any) -> str:
    return "" if is_empty(name) else f" (commune « {show(name)} »)"


def _listed(items: list[str], limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    more = len(items) - limit
    return shown + (f" et {more} autre{'s' if more > 1 else ''}" if more > 0 else "")
