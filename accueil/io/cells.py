"""Spreadsheet cells made inert: the one neutraliser for every CSV and Excel file we write.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run
as a formula by Excel and LibreOffice when the file is opened (OWASP, "CSV Injection":
``=HYPERLINK(…)`` sends data away, ``=cmd|' /C calc'!A0`` starts a program). Such text gets
a leading apostrophe, so it shows as typed. Control characters are removed: openpyxl refuses
most of them (a NUL in a title crashed the Excel exports) and they show as garbage anyway;
bidirectional overrides are removed too, since they make a cell read backwards.

:func:`cell` does one value; :class:`SafeWorkbook` is an openpyxl workbook whose sheets
neutralise every value as it is written (``append``, ``cell``, ``sheet["A1"] = …``) and once
more on save, so an export module only has to create its workbook with it;
:func:`csv_bytes` writes a table as the French CSV that Excel opens right; :func:`unquote`
undoes the apostrophe when the app reads back a file it wrote. Numbers, dates and booleans
pass unchanged. No streamlit, no store.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd  # type: ignore[import-untyped,unused-ignore]
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.worksheet import (  # type: ignore[import-untyped,unused-ignore]
    Worksheet,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Kept: tab, line feed and carriage return, which a cell may hold inside its text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Excel's limit for the text of one cell; openpyxl writes more, and Excel then repairs the file.
MAX_CELL_CHARS = 32_767


def clean_text(value: str) -> str:
    """``value`` without control characters or direction overrides."""
    return _CONTROL.sub("", value)


def text(value: str) -> str:
    """``value`` safe as a spreadsheet cell's text (see the module's docstring)."""
    cleaned = clean_text(value)
    risky = cleaned.startswith(FORMULA_STARTS)
    # Line feeds only, as Excel writes them: openpyxl keeps a "\r" or not depending on whether
    # lxml is installed, and a file must not change with the machine that wrote it.
    cleaned = cleaned.replace("\r\n", "\n").replace("\r", "\n")
    if risky:
        cleaned = "'" + cleaned
    if len(cleaned) > MAX_CELL_CHARS:
        cleaned = cleaned[: MAX_CELL_CHARS - 1] + "…"
    return cleaned


def cell(value: Any) -> Any:
    """Any cell value: text neutralised, everything else unchanged."""
    return text(value) if isinstance(value, str) else value


def is_formula(value: Any) -> bool:
    """Whether a spreadsheet would run ``value`` (as read back from a written file)."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise_workbook(book: Any) -> Any:
    """Every text cell of an openpyxl ``book`` neutralised in place; returns ``book``.

    Run on the whole workbook just before saving, so that no sheet, however it was filled,
    can carry user text as a live formula. The app itself writes no formula in its exports.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                if isinstance(item.value, str):
                    safe = text(item.value)
                    if safe != item.value or item.data_type == "f":
                        item.value = safe
                        item.data_type = "s"
        if _CONTROL.search(sheet.title):
            sheet.title = _CONTROL.sub("", sheet.title)[:31] or "Feuille"
    return book


class _SafeWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet that neutralises every value written to it."""

    def append(self, iterable: Any) -> None:
        if isinstance(iterable, dict):
            super().append({key: cell(value) for key, value in iterable.items()})
        else:
            super().append([cell(value) for value in iterable])

    def cell(self, row: int, column: int, value: Any = None) -> Any:
        return super().cell(row=row, column=column, value=cell(value))

    def __setitem__(self, key: str, value: Any) -> None:
        self[key].value = cell(value)


class SafeWorkbook(Workbook):  # type: ignore[misc]
    """An openpyxl ``Workbook`` in which no text can become a formula or break the file."""

    def __init__(self) -> None:
        super().__init__()
        self._sheets = []
        self._sheets.append(_SafeWorksheet(self))

    def create_sheet(self, title: str | None = None, index: int | None = None) -> Any:
        sheet = _SafeWorksheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename: Any) -> None:
        neutralise_workbook(self)
        super().save(filename)


def unquote(value: Any) -> Any:
    """A cell read back from a file the app wrote: the neutralising apostrophe removed."""
    # An .xlsx stores a carriage return as a line feed: "'\r=1" comes back as "'\n=1".
    if isinstance(value, str) and value[:1] == "'" and value[1:2] != "" \
            and value[1:2] in (*FORMULA_STARTS, "\n"):
        return value[1:]
    return value


def rows(values: Iterable[Sequence[Any]]) -> list[list[Any]]:
    """Rows of values, each cell neutralised."""
    return [[cell(v) for v in row] for row in values]


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as a CSV that Excel on Windows and LibreOffice open right, every cell inert.

    UTF-8 with a byte-order mark, ``;`` between cells, decimal comma (the French settings),
    ``\\r\\n`` line ends; dates as jj/mm/aaaa.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([text(str(c)) for c in frame.columns])
    for record in frame.itertuples(index=False, name=None):
        writer.writerow([_csv_value(v) for v in record])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(frame: pd.DataFrame, sheet_title: str = "Tableau") -> bytes:
    """``frame`` as an ``.xlsx`` of one sheet, headers in bold, every cell inert; numbers stay
    numbers and dates dates, so the officer can sort and sum in Excel or LibreOffice."""
    from openpyxl.styles import Font  # type: ignore[import-untyped,unused-ignore]

    book = SafeWorkbook()
    sheet = book.active
    sheet.title = clean_text(sheet_title)[:31] or "Tableau"
    sheet.append([str(c) for c in frame.columns])
    for item in sheet[1]:
        item.font = Font(bold=True)
    for record in frame.itertuples(index=False, name=None):
        sheet.append([_xlsx_value(v) for v in record])
    for index, column in enumerate(frame.columns, start=1):
        width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))], default=8)
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = \
            min(60, max(8, width + 2))
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str | bytes) and _is_missing(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return value.item()
    return value


def _csv_value(value: Any) -> str:
    if value is None or (not isinstance(value, str | bytes) and _is_missing(value)):
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value).replace(".", ",")
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) \
            else value.strftime("%d/%m/%Y")
    if hasattr(value, "strftime"):
        return str(value.strftime("%d/%m/%Y"))
    if isinstance(value, list | tuple | set | frozenset):
        return text(", ".join(str(v) for v in value))
    return text(str(value))


def _is_missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


__all__ = ["FORMULA_STARTS", "MAX_CELL_CHARS", "SafeWorkbook", "cell", "clean_text", "csv_bytes", "is_formula",
           "neutralise_workbook", "rows", "text", "unquote", "xlsx_bytes"]
