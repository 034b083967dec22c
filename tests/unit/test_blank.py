"""One definition of a blank value, for forms, imported files and the pillar rules."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from accueil.domain.blank import is_blank


@pytest.mark.parametrize(("value", "blank"), [
    (None, True),
    ("", True),
    ("   \u00a0\t", True),
    (math.nan, True),
    (pd.NA, True),
    (pd.NaT, True),
    ("0", False),
    (0, False),
    (0.0, False),
    (False, False),
    (date(2026, 12, 6), False),
    ("Boulangerie", False),
])
def test_only_missing_values_and_spaces_are_blank(value: object, blank: bool) -> None:
    assert is_blank(value) is blank
