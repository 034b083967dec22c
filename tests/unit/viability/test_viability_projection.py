"""Projection over the loan's life, break-even, BFR in days and the bank's ratios."""

from __future__ import annotations

import pytest

from accueil.domain.viability import (
    Assumptions,
    BalanceSheet,
    Buyer,
    CreationForecast,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    OfferKind,
    Periodicity,
    ViabilityInputs,
    constant_payment,
)
from accueil.domain.viability.arith import corporate_tax
from accueil.domain.viability.projection import break_even, working_capital_days
from accueil.domain.viability.scenario import run_scenario
from accueil.domain.viability.statements import compute_years


# Published examples: https://www.fint.fr/glossaire/seuil-de-rentabilite (fixed 100 000 €,
# turnover 400 000 €, variable 280 000 € → 333 333 €), https://fr.scribd.com/document/622942267/
# SR-Comment-faire (fixed 60 000 €, margin rate 75 % → 80 000 €) and Gualino's corrected exercise
# https://nxtbook.com/lextenso-editions/Gualino/978-2-297-25918-7/index.php?startid=75
# (fixed 940 030 €, margin rate 57 % → about 1 649 175 €).
@pytest.mark.parametrize(
    ("fixed", "rate", "turnover", "threshold"),
    [
        (100_000.0, 0.30, 400_000.0, 333_333.33),
        (60_000.0, 0.75, 100_000.0, 80_000.0),
        (940_030.0, 0.57, 2_066_000.0, 1_649_175.0),
    ],
)
def test_break_even_matches_published_examples(
    fixed: float, rate: float, turnover: float, threshold: float
) -> None:
    result = break_even(fixed, rate, turnover)
    assert result.threshold_turnover == pytest.approx(threshold, abs=1.0)
    assert result.days == pytest.approx(threshold * 365 / turnover, rel=1e-5)
    assert result.safety_margin == pytest.approx(turnover - threshold, abs=1.0)
    assert result.safety_index == pytest.approx((turnover - threshold) / turnover, rel=1e-4)


def test_break_even_is_not_computable_without_a_positive_margin() -> None:
    result = break_even(50_000.0, 0.0, 100_000.0)
    assert result.threshold_turnover is None
    assert result.days is None


def test_bfr_components_are_expressed_in_days() -> None:
    statement = IncomeStatement(
        year=2025, sales_of_goods=100_000, purchases_of_goods=60_000, other_external_charges=20_000
    )
    balance = BalanceSheet(inventories=6_000, trade_receivables=12_000, trade_payables=9_600)
    days = working_capital_days(statement, balance, vat_rate=0.20)
    assert days is not None
    assert days.stock_days == pytest.approx(6_000 * 365 / 60_000)
    assert days.customer_days == pytest.approx(12_000 * 365 / 120_000)
    assert days.supplier_days == pytest.approx(9_600 * 365 / 96_000)
    assert days.bfr == pytest.approx(8_400)
    assert days.bfr_days == pytest.approx(8_400 * 365 / 100_000)


FLAT = Assumptions(turnover_growth=0.0, fixed_cost_growth=0.0)


def creation(loan_years: int = 10, **financing: float) -> ViabilityInputs:
    return ViabilityInputs(
        kind=OfferKind.CREATION,
        forecast=CreationForecast(
            turnover_by_year=(300_000.0,),
            variable_cost_rate=0.5,
            fixed_costs=60_000.0,
            working_capital_days=0.0,
        ),
        buyer=Buyer(net_pay=30_000.0),
        financing=FinancingInputs(
            investments=50_000.0,
            cash_cushion=10_000.0,
            personal_contribution=20_000.0,
            loan=LoanTerms(annual_rate=0.05, years=loan_years, periodicity=Periodicity.ANNUAL),
            **financing,
        ),
    )


def test_the_projection_covers_at_least_five_years_and_the_whole_loan() -> None:
    short = run_scenario(creation(loan_years=3), FLAT, ()).projection
    long = run_scenario(creation(loan_years=12), FLAT, ()).projection
    assert short is not None
    assert long is not None
    assert len(short.years) == 5
    assert len(long.years) == 12
    assert [y.annuity > 0 for y in short.years] == [True, True, True, False, False]


def test_each_projected_year_follows_the_stated_formulas() -> None:
    result = run_scenario(creation(), FLAT, ())
    projection = result.projection
    assert projection is not None
    first = projection.years[0]
    ebe = 300_000 * 0.5 - 60_000 - 30_000 * 1.45
    loan = 40_000.0  # the VAT on the investments has its own bridge, repaid by the refund
    interest = loan * 0.05
    tax = corporate_tax(ebe - 10_000 - interest, 0.15, 42_500, 0.25)
    annuity = constant_payment(loan, 0.05, 10)
    assert first.ebe == pytest.approx(ebe)
    assert first.interest == pytest.approx(interest)
    assert first.income_tax == pytest.approx(tax)
    assert first.caf == pytest.approx(ebe - interest - tax)
    assert first.net_result == pytest.approx(first.caf - 10_000)
    assert first.annuity == pytest.approx(annuity)
    assert first.dscr == pytest.approx((ebe - tax) / annuity)
    assert first.annuity_to_caf == pytest.approx(annuity / first.caf)
    assert first.annuity_to_ebe == pytest.approx(annuity / ebe)
    assert first.debt_to_caf == pytest.approx(first.debt_end / first.caf)
    assert first.cash_end == pytest.approx(10_000 + first.caf - first.principal)
    assert first.return_on_equity == pytest.approx(first.net_result / 20_000)
    assert first.financial_autonomy == pytest.approx(
        first.equity_end / (first.equity_end + first.debt_end)
    )
    for previous, current in zip(projection.years, projection.years[1:], strict=False):
        assert current.cash_end == pytest.approx(previous.cash_end + current.free_cash_after_debt)
    assert projection.min_dscr == min(y.dscr for y in projection.years if y.dscr is not None)


def test_without_a_loan_the_debt_ratios_are_none_not_infinite() -> None:
    projection = run_scenario(creation(honour_loans=0.0, subsidies=40_000.0), FLAT, ()).projection
    assert projection is not None
    assert all(
        y.annuity == 0 and y.dscr is None and y.annuity_to_caf is None for y in projection.years
    )
    assert projection.min_dscr is None


def test_a_takeover_starts_from_the_restated_ebe_and_grows_with_the_assumptions() -> None:
    statements = tuple(
        IncomeStatement(
            year=y,
            production_sold=400_000,
            purchases_of_materials=120_000,
            other_external_charges=60_000,
            wages=100_000,
            social_charges=40_000,
            operating_depreciation=8_000,
        )
        for y in (2023, 2024, 2025)
    )
    inputs = ViabilityInputs(
        income_statements=statements,
        buyer=Buyer(net_pay=25_000),
        financing=FinancingInputs(asking_price=150_000, personal_contribution=50_000),
    )
    assumptions = Assumptions(turnover_growth=0.02, fixed_cost_growth=0.0)
    result = run_scenario(inputs, assumptions, compute_years(statements))
    assert result.projection is not None
    assert result.restated.ebe_restated is not None
    first = result.projection.years[0]
    assert result.restated.ebe_restated == pytest.approx(80_000 - 36_250)
    assert first.turnover == pytest.approx(408_000)
    assert first.ebe == pytest.approx(result.restated.ebe_restated + 8_000 * 0.7)
