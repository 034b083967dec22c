"""French formatting: what a mayor reads on screen and in reports."""

from __future__ import annotations

from datetime import date

import pytest

from accueil import fr


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1234.56, 2, "1\u00a0234,56\u00a0€"), (1234.56, 0, "1\u00a0235\u00a0€"),
     (-38_000, 0, "-38\u00a0000\u00a0€"), (0, 0, "0\u00a0€"), (None, 0, "—"),
     (float("nan"), 0, "—"), (float("inf"), 0, "—")],
)
def test_euros_use_a_decimal_comma_and_no_break_spaces(
        value: float | None, decimals: int, expected: str) -> None:
    assert fr.euros(value, decimals) == expected


@pytest.mark.parametrize(("value", "decimals", "expected"),
                         [(0.045, 1, "4,5\u00a0%"), (0.2, 0, "20\u00a0%"), (None, 0, "—")])
def test_percentages_are_shown_from_fractions(
        value: float | None, decimals: int, expected: str) -> None:
    assert fr.percent(value, decimals) == expected


def test_dates_read_day_month_year() -> None:
    assert fr.day(date(2026, 11, 26)) == "26/11/2026"
    assert fr.day(None) == "—"


@pytest.mark.parametrize(("count", "expected"),
                         [(0, "0 offre"), (1, "1 offre"), (2, "2 offres"),
                          (1500, "1\u00a0500 offres")])
def test_plurals_follow_french_usage(count: int, expected: str) -> None:
    assert fr.plural(count, "offre") == expected
