"""French formatting: what a mayor reads on screen and in reports."""

from __future__ import annotations

from datetime import date

import pytest

from accueil import fr


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [(1234.56, 2, "1\u00a0234,56\u00a0€"), (1234.56, 0, "1\u00a0235\u00a0€"),
     (-38_000, 0, "\u221238\u00a0000\u00a0€"), (0, 0, "0\u00a0€"), (None, 0, "—"),
     (-0.4, 0, "0\u00a0€"), (-0.004, 2, "0,00\u00a0€"), (-1_680, 0, "\u22121\u00a0680\u00a0€"),
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


@pytest.mark.parametrize(("value", "expected"),
                         [(14_500, "+14\u00a0500\u00a0€"), (-12_000, "\u221212\u00a0000\u00a0€"),
                          (0.3, "0\u00a0€"), (-0.3, "0\u00a0€"), (None, "—")])
def test_signed_amounts_show_their_direction_and_never_a_signed_zero(
        value: float | None, expected: str) -> None:
    assert fr.signed_euros(value) == expected


def test_numbers_group_thousands_with_one_separator_and_use_the_minus_sign() -> None:
    assert fr.number(-1_234_567.891, 2) == "\u22121\u00a0234\u00a0567,89"
    assert "\u202f" not in fr.number(1_234_567)
    assert "-" not in fr.number(-5)


def test_the_engines_sentences_share_the_same_formatter() -> None:
    from accueil.domain.viability import fmt

    assert fmt.euros(-12_345.0) == fr.euros(-12_345.0) == "\u221212\u00a0345\u00a0€"
    assert fmt.percent(0.7) == fr.percent(0.7)


def test_a_day_and_month_reads_the_french_way() -> None:
    assert fr.day_and_month(date(2027, 10, 15)) == "15 octobre"
    assert fr.day_and_month(date(2027, 9, 1)) == "1er septembre"
