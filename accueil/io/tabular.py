"""Uploaded spreadsheets read into one table: CSV (any French encoding), XLSX, XLS and ODS.

:func:`read_table` takes the bytes and the name of an uploaded file and returns a
:class:`ReadResult`: the sheet names (so the user can pick one), the detected header row, and a
DataFrame whose columns are the header labels and whose index is the row number the user sees
in Excel or LibreOffice. Cells keep their raw value (``str`` from a CSV; ``str``, ``int``,
``float``, ``bool``, ``date`` or ``datetime`` from a workbook), empty cells are ``None`` and
empty rows and columns are dropped. The format is decided by the content, not the extension,
and a file that is too big, too long, too wide, not a spreadsheet, or a ZIP archive that would
expand far beyond its size is refused with :class:`ImportFileError` before anything heavy is
done: an xlsx sheet's extent is read from its cell references by a streaming scan before the
workbook reader allocates it (a lone cell at XFD1048576 would ask for 512 GiB). Excel error
cells (``#N/A``, ``#DIV/0!``) are kept as their text so that validation refuses them by name. Reading
only: no mapping of columns to fields (:mod:`accueil.io.fields`), no validation
(:mod:`accueil.io.validate`), no store, no streamlit.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import PurePath
from typing import Any
from xml.etree import ElementTree

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]
import python_calamine

from accueil.domain.blank import is_blank

MEGABYTE = 1024 * 1024
HEADER_SEARCH_ROWS = 30
_WIDTH_SAMPLE_ROWS = 200
_SNIFF_CHARS = 64 * 1024
_SEPARATORS = (";", "\t", ",", "|")  # order breaks ties: French Excel writes ";"
_TEXT_EXTENSIONS = frozenset({".csv", ".txt", ".tsv"})
_BOOK_EXTENSIONS = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_ODS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_VALUE_LIKE = re.compile(r"^[\s\d.,:/\-+%€()'’]*$")
# What calamine raises on a damaged or unexpected file, besides its own error types.
_READER_ERRORS = (python_calamine.CalamineError, ValueError, TypeError, OSError, RuntimeError,
                  OverflowError, UnicodeError, zlib.error, EOFError, KeyError, IndexError,
                  MemoryError, zipfile.BadZipFile, NotImplementedError)
# The error values Excel and LibreOffice show in a cell whose formula failed, in English and
# French Excel: imported as such, so that validation says "erreur de formule" on the cell.
EXCEL_ERRORS = frozenset({
    "#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#VALEUR!", "#NOMBRE!", "#NOM?", "#NUL!", "#REF", "Err:502",
    "Err:504", "Err:508", "Err:511", "Err:522", "Err:532",
})
_ROW_REF = re.compile(rb'\br="[A-Z]{0,3}(\d{5,})"')
_WIDE_REF = re.compile(rb'\br="([A-Z]{2,3})\d+"')
_ERROR_CELL = re.compile(rb'<c\b[^>]*\bt="e"[^>]*>')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_ERROR_VALUE = re.compile(rb"<v>([^<]{1,20})</v>")
_FORMATS_HINT = "un tableur enregistré en .xlsx, .ods, .xls ou .csv"


class ImportFileError(Exception):
    """A file that cannot be read as a table; ``message`` is French and names the file."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"

    @property
    def label(self) -> str:
        return {"csv": "CSV (texte)", "xlsx": "Classeur Excel (.xlsx)",
                "xls": "Classeur Excel 97-2003 (.xls)",
                "ods": "Classeur LibreOffice (.ods)"}[self.value]


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """What a file may weigh before it is refused; the defaults suit a laptop and a browser."""

    max_bytes: int = 20 * MEGABYTE
    max_rows: int = 200_000
    max_columns: int = 1_000
    max_cells: int = 10_000_000
    max_cell_chars: int = 32_767  # what an Excel cell holds at most
    max_uncompressed_bytes: int = 200 * MEGABYTE
    max_expansion_ratio: int = 100
    # Below this many expanded bytes an archive is harmless whatever its ratio.
    expansion_floor_bytes: int = 20 * MEGABYTE


# What a file uploader of the app accepts (``st.file_uploader(max_upload_size=...)``, in MB):
# the read limit itself, so that the size the widget shows is the one applied.
UPLOAD_MB = ReadLimits().max_bytes // MEGABYTE


@dataclass(frozen=True, slots=True, eq=False)
class ReadResult:
    """One sheet of an uploaded file, as a table under its header row.

    ``frame``: columns are the header labels (unique, in file order), the index holds the row
    numbers the user sees (1-based, header lines and dropped empty rows accounted for).
    ``header_row`` is the row number of the (last) header line; ``column_letters`` gives each
    column's spreadsheet letter (``"D"``) for messages. ``encoding`` and ``separator`` are set
    for CSV files only; ``sheets`` lists the visible sheets of a workbook (empty for CSV) and
    ``sheet`` is the one read.
    """

    file_name: str
    file_format: FileFormat
    frame: pd.DataFrame
    header_row: int
    sheets: tuple[str, ...] = ()
    sheet: str | None = None
    encoding: str | None = None
    separator: str | None = None
    column_letters: dict[str, str] = field(default_factory=dict)

    def where(self, row: int | None = None, column: str | None = None) -> str:
        """``« offres.csv », feuille « 2026 », ligne 12, colonne « CA » (D)`` for messages."""
        parts = [f"« {self.file_name} »"]
        if self.sheet is not None and len(self.sheets) > 1:
            parts.append(f"feuille « {self.sheet} »")
        if row is not None:
            parts.append(f"ligne {row}")
        if column is not None:
            letter = self.column_letters.get(column)
            parts.append(f"colonne « {column} »" + (f" ({letter})" if letter else ""))
        return ", ".join(parts)


