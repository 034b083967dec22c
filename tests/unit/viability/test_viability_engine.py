"""The single entry point: a complete analysis, a partial one, and stored reports."""

from __future__ import annotations

import dataclasses
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accueil.domain.viability import (
    Assumptions,
    BalanceSheet,
    Buyer,
    CreationForecast,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    MonteCarloSettings,
    OfferKind,
    Periodicity,
    Premises,
    PremisesTenure,
    SocialStatus,
    Thresholds,
    Trade,
    VerdictKind,
    ViabilityInputs,
    ViabilityReport,
    analyse,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.domain.viability.model import INCOME_FIELD_LABELS

from .conftest import non_finite_paths

FAST = Assumptions(monte_carlo=MonteCarloSettings(draws=200))


def test_the_demo_bakery_gets_a_full_analysis(bakery) -> None:
    report = analyse(bakery)
    assert report.complete
    assert [figure.year for figure in report.statements] == [2023, 2024, 2025]
    assert report.restated_ebe is not None
    assert report.restated_ebe.ebe_restated > 0
    assert report.valuation is not None
    assert report.valuation.position is not None
    assert report.financing_plan is not None
    assert report.financing_plan.gap == 0
    assert report.loan_schedule is not None
    assert len(report.loan_schedule.rows) == 84
    assert report.projection is not None
    assert len(report.projection.years) == 7
    assert report.sensitivity is not None
    assert len(report.sensitivity.shocks) == 8
    assert report.monte_carlo is not None
    assert report.monte_carlo.draws == 10_000
    assert report.verdict.kind is not VerdictKind.UNDETERMINED
    assert non_finite_paths(report.to_dict()) == []


def test_a_stored_report_is_reproduced_identically(bakery) -> None:
    report = analyse(bakery, FAST)
    stored = json.dumps(report.to_dict())
    restored = ViabilityReport.from_dict(json.loads(stored))
    assert restored == report
    assert analyse(restored.inputs, restored.assumptions) == report


def test_adjusted_assumptions_survive_the_json_round_trip(bakery) -> None:
    assumptions = Assumptions(
        year_weights=(1.0, 1.0),
        ebe_multiple_range=(3.0, 4.0),
        thresholds=dataclasses.replace(Assumptions().thresholds, min_dscr=1.4),
        monte_carlo=MonteCarloSettings(draws=300, seed=11),
    )
    report = analyse(bakery, assumptions)
    restored = ViabilityReport.from_dict(json.loads(json.dumps(report.to_dict())))
    assert restored.assumptions == assumptions
    assert restored == report


def test_the_creation_demo_is_analysed_without_accounts() -> None:
    report = analyse(demo_creation_inputs(), FAST)
    assert report.statements == ()
    assert report.valuation is None
    assert report.financing_plan is not None
    assert "price" not in {line.key for line in report.financing_plan.needs}
    assert report.projection is not None
    assert report.verdict.kind is not VerdictKind.UNDETERMINED


def test_impossible_values_stop_the_analysis_with_errors_not_exceptions(bakery) -> None:
    loan = dataclasses.replace(bakery.financing.loan, years=0)
    report = analyse(
        dataclasses.replace(bakery, financing=dataclasses.replace(bakery.financing, loan=loan))
    )
    assert "financing.loan.years" in [error.field for error in report.errors]
    assert report.projection is None
    assert report.verdict.kind is VerdictKind.UNDETERMINED


def test_an_empty_offer_gives_a_partial_analysis_listing_what_is_missing() -> None:
    report = analyse(ViabilityInputs(), FAST)
    assert not report.errors
    assert report.missing
    assert report.verdict.kind is VerdictKind.UNDETERMINED
    assert non_finite_paths(report.to_dict()) == []


money = st.one_of(st.none(), st.floats(min_value=0, max_value=2e6))
signed_money = st.one_of(st.none(), st.floats(min_value=-2e5, max_value=2e5))


@st.composite
def partial_statements(draw: st.DrawFn, year: int) -> IncomeStatement:
    values = {}
    for name in INCOME_FIELD_LABELS:
        if name.startswith("change_in") or name == "production_stored":
            values[name] = draw(signed_money)
        elif name in {
            "financial_reversals",
            "financial_depreciation",
            "asset_disposal_proceeds",
            "investment_subsidies_released",
            "exceptional_reversals",
            "disposed_assets_book_value",
            "exceptional_depreciation",
            "owner_pay_in_wages",
            "owner_social_charges",
        }:
            values[name] = None
        else:
            values[name] = draw(money)
    return IncomeStatement(year=year, **values)


@st.composite
def partial_inputs(draw: st.DrawFn) -> ViabilityInputs:
    kind = draw(st.sampled_from(OfferKind))
    years = draw(st.lists(st.integers(2018, 2026), max_size=4, unique=True))
    price = draw(money)
    return ViabilityInputs(
        kind=kind,
        trade=draw(st.sampled_from(Trade)),
        income_statements=tuple(draw(partial_statements(year)) for year in years),
        balance_sheet=draw(
            st.one_of(
                st.none(),
                st.builds(
                    BalanceSheet,
                    inventories=money,
                    trade_receivables=money,
                    trade_payables=money,
                    equity=st.one_of(st.none(), st.floats(-1e6, 1e6)),
                    financial_debts=money,
                ),
            )
        ),
        premises=draw(
            st.one_of(
                st.none(),
                st.builds(
                    Premises,
                    tenure=st.one_of(st.none(), st.sampled_from(PremisesTenure)),
                    current_rent=money,
                    market_rent=money,
                ),
            )
        ),
        forecast=draw(
            st.one_of(
                st.none(),
                st.builds(
                    CreationForecast,
                    turnover_by_year=st.lists(st.floats(0, 2e6), max_size=4).map(tuple),
                    variable_cost_rate=st.one_of(st.none(), st.floats(0, 1)),
                    fixed_costs=money,
                    working_capital_days=st.one_of(st.none(), st.floats(0, 120)),
                ),
            )
        ),
        buyer=Buyer(net_pay=draw(money), status=draw(st.sampled_from(SocialStatus))),
        financing=FinancingInputs(
            asking_price=price,
            fees=draw(money),
            investments=draw(st.floats(0, 5e5)),
            cash_cushion=draw(st.floats(0, 1e5)),
            personal_contribution=draw(st.one_of(st.none(), st.floats(0, 1e5))),
            honour_loans=draw(st.floats(0, 5e4)),
            subsidies=draw(st.floats(0, 5e4)),
            loan=LoanTerms(
                annual_rate=draw(st.floats(0, 0.3)),
                years=draw(st.integers(1, 30)),
                periodicity=draw(st.sampled_from(Periodicity)),
            ),
            rural_reduced_rate=draw(st.booleans()),
        ),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(partial_inputs())
def test_arbitrary_partial_inputs_never_raise_nor_produce_nan(inputs: ViabilityInputs) -> None:
    report = analyse(inputs, FAST)
    assert non_finite_paths(report.to_dict()) == []
    assert report.verdict.label
    assert all(item.label for item in report.missing)


fractions = st.floats(min_value=-1.0, max_value=2.0)
assumption_sets = st.builds(
    Assumptions,
    year_weights=st.lists(st.floats(-1, 5), max_size=4).map(tuple),
    tns_social_charge_rate=fractions,
    capitalisation_rate_range=st.tuples(fractions, fractions),
    ebe_multiple_range=st.one_of(st.none(), st.tuples(st.floats(-1, 12), st.floats(-1, 12))),
    turnover_growth=fractions,
    fixed_cost_growth=fractions,
    variable_share_of_external_charges=st.floats(0, 1),
    vat_rate=st.floats(0, 0.3),
    investment_life_years=st.integers(-2, 20),
    projection_min_years=st.integers(-2, 15),
    thresholds=st.builds(
        Thresholds,
        min_dscr=st.floats(-1, 5),
        max_annuity_to_caf=fractions,
        min_contribution_share=fractions,
    ),
    monte_carlo=st.builds(
        MonteCarloSettings,
        draws=st.integers(-5, 300),
        seed=st.integers(0, 2**31),
        sigma_margin_points=fractions,
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(assumption_sets)
def test_arbitrary_assumptions_give_errors_or_finite_reports(assumptions: Assumptions) -> None:
    report = analyse(demo_inputs(), assumptions)
    assert non_finite_paths(report.to_dict()) == []
    if report.errors:
        assert report.projection is None
