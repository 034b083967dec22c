"""What counts as a blank value, once for the whole package: forms, files, rules.

A value is blank when it is missing (``None``, a float NaN, pandas' ``NA`` or ``NaT``) or text
of spaces only. A number or a date is never blank, zero included. Pure Python: pandas' missing
values are recognised by their type's name, so the domain stays free of pandas.
"""

from __future__ import annotations

import math

_PANDAS_MISSING = frozenset({"NAType", "NaTType"})


def is_blank(value: object) -> bool:
    """True for what a user reads as an empty cell or field: ``None``, NaN, ``""``, spaces."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, str):
        return not value.strip()
    return type(value).__name__ in _PANDAS_MISSING
