"""Vectorised screening of many offers agrees with the scalar engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from accueil.domain.viability import (
    Assumptions,
    Buyer,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    Periodicity,
    ViabilityInputs,
    batch_analyse,
    constant_payment,
    registration_duties,
)
from accueil.domain.viability.scenario import run_scenario
from accueil.domain.viability.statements import compute_years


def offers(size: int, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    turnover = rng.uniform(100_000, 900_000, size)
    return pd.DataFrame(
        {
            "turnover": turnover,
            "ebe": turnover * rng.uniform(0.05, 0.30, size),
            "seller_social_charges": rng.uniform(0, 20_000, size),
            "buyer_net_pay": rng.uniform(15_000, 45_000, size),
            "price": turnover * rng.uniform(0.3, 1.0, size),
            "other_needs": rng.uniform(5_000, 60_000, size),
            "personal_contribution": rng.uniform(10_000, 150_000, size),
            "annual_rate": rng.uniform(0.0, 0.07, size),
            "years": rng.integers(5, 11, size),
            "rural": rng.integers(0, 2, size),
        }
    )


def test_ten_thousand_offers_are_screened_in_one_call_without_nan() -> None:
    result = batch_analyse(offers(10_000))
    assert result["verdict_code"].shape == (10_000,)
    assert set(np.unique(result["verdict"])) <= {"viable", "fragile", "non viable"}
    for name, values in result.items():
        if values.dtype.kind == "f":
            filled = np.ma.filled(values, 0.0)
            assert np.isfinite(filled).all(), name


def test_each_row_agrees_with_the_scalar_duties_and_annuity() -> None:
    table = offers(50)
    result = batch_analyse(table)
    for index, row in table.iterrows():
        duties = registration_duties(row.price, rural_reduced_rate=bool(row.rural))
        assert result["duties"][index] == pytest.approx(duties)
        loan = max(row.price + duties + row.other_needs - row.personal_contribution, 0.0)
        assert result["loan"][index] == pytest.approx(loan)
        assert result["annuity"][index] == pytest.approx(
            constant_payment(loan, row.annual_rate, int(row.years))
        )


def test_a_row_matches_the_full_engine_for_the_same_flat_offer() -> None:
    statements = tuple(
        IncomeStatement(
            year=y,
            production_sold=500_000,
            purchases_of_materials=150_000,
            other_external_charges=80_000,
            wages=120_000,
            social_charges=50_000,
            operating_depreciation=0.0,
        )
        for y in (2023, 2024, 2025)
    )
    inputs = ViabilityInputs(
        income_statements=statements,
        buyer=Buyer(net_pay=30_000),
        financing=FinancingInputs(
            asking_price=200_000,
            personal_contribution=60_000,
            loan=LoanTerms(annual_rate=0.05, years=7, periodicity=Periodicity.ANNUAL),
        ),
    )
    flat = Assumptions(turnover_growth=0.0, fixed_cost_growth=0.0)
    engine = run_scenario(inputs, flat, compute_years(statements))
    batch = batch_analyse(
        {
            "turnover": [500_000.0],
            "ebe": [100_000.0],
            "buyer_net_pay": [30_000.0],
            "price": [200_000.0],
            "personal_contribution": [60_000.0],
            "annual_rate": [0.05],
            "years": [7.0],
        },
        flat,
    )
    assert engine.projection is not None
    first = engine.projection.years[0]
    assert batch["ebe_restated"][0] == pytest.approx(engine.restated.ebe_restated)
    assert batch["loan"][0] == pytest.approx(engine.plan.loan_amount)
    assert batch["annuity"][0] == pytest.approx(first.annuity)
    assert batch["caf"][0] == pytest.approx(first.caf)
    assert batch["dscr"][0] == pytest.approx(first.dscr)


@pytest.mark.parametrize(
    ("ebe", "contribution", "expected"),
    [
        (150_000.0, 100_000.0, "viable"),
        (110_000.0, 10_000.0, "fragile"),
        (20_000.0, 10_000.0, "non viable"),
    ],
)
def test_the_batch_verdict_follows_the_same_thresholds(
    ebe: float, contribution: float, expected: str
) -> None:
    result = batch_analyse(
        {
            "turnover": [600_000.0],
            "ebe": [ebe],
            "buyer_net_pay": [25_000.0],
            "price": [250_000.0],
            "personal_contribution": [contribution],
        }
    )
    assert result["verdict"][0] == expected


def test_a_debt_free_row_has_a_masked_dscr_not_an_infinite_one() -> None:
    result = batch_analyse(
        {
            "turnover": [300_000.0],
            "ebe": [80_000.0],
            "buyer_net_pay": [20_000.0],
            "price": [50_000.0],
            "personal_contribution": [200_000.0],
        }
    )
    assert result["loan"][0] == 0
    assert result["dscr"].mask[0]
    assert result["verdict"][0] == "viable"


def test_a_missing_required_column_is_a_programming_error() -> None:
    with pytest.raises(KeyError, match="price"):
        batch_analyse(
            {
                "turnover": [1.0],
                "ebe": [1.0],
                "buyer_net_pay": [1.0],
                "personal_contribution": [1.0],
            }
        )
