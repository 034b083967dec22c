"""Impossible values come back as (field, French message); missing data as French labels."""

from __future__ import annotations

import dataclasses

import pytest

from accueil.domain.viability import (
    Assumptions,
    Buyer,
    CreationForecast,
    Deferral,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    OfferKind,
    Premises,
    PremisesTenure,
    ViabilityInputs,
    demo_inputs,
    find_missing,
    validate,
)


def with_loan(**changes) -> ViabilityInputs:
    inputs = demo_inputs()
    loan = dataclasses.replace(inputs.financing.loan, **changes)
    return dataclasses.replace(inputs, financing=dataclasses.replace(inputs.financing, loan=loan))


def with_financing(**changes) -> ViabilityInputs:
    inputs = demo_inputs()
    return dataclasses.replace(inputs, financing=dataclasses.replace(inputs.financing, **changes))


def test_the_demo_offer_is_valid_and_complete() -> None:
    assert validate(demo_inputs()) == ()
    assert find_missing(demo_inputs()) == ()


@pytest.mark.parametrize(
    ("inputs", "field", "fragment"),
    [
        (
            dataclasses.replace(
                demo_inputs(),
                income_statements=(IncomeStatement(year=2025, production_sold=-5_000.0),),
            ),
            "income_statements[2025].production_sold",
            "montant négatif",
        ),
        (with_loan(annual_rate=0.35), "financing.loan.annual_rate", "entre 0 % et 30 %"),
        (with_loan(annual_rate=-0.01), "financing.loan.annual_rate", "entre 0 % et 30 %"),
        (with_loan(years=0), "financing.loan.years", "de 1 à 30 ans"),
        (
            with_loan(deferral=Deferral.PARTIAL, deferral_periods=84),
            "financing.loan.deferral_periods",
            "inférieur au nombre total d'échéances",
        ),
        (
            with_financing(personal_contribution=1_000_000.0),
            "financing.personal_contribution",
            "dépasse les besoins",
        ),
        (with_financing(asking_price=-1.0), "financing.asking_price", "montant négatif"),
        (
            dataclasses.replace(demo_inputs(), buyer=Buyer(net_pay=-100.0)),
            "buyer.net_pay",
            "montant négatif",
        ),
        (
            ViabilityInputs(
                kind=OfferKind.CREATION,
                forecast=CreationForecast(turnover_by_year=(100.0, -1.0), variable_cost_rate=1.5),
            ),
            "forecast.turnover_by_year[2]",
            "montant négatif",
        ),
        (
            ViabilityInputs(
                kind=OfferKind.CREATION, forecast=CreationForecast(variable_cost_rate=1.5)
            ),
            "forecast.variable_cost_rate",
            "entre 0 % et 100 %",
        ),
    ],
)
def test_impossible_values_are_reported_on_their_field_in_french(
    inputs: ViabilityInputs, field: str, fragment: str
) -> None:
    errors = {error.field: error.message for error in validate(inputs)}
    assert field in errors, errors
    assert fragment in errors[field].replace("\u00a0", " ").replace("\u202f", " ")


def test_an_of_which_line_cannot_exceed_its_total() -> None:
    statement = IncomeStatement(
        year=2025, production_sold=1.0, exceptional_income=1_000.0, asset_disposal_proceeds=5_000.0
    )
    errors = validate(ViabilityInputs(income_statements=(statement,)))
    assert any(
        e.field == "income_statements[2025].asset_disposal_proceeds"
        and "dépasse le total" in e.message
        for e in errors
    )


def test_a_year_entered_twice_is_an_error() -> None:
    statement = IncomeStatement(year=2024, production_sold=1.0)
    errors = validate(ViabilityInputs(income_statements=(statement, statement)))
    assert [e.field for e in errors] == ["income_statements[2024].year"]


@pytest.mark.parametrize(
    ("assumptions", "field"),
    [
        (Assumptions(year_weights=(0.0, 0.0)), "assumptions.year_weights"),
        (Assumptions(year_weights=(1.0, -1.0)), "assumptions.year_weights"),
        (
            Assumptions(capitalisation_rate_range=(0.2, 0.1)),
            "assumptions.capitalisation_rate_range",
        ),
        (Assumptions(ebe_multiple_range=(5.0, 3.0)), "assumptions.ebe_multiple_range"),
    ],
)
def test_impossible_assumptions_are_reported_too(assumptions: Assumptions, field: str) -> None:
    assert field in {e.field for e in validate(demo_inputs(), assumptions)}


def test_missing_data_are_listed_with_french_labels() -> None:
    partial = ViabilityInputs(
        income_statements=(IncomeStatement(year=2025, sales_of_goods=50_000.0),),
        premises=Premises(PremisesTenure.OWNED_BY_SELLER),
    )
    labels = {item.field: item.label for item in find_missing(partial)}
    assert labels["income_statements"] == "Comptes de résultat : 3 exercices attendus, 1 fourni(s)"
    assert labels["income_statements[2025].purchases_of_goods"] == "Achats de marchandises 2025"
    assert labels["income_statements[2025].wages"] == "Salaires et traitements 2025"
    assert labels["premises.market_rent"] == "Loyer de marché des murs détenus par le cédant"
    assert labels["buyer.net_pay"] == "Rémunération nette annuelle du repreneur"
    assert labels["financing.asking_price"] == "Prix demandé par le cédant"
    assert "balance_sheet" in labels


def test_a_creation_lists_the_missing_parts_of_its_forecast() -> None:
    inputs = ViabilityInputs(
        kind=OfferKind.CREATION,
        forecast=CreationForecast(),
        financing=FinancingInputs(loan=LoanTerms()),
    )
    fields = {item.field for item in find_missing(inputs)}
    assert {
        "forecast.turnover_by_year",
        "forecast.variable_cost_rate",
        "forecast.fixed_costs",
        "forecast.working_capital_days",
    } <= fields


NAN = float("nan")


@pytest.mark.parametrize(
    ("inputs", "assumptions", "field"),
    [
        (
            dataclasses.replace(
                demo_inputs(),
                income_statements=(IncomeStatement(year=2025, wages=NAN),),
            ),
            Assumptions(),
            "income_statements[2025].wages",
        ),
        (with_loan(annual_rate=NAN), Assumptions(), "financing.loan.annual_rate"),
        (demo_inputs(), Assumptions(vat_rate=float("inf")), "assumptions.vat_rate"),
        (
            demo_inputs(),
            Assumptions(thresholds=dataclasses.replace(Assumptions().thresholds, min_dscr=0.0)),
            "assumptions.thresholds.min_dscr",
        ),
    ],
)
def test_a_value_that_is_not_a_finite_number_or_out_of_bounds_is_reported(
    inputs: ViabilityInputs, assumptions: Assumptions, field: str
) -> None:
    errors = validate(inputs, assumptions)
    assert [e.field for e in errors].count(field) == 1, errors
