"""French numbers, amounts, rates and surfaces as typed in spreadsheet cells."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accueil.io.numbers import (
    ParseError,
    is_blank,
    parse_amount,
    parse_area,
    parse_int,
    parse_number,
    parse_percent,
    show,
)

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(("cell", "expected"), [
    ("1234", 1234.0),
    ("1 234,56", 1234.56),
    (f"1{NBSP}234{NBSP}567,8", 1234567.8),
    (f"1{NNBSP}234,5", 1234.5),
    ("1.234.567", 1234567.0),
    ("1.234,56", 1234.56),
    ("1,234.56", 1234.56),
    ("1,234,567", 1234567.0),
    ("0,5", 0.5),
    (",5", 0.5),
    ("12.5", 12.5),
    ("0.125", 0.125),
    ("1234.567", 1234.567),
    ("1 234.5", 1234.5),
    ("1'234,5", 1234.5),
    ("-12", -12.0),
    ("\u2212 12", -12.0),
    ("+12", 12.0),
    ("(1 234,5)", -1234.5),
    ("1,5E+05", 150000.0),
    ("2.5e3", 2500.0),
    ("  42  ", 42.0),
    (42, 42.0),
    (3.25, 3.25),
])
def test_a_french_number_is_read_whatever_its_separators(cell: object, expected: float) -> None:
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell", [None, "", "   ", float("nan"), "-", "NC", "n.c.", "?",
                                  "non communiqué"])
def test_an_empty_or_unknown_cell_is_no_number_rather_than_zero(cell: object) -> None:
    assert parse_number(cell) is None
    assert parse_amount(cell) is None
    assert is_blank(cell)


@pytest.mark.parametrize("cell", ["abc", "12,3,4", "1 23", "12 345 6", "1.2.3", "12,", "1..2",
                                  "12a", "1 234.567,8.9", True, date(2026, 11, 26)])
def test_a_cell_that_is_not_a_number_is_refused_with_what_was_found(cell: object) -> None:
    with pytest.raises(ParseError) as refused:
        parse_number(cell)
    assert f"« {show(cell)} »" in refused.value.message
    assert "attendu un nombre écrit à la française" in refused.value.message


def test_a_single_dot_before_three_digits_is_refused_as_ambiguous() -> None:
    with pytest.raises(ParseError) as refused:
        parse_number("1.234")
    assert "ambigu" in refused.value.message
    assert "attendu 1 234 pour un nombre entier ou 1,234 avec une virgule décimale" in \
        refused.value.message


@pytest.mark.parametrize(("cell", "expected"), [
    ("150 000", 150000.0),
    ("150 000,50 €", 150000.5),
    ("150000€", 150000.0),
    ("€ 1 200", 1200.0),
    ("150 k€", 150000.0),
    ("150K€", 150000.0),
    ("150 kEUR", 150000.0),
    ("1,2 M€", 1200000.0),
    ("1,2 millions", 1200000.0),
    ("-3 000 EUR", -3000.0),
    ("(2 500 €)", -2500.0),
    ("250 000 € HT", 250000.0),
    ("450 €/mois", 450.0),
    ("450 euros par mois", 450.0),
    (320000, 320000.0),
    (95000.5, 95000.5),
])
def test_an_amount_is_read_in_euros_with_its_multiplier(cell: object, expected: float) -> None:
    assert parse_amount(cell) == expected


@pytest.mark.parametrize("cell", ["12 €€", "€ 12 €", "douze euros", "12 $", "1.500 €"])
def test_an_amount_that_cannot_be_read_is_refused_with_an_example(cell: str) -> None:
    with pytest.raises(ParseError) as refused:
        parse_amount(cell)
    assert f"« {cell} »" in refused.value.message
    assert "attendu" in refused.value.message


@pytest.mark.parametrize(("cell", "expected"), [
    ("4,5 %", 0.045), ("4,5%", 0.045), (f"4,5{NNBSP}%", 0.045), ("100 %", 1.0),
    ("-2 %", -0.02), ("4,5", 0.045), ("0,045", 0.045), (0.045, 0.045), (12, 0.12),
])
def test_a_percentage_becomes_a_fraction(cell: object, expected: float) -> None:
    assert parse_percent(cell) == pytest.approx(expected)


@pytest.mark.parametrize(("cell", "expected"), [
    ("120", 120.0), ("120 m²", 120.0), ("1 500 m2", 1500.0), ("2,5 ha", 25000.0),
    ("30 a", 3000.0), (95, 95.0),
])
def test_a_surface_is_read_in_square_metres(cell: object, expected: float) -> None:
    assert parse_area(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [("3", 3), ("1 200", 1200), ("3,0", 3), (3.0, 3),
                                                (7, 7)])
def test_a_count_is_a_whole_number(cell: object, expected: int) -> None:
    assert parse_int(cell) == expected


def test_a_count_with_a_fraction_is_refused() -> None:
    with pytest.raises(ParseError, match="« 2,5 » n'est pas un nombre entier"):
        parse_int("2,5")


def _grouped(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return separator.join(groups)


@given(whole=st.integers(min_value=0, max_value=10**12),
       cents=st.one_of(st.none(), st.integers(min_value=0, max_value=99)),
       separator=st.sampled_from(["", " ", NBSP, NNBSP, ".", "'"]),
       negative=st.booleans(), parentheses=st.booleans())
def test_a_number_written_the_french_way_reads_back_to_itself(
        whole: int, cents: int | None, separator: str, negative: bool, parentheses: bool) -> None:
    digits = str(whole)
    if separator == "." and cents is None and len(digits) in (4, 5, 6):
        separator = " "  # "1.234" alone is ambiguous, and refused as such (tested above)
    text = _grouped(digits, separator)
    value = Decimal(whole)
    if cents is not None:
        text += f",{cents:02d}"
        value += Decimal(cents) / 100
    if negative:
        text = f"({text})" if parentheses else f"-{text}"
        value = -value
    assert parse_number(text) == float(value)
    assert parse_amount(f"{text} €") == float(value)


@given(number=st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_a_number_cell_from_a_workbook_is_kept_as_it_is(number: float) -> None:
    assert parse_number(number) == number
    assert parse_amount(number) == number


@given(thousands=st.integers(min_value=1, max_value=9999),
       unit=st.sampled_from(["k€", "K€", " k€", " kEUR", "k"]))
def test_thousands_of_euros_are_multiplied_by_a_thousand(thousands: int, unit: str) -> None:
    assert parse_amount(f"{thousands}{unit}") == thousands * 1000


@given(tenths=st.integers(min_value=-1000, max_value=1000))
def test_a_percentage_written_with_its_sign_reads_as_a_fraction(tenths: int) -> None:
    written = f"{tenths / 10:.1f}".replace(".", ",") + " %"
    assert parse_percent(written) == pytest.approx(tenths / 1000)
