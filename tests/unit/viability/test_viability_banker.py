"""What a banker or an expert-comptable would check first (issue #11), each point pinned by a
published worked example or by the engine's own rule applied twice."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accueil.domain.viability import (
    Assumptions,
    BalanceSheet,
    Buyer,
    CreationForecast,
    CriterionStatus,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    MonteCarloSettings,
    OfferKind,
    Periodicity,
    Trade,
    VerdictKind,
    ViabilityInputs,
    analyse,
    demo_inputs,
    loan_schedule,
)
from accueil.domain.viability.capacity import borrowing_capacity, capacity_from_annuity
from accueil.domain.viability.financing import (
    prefinanced_vat,
    registration_duties,
    transfer_duties,
)
from accueil.domain.viability.model import InsuranceBasis, SaleObject, TaxRegime
from accueil.domain.viability.projection import (
    OperatingModel,
    point_mort_date,
    working_capital_days,
)
from accueil.domain.viability.restatements import fixed_costs_from_result
from accueil.domain.viability.scenario import run_scenario
from accueil.domain.viability.statements import compute_years, trends
from accueil.domain.viability.valuation import ValuationMethod

FAST = Assumptions(monte_carlo=MonteCarloSettings(draws=300))
FLAT = dataclasses.replace(FAST, turnover_growth=0.0, fixed_cost_growth=0.0)


def with_financing(inputs: ViabilityInputs, **changes: object) -> ViabilityInputs:
    return dataclasses.replace(inputs, financing=dataclasses.replace(inputs.financing, **changes))


def with_loan(inputs: ViabilityInputs, **changes: object) -> ViabilityInputs:
    loan = dataclasses.replace(inputs.financing.loan, **changes)
    return with_financing(inputs, loan=loan)


def criteria(report):
    return {c.key: c for c in report.verdict.criteria}


# 1. An unfunded gap is never "Viable" ------------------------------------------------------


def test_a_plan_with_an_unfunded_gap_is_not_viable_and_says_how_much_is_missing() -> None:
    # The bakery, loan fixed at 50 000 €: needs 322 130 € plus 5 000 € of VAT on the
    # 25 000 € of works, now pre-financed by a VAT bridge of 5 000 €; resources 143 000 € + the
    # bridge. What is missing is the 179 130 €.
    report = analyse(with_loan(demo_inputs(), amount=50_000.0), FAST)
    plan = report.financing_plan
    assert plan is not None
    assert plan.total_needs == pytest.approx(327_130.0)
    assert plan.total_resources == pytest.approx(148_000.0)
    gap = criteria(report)["financing_gap"]
    assert gap.status is CriterionStatus.FAILED
    assert gap.blocking
    assert gap.measured == pytest.approx(179_130.0)
    assert "Il manque 179\u00a0130\u00a0€" in gap.sentence
    assert report.verdict.kind is VerdictKind.NOT_VIABLE
    assert "Il manque 179\u00a0130\u00a0€" in report.verdict.summary


def test_the_cash_projection_starts_from_what_was_funded_so_the_price_shock_moves_it() -> None:
    inputs = with_loan(demo_inputs(), amount=50_000.0)
    report = analyse(inputs, FAST)
    assert report.projection is not None
    assert report.financing_plan is not None
    first = report.projection.years[0]
    opening = inputs.financing.cash_cushion - report.financing_plan.gap
    assert first.cash_end == pytest.approx(
        opening + first.caf - first.principal - first.change_in_bfr)
    assert report.sensitivity is not None
    price_shock = next(s for s in report.sensitivity.shocks if s.key == "price_plus_10")
    # 10 % more on a 260 000 € price (and its duties) is that much more left unfunded.
    assert price_shock.min_cash_change is not None
    assert price_shock.min_cash_change < -26_000


def test_a_closed_plan_passes_the_gap_criterion_and_a_surplus_stays_in_cash() -> None:
    report = analyse(demo_inputs(), FAST)
    assert criteria(report)["financing_gap"].status is CriterionStatus.PASSED
    surplus = analyse(with_financing(with_loan(demo_inputs(), amount=300_000.0)), FAST)
    gap = criteria(surplus)["financing_gap"]
    assert gap.status is CriterionStatus.PASSED
    assert "excédent" in gap.sentence


@settings(max_examples=60, deadline=None)
@given(
    loan=st.one_of(st.none(), st.floats(0, 400_000)),
    contribution=st.floats(0, 150_000),
    price=st.floats(30_000, 500_000),
    cushion=st.floats(0, 40_000),
    honour=st.floats(0, 40_000),
    net_pay=st.floats(0, 60_000),
    rate=st.floats(0, 0.09),
)
def test_the_verdict_is_never_viable_when_the_plan_leaves_a_gap(
    loan: float | None, contribution: float, price: float, cushion: float, honour: float,
    net_pay: float, rate: float,
) -> None:
    inputs = with_loan(
        with_financing(demo_inputs(), personal_contribution=contribution, asking_price=price,
                       cash_cushion=cushion, honour_loans=honour),
        amount=loan, annual_rate=rate)
    inputs = dataclasses.replace(inputs, buyer=Buyer(net_pay=net_pay))
    report = analyse(inputs, Assumptions(monte_carlo=MonteCarloSettings(draws=50)))
    if report.errors:  # e.g. a contribution above the needs: no verdict to judge
        return
    assert report.financing_plan is not None
    if report.financing_plan.gap > 0.005:
        assert report.verdict.kind is not VerdictKind.VIABLE
        assert criteria(report)["financing_gap"].status is CriterionStatus.FAILED


# 2. Stock is financed once -----------------------------------------------------------------


def test_stock_bought_apart_is_taken_out_of_the_balance_sheet_bfr() -> None:
    # Balance sheet: stocks 9 000 + customers 20 000 − suppliers 16 000 = BFR 13 000 €; the
    # 6 000 € of « Stock repris » pays for the stocks, so the BFR left to finance is 4 000 €.
    inputs = dataclasses.replace(demo_inputs(), balance_sheet=dataclasses.replace(
        demo_inputs().balance_sheet, trade_receivables=20_000.0))
    plan = analyse(inputs, FAST).financing_plan
    assert plan is not None
    lines = {line.key: line.amount for line in plan.needs}
    assert lines["stock"] == 6_000
    assert lines["working_capital"] == pytest.approx(13_000 - 9_000)
    without_stock = analyse(with_financing(inputs, stock_purchase=0.0), FAST).financing_plan
    assert without_stock is not None
    assert {line.key: line.amount for line in without_stock.needs}["working_capital"] == (
        pytest.approx(13_000))


# 3. The financeable price passes the verdict's own rule ------------------------------------


@pytest.mark.parametrize("regime", list(TaxRegime))
def test_at_its_financeable_price_the_offer_meets_the_bank_ratios_one_of_them_exactly(
        regime: TaxRegime) -> None:
    base = dataclasses.replace(demo_inputs(), tax_regime=regime)
    report = analyse(base, FAST)
    assert report.valuation is not None
    price = next(m.low for m in report.valuation.methods
                 if m.method is ValuationMethod.FINANCEABLE_PRICE)
    assert price is not None
    at_price = analyse(with_financing(base, asking_price=price), FAST)
    found = criteria(at_price)
    limit = FAST.thresholds
    assert found["annuity_to_caf"].status is CriterionStatus.PASSED
    assert found["min_dscr"].status is CriterionStatus.PASSED
    caf_ratio, dscr = found["annuity_to_caf"].measured, found["min_dscr"].measured
    assert caf_ratio is not None
    assert dscr is not None
    assert caf_ratio == pytest.approx(limit.max_annuity_to_caf, abs=1e-4) or dscr == (
        pytest.approx(limit.min_dscr, abs=1e-4))
    # 1 % more and the binding ratio breaks.
    above = criteria(analyse(with_financing(base, asking_price=price * 1.01), FAST))
    assert CriterionStatus.FAILED in {above["annuity_to_caf"].status, above["min_dscr"].status}


def test_the_borrowing_capacity_is_the_present_value_of_the_bearable_annuity() -> None:
    # Flat business, annual loan, no tax: the bearable annuity is 70 % of the CAF every year,
    # and the textbook capacity is its present value (experts-univers: C = a(1 − (1+i)^−n)/i).
    terms = LoanTerms(annual_rate=0.05, years=4, periodicity=Periodicity.ANNUAL)
    model = OperatingModel(base_turnover=100_000.0, turnover_path=(100_000.0,) * 5,
                           margin_rate=0.5, fixed_costs_path=(30_000.0,) * 5, owner_cost=0.0,
                           depreciation_path=(0.0,) * 5, bfr_ratio=0.0)
    untaxed = dataclasses.replace(FLAT, corporate_tax_reduced_rate=0.0,
                                  corporate_tax_normal_rate=0.0)
    capacity = borrowing_capacity(model, terms, untaxed)
    # annuity a ≤ 0.7 × (20 000 − interest), the tightest in year 1 (interest = 5 % × C):
    # a = C × 0.05 / (1 − 1.05^−4) ⇒ C solves C·(0.282012 + 0.035) = 14 000.
    factor = 0.05 / (1 - 1.05 ** -4)
    expected = 14_000 / (factor + 0.7 * 0.05)
    assert capacity.amount == pytest.approx(expected, abs=1.0)
    assert capacity.binding == "annuity_to_caf"
    assert capacity_from_annuity(5_640.24, LoanTerms(annual_rate=0.05, years=4,
                                 periodicity=Periodicity.ANNUAL)) == pytest.approx(20_000, abs=0.1)


# 4. A fonds or shares ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "sale", "share", "expected"),
    [
        # CGI art. 726 I-1° (BOFiP BOI-ENR-DMTOM-40-10-20): actions, 0.1 %.
        (300_000.0, SaleObject.SHARES, 1.0, 300.0),
        # CGI art. 726 I-1° bis: parts sociales, 3 % after 23 000 € × share of the capital.
        (100_000.0, SaleObject.COMPANY_UNITS, 1.0, 2_310.0),
        (100_000.0, SaleObject.COMPANY_UNITS, 0.5, 2_655.0),
        (20_000.0, SaleObject.COMPANY_UNITS, 1.0, 0.0),
        # A fonds: art. 719 scale (0 / 3 / 5 %), unchanged.
        (300_000.0, SaleObject.GOODWILL, 1.0, registration_duties(300_000.0)),
    ],
)
def test_duties_follow_what_is_sold(price: float, sale: SaleObject, share: float,
                                    expected: float) -> None:
    assert transfer_duties(price, sale, share_of_capital_sold=share) == pytest.approx(expected)


def test_a_fonds_is_valued_by_fonds_methods_and_shares_by_equity_methods() -> None:
    fonds = analyse(demo_inputs(), FAST).valuation
    assert fonds is not None
    kept = {m.method for m in fonds.methods if m.retained}
    assert ValuationMethod.ADJUSTED_NET_ASSETS not in kept
    assert ValuationMethod.TURNOVER_SCALE in kept
    shares = analyse(with_financing(demo_inputs(), sale_object=SaleObject.SHARES), FAST)
    valuation = shares.valuation
    assert valuation is not None
    by_method = {m.method: m for m in valuation.methods}
    assert by_method[ValuationMethod.ADJUSTED_NET_ASSETS].retained
    assert not by_method[ValuationMethod.TURNOVER_SCALE].retained
    # Equity value = enterprise value − net debt (financial debts 20 000 − cash 38 000).
    assert valuation.net_debt == pytest.approx(-18_000)
    fonds_multiple = {m.method: m for m in fonds.methods}[ValuationMethod.EBE_MULTIPLE]
    assert by_method[ValuationMethod.EBE_MULTIPLE].low == pytest.approx(
        (fonds_multiple.low or 0) + 18_000)
    assert valuation.goodwill_low == pytest.approx((valuation.range_low or 0) - 120_000)
    assert shares.financing_plan is not None
    duties = {line.key: line for line in shares.financing_plan.needs}["duties"]
    assert "726" in duties.label
    assert duties.amount == pytest.approx(0.001 * 260_000)


def test_the_practitioners_method_shows_its_goodwill() -> None:
    valuation = analyse(with_financing(demo_inputs(), sale_object=SaleObject.SHARES),
                        FAST).valuation
    assert valuation is not None
    method = {m.method: m for m in valuation.methods}[ValuationMethod.PRACTITIONERS]
    assert method.low is not None
    assert "survaleur (VR − ANCC) / 2" in method.note
    assert f"{round(method.low - 120_000):,}".replace(",", "\u00a0") in method.note


# 5. Borrower insurance ---------------------------------------------------------------------


def test_insurance_on_the_initial_capital_is_a_constant_premium() -> None:
    # 100 000 € insured at 0.36 % a year on the capital borrowed: 30 € a month, 2 520 € over
    # 7 years (the definition of a premium on the initial capital, emprunt-et-credit.com).
    terms = LoanTerms(annual_rate=0.04, years=7, insurance_rate=0.0036)
    schedule = loan_schedule(100_000.0, terms)
    assert {round(row.insurance, 6) for row in schedule.rows} == {30.0}
    assert schedule.total_insurance == pytest.approx(2_520.0)
    assert schedule.credit_cost == pytest.approx(schedule.total_interest + 2_520.0)
    assert schedule.rows[0].total_payment == pytest.approx(schedule.rows[0].payment + 30.0)


def test_insurance_on_the_outstanding_balance_falls_with_it() -> None:
    terms = LoanTerms(annual_rate=0.04, years=7, insurance_rate=0.0036,
                      insurance_basis=InsuranceBasis.OUTSTANDING)
    schedule = loan_schedule(100_000.0, terms)
    assert schedule.rows[0].insurance == pytest.approx(30.0)
    assert schedule.rows[-1].insurance == pytest.approx(
        schedule.rows[-1].opening_balance * 0.0036 / 12)
    assert schedule.total_insurance < 2_520.0


def test_insurance_raises_the_annuity_and_lowers_the_dscr() -> None:
    plain = analyse(demo_inputs(), FAST)
    insured = analyse(with_loan(demo_inputs(), insurance_rate=0.004), FAST)
    assert plain.projection is not None
    assert insured.projection is not None
    assert insured.projection.years[1].annuity > plain.projection.years[1].annuity
    assert insured.projection.years[1].insurance > 0
    assert (insured.projection.min_dscr or 0) < (plain.projection.min_dscr or 0)


# 6. Tax follows the legal form -------------------------------------------------------------


def creation(regime: TaxRegime, **forecast: float) -> ViabilityInputs:
    return ViabilityInputs(
        kind=OfferKind.CREATION, tax_regime=regime,
        forecast=CreationForecast(turnover_by_year=(300_000.0,), variable_cost_rate=0.5,
                                  working_capital_days=0.0, **forecast),
        buyer=Buyer(net_pay=30_000.0),
        financing=FinancingInputs(personal_contribution=5_000.0, cash_cushion=10_000.0,
                                  loan=LoanTerms(annual_rate=0.05, years=5,
                                                 periodicity=Periodicity.ANNUAL)))


def test_an_entreprise_at_ir_pays_tns_charges_on_its_profit_and_income_tax_not_is() -> None:
    result = run_scenario(creation(TaxRegime.INCOME_TAX, fixed_costs=60_000.0), FLAT, ())
    assert result.projection is not None
    first = result.projection.years[0]
    loan = 10_000 - 5_000  # the cushion, less the contribution
    interest = 0.05 * loan
    profit = 300_000 * 0.5 - 60_000 - interest  # before the owner's drawings, no dotations
    social = 0.45 / 1.45 * profit
    assert first.ebe == pytest.approx(300_000 * 0.5 - 60_000 - 30_000 - social)
    assert first.income_tax == pytest.approx(0.11 * (profit - social))
    company = run_scenario(creation(TaxRegime.CORPORATE_TAX, fixed_costs=60_000.0), FLAT, ())
    assert company.projection is not None
    ebe = 300_000 * 0.5 - 60_000 - 30_000 * 1.45
    assert company.projection.years[0].ebe == pytest.approx(ebe)


def test_tax_rates_are_assumptions_the_form_can_change() -> None:
    lower = dataclasses.replace(FLAT, corporate_tax_reduced_rate=0.10)
    inputs = creation(TaxRegime.CORPORATE_TAX, fixed_costs=60_000.0)
    normal = run_scenario(inputs, FLAT, ()).projection
    reduced = run_scenario(inputs, lower, ()).projection
    assert normal is not None
    assert reduced is not None
    assert reduced.years[0].income_tax < normal.years[0].income_tax


# 7. Average growth over a missing year -----------------------------------------------------


def test_average_growth_counts_the_years_between_not_the_statements() -> None:
    # 100 → 121 over two years is 10 % a year (TCAM = (121/100)^(1/2) − 1), not 21 %.
    statements = tuple(IncomeStatement(year=year, production_sold=ca)
                       for year, ca in ((2023, 100_000.0), (2025, 121_000.0)))
    turnover = next(t for t in trends(compute_years(statements)) if t.metric == "turnover")
    assert turnover.cagr == pytest.approx(0.10)
    assert turnover.growth_rates == (pytest.approx(0.21),)


# 8. VAT ------------------------------------------------------------------------------------


def test_the_plan_prefinances_vat_on_investments_and_on_a_creations_stock() -> None:
    financing = FinancingInputs(investments=10_000.0, stock_purchase=4_000.0)
    # A grocery's stock bears 5.5 % (CGI art. 278-0 bis), works 20 % (art. 278).
    assert prefinanced_vat(financing, OfferKind.CREATION, Trade.GROCERY, 0.20) == (
        pytest.approx(2_000 + 220))
    # Stock taken over with a fonds is dispensed (CGI art. 257 bis).
    assert prefinanced_vat(financing, OfferKind.TAKEOVER, Trade.GROCERY, 0.20) == (
        pytest.approx(2_000))
    plan = analyse(demo_inputs(), FAST).financing_plan
    assert plan is not None
    assert {line.key: line.amount for line in plan.needs}["vat"] == pytest.approx(5_000)
    bridge = {line.key: line.amount for line in plan.resources}["vat_bridge"]
    assert bridge == pytest.approx(5_000)  # the long loan does not carry the refundable VAT


def test_customer_days_use_the_trades_vat_rate() -> None:
    statement = IncomeStatement(year=2025, production_sold=100_000.0,
                                purchases_of_materials=30_000.0, other_external_charges=10_000.0)
    balance = BalanceSheet(trade_receivables=10_550.0, trade_payables=5_000.0)
    bakery = working_capital_days(statement, balance, 0.20, Trade.BAKERY)
    assert bakery is not None
    assert bakery.customer_days == pytest.approx(10_550 * 365 / 105_500)
    assert bakery.supplier_days == pytest.approx(5_000 * 365 / (30_000 * 1.055 + 10_000 * 1.2))


# 9. Textbook figures -----------------------------------------------------------------------


def test_fixed_costs_follow_from_an_operating_result_as_in_the_gualino_corrige() -> None:
    # Gualino, exercices corrigés d'analyse financière, corrigé 4: CA 2 066 000 €, variable
    # costs 43 %, résultat d'exploitation 237 590 € → fixed costs 940 030 €, seuil ≈ 1 649 175.
    fixed = fixed_costs_from_result(2_066_000.0, 0.43, 237_590.0)
    assert fixed == pytest.approx(940_030.0)
    assert fixed / 0.57 == pytest.approx(1_649_175.0, abs=1.0)


def test_a_creation_may_give_its_result_instead_of_its_fixed_costs() -> None:
    typed = analyse(creation(TaxRegime.CORPORATE_TAX, fixed_costs=60_000.0), FLAT)
    derived = analyse(creation(TaxRegime.CORPORATE_TAX, operating_result=90_000.0), FLAT)
    assert typed.restated_ebe is not None
    assert derived.restated_ebe is not None
    assert derived.restated_ebe.ebe_before_owner == pytest.approx(
        typed.restated_ebe.ebe_before_owner)


def test_the_point_mort_is_a_calendar_date() -> None:
    # iutenligne TD6 exercice 2: seuil 571 428 € for a CA of 600 000 € → 347.6 days → the
    # 348th day of the year, 14 December (the corrigé's 30-day months say « 18 décembre »).
    days = 571_428 / 600_000 * 365
    assert point_mort_date(days) == date(2001, 12, 14)
    assert point_mort_date(days, first_month=7) == date(2002, 6, 13)  # 1 July + 347 days
    assert point_mort_date(400.0) is None


def test_the_break_even_shows_the_contribution_margin_in_euros_and_its_date() -> None:
    report = analyse(demo_inputs(), FAST)
    assert report.projection is not None
    assert report.projection.break_even is not None
    b = report.projection.break_even
    first = report.projection.years[0]
    assert b.contribution_margin == pytest.approx(first.turnover * b.margin_rate)
    assert b.reached_on is not None


def test_the_valuation_shows_the_capacity_and_the_price_when_a_share_is_borrowed() -> None:
    report = analyse(demo_inputs(), FAST)
    assert report.valuation is not None
    assert report.borrowing_capacity is not None
    assert report.valuation.borrowing_capacity == pytest.approx(report.borrowing_capacity.amount)
    assert report.valuation.price_if_share_borrowed == pytest.approx(
        report.borrowing_capacity.amount / 0.70)


# 11. A filled-in pay is not "non renseignée" -----------------------------------------------


def test_a_pay_typed_in_but_not_projectable_is_said_so() -> None:
    inputs = dataclasses.replace(demo_inputs(), income_statements=(), balance_sheet=None)
    pay = criteria(analyse(inputs, FAST))["buyer_pay"]
    assert pay.status is CriterionStatus.NOT_EVALUATED
    assert "saisie" in pay.sentence
    assert "non renseignée" not in pay.sentence