def read_table(data: bytes, file_name: str, *, sheet: str | None = None,
               limits: ReadLimits | None = None) -> ReadResult:
    """Read an uploaded file into a :class:`ReadResult`; raises :class:`ImportFileError`.

    ``sheet`` picks a sheet of a workbook by name; by default the first visible sheet holding
    data is read. The file's format is detected from its content.
    """
    limits = limits or ReadLimits()
    name = PurePath(file_name).name or "fichier"
    if not data:
        raise ImportFileError(f"Le fichier « {name} » est vide : il ne contient aucune ligne.")
    if len(data) > limits.max_bytes:
        raise ImportFileError(
            f"Le fichier « {name} » pèse {_megabytes(len(data))} ; "
            f"{_megabytes(limits.max_bytes)} au plus sont acceptés. Supprimez les colonnes ou "
            "les feuilles inutiles, ou découpez-le en plusieurs fichiers.")
    file_format = detect_format(data, name, limits)
    if file_format is FileFormat.CSV:
        return _read_csv(data, name, limits)
    return _read_workbook(data, name, file_format, sheet, limits)


def detect_format(data: bytes, file_name: str, limits: ReadLimits | None = None) -> FileFormat:
    """The real format of ``data``, whatever its extension; refuses what is not a spreadsheet.

    A ZIP archive (xlsx, ods) has its members listed and is checked against zip bombs (declared
    and actual expanded sizes) before any reader opens it.
    """
    limits = limits or ReadLimits()
    extension = PurePath(file_name).suffix.lower()
    if data[:2] == b"PK":
        return _zip_format(data, file_name, limits)
    if data[:8] == _OLE_MAGIC:
        return FileFormat.XLS
    kind = _binary_kind(data)
    if kind is not None:
        raise ImportFileError(
            f"Le fichier « {file_name} » est {kind}, pas un tableau : attendu {_FORMATS_HINT}.")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and (b"<html" in head or b"<table" in head or b"<!doctype" in head):
        raise ImportFileError(
            f"Le fichier « {file_name} » est une page web (HTML), même s'il porte l'extension "
            f"{extension or 'absente'} : ouvrez-le dans Excel ou LibreOffice puis enregistrez-le "
            "en .xlsx ou en .csv.")
    if head.startswith(b"<?xml"):
        raise ImportFileError(
            f"Le fichier « {file_name} » est un document XML (ancien « classeur XML » d'Excel ?) : "
            "ouvrez-le dans Excel ou LibreOffice puis enregistrez-le en .xlsx.")
    if extension in _BOOK_EXTENSIONS:
        raise ImportFileError(
            f"Le fichier « {file_name} » porte l'extension {extension} mais ne contient pas un "
            "classeur : son contenu est du texte. S'il s'agit d'un export CSV, renommez-le en "
            ".csv ; sinon ouvrez-le dans votre tableur et enregistrez-le en .xlsx.")
    if extension not in _TEXT_EXTENSIONS:
        raise ImportFileError(
            f"Le fichier « {file_name} » a l'extension « {extension or 'aucune'} », qui n'est pas "
            f"celle d'un tableau : attendu {_FORMATS_HINT}.")
    return FileFormat.CSV


