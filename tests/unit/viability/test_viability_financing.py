"""Registration duties, the financing plan and the loan schedule."""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accueil.domain.viability import (
    Deferral,
    FinancingInputs,
    LoanTerms,
    Periodicity,
    constant_payment,
    loan_schedule,
    registration_duties,
)
from accueil.domain.viability.financing import (
    financing_plan,
    price_for_budget,
    registration_duties_array,
)

# Scale of CGI art. 719 plus the additional taxes, as published in fiche Service-public F32581
# (https://berrelesalpes.fr/professionnels/?xml=F32581) and https://agecor.fr/?p=655:
# 0 % up to 23 000 €, 3 % from 23 000 to 200 000 €, 5 % above, minimum 25 € once due. The reduced
# scale (CGI art. 722 bis, https://fiducie.fr/actualites/article?actu=k4_1187976) taxes the
# 23 000–107 000 € fraction at 1 %.


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (0.0, 0.0),
        (20_000.0, 0.0),  # "si la valeur du fonds dépasse 23 000 €" only, says the fiche
        (23_500.0, 25.0),  # 3 % of 500 € = 15 € → minimum 25 €
        (100_000.0, 2_310.0),  # 3 % × 77 000
        (200_000.0, 5_310.0),  # 3 % × 177 000
        (300_000.0, 10_310.0),  # 5 310 + 5 % × 100 000
    ],
)
def test_registration_duties_follow_the_statutory_brackets(price: float, expected: float) -> None:
    assert registration_duties(price) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (100_000.0, 770.0),  # 1 % × 77 000
        (150_000.0, 2_130.0),  # 1 % × 84 000 + 3 % × 43 000
        (260_000.0, 6_630.0),  # 840 + 3 % × 93 000 + 5 % × 60 000
    ],
)
def test_the_rural_reduced_rate_only_lowers_the_fraction_up_to_107_000_euros(
    price: float, expected: float
) -> None:
    assert registration_duties(price, rural_reduced_rate=True) == pytest.approx(expected)
    assert registration_duties(price) - expected == pytest.approx(
        0.02 * (min(price, 107_000) - 23_000)
    )


@given(st.floats(min_value=0, max_value=5e6), st.booleans())
def test_vectorised_duties_equal_the_scalar_duties(price: float, rural: bool) -> None:
    array = registration_duties_array(np.array([price]), np.array([1.0 if rural else 0.0]))
    assert array[0] == pytest.approx(registration_duties(price, rural_reduced_rate=rural))


# Worked example of http://experts-univers.com/mathematique-financiere.html : 20 000 € over
# 4 years at 5 %, constant annuity 5 640,24 €.
PUBLISHED_TERMS = LoanTerms(annual_rate=0.05, years=4, periodicity=Periodicity.ANNUAL)


# The source rounds every line to the cent and makes the last interest the annuity minus the
# remaining principal (268,59 €); the engine keeps full precision (268,5827 €), hence a
# one-cent tolerance on that line.
@pytest.mark.parametrize(
    ("year", "interest", "principal", "closing"),
    [
        (1, 1_000.00, 4_640.24, 15_359.76),
        (2, 767.99, 4_872.25, 10_487.51),
        (3, 524.38, 5_115.86, 5_371.65),
        (4, 268.59, 5_371.65, 0.00),
    ],
)
def test_the_published_amortisation_table_is_reproduced_to_the_cent(
    year: int, interest: float, principal: float, closing: float
) -> None:
    row = loan_schedule(20_000, PUBLISHED_TERMS).rows[year - 1]
    assert abs(round(row.interest, 2) - interest) <= 0.0100001
    assert round(row.principal, 2) == principal
    assert round(row.closing_balance, 2) == closing
    assert round(row.payment, 2) == 5_640.24


loan_terms = st.builds(
    LoanTerms,
    annual_rate=st.floats(min_value=0, max_value=0.30),
    years=st.integers(min_value=1, max_value=30),
    periodicity=st.sampled_from(Periodicity),
    deferral=st.sampled_from(Deferral),
    deferral_periods=st.integers(min_value=0, max_value=24),
)


@given(st.floats(min_value=1, max_value=5e6), loan_terms)
def test_the_principal_column_always_adds_up_to_the_loan(amount: float, terms: LoanTerms) -> None:
    schedule = loan_schedule(amount, terms)
    assert math.fsum(row.principal for row in schedule.rows) == pytest.approx(amount, abs=1e-6)
    assert schedule.rows[-1].closing_balance == 0.0
    assert len(schedule.rows) == terms.years * terms.periodicity.periods_per_year


