"""French formatting of numbers inside the engine's sentences (verdict, valuation position).

Holds only the rendering of euros, percentages and ratios the fr-FR way (`12 345 €`, `70 %`,
`1,32`), rounded for reading. Computations never use these strings; pages format tables with
`accueil.ui`, which this pure module must not import.
"""

from __future__ import annotations

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"


def _group(integer_part: str) -> str:
    sign = "-" if integer_part.startswith("-") else ""
    digits = integer_part.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + NARROW_NBSP.join(groups)


def number(value: float, decimals: int = 0) -> str:
    """`12345.678` → `12 345,68` with decimals=2; thousands separated by a narrow space."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    if decimals == 0:
        return _group(text)
    integer_part, fraction = text.split(".")
    return f"{_group(integer_part)},{fraction}"


def euros(value: float) -> str:
    """Whole euros: `12 345 €`."""
    return f"{number(value)}{NBSP}€"


def percent(fraction: float, decimals: int = 0) -> str:
    """A fraction as a percentage: `0.7` → `70 %`."""
    return f"{number(100 * fraction, decimals)}{NBSP}%"


def ratio(value: float) -> str:
    """A ratio with two decimals: `1,32`."""
    return number(value, 2)
