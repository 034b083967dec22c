"""French numbers as people type them in spreadsheets: amounts, counts, surfaces, percentages.

Parses one cell at a time: ``1 234,56``, ``1.234.567``, ``1.234,56 €``, ``150 k€``, ``(2 500)``,
``4,5 %``, ``120 m²``, ``2,5 ha`` and the raw ``int``/``float`` that a workbook cell holds. An empty
cell gives ``None``; anything else that is not a number raises :class:`ParseError`, whose French
message says what was found and what is expected (the caller adds the file, row and column).
Rates come back as fractions (``4,5 %`` → ``0.045``), surfaces in m², amounts in euros.
Words that say "not stated" (``NC``, ``à débattre``, ``nous consulter``) read as empty, and
:func:`not_stated` tells them from a truly empty cell so that callers can say so. A number
beyond :data:`LARGEST` (``1e309``, a pasted serial number) is refused, never stored as
infinity. The one French reader of every typed figure: the import, the offer form, the grids
and the viability page all call these functions. Pure functions on values: no pandas, no
files, no streamlit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from accueil.domain.blank import is_blank as is_blank_value

T = TypeVar("T")

# Spaces that French software puts between thousands: space, no-break, narrow no-break, thin,
# figure space.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " "})
_MINUS = ("-", "\u2212", "\u2013")  # hyphen-minus, minus sign, en dash (Word's autocorrect)
_SCIENTIFIC = re.compile(r"^(\d+)(?:[.,](\d+))?[eE]([+-]?\d+)$")
_NUMBER_CHARS = re.compile(r"^[0-9 .,'’]+$")
_GROUPING_SEPARATORS = frozenset(" '’")
_PARENTHESES = re.compile(r"^\((?P<inside>[^()]+)\)\s*(?P<after>[^()\d]*)$")

_AMOUNT = re.compile(
    r"""^(?P<pre>€|eur\b)?\s*
        (?P<body>[-+\u2212\u2013]?\s*[0-9][0-9 .,'’]*(?:[eE][+-]?\d+)?|[-+\u2212\u2013]?\s*[.,]\d+)
        \s*(?P<mult>k|m|md|mds|mrd|millions?|milliards?)?\.?
        \s*(?P<cur>€|eur|euros?)?
        \s*(?P<tax>ht|ttc|h\.t\.|t\.t\.c\.)?
        \s*(?P<per>(?:/|par)\s*mois)?$""",
    re.IGNORECASE | re.VERBOSE,
)
_MULTIPLIERS = {
    "k": Decimal(1000), "m": Decimal(1_000_000), "million": Decimal(1_000_000),
    "millions": Decimal(1_000_000), "md": Decimal(10**9), "mds": Decimal(10**9),
    "mrd": Decimal(10**9), "milliard": Decimal(10**9), "milliards": Decimal(10**9),
}
_AREA = re.compile(r"^(?P<body>.*?)\s*(?P<unit>m²|m2|m\^2|mètres? carrés?|metres? carres?|ha|hectares?|a|ares?)?$",
                   re.IGNORECASE)
_AREA_FACTORS = {"ha": Decimal(10_000), "hectare": Decimal(10_000), "hectares": Decimal(10_000),
                 "a": Decimal(100), "are": Decimal(100), "ares": Decimal(100)}


class ParseError(ValueError):
    """A cell that does not hold what its column expects.

    ``found`` is the cell as the user sees it, ``expected`` a French description of what would be
    accepted, and ``message`` the whole French sentence, ready to show without the location.
    """

    def __init__(self, found: str, problem: str, expected: str) -> None:
        self.found = found
        self.problem = problem
        self.expected = expected
        self.message = f"« {found} » {problem} : attendu {expected}."
        super().__init__(self.message)


NUMBER_EXPECTED = "un nombre écrit à la française, par ex. 1 234,56"
INT_EXPECTED = "un nombre entier, par ex. 3"
ETP_EXPECTED = "un nombre d'équivalents temps plein, par ex. 3 ou 2,5"
AMOUNT_EXPECTED = "un montant en euros, par ex. 150 000, 150 000,50 €, 150 k€ ou 1,2 M€"
PERCENT_EXPECTED = "un pourcentage, par ex. 4,5 % (ou 0,045)"
AREA_EXPECTED = "une surface en m², par ex. 120, 120 m² ou 2,5 ha"


def show(value: object) -> str:
    """A cell value written as a French user would recognise it in a message."""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime):
        if (value.hour, value.minute, value.second) == (0, 0, 0):
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    text = str(value).strip()
    return text if len(text) <= 60 else text[:57] + "…"


UNKNOWN_MARKERS = frozenset({
    "-", "--", "—", "–", "?", "nc", "n.c.", "n.c", "n/c", "nr", "n.r.", "ns", "nd", "n.d.",
    "inconnu", "non communiqué", "non communique", "non renseigné", "non renseigne",
    "à débattre", "a debattre", "à négocier", "a negocier", "nous consulter", "me consulter",
    "nous contacter", "sur demande", "prix sur demande", "sur rendez-vous", "à définir",
    "a definir", "à préciser", "a preciser", "non précisé", "non precise", "non indiqué",
    "non indique", "confidentiel", "selon profil", "selon expérience", "selon experience",
    "selon grille", "selon convention",
})
# The largest magnitude any figure of this product can hold (a price, a surface in m², a
# turnover): 10^15 is a million milliards of euros; a bigger number is a typing or export
# accident (``1e309`` is infinity to a float, and a 64-bit store column overflows near 9.2e18).
LARGEST = Decimal(10) ** 15


def is_blank(value: object) -> bool:
    """Empty, or a placeholder that spreadsheets use for "unknown" in a number or date column.

    ``-``, ``?``, ``NC``, ``ND``, ``non communiqué``… say "we do not know", not "zero".
    """
    return is_empty(value) or (
        isinstance(value, str) and " ".join(value.lower().split()) in UNKNOWN_MARKERS)


def not_stated(value: object) -> bool:
    """A cell that holds words saying the figure is withheld or unknown (``NC``, ``à débattre``),
    as opposed to an empty one: the import keeps it empty and says so on its row."""
    return not is_empty(value) and is_blank(value)



# What a user reads as an empty cell: None, NaN, "" or blanks only (one definition for all).
is_empty = is_blank_value


def parse_number(value: object) -> float | None:
    """A plain number: ``1 234,56``, ``-12``, ``(12)``, ``1.234.567``, ``1,5E+05``."""
    return _to_float(_parse_plain(value, "n'est pas un nombre", NUMBER_EXPECTED), value,
                     NUMBER_EXPECTED)


def parse_int(value: object) -> int | None:
    """A whole count, such as a number of rooms: ``3``, ``1 200``, ``3,0``."""
    number = _parse_plain(value, "n'est pas un nombre entier", INT_EXPECTED)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ParseError(show(value), "n'est pas un nombre entier", INT_EXPECTED)
    _check_size(number, value, INT_EXPECTED)
    return int(number)


def parse_etp(value: object) -> float | None:
    """A headcount in full-time equivalents (ETP): ``3``, ``2,5``, ``2,5 ETP``, ``0,8 etp``."""
    if isinstance(value, str):
        text = _normalise(value)
        for suffix in ("équivalents temps plein", "equivalents temps plein", "etp", "salariés",
                       "salaries", "salarié", "salarie", "personnes", "pers."):
            if text.lower().endswith(suffix):
                text = text[: -len(suffix)].strip()
                break
        value = text if text else value
    return _to_float(_parse_plain(value, "n'est pas un effectif", ETP_EXPECTED), value,
                     ETP_EXPECTED)


def parse_amount(value: object) -> float | None:
    """An amount in euros: ``150 000``, ``150 000,50 €``, ``150 k€``, ``1,2 M€``, ``-3 000 EUR``.

    ``k`` multiplies by a thousand and ``M`` by a million; ``HT``, ``TTC`` and ``/mois`` are
    accepted and dropped, since the column says which one it is.
    """
    if is_blank(value):
        return None
    if not isinstance(value, str):
        return _to_float(_parse_plain(value, "n'est pas un montant", AMOUNT_EXPECTED), value,
                         AMOUNT_EXPECTED)
    text = _normalise(value)
    negative, text = _strip_parentheses(text)
    match = _AMOUNT.match(text)
    if match is None:
        raise ParseError(show(value), "n'est pas un montant", AMOUNT_EXPECTED)
    if match["pre"] and match["cur"]:
        raise ParseError(show(value), "porte deux fois la devise", AMOUNT_EXPECTED)
    number = _parse_signed(match["body"], show(value), "n'est pas un montant", AMOUNT_EXPECTED)
    if match["mult"]:
        number *= _MULTIPLIERS[match["mult"].lower()]
    return _to_float(-number if negative else number, value, AMOUNT_EXPECTED)


def parse_percent(value: object) -> float | None:
    """A rate as a fraction: ``4,5 %`` → 0.045; a workbook cell formatted as % holds 0.045 already.

    Without a ``%`` sign, a number above 1 is read as percentage points (``4,5`` → 0.045) and a
    number from -1 to 1 as a fraction (``0,045`` → 0.045), which is how both habits end up.
    """
    if is_blank(value):
        return None
    if isinstance(value, str):
        text = _normalise(value)
        negative, text = _strip_parentheses(text)
        body = text.rstrip()
        for suffix in ("%", "pour cent", "pourcents", "pourcent"):
            if body.lower().endswith(suffix):
                number = _parse_signed(body[: -len(suffix)].strip(), show(value),
                                       "n'est pas un pourcentage", PERCENT_EXPECTED)
                return _to_float((-number if negative else number) / 100, value,
                                 PERCENT_EXPECTED)
        number = _parse_signed(body, show(value), "n'est pas un pourcentage", PERCENT_EXPECTED)
        number = -number if negative else number
    else:
        plain = _parse_plain(value, "n'est pas un pourcentage", PERCENT_EXPECTED)
        assert plain is not None  # is_blank was ruled out above
        number = plain
    return _to_float(number / 100 if abs(number) > 1 else number, value, PERCENT_EXPECTED)


def parse_area(value: object) -> float | None:
    """A surface in m²: ``120``, ``120 m²``, ``1 500 m2``; ``2,5 ha`` and ``30 a`` are converted."""
    if is_blank(value):
        return None
    if not isinstance(value, str):
        return _to_float(_parse_plain(value, "n'est pas une surface", AREA_EXPECTED), value,
                         AREA_EXPECTED)
    match = _AREA.match(_normalise(value))
    if match is None or not match["body"]:  # pragma: no cover - the pattern matches any text
        raise ParseError(show(value), "n'est pas une surface", AREA_EXPECTED)
    number = _parse_signed(match["body"], show(value), "n'est pas une surface", AREA_EXPECTED)
    unit = (match["unit"] or "").lower()
    return _to_float(number * _AREA_FACTORS.get(unit, Decimal(1)), value, AREA_EXPECTED)


def parse_decimal_text(text: str) -> Decimal:
    """The number in ``text`` (no sign, no unit), French separators resolved; raises ValueError.

    Thousands may be grouped by spaces (any Unicode space), apostrophes, dots or commas; the
    decimal mark is the comma, or a dot when it cannot be a thousands separator. A single dot
    followed by exactly three digits (``1.234``) is refused as ambiguous.
    """
    text = text.strip()
    scientific = _SCIENTIFIC.match(text)
    if scientific:
        whole, fraction, exponent = scientific.groups()
        return Decimal(f"{whole}.{fraction or '0'}e{exponent}")
    if not text or not _NUMBER_CHARS.match(text) or not any(c.isdigit() for c in text):
        raise ValueError("not a number")
    commas, dots = text.count(","), text.count(".")
    has_spaces = any(c in _GROUPING_SEPARATORS for c in text)
    decimal_mark: str | None
    if commas and dots:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas:
        decimal_mark = "," if commas == 1 else None
    elif dots == 1:
        whole, _, fraction = text.partition(".")
        whole = whole.strip()
        if (not has_spaces and len(fraction) == 3 and 1 <= len(whole) <= 3
                and not whole.startswith("0")):
            raise ValueError("ambiguous")
        decimal_mark = "."
    else:
        decimal_mark = None
    if decimal_mark is not None:
        whole, _, fraction = text.rpartition(decimal_mark)
        if not fraction.isdigit():
            raise ValueError("bad fraction")
    else:
        whole, fraction = text, ""
    grouping = {c for c in whole if not c.isdigit()}
    if grouping:
        marks = grouping - _GROUPING_SEPARATORS
        if len(marks) > 1 or (decimal_mark is not None and decimal_mark in marks):
            raise ValueError("mixed separators")
        groups = re.split(r"[ .,'’]", whole)
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            raise ValueError("bad grouping")
        whole = "".join(groups)
    if not whole:
        whole = "0"
    if not whole.isdigit():
        raise ValueError("not digits")
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


def parse_all(values: list[object], parser: Callable[[object], T]) -> tuple[list[T | None],
                                                                            list[str | None]]:
    """Apply ``parser`` to each value: the results, and beside them the error message or None."""
    results: list[T | None] = []
    errors: list[str | None] = []
    for value in values:
        try:
            results.append(parser(value))
            errors.append(None)
        except ParseError as error:
            results.append(None)
            errors.append(error.message)
    return results, errors


def _normalise(text: str) -> str:
    return " ".join(text.translate(_SPACES).split())


def _strip_parentheses(text: str) -> tuple[bool, str]:
    """Accountants write a negative amount in parentheses: ``(2 500 €)`` or ``(2 500) €``."""
    match = _PARENTHESES.match(text)
    if match is None:
        return False, text
    return True, f"{match['inside'].strip()} {match['after']}".strip()


def _parse_signed(text: str, found: str, problem: str, expected: str) -> Decimal:
    text = text.strip()
    negative = False
    if text[:1] in _MINUS or text[:1] == "+":
        negative = text[0] != "+"
        text = text[1:].lstrip()
    try:
        number = parse_decimal_text(text)
    except (ValueError, InvalidOperation) as error:
        if str(error) == "ambiguous":
            raise ParseError(
                found, "est ambigu (le point sépare-t-il les milliers ou les décimales ?)",
                f"{text.replace('.', ' ')} pour un nombre entier ou {text.replace('.', ',')} "
                "avec une virgule décimale") from None
        raise ParseError(found, problem, expected) from None
    return -number if negative else number


def _parse_plain(value: object, problem: str, expected: str) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, bool | date | datetime):
        raise ParseError(show(value), problem, expected)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ParseError(show(value), problem, expected)
        return Decimal(repr(value))
    if not isinstance(value, str):
        raise ParseError(show(value), problem, expected)
    text = _normalise(value)
    negative, text = _strip_parentheses(text)
    number = _parse_signed(text, show(value), problem, expected)
    return -number if negative else number


def _check_size(number: Decimal, value: object, expected: str) -> None:
    if not number.is_finite() or abs(number) > LARGEST:
        raise ParseError(show(value), "est bien trop grand pour être un chiffre réel",
                         f"{expected} (au plus 10^15)")


def _to_float(number: Decimal | None, value: object, expected: str) -> float | None:
    if number is None:
        return None
    _check_size(number, value, expected)
    return float(number)
