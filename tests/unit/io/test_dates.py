"""French dates, Excel serial numbers and spreadsheet datetimes, day always before month."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accueil.io.dates import excel_serial, format_date, from_excel_serial, parse_date
from accueil.io.numbers import ParseError

NOVEMBER_26 = date(2026, 11, 26)


@pytest.mark.parametrize("cell", [
    "26/11/2026", "26/11/26", "2026-11-26", "26.11.2026", "26-11-2026", " 26 / 11 / 2026 ",
    "2026/11/26", "26/11/2026 00:00", "2026-11-26 00:00:00", "2026-11-26T00:00:00",
    "26 novembre 2026", "26 Novembre 2026", "jeudi 26 novembre 2026", "26 nov. 2026",
    "20261126", 46352, 46352.0, 46352.75, "46352",
    datetime(2026, 11, 26, 14, 30), NOVEMBER_26,
])
def test_the_26th_of_november_2026_is_read_however_it_is_written(cell: object) -> None:
    assert parse_date(cell) == NOVEMBER_26


@pytest.mark.parametrize(("cell", "expected"), [
    ("1/2/2027", date(2027, 2, 1)),
    ("1er mars 2027", date(2027, 3, 1)),
    ("mars 2027", date(2027, 3, 1)),
    ("03/2027", date(2027, 3, 1)),
    ("15 août 2027", date(2027, 8, 15)),
    ("15 aout 2027", date(2027, 8, 15)),
    ("01/01/69", date(1969, 1, 1)),
    ("31/12/68", date(2068, 12, 31)),
])
def test_partial_and_spelled_out_dates_are_read(cell: str, expected: date) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize("cell", [None, "", "  ", "-", "NC", "?"])
def test_an_empty_date_cell_is_no_date(cell: object) -> None:
    assert parse_date(cell) is None


@pytest.mark.parametrize(("cell", "problem"), [
    ("11/26/2026", "n'a pas de mois 26 (le jour vient avant le mois)"),
    ("31/02/2026", "n'est pas une date du calendrier"),
    ("2027", "n'est pas une date"),
    ("demain", "n'est pas une date"),
    ("26 brumaire 2026", "« brumaire », qui n'est pas un mois"),
    (60, "n'est pas une date"),
    (True, "n'est pas une date"),
    (time(12, 0), "n'est pas une date"),
])
def test_a_cell_that_is_not_a_date_is_refused_with_the_expected_format(
        cell: object, problem: str) -> None:
    with pytest.raises(ParseError) as refused:
        parse_date(cell)
    assert problem in refused.value.message
    assert "attendu une date jj/mm/aaaa, par ex. 26/11/2026" in refused.value.message


@pytest.mark.parametrize(("serial", "expected"), [
    (1, date(1900, 1, 1)),
    (59, date(1900, 2, 28)),
    (61, date(1900, 3, 1)),
    (25569, date(1970, 1, 1)),
    (46352, NOVEMBER_26),
])
def test_excel_serials_account_for_the_fictitious_29_february_1900(
        serial: int, expected: date) -> None:
    assert from_excel_serial(serial) == expected
    assert excel_serial(expected) == serial


def test_serial_60_the_day_excel_invented_is_no_date() -> None:
    with pytest.raises(ValueError, match="29/02/1900"):
        from_excel_serial(60)


def test_a_date_is_written_the_french_way() -> None:
    assert format_date(date(2027, 3, 1)) == "01/03/2027"


days = st.dates(min_value=date(1950, 1, 1), max_value=date(2199, 12, 31))


@given(day=days, style=st.sampled_from(["%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]))
def test_a_date_written_in_any_accepted_style_reads_back_to_itself(day: date, style: str) -> None:
    assert parse_date(day.strftime(style)) == day


@given(day=st.dates(min_value=date(1969, 1, 1), max_value=date(2068, 12, 31)))
def test_a_date_with_a_two_digit_year_reads_back_within_the_pivot(day: date) -> None:
    assert parse_date(day.strftime("%d/%m/%y")) == day


@given(day=days)
def test_a_date_stored_as_an_excel_serial_reads_back_to_itself(day: date) -> None:
    serial = excel_serial(day)
    assert parse_date(serial) == day
    assert parse_date(float(serial) + 0.5) == day
    assert parse_date(str(serial)) == day


@given(day=st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)))
def test_excel_serials_and_dates_are_inverse_after_february_1900(day: date) -> None:
    assert from_excel_serial(excel_serial(day)) == day