@given(
    st.floats(min_value=1, max_value=5e6),
    # numpy_financial itself divides by zero for rates below ~1e-16, so they are left out.
    st.one_of(st.just(0.0), st.floats(min_value=1e-6, max_value=0.30)),
    st.integers(min_value=1, max_value=30),
    st.sampled_from(Periodicity),
)
def test_the_instalment_agrees_with_numpy_financial_pmt(
    amount: float, rate: float, years: int, periodicity: Periodicity
) -> None:
    per_year = periodicity.periods_per_year
    expected = -npf.pmt(rate / per_year, years * per_year, amount)
    assert constant_payment(amount, rate / per_year, years * per_year) == pytest.approx(expected)
    schedule = loan_schedule(
        amount, LoanTerms(annual_rate=rate, years=years, periodicity=periodicity)
    )
    assert schedule.instalment == pytest.approx(expected)


def test_a_partial_deferral_charges_interest_only_then_amortises_the_whole_loan() -> None:
    terms = LoanTerms(
        annual_rate=0.06,
        years=2,
        periodicity=Periodicity.MONTHLY,
        deferral=Deferral.PARTIAL,
        deferral_periods=6,
    )
    schedule = loan_schedule(120_000, terms)
    for row in schedule.rows[:6]:
        assert row.principal == 0
        assert row.payment == pytest.approx(600.0)  # 120 000 × 6 % / 12
    assert schedule.instalment == pytest.approx(-npf.pmt(0.005, 18, 120_000))


def test_a_total_deferral_capitalises_the_interest_into_the_balance() -> None:
    terms = LoanTerms(
        annual_rate=0.06,
        years=2,
        periodicity=Periodicity.MONTHLY,
        deferral=Deferral.TOTAL,
        deferral_periods=6,
    )
    schedule = loan_schedule(120_000, terms)
    assert all(row.payment == 0 for row in schedule.rows[:6])
    grown = 120_000 * 1.005**6
    assert schedule.rows[5].closing_balance == pytest.approx(grown)
    assert schedule.instalment == pytest.approx(-npf.pmt(0.005, 18, grown))


def test_year_totals_group_monthly_instalments_by_loan_year() -> None:
    schedule = loan_schedule(84_000, LoanTerms(annual_rate=0.04, years=7))
    totals = schedule.year_totals()
    assert len(totals) == 7
    assert totals[0].payment == pytest.approx(12 * schedule.instalment)
    assert math.fsum(t.interest for t in totals) == pytest.approx(schedule.total_interest)


def test_without_an_amount_the_loan_closes_the_gap_including_its_guarantee_fee() -> None:
    financing = FinancingInputs(
        asking_price=150_000,
        fees=5_000,
        investments=10_000,
        cash_cushion=5_000,
        personal_contribution=40_000,
        honour_loans=10_000,
        loan=LoanTerms(guarantee_fee_rate=0.02),
    )
    plan = financing_plan(financing, working_capital=3_000)
    duties = registration_duties(150_000)
    expected_loan = (150_000 + duties + 5_000 + 10_000 + 3_000 + 5_000 - 50_000) / 0.98
    assert plan.loan_amount == pytest.approx(expected_loan)
    assert plan.gap == pytest.approx(0.0, abs=1e-6)
    assert plan.contribution_share == pytest.approx(40_000 / plan.total_needs)
    assert {line.key for line in plan.needs} >= {"price", "duties", "guarantee_fee"}


def test_a_fixed_loan_amount_leaves_the_gap_visible() -> None:
    financing = FinancingInputs(
        asking_price=100_000, personal_contribution=20_000, loan=LoanTerms(amount=60_000)
    )
    plan = financing_plan(financing, working_capital=0)
    assert plan.gap == pytest.approx(100_000 + registration_duties(100_000) - 80_000)


def test_a_creation_pays_no_price_nor_duties() -> None:
    financing = FinancingInputs(
        asking_price=90_000, investments=30_000, personal_contribution=10_000
    )
    plan = financing_plan(financing, working_capital=0, price_applies=False)
    assert plan.total_needs == pytest.approx(30_000)


@given(st.floats(min_value=0, max_value=3e6), st.booleans())
def test_the_price_for_a_budget_uses_the_budget_without_exceeding_it(
    budget: float, rural: bool
) -> None:
    price = price_for_budget(budget, FinancingInputs(rural_reduced_rate=rural))
    spent = price + registration_duties(price, rural_reduced_rate=rural)
    assert spent <= budget + 1e-6
    assert budget - spent < 1.0 or budget <= 25
