"""French dates as they arrive from spreadsheets: typed text, Excel serial numbers, cell datetimes.

Parses one cell at a time: ``26/11/2026``, ``26/11/26``, ``2026-11-26``, ``26.11.2026``,
``26 novembre 2026``, ``novembre 2026`` (first of the month), the serial number Excel stores
(``46352`` → 26/11/2026, with Excel's fictitious 29 February 1900 accounted for) and the
``date``/``datetime`` a workbook reader returns. Day comes before month, always: ``11/26/2026``
is refused, not guessed. An empty cell gives ``None``; anything else raises
:class:`accueil.io.numbers.ParseError` with a French message. :func:`means_now` recognises
``Dès que possible``, ``Immédiatement``, ``De suite``: a start or an availability that is now,
which callers keep as such rather than as the day of the import. Pure: no pandas, no files.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from accueil.io.numbers import ParseError, is_blank, parse_decimal_text, show

DATE_EXPECTED = "une date jj/mm/aaaa, par ex. 26/11/2026"

# Excel's day 1 is 1900-01-01, and Excel believes 1900 was a leap year (a Lotus 1-2-3 bug it
# kept): serial 60 is the non-existent 29/02/1900, so from serial 61 on the epoch is 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
_FAKE_LEAP_DAY = 60
# A bare number is read as a serial only if it lands in these years: "2027" alone is not 1905.
_SERIAL_YEARS = (1950, 2200)

_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "mar": 3,
    "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}
_WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\s+"
_TIME_SUFFIX = re.compile(r"(?:[ t]\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_WORDS = re.compile(rf"^(?:{_WEEKDAYS})?(?:(\d{{1,2}})(?:er)?\s+)?([a-z]+)\.?\s+(\d{{4}})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ACCENTS = str.maketrans("éèêëûùôîàçÉÈÊÀÇ", "eeeeuuoiaceeeac")
_NOT_LETTERS = re.compile(r"[^a-z0-9]+")


def parse_date(value: object) -> date | None:
    """The calendar date in a cell, or ``None`` for an empty cell; raises ParseError otherwise."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool | time | timedelta):
        raise ParseError(show(value), "n'est pas une date", DATE_EXPECTED)
    if isinstance(value, int | float):
        return _from_serial(Decimal(repr(value)) if isinstance(value, float) else Decimal(value),
                            show(value))
    if not isinstance(value, str):
        raise ParseError(show(value), "n'est pas une date", DATE_EXPECTED)
    found = show(value)
    text = " ".join(value.split()).lower().translate(_ACCENTS)
    text = _TIME_SUFFIX.sub("", text).strip()
    if match := _DMY.match(text):
        day, _, month, year = match.groups()
        full_year = int(year) if len(year) == 4 else _century(int(year))
        return _make(full_year, int(month), int(day), found)
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day), found)
    if match := _WORDS.match(text):
        day_text, month_name, year = match.groups()
        month_number = _MONTHS.get(month_name)
        if month_number is None:
            raise ParseError(found, f"contient « {month_name} », qui n'est pas un mois",
                             DATE_EXPECTED)
        return _make(int(year), month_number, int(day_text) if day_text else 1, found)
    if match := _MONTH_YEAR.match(text):
        month, year = match.groups()
        return _make(int(year), int(month), 1, found)
    if match := _COMPACT.match(text):
        year, month, day = match.groups()
        return _make(int(year), int(month), int(day), found)
    try:
        serial = parse_decimal_text(text)
    except ValueError:
        raise ParseError(found, "n'est pas une date", DATE_EXPECTED) from None
    return _from_serial(serial, found)


_NOW_WORDS = frozenset({
    "des que possible", "asap", "au plus tot", "au plus vite", "immediat", "immediate",
    "immediatement", "de suite", "tout de suite", "maintenant", "des maintenant",
    "des aujourd hui", "urgent", "libre", "libre de suite", "libre immediatement", "disponible",
    "disponible immediatement", "disponible de suite", "oui", "des a present", "a pourvoir",
    "poste a pourvoir", "a pourvoir immediatement", "a pourvoir de suite", "vacant",
})


def means_now(value: object) -> bool:
    """Whether a date cell says "now" (``Dès que possible``, ``Immédiatement``, ``De suite``)."""
    if not isinstance(value, str) or len(value) > 60:
        return False
    return " ".join(_NOT_LETTERS.sub(" ", value.lower().translate(_ACCENTS)).split()) in _NOW_WORDS


def excel_serial(day: date) -> int:
    """The serial number Excel (1900 date system) stores for ``day``: 26/11/2026 → 46352."""
    serial = (day - _EXCEL_EPOCH).days
    return serial if serial > _FAKE_LEAP_DAY else serial - 1


def from_excel_serial(serial: float) -> date:
    """The date of an Excel serial number (1900 date system); the time of day is dropped."""
    whole = int(serial)
    if whole < 1:
        raise ValueError(f"serial {serial} is before 01/01/1900")
    if whole == _FAKE_LEAP_DAY:
        raise ValueError("serial 60 is Excel's fictitious 29/02/1900")
    offset = whole if whole > _FAKE_LEAP_DAY else whole + 1
    return _EXCEL_EPOCH + timedelta(days=offset)


def format_date(day: date) -> str:
    """``26/11/2026``: how the interface writes a date."""
    return f"{day:%d/%m/%Y}"


def _century(two_digits: int) -> int:
    # Same pivot as POSIX strptime: 69 and above are the 1900s.
    return 2000 + two_digits if two_digits < 69 else 1900 + two_digits


def _make(year: int, month: int, day: int, found: str) -> date:
    if not 1 <= month <= 12:
        hint = (" (le jour vient avant le mois)" if 1 <= day <= 12 else "")
        raise ParseError(found, f"n'a pas de mois {month}{hint}", DATE_EXPECTED)
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(found, "n'est pas une date du calendrier", DATE_EXPECTED) from None


def _from_serial(serial: Decimal, found: str) -> date:
    low = excel_serial(date(_SERIAL_YEARS[0], 1, 1))
    high = excel_serial(date(_SERIAL_YEARS[1], 1, 1))
    if not low <= serial < high:
        raise ParseError(found, "n'est pas une date", DATE_EXPECTED)
    return from_excel_serial(float(serial))
