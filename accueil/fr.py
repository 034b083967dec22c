"""French formatting of numbers, money, percentages and dates for screens, reports and the
viability engine's sentences alike: the one number formatter of the code base.

Pure functions of the standard library only (so that the pure domain may use them too):
``1 234,56 €``, ``−4,5 %``, ``26/11/2026``. Thousands are grouped by a no-break space
(U+00A0, what Excel and LibreOffice in French use), negatives carry the minus sign U+2212, and
a value that rounds to zero never prints a sign (no ``−0 €``). A missing value prints as an
em dash rather than ``nan`` or ``None``.
"""

from __future__ import annotations

import math
from datetime import date, datetime

NBSP = "\u00a0"  # no-break space: Excel and LibreOffice in French use it for thousands
MINUS = "\u2212"  # the typographic minus sign, never the hyphen
MISSING = "—"


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234`` (or ``1 234,50`` with ``decimals=2``); ``-3.2`` → ``−3``;
    ``-0.4`` → ``0`` (a rounded zero has no sign)."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and any(ch not in "0.," for ch in text)
    return (MINUS if negative else "") + text.replace(",", NBSP).replace(".", ",")


def euros(value: float | None, decimals: int = 0) -> str:
    """``1234.56`` → ``1 235 €``; ``decimals=2`` → ``1 234,56 €``; ``-12`` → ``−12 €``."""
    if _is_missing(value):
        return MISSING
    return f"{number(value, decimals)}{NBSP}€"


def signed_euros(value: float | None, decimals: int = 0) -> str:
    """``+14 500 €`` / ``−12 000 €``: a change or an adjustment shows its direction; a rounded
    zero shows ``0 €``."""
    text = euros(value, decimals)
    if value is not None and value > 0 and not text.startswith(("0", MISSING)):
        return "+" + text
    return text


def percent(fraction: float | None, decimals: int = 0) -> str:
    """``0.045`` → ``4,5 %`` with ``decimals=1``."""
    if _is_missing(fraction):
        return MISSING
    assert fraction is not None
    return f"{number(fraction * 100, decimals)}{NBSP}%"


def ratio(value: float | None) -> str:
    """A ratio with two decimals: ``1,32``."""
    return number(value, 2)


def day(value: date | datetime | None) -> str:
    """``date(2026, 11, 26)`` → ``26/11/2026``."""
    if value is None:
        return MISSING
    return value.strftime("%d/%m/%Y")


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def day_and_month(value: date) -> str:
    """``date(2027, 10, 15)`` → ``15 octobre`` (``1er`` for the first of a month)."""
    first = "1er" if value.day == 1 else str(value.day)
    return f"{first} {MONTHS[value.month - 1]}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(2, "offre")`` → ``2 offres``; French uses the singular for 0 and 1."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{number(count)} {word}"
