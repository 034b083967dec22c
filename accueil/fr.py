"""French formatting of numbers, money, percentages and dates for screens and reports.

Pure functions, used by pages and exports alike: ``1 234,56 €``, ``4,5 %``, ``26/11/2026``.
A missing value prints as an em dash rather than ``nan`` or ``None``.
"""

from __future__ import annotations

import math
from datetime import date, datetime

NBSP = "\u00a0"  # no-break space: Excel and LibreOffice in French use it for thousands
MISSING = "—"


def _is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234`` (or ``1 234,50`` with ``decimals=2``)."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    text = f"{value:,.{decimals}f}"
    return text.replace(",", NBSP).replace(".", ",")


def euros(value: float | None, decimals: int = 0) -> str:
    """``1234.56`` → ``1 235 €``; ``decimals=2`` → ``1 234,56 €``."""
    if _is_missing(value):
        return MISSING
    return f"{number(value, decimals)}{NBSP}€"


def percent(fraction: float | None, decimals: int = 0) -> str:
    """``0.045`` → ``4,5 %`` with ``decimals=1``."""
    if _is_missing(fraction):
        return MISSING
    assert fraction is not None
    return f"{number(fraction * 100, decimals)}{NBSP}%"


def day(value: date | datetime | None) -> str:
    """``date(2026, 11, 26)`` → ``26/11/2026``."""
    if value is None:
        return MISSING
    return value.strftime("%d/%m/%Y")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(2, "offre")`` → ``2 offres``; French uses the singular for 0 and 1."""
    word = singular if abs(count) < 2 else (plural_form or singular + "s")
    return f"{number(count)} {word}"
