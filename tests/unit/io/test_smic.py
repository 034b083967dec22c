"""The SMIC by date: the committed table of revalorisations, and a salary written "SMIC"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from accueil.io.smic import SmicRate, rate_on, smic_rates, smic_salary

RATES = (SmicRate(date(2024, 1, 1), 11.65, "décret n° 2023-1216"),
         SmicRate(date(2024, 11, 1), 11.88, "décret n° 2024-951"))


@pytest.mark.parametrize(("day", "hourly"), [
    (date(2023, 12, 31), None),  # before the table: unknown, never guessed
    (date(2024, 1, 1), 11.65),
    (date(2024, 10, 31), 11.65),
    (date(2024, 11, 1), 11.88),
    (date(2027, 6, 1), 11.88),  # after the last text: the last one known
])
def test_the_smic_in_force_is_the_last_one_set_on_or_before_the_day(
        day: date, hourly: float | None) -> None:
    found = rate_on(day, RATES)
    assert (found.hourly if found else None) == hourly


def test_the_committed_table_starts_in_2023_and_cites_each_text() -> None:
    rates = smic_rates()
    assert rates[0].effective == date(2023, 1, 1)
    assert all(rate.text.startswith(("décret n° ", "arrêté du ")) and rate.journal
               for rate in rates)
    known = {rate.effective: rate.hourly for rate in rates}
    assert known[date(2024, 1, 1)] == 11.65
    assert known[date(2024, 11, 1)] == 11.88
    assert known[date(2026, 1, 1)] == 12.02


@pytest.mark.parametrize(("factor", "day", "hourly", "yearly"), [
    (1.0, date(2024, 6, 1), 11.65, round(11.65 * 151.67 * 12, 2)),
    (1.0, date(2026, 12, 6), 12.02, round(12.02 * 151.67 * 12, 2)),  # 21 876,88 €
    (1.1, date(2026, 12, 6), 13.22, round(13.22 * 151.67 * 12, 2)),  # 12,02 × 1,1, to the cent
])
def test_a_smic_salary_is_the_hourly_smic_times_its_supplement(
        factor: float, day: date, hourly: float, yearly: float) -> None:
    salary = smic_salary(factor, day)
    assert salary is not None
    assert (salary.hourly, salary.yearly()) == (hourly, yearly)


def test_the_remark_names_the_date_the_text_and_the_yearly_figure() -> None:
    salary = smic_salary(1.1, date(2026, 12, 6))
    assert salary is not None
    assert salary.remark("Smic + 10 %") == (
        "« Smic + 10 % » : SMIC horaire brut en vigueur le 01/01/2026 (12,02\u00a0€, décret "
        "n° 2025-1228 du 17 décembre 2025) majoré de 10\u00a0%, soit 13,22\u00a0€ brut de "
        "l'heure et 24\u00a0060,93\u00a0€ par an sur 151,67 h par mois.")
    # 13,22 × 28 h × 52 weeks = 19 248,32 € for a part-time job of 28 hours.
    assert salary.remark("Smic + 10 %", 28).endswith(
        "et 19\u00a0248,32\u00a0€ par an sur 28 h par semaine.")


def test_no_smic_before_the_table_starts() -> None:
    assert smic_salary(1.0, date(2022, 6, 1)) is None


@pytest.mark.parametrize(("content", "expected"), [
    ("date;horaire\n2024-01-01;11.65\n", "n'a pas les colonnes attendues"),
    (("date_effet,horaire_brut,texte,journal_officiel\n"
     "2024-11-01,11.88,décret,JO\n2024-01-01,11.65,décret,JO\n"), "dans l'ordre croissant"),
])
def test_a_table_not_shaped_as_expected_is_refused_in_french(
        tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "smic.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=expected):
        smic_rates(path)
