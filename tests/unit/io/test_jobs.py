"""A job's contract and salary cells, as job boards and partners write them."""

from __future__ import annotations

import pytest

from accueil.io.jobs import Contract, Salary, parse_contract, parse_salary
from accueil.io.numbers import ParseError


@pytest.mark.parametrize(("cell", "expected"), [
    ("CDI", Contract("CDI")),
    ("CDD 6 mois", Contract("CDD", 6.0)),
    ("CDD de 12 mois", Contract("CDD", 12.0)),
    ("Saisonnier (CDD 4 mois)", Contract("Saisonnier", 4.0)),
    ("CDI temps partiel (28 h)", Contract("CDI", None, "Temps partiel", 28.0)),
    ("CDI 35 h", Contract("CDI", None, "Temps plein", 35.0)),
    ("CDI mi-temps", Contract("CDI", None, "Temps partiel", 17.5)),
    ("Contrat à durée déterminée", Contract("CDD")),
    ("Apprentissage 2 ans", Contract("Apprentissage", 24.0)),
    ("Intérim", Contract("Intérim")),
    ("cdd temps plein 3 mois", Contract("CDD", 3.0, "Temps plein")),
])
def test_a_contract_cell_gives_its_kind_length_and_working_time(cell: str,
                                                                expected: Contract) -> None:
    assert parse_contract(cell) == expected


@pytest.mark.parametrize("cell", ["CONTACT", "Jean Dupont", "06 12 34 56 78", "CDI 90 h"])
def test_what_is_not_a_contract_is_refused_in_french(cell: str) -> None:
    with pytest.raises(ParseError) as refused:
        parse_contract(cell)
    assert refused.value.message.startswith(f"« {cell} »")


@pytest.mark.parametrize(("cell", "expected"), [
    ("1 900 - 2 300 € brut", Salary(1900.0, 2300.0, "mois", period_guessed=True)),
    ("24 000 - 28 000 € brut annuel", Salary(24000.0, 28000.0, "an")),
    ("11,88 € brut/heure", Salary(11.88, 11.88, "heure")),
    ("2 100 € brut mensuel", Salary(2100.0, 2100.0, "mois")),
    ("de 1 800 à 2 000 € par mois", Salary(1800.0, 2000.0, "mois")),
    ("28 k€/an", Salary(28000.0, 28000.0, "an")),
    ("1900-2300", Salary(1900.0, 2300.0, "mois", period_guessed=True)),
    ("SMIC", Salary(note="SMIC", smic_factor=1.0)),
    ("SMIC horaire", Salary(note="SMIC horaire", smic_factor=1.0)),
    ("Smic + 10 %", Salary(note="Smic + 10 %", smic_factor=1.1)),
    ("SMIC +5,5%", Salary(note="SMIC +5,5%", smic_factor=1.055)),
    ("110 % du SMIC", Salary(note="110 % du SMIC", smic_factor=1.1)),
    ("SMIC + primes", Salary(note="SMIC + primes")),  # not a multiple: words
    ("Selon profil", Salary(note="Selon profil")),
    ("Selon grille légale", Salary(note="Selon grille légale")),
    (2100.0, Salary(2100.0, 2100.0, "mois", period_guessed=True)),
])
def test_a_salary_cell_gives_its_range_and_period_or_its_words(cell: object,
                                                               expected: Salary) -> None:
    assert parse_salary(cell) == expected


def test_a_figure_without_period_takes_the_column_s_when_it_fits() -> None:
    assert parse_salary("28 000", "an") == Salary(28000.0, 28000.0, "an")
    assert parse_salary("1 900", "an") == Salary(1900.0, 1900.0, "mois", period_guessed=True)


def test_a_salary_in_words_is_not_a_stated_figure() -> None:
    salary = parse_salary("Selon profil")
    assert salary is not None
    assert not salary.stated
    assert salary.yearly() is None


def test_the_yearly_equivalent_counts_the_legal_monthly_hours() -> None:
    hourly = parse_salary("11,88 €/heure")
    assert hourly is not None
    assert hourly.yearly() == round(11.88 * 151.67 * 12, 2)
    assert hourly.yearly(28) == round(11.88 * 28 * 52 / 12 * 12, 2)


@pytest.mark.parametrize("cell", ["abc", "12 rue de la Gare", "1 - 2 - 3 €", "SMIC + 900 %"])
def test_what_is_not_a_salary_is_refused_in_french(cell: str) -> None:
    with pytest.raises(ParseError) as refused:
        parse_salary(cell)
    assert "attendu un salaire brut" in refused.value.message