def decode_text(data: bytes, file_name: str = "fichier") -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding, French files in mind.

    A byte-order mark decides (UTF-8, UTF-16); otherwise strict UTF-8 is tried, then
    Windows-1252 (what Excel writes on a French Windows), then Latin-1, which accepts any byte.
    Text with NUL bytes or many control characters is refused as not text.
    """
    encodings: list[tuple[str, str]]
    if data.startswith(codecs.BOM_UTF8):
        encodings = [("utf-8-sig", "UTF-8 (avec BOM)")]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = [("utf-16", "UTF-16")]
    elif _looks_utf16(data, 1):
        encodings = [("utf-16-le", "UTF-16")]
    elif _looks_utf16(data, 0):
        encodings = [("utf-16-be", "UTF-16 (gros-boutiste)")]
    else:
        encodings = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")]
    for codec, label in encodings:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        _check_is_text(text, file_name)
        return text, label
    raise ImportFileError(
        f"Le fichier « {file_name} » n'est pas un texte lisible ({encodings[0][1]} annoncé mais "
        f"invalide) : attendu {_FORMATS_HINT}.")


def sniff_separator(text: str) -> str:
    """The column separator of a CSV text: the one giving the most rows of the same width.

    Counting happens with quotes honoured, on the first 64 kB; ``;`` wins ties, as French
    Excel writes it, and a text with no separator at all is a single column (``;``).
    """
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    best, best_score = ";", (0, 0)
    for separator in _SEPARATORS:
        if separator not in sample:
            continue
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=separator)
                      if any(cell.strip() for cell in row)]
        except csv.Error:
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (count, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = separator, score
    return best


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- CSV -----------------------------------------------------------------------------------


def _read_csv(data: bytes, name: str, limits: ReadLimits) -> ReadResult:
    text, encoding = decode_text(data, name)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # "CSV (Macintosh)": lines end with CR alone
    separator = sniff_separator(text)
    lines = text.count("\n") + 1
    if lines > 5 * limits.max_rows + HEADER_SEARCH_ROWS:
        raise _too_many_rows(name, None, lines, limits)
    width = text.count(separator, 0, _SNIFF_CHARS) // max(1, text.count("\n", 0, _SNIFF_CHARS))
    if lines * (width + 1) > limits.max_cells:
        raise ImportFileError(
            f"Le fichier « {name} » compte environ {_thousands(lines)} lignes de "
            f"{_thousands(width + 1)} colonnes, soit plus de {_thousands(limits.max_cells)} "
            "cellules : supprimez les colonnes inutiles ou découpez-le en plusieurs fichiers.")
    raw = _csv_frame(text, separator, name)
    _check_width(raw.shape[1], name, None, limits)
    if not _cells_fit_in_lines(text, len(raw), limits):
        _check_cell_lengths(raw, name, limits)
    # Spaces after a separator are skipped by the parser; trailing ones are left to the field
    # parsers, which strip, because stripping every cell here would double the reading time.
    # The parser gives text only, "" for an empty cell: which cells hold something is known
    # from that test alone, and serves again to drop empty rows and columns.
    index = raw.index + 1  # record number as the spreadsheet shows it
    filled_columns: dict[int, np.ndarray[Any, Any]] = {}
    kept: dict[int, pd.Series] = {}
    for position, (_, column) in enumerate(raw.items()):
        texts: np.ndarray[Any, Any] = column.to_numpy(dtype=object)
        mask: np.ndarray[Any, Any] = texts != ""
        filled_columns[position] = mask
        texts = texts.copy()
        texts[~mask] = None
        kept[position] = pd.Series(texts, index=index, dtype="object")
    cells = pd.DataFrame(kept, index=index)
    window = cells.head(_WIDTH_SAMPLE_ROWS)
    head_rows: list[list[Any]] = [
        [cell if cell is not None else "" for cell in row]
        for row in window.itertuples(index=False, name=None)]
    header = _find_header(head_rows, merged_across=set(), file_name=name, sheet=None)
    frame, letters = _frame_below(cells, head_rows, header,
                                  filled=pd.DataFrame(filled_columns, index=index))
    _check_rows(frame, name, None, limits)
    return ReadResult(name, FileFormat.CSV, frame, header.last_row + 1, encoding=encoding,
                      separator=separator, column_letters=letters)


def _csv_frame(text: str, separator: str, name: str) -> pd.DataFrame:
    sample = text[:_SNIFF_CHARS]
    try:
        width = max((len(row) for row in csv.reader(io.StringIO(sample), delimiter=separator)),
                    default=1)
        return pd.read_csv(io.StringIO(text), sep=separator, header=None, names=range(width),
                           index_col=False, dtype=object, keep_default_na=False,
                           na_filter=False, skip_blank_lines=False, skipinitialspace=True,
                           engine="c")
    except (pd.errors.ParserError, csv.Error, ValueError):
        pass  # rows wider than the first ones, or stray quotes: the csv module copes
    reader = csv.reader(io.StringIO(text), delimiter=separator, skipinitialspace=True)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise ImportFileError(
            f"Le fichier « {name} » n'est pas un CSV valable (ligne {reader.line_num} : "
            f"{_csv_problem(error)}) : vérifiez les guillemets, ou enregistrez-le à nouveau "
            "depuis votre tableur.") from None
    width = max((len(row) for row in rows), default=1)
    return pd.DataFrame([row + [""] * (width - len(row)) for row in rows],
                        columns=range(width), dtype=object)


def _csv_problem(error: csv.Error) -> str:
    """Python's csv error in French: it speaks English, and the user reads French."""
    text = str(error)
    if "new-line character" in text:
        return "un retour à la ligne au milieu d'une cellule sans guillemets"
    if "field larger than field limit" in text:
        return "une cellule démesurément longue"
    if "NUL" in text or "null byte" in text:
        return "un caractère nul (octet 0)"
    if "expected" in text and "after" in text:
        return "un guillemet mal placé"
    return "une ligne mal formée"


def _check_width(width: int, name: str, sheet: str | None, limits: ReadLimits) -> None:
    if width > limits.max_columns:
        where = (f"La feuille « {sheet} » du classeur « {name} »" if sheet
                 else f"Le fichier « {name} »")
        raise ImportFileError(
            f"{where} compte {_thousands(width)} colonnes ; {_thousands(limits.max_columns)} au "
            "plus sont acceptées. Supprimez les colonnes inutiles (ou vides à droite du "
            "tableau), puis importez-le à nouveau.")


def _cells_fit_in_lines(text: str, records: int, limits: ReadLimits) -> bool:
    """Whether no cell of ``text`` can be longer than a spreadsheet holds, seen from its lines:
    when each line gave one record (no quoted cell runs over a line break, no line ending
    with a lone CR), every cell lies within one line, so no longer than the longest line.
    The lines are not split out (0,08 s for 15 Mo): a line longer than the limit ``L`` holds
    a whole aligned block of ``(L + 1) // 2`` characters without a line break, so looking for
    a break in each such block (a few hundred ``str.find``) proves that none is; only a file
    with a block without break has its lines measured. The length of every cell, 0,3 s."""
    limit = limits.max_cell_chars
    if len(text) <= limit:
        return True
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if records != lines or text.count("\r") != text.count("\r\n"):
        return False
    block = max(1, (limit + 1) // 2)
    if all(text.find("\n", start, start + block) >= 0
           for start in range(0, len(text) - block + 1, block)):
        return True
    return max(map(len, text.split("\n"))) <= limit


def _check_cell_lengths(frame: pd.DataFrame, name: str, limits: ReadLimits) -> None:
    """Refuse a cell longer than a spreadsheet holds, saying where it is."""
    for position, (_, column) in enumerate(frame.items()):
        lengths = column.str.len() if column.dtype == object else None
        if lengths is None:
            continue
        longest = lengths.max()
        if longest is not None and not pd.isna(longest) and longest > limits.max_cell_chars:
            row = int(lengths.to_numpy().argmax()) + 1
            raise ImportFileError(
                f"Le fichier « {name} », ligne {row}, colonne {column_letter(position)}, a une "
                f"cellule de {_thousands(int(longest))} caractères ; "
                f"{_thousands(limits.max_cell_chars)} au plus (la limite d'Excel). Un guillemet "
                "ouvert et jamais fermé en est souvent la cause.")


# --- Workbooks -----------------------------------------------------------------------------


def _read_workbook(data: bytes, name: str, file_format: FileFormat, sheet: str | None,
                   limits: ReadLimits) -> ReadResult:
    extents: dict[str, _Extent] = {}
    if file_format is FileFormat.XLSX:
        extents = _xlsx_extents(data, name)
    elif file_format is FileFormat.ODS:
        extents = _ods_extents(data, name)
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise ImportFileError(
            f"Le classeur « {name} » est protégé par un mot de passe : retirez la protection "
            "dans votre tableur, enregistrez, puis importez-le à nouveau.") from None
    except _READER_ERRORS:
        raise ImportFileError(
            f"Le classeur « {name} » est illisible ({file_format.label} endommagé ?) : "
            "ouvrez-le dans votre tableur et enregistrez-le à nouveau.") from None
    with book:
        visible = tuple(
            meta.name for meta in book.sheets_metadata
            if meta.visible == python_calamine.SheetVisibleEnum.Visible
            and meta.typ == python_calamine.SheetTypeEnum.WorkSheet)
        sheets = visible or tuple(book.sheet_names)
        if sheet is not None and sheet not in book.sheet_names:
            raise ImportFileError(
                f"Le classeur « {name} » n'a pas de feuille « {sheet} » : "
                f"feuilles présentes : {_quoted(sheets)}.")
        candidates = [sheet] if sheet is not None else list(sheets)
        for candidate in candidates:
            extent = extents.get(candidate)
            if extent is not None:
                _check_extent(extent.rows, extent.columns, name, candidate, limits)
            rows, merged = _sheet_rows(book, candidate, name, limits, data, file_format)
            if extent is not None:
                _restore_errors(rows, extent.errors)
            if any(any(not is_blank(cell) for cell in row) for row in rows):
                return _workbook_result(rows, merged, name, file_format, sheets, candidate,
                                        limits)
    if sheet is not None:
        others = [s for s in sheets if s != sheet]
        hint = f" ; les autres feuilles : {_quoted(others)}" if others else ""
        raise ImportFileError(f"La feuille « {sheet} » du classeur « {name} » est vide{hint}.")
    raise ImportFileError(f"Le classeur « {name} » ne contient aucune donnée.")


def _sheet_rows(book: python_calamine.CalamineWorkbook, sheet: str, name: str,
                limits: ReadLimits, data: bytes,
                file_format: FileFormat) -> tuple[list[list[Any]], set[tuple[int, int]]]:
    try:
        content = book.get_sheet_by_name(sheet)
    except _READER_ERRORS:
        raise ImportFileError(
            f"La feuille « {sheet} » du classeur « {name} » est illisible : ouvrez le classeur "
            "dans votre tableur et enregistrez-le à nouveau.") from None
    end = content.end
    if end is None:
        return [], set()
    _check_extent(end[0] + 1, end[1] + 1, name, sheet, limits)
    try:
        rows: list[list[Any]] = content.to_python(skip_empty_area=False)
    except _READER_ERRORS:
        raise ImportFileError(
            f"La feuille « {sheet} » du classeur « {name} » est illisible : ouvrez le classeur "
            "dans votre tableur et enregistrez-le à nouveau.") from None
    for row in rows:
        for index, cell in enumerate(row):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                raise ImportFileError(
                    f"La feuille « {sheet} » du classeur « {name} » a une cellule de "
                    f"{_thousands(len(cell))} caractères (colonne {column_letter(index)}) ; "
                    f"{_thousands(limits.max_cell_chars)} au plus.")
            if isinstance(cell, float) and not math.isfinite(cell):
                row[index] = "#NOMBRE!"  # an overflowed number: refused by name, like Excel
    ranges = content.merged_cell_ranges
    if ranges is None and file_format is FileFormat.ODS:
        ranges = _ods_merged_ranges(data, sheet)
    merged_across = _fill_merged(rows, ranges or [])
    return rows, merged_across


def _check_extent(height: int, width: int, name: str, sheet: str, limits: ReadLimits) -> None:
    if height > limits.max_rows + HEADER_SEARCH_ROWS:
        raise _too_many_rows(name, sheet, height, limits)
    if height * width > limits.max_cells:
        raise ImportFileError(
            f"La feuille « {sheet} » du classeur « {name} » s'étend jusqu'à la ligne "
            f"{_thousands(height)} et la colonne {column_letter(width - 1)} "
            f"({_thousands(height * width)} cellules ; {_thousands(limits.max_cells)} au plus) : "
            "supprimez les lignes et colonnes vides en bas et à droite du tableau.")
    _check_width(width, name, sheet, limits)


@dataclass(frozen=True, slots=True)
class _Extent:
    """How far an xlsx sheet's cells reach, and its error cells ((row, column) → text)."""

    rows: int
    columns: int
    errors: dict[tuple[int, int], str]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _xlsx_extents(data: bytes, name: str) -> dict[str, _Extent]:
    """Each sheet's extent from its cell references, read by streaming the sheet XML.

    Done before the workbook reader runs, which allocates a sheet's whole rectangle at once.
    A regular expression over decompressed chunks: rows of five digits or more and columns of
    two letters or more are the only references that can make a sheet large, so short ones
    cost nothing. The archive was checked against zip bombs already.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = _xlsx_sheet_parts(archive)
            extents: dict[str, _Extent] = {}
            for sheet, part in parts.items():
                rows, columns = 1, 1
                errors: dict[tuple[int, int], str] = {}
                tail = b""
                with archive.open(part) as stream:
                    while chunk := stream.read(MEGABYTE):
                        window = tail + chunk
                        for found in _ROW_REF.findall(window):
                            rows = max(rows, int(found))
                        for letters in set(_WIDE_REF.findall(window)):
                            columns = max(columns, _column_number(letters))
                        for cell in _ERROR_CELL.finditer(window):
                            reference = _CELL_REF.search(cell.group())
                            value = _ERROR_VALUE.search(window, cell.end(), cell.end() + 400)
                            if reference and len(errors) < 10_000:
                                key = (int(reference[2]) - 1,
                                       _column_number(reference[1]) - 1)
                                errors[key] = (value[1].decode("utf-8", "replace")
                                               if value else "#N/A")
                        tail = window[-64:]
                extents[sheet] = _Extent(rows, columns, errors)
            return extents
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
            ElementTree.ParseError, RuntimeError, NotImplementedError):
        raise ImportFileError(
            f"Le classeur « {name} » est illisible (Classeur Excel (.xlsx) endommagé ?) : "
            "ouvrez-le dans votre tableur et enregistrez-le à nouveau.") from None


_ODS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"


def _ods_extents(data: bytes, name: str) -> dict[str, _Extent]:
    """Each ODS sheet's extent, from ``content.xml`` read as a stream, before the workbook
    reader runs (it allocates a sheet's whole rectangle at once).

    An ODS file says « this cell, 16 384 times » (``table:number-columns-repeated``) and « this
    row, a million times » (``table:number-rows-repeated``): a few bytes for a huge sheet. Only
    cells that hold something (a value type or a text) extend the sheet: LibreOffice writes the
    empty remainder of every row and of the sheet as such repeats, and they cost the reader
    nothing. Each row is dropped once counted; Python's expat refuses entity expansion attacks.
    """
    repeated_columns = f"{{{_ODS_TABLE}}}number-columns-repeated"
    repeated_rows = f"{{{_ODS_TABLE}}}number-rows-repeated"
    value_type = f"{{{_ODS_OFFICE}}}value-type"
    extents: dict[str, _Extent] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
            table: ElementTree.Element | None = None
            sheet, row, column, rows, columns, row_end = "", 0, 0, 0, 0, 0
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = element.tag.rpartition("}")[2]
                if tag == "table":
                    if event == "start":
                        table, sheet = element, element.get(f"{{{_ODS_TABLE}}}name", "")
                        row = rows = columns = 0
                    else:
                        extents[sheet] = _Extent(max(rows, 1), max(columns, 1), {})
                        element.clear()
                        table = None
                elif table is None:
                    continue
                elif tag == "table-row" and event == "start":
                    column = row_end = 0
                elif tag == "table-row":
                    count = max(1, int(element.get(repeated_rows, "1")))
                    if row_end:
                        rows, columns = row + count, max(columns, row_end)
                    row += count
                    table.clear()  # the rows counted are not kept
                elif tag in ("table-cell", "covered-table-cell") and event == "end":
                    column += max(1, int(element.get(repeated_columns, "1")))
                    if element.get(value_type) is not None or len(element):
                        row_end = column
                    element.clear()
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
            ElementTree.ParseError, RuntimeError, NotImplementedError):
        raise ImportFileError(
            f"Le classeur « {name} » est illisible (Classeur OpenDocument (.ods) endommagé ?) : "
            "ouvrez-le dans votre tableur et enregistrez-le à nouveau.") from None
    return extents


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part in the archive (``xl/worksheets/sheet1.xml``)."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    names = set(archive.namelist())
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for relation in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")):
            target = relation.get("Target", "").lstrip("/")
            targets[relation.get("Id", "")] = target if target.startswith("xl/") else f"xl/{target}"
    parts: dict[str, str] = {}
    for element in book.iter(f"{main}sheet"):
        part = targets.get(element.get(f"{rel}id", ""), "")
        if part in names:
            parts[element.get("name", "")] = part
    return parts


def _restore_errors(rows: list[list[Any]], errors: Mapping[tuple[int, int], str]) -> None:
    """Put back the error text of formula cells that the workbook reader turned into nothing."""
    for (row, column), text in errors.items():
        if row < len(rows) and column < len(rows[row]) and rows[row][column] in (None, ""):
            rows[row][column] = text if text in EXCEL_ERRORS else "#N/A"


def _ods_merged_ranges(data: bytes, sheet: str,
                       max_rows: int = _WIDTH_SAMPLE_ROWS) -> list[tuple[tuple[int, int],
                                                                         tuple[int, int]]]:
    """Merged cells of an ODS sheet's first rows, which calamine does not report for ODS.

    Reads ``content.xml`` as a stream and stops after ``max_rows`` rows of the sheet: merges
    matter for the header, and the archive was already checked against zip bombs. Python's
    expat refuses entity expansion attacks.
    """
    ranges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    in_sheet, row, column = False, 0, 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                tag = element.tag.rpartition("}")[2]
                if tag == "table" and event == "start":
                    in_sheet = element.get(f"{{{_ODS_TABLE}}}name") == sheet
                    row = 0
                elif tag == "table" and in_sheet:
                    break
                elif not in_sheet:
                    if event == "end":
                        element.clear()
                elif tag == "table-row" and event == "start":
                    column = 0
                elif tag == "table-row":
                    row += int(element.get(f"{{{_ODS_TABLE}}}number-rows-repeated", "1"))
                    element.clear()
                    if row >= max_rows:
                        break
                elif tag in ("table-cell", "covered-table-cell") and event == "start":
                    across = int(element.get(f"{{{_ODS_TABLE}}}number-columns-spanned", "1"))
                    down = int(element.get(f"{{{_ODS_TABLE}}}number-rows-spanned", "1"))
                    if across > 1 or down > 1:
                        ranges.append(((row, column), (row + down - 1, column + across - 1)))
                    column += int(element.get(f"{{{_ODS_TABLE}}}number-columns-repeated", "1"))
    except (ElementTree.ParseError, KeyError, ValueError, zipfile.BadZipFile):
        return []  # merges are a comfort: without them the sheet is still read
    return ranges


def _fill_merged(rows: list[list[Any]],
                 ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> set[tuple[int, int]]:
    """Copy each merged range's value into all its cells, as the user sees it on screen.

    Returns the (row, column) of the cells that a horizontal merge filled, which tells a group
    header ("Activité" over three columns) from a plain one.
    """
    across: set[tuple[int, int]] = set()
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else ""
        for row_index in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[row_index]
            for column in range(left, min(right, len(row) - 1) + 1):
                row[column] = value
                if right > left:
                    across.add((row_index, column))
    return across


def _workbook_result(rows: list[list[Any]], merged_across: set[tuple[int, int]], name: str,
                     file_format: FileFormat, sheets: tuple[str, ...], sheet: str,
                     limits: ReadLimits) -> ReadResult:
    header = _find_header(rows[:_WIDTH_SAMPLE_ROWS], merged_across, name, sheet)
    below = [[_clean_cell(cell) for cell in row] for row in rows[header.last_row + 1:]]
    cells = pd.DataFrame(below, columns=range(len(rows[0])), dtype=object)
    cells.index = pd.RangeIndex(header.last_row + 2, header.last_row + 2 + len(cells))
    frame, letters = _frame_below(cells, rows, header, already_below=True)
    _check_rows(frame, name, sheet, limits)
    return ReadResult(name, file_format, frame, header.last_row + 1, sheets=sheets, sheet=sheet,
                      column_letters=letters)


# --- Header detection ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Header:
    first_row: int  # 0-based
    last_row: int  # 0-based; differs from first_row for a two-line header
    labels: list[str]  # one per column of the sheet, "" where the header cell is empty


def _find_header(rows: list[list[Any]], merged_across: set[tuple[int, int]], file_name: str,
                 sheet: str | None) -> _Header:
    """The first row whose cells are mostly filled with text, among the first 30.

    Title lines above a table fill one or two cells and are skipped; a row whose cells were
    filled by a horizontal merge, followed by another text row, is a two-line header.
    """
    width = max((_filled(row) for row in rows), default=0)
    if width == 0:
        where = f"La feuille « {sheet} » du classeur" if sheet else "Le fichier"
        raise ImportFileError(f"{where} « {file_name} » ne contient aucune donnée.")
    needed = 1 if width == 1 else max(2, math.ceil(width / 2))
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if not _header_like(row, needed):
            continue
        upper = [_label(cell) for cell in row]
        below = rows[index + 1] if index + 1 < len(rows) else []
        grouped = any((index, column) in merged_across for column in range(len(row)))
        if grouped and _header_like(below, needed) and _all_text(below):
            lower = [_label(cell) for cell in below]
            return _Header(index, index + 1, _combine(upper, lower))
        return _Header(index, index, upper)
    where = f"de la feuille « {sheet} » du classeur" if sheet else "du fichier"
    raise ImportFileError(
        f"Aucune ligne d'en-tête dans les {HEADER_SEARCH_ROWS} premières lignes {where} "
        f"« {file_name} » : attendu une ligne portant le nom de chaque colonne (par ex. "
        "« Titre », « Commune », « Chiffre d'affaires ») au-dessus des données.")


def _header_like(row: list[Any], needed: int) -> bool:
    filled = [cell for cell in row if not is_blank(cell)]
    if len(filled) < needed:
        return False
    if needed > 1 and len({_label(cell) for cell in filled}) < 2:
        return False  # a title merged across the table repeats one text: not a header
    texts = sum(1 for cell in filled if isinstance(cell, str) and not _VALUE_LIKE.match(cell))
    return texts >= 0.8 * len(filled)


def _all_text(row: list[Any]) -> bool:
    return all(isinstance(cell, str) and not _VALUE_LIKE.match(cell)
               for cell in row if not is_blank(cell))


def _combine(upper: list[str], lower: list[str]) -> list[str]:
    size = max(len(upper), len(lower))
    upper = upper + [""] * (size - len(upper))
    lower = lower + [""] * (size - len(lower))
    plain = [low or up for up, low in zip(upper, lower, strict=True)]
    repeated = Counter(plain)
    return [f"{up} – {low}" if low and up and up != low and repeated[low] > 1 else label
            for up, low, label in zip(upper, lower, plain, strict=True)]


def _frame_below(cells: pd.DataFrame, head_rows: list[list[Any]], header: _Header,
                 already_below: bool = False, filled: pd.DataFrame | None = None,
                 ) -> tuple[pd.DataFrame, dict[str, str]]:
    """The data under the header: labelled columns, empty rows and columns dropped.

    ``filled``, when the caller knows it, says which cells hold something (same shape and
    index as ``cells``), saving a pass over every cell."""
    if filled is None:
        filled = cells.notna()
    if not already_below:
        cells = cells.iloc[header.last_row + 1:]
        filled = filled.iloc[header.last_row + 1:]
    keep_rows = filled.any(axis=1)
    if not keep_rows.all():
        cells = cells.loc[keep_rows]
        filled = filled.loc[keep_rows]
    columns_with_data = filled.any(axis=0)
    labels: list[str] = []
    positions: list[int] = []
    letters: dict[str, str] = {}
    seen: Counter[str] = Counter()
    for position in range(cells.shape[1]):
        label = header.labels[position] if position < len(header.labels) else ""
        if not label and not bool(columns_with_data.iloc[position]):
            continue
        label = label or f"Colonne {column_letter(position)}"
        seen[label] += 1
        if seen[label] > 1:
            label = f"{label} ({seen[label]})"
        labels.append(label)
        positions.append(position)
        letters[label] = column_letter(position)
    frame = cells.iloc[:, positions]  # a new frame (copy on write): cells stay as they were
    frame.columns = labels
    frame.index.name = "ligne"
    return frame, letters


def _check_rows(frame: pd.DataFrame, name: str, sheet: str | None, limits: ReadLimits) -> None:
    if len(frame) > limits.max_rows:
        raise _too_many_rows(name, sheet, len(frame), limits)


# --- Cells ---------------------------------------------------------------------------------


def _filled(row: list[Any]) -> int:
    return sum(1 for cell in row if not is_blank(cell))


def _label(cell: Any) -> str:
    if is_blank(cell):
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return f"{cell:%d/%m/%Y}"
    return " ".join(str(cell).split())


def _clean_cell(cell: Any) -> Any:
    if isinstance(cell, str):
        cell = cell.strip()
        return cell or None
    return cell


# --- Safety checks -------------------------------------------------------------------------


def _zip_format(data: bytes, file_name: str, limits: ReadLimits) -> FileFormat:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, zlib.error,
            OverflowError, NotImplementedError):  # "zip file version 23.3": a damaged directory
        raise ImportFileError(
            f"Le fichier « {file_name} » est une archive ZIP endommagée ou incomplète : "
            f"attendu {_FORMATS_HINT}. Réessayez l'envoi, ou enregistrez-le à nouveau.") from None
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        declared = sum(member.file_size for member in members)
        _check_expansion(declared, len(data), file_name, limits)
        if "xl/workbook.xml" in names:
            file_format = FileFormat.XLSX
        elif "mimetype" in names and _member_head(archive, "mimetype") == _ODS_MIMETYPE:
            file_format = FileFormat.ODS
        else:
            raise ImportFileError(
                f"Le fichier « {file_name} » est "
                f"{_zip_kind(names, _member_head(archive, 'mimetype'))}, pas un classeur : "
                f"attendu {_FORMATS_HINT}.")
        _check_actual_expansion(archive, members, len(data), file_name, limits)
    return file_format


def _member_head(archive: zipfile.ZipFile, member: str) -> bytes:
    """The first bytes of ``member``, or b"" when the archive cannot give them."""
    try:
        with archive.open(member) as stream:
            return stream.read(100).strip()
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, RuntimeError,
            NotImplementedError):
        return b""


def _check_expansion(expanded: int, compressed: int, file_name: str, limits: ReadLimits) -> None:
    too_big = expanded > limits.max_uncompressed_bytes
    too_dense = (expanded > limits.expansion_floor_bytes
                 and expanded > limits.max_expansion_ratio * compressed)
    if too_big or too_dense:
        raise ImportFileError(
            f"Le fichier « {file_name} » ({_megabytes(compressed)}) se décompresse en "
            f"{_megabytes(expanded)}, bien au-delà de ce qu'un classeur de cette taille contient "
            f"({_megabytes(limits.max_uncompressed_bytes)} au plus, et pas plus de "
            f"{limits.max_expansion_ratio} fois sa taille) : il n'est pas importé. Enregistrez "
            "à nouveau le tableau depuis votre tableur, sans objets ni images.")


def _check_actual_expansion(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo],
                            compressed: int, file_name: str, limits: ReadLimits) -> None:
    """Expand every member once, counting bytes: a header that lies about sizes is caught here.

    zipfile stops a member at its declared size and then checks its CRC, so a member that
    would expand further fails the check instead of filling memory.
    """
    total = 0
    try:
        for member in members:
            with archive.open(member) as stream:
                while chunk := stream.read(MEGABYTE):
                    total += len(chunk)
                    _check_expansion(total, compressed, file_name, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError, zlib.error):
        raise ImportFileError(
            f"Le fichier « {file_name} » est une archive endommagée (contenu incohérent) : "
            "ouvrez-le dans votre tableur et enregistrez-le à nouveau.") from None


def _zip_kind(names: set[str], mimetype: bytes = b"") -> str:
    if "xl/workbook.bin" in names:
        return "un classeur Excel binaire (.xlsb), format non pris en charge"
    if "word/document.xml" in names:
        return "un document Word"
    if any(name.startswith("ppt/") for name in names):
        return "une présentation PowerPoint"
    if "content.xml" in names:
        kinds = {b"text": "de texte", b"presentation": "de présentation",
                 b"graphics": "de dessin"}
        kind = kinds.get(mimetype.rpartition(b".")[2])
        if mimetype.startswith(b"application/vnd.oasis.opendocument.") and kind:
            return f"un document OpenDocument {kind}"
        return "un document OpenDocument endommagé (son type est illisible)"
    return "une archive ZIP"


def _binary_kind(data: bytes) -> str | None:
    signatures = {
        b"%PDF": "un document PDF", b"\x89PNG": "une image PNG", b"\xff\xd8\xff": "une image JPEG",
        b"GIF8": "une image GIF", b"Rar!": "une archive RAR", b"7z\xbc\xaf": "une archive 7-Zip",
        b"\x1f\x8b": "une archive gzip", b"{\\rtf": "un document RTF",
    }
    for magic, kind in signatures.items():
        if data.startswith(magic):
            return kind
    return None


def _looks_utf16(data: bytes, zero_at: int) -> bool:
    """Text in UTF-16 without a byte-order mark: Latin letters put a zero byte in every other
    byte, the odd ones in little-endian (``zero_at=1``), the even ones in big-endian."""
    sample = data[:4096]
    return len(sample) >= 4 and sample[zero_at::2].count(0) > 0.9 * (len(sample) // 2)


def _check_is_text(text: str, file_name: str) -> None:
    sample = text[:_SNIFF_CHARS]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n\f")
    if "\x00" in sample or controls > max(2, len(sample) // 200):
        raise ImportFileError(
            f"Le fichier « {file_name} » ne contient pas du texte (données binaires) : "
            f"attendu {_FORMATS_HINT}.")


def _too_many_rows(name: str, sheet: str | None, rows: int, limits: ReadLimits) -> ImportFileError:
    where = f"La feuille « {sheet} » du classeur « {name} »" if sheet else f"Le fichier « {name} »"
    return ImportFileError(
        f"{where} compte {_thousands(rows)} lignes ; {_thousands(limits.max_rows)} au plus sont "
        "acceptées. Découpez-le en plusieurs fichiers, ou supprimez les lignes vides en bas "
        "du tableau.")


def _megabytes(size: int) -> str:
    if size < MEGABYTE // 10:
        kilobytes = size / 1024
        return (f"{kilobytes:.1f} Ko".replace(".", ",") if kilobytes < 10
                else f"{round(kilobytes)} Ko")
    return f"{size / MEGABYTE:.1f} Mo".replace(".", ",")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")


def _quoted(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(f"« {name} »" for name in names) or "aucune"
