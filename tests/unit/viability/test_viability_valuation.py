"""Valuation methods, sector tables and the position of the asking price."""

from __future__ import annotations

import pytest

from accueil.domain.viability import Assumptions, BalanceSheet, FinancingInputs, LoanTerms, Trade
from accueil.domain.viability.capacity import capacity_from_annuity
from accueil.domain.viability.financing import constant_payment, registration_duties
from accueil.domain.viability.model import Periodicity
from accueil.domain.viability.valuation import (
    EBE_MULTIPLES,
    TURNOVER_SCALES,
    PricePosition,
    ValuationMethod,
    adjusted_net_assets,
    financeable_price,
    position_of,
    restated_net_result,
    value_business,
)


def value(**changes):
    arguments = {
        "trade": Trade.BAKERY,
        "ebe_restated": 70_000.0,
        "depreciation": 14_000.0,
        "turnover_excl_vat": 420_000.0,
        "balance": BalanceSheet(
            equity=120_000.0, revaluation_adjustment=10_000.0, fictitious_assets=2_000.0
        ),
        "financing": FinancingInputs(
            asking_price=260_000.0,
            personal_contribution=60_000.0,
            loan=LoanTerms(annual_rate=0.04, years=7),
        ),
        "other": 0.0,
        "assumptions": Assumptions(),
    }
    arguments.update(changes)
    result = value_business(**arguments)
    return result, {m.method: m for m in result.methods}


def test_every_trade_scale_names_a_source_and_an_ordered_range() -> None:
    for scale in TURNOVER_SCALES.values():
        assert scale.source.startswith(("Principaux", "Coefficients", "Restauration"))
        assert 0 < scale.low < scale.high
    assert {
        Trade.BAKERY,
        Trade.CAFE_BAR,
        Trade.HOTEL,
        Trade.BUTCHER,
        Trade.HAIRDRESSER,
        Trade.PHARMACY,
        Trade.GARAGE,
        Trade.GROCERY,
        Trade.TOBACCO_PRESS,
    } <= set(TURNOVER_SCALES)
    assert all("http" in multiple.source for multiple in EBE_MULTIPLES.values())


def test_the_bakery_scale_applies_55_to_90_percent_of_turnover_excluding_vat() -> None:
    _, methods = value()
    scale = methods[ValuationMethod.TURNOVER_SCALE]
    assert (scale.low, scale.high) == (pytest.approx(231_000), pytest.approx(378_000))


def test_a_scale_published_on_turnover_including_vat_is_grossed_up() -> None:
    _, methods = value(trade=Trade.BUTCHER)
    scale = methods[ValuationMethod.TURNOVER_SCALE]
    assert scale.low == pytest.approx(420_000 * 1.055 * 0.30)
    assert "TTC" in scale.note


def test_capitalised_earnings_divide_the_restated_result_by_the_rate_range() -> None:
    _, methods = value()
    earnings = restated_net_result(70_000, 14_000, Assumptions())
    assert earnings == pytest.approx(56_000 - 0.15 * 42_500 - 0.25 * 13_500)
    method = methods[ValuationMethod.CAPITALISED_EARNINGS]
    assert (method.low, method.high) == (
        pytest.approx(earnings / 0.20),
        pytest.approx(earnings / 0.12),
    )


def test_the_practitioners_method_averages_ancc_and_capitalised_earnings() -> None:
    _, methods = value()
    ancc = methods[ValuationMethod.ADJUSTED_NET_ASSETS].low
    assert ancc == pytest.approx(128_000)
    practitioners = methods[ValuationMethod.PRACTITIONERS]
    capitalised = methods[ValuationMethod.CAPITALISED_EARNINGS]
    assert practitioners.low == pytest.approx((ancc + capitalised.low) / 2)
    assert practitioners.high == pytest.approx((ancc + capitalised.high) / 2)


def test_the_ebe_multiple_can_be_overridden() -> None:
    _, methods = value(assumptions=Assumptions(ebe_multiple_range=(3.0, 4.0)))
    method = methods[ValuationMethod.EBE_MULTIPLE]
    assert (method.low, method.high) == (210_000, 280_000)


def test_the_financeable_price_exhausts_the_loan_the_capacity_repays() -> None:
    financing = FinancingInputs(
        asking_price=0,
        fees=5_000,
        personal_contribution=50_000,
        loan=LoanTerms(annual_rate=0.05, years=7, periodicity=Periodicity.ANNUAL),
    )
    capacity = capacity_from_annuity(30_000.0, financing.loan)
    price = financeable_price(capacity, financing, other=5_000.0)
    loan = price + registration_duties(price) + 5_000 - 50_000
    assert constant_payment(loan, 0.05, 7) == pytest.approx(30_000, rel=1e-6)


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        (90.0, PricePosition.BELOW),
        (100.0, PricePosition.WITHIN),
        (150.0, PricePosition.WITHIN),
        (200.0, PricePosition.WITHIN),
        (201.0, PricePosition.ABOVE),
        (None, None),
    ],
)
def test_the_asking_price_is_placed_below_within_or_above_the_range(
    price: float | None, expected: PricePosition | None
) -> None:
    assert position_of(price, 100.0, 200.0) is expected


def test_the_retained_range_is_the_median_of_the_bounds_and_the_sentence_is_french() -> None:
    result, _ = value(financing=FinancingInputs(asking_price=900_000.0, personal_contribution=0.0))
    assert result.range_low is not None
    assert result.range_high is not None
    assert result.range_low <= result.range_high
    assert result.position is PricePosition.ABOVE
    assert result.sentence.startswith("Le prix demandé (900")
    assert "dépasse la fourchette" in result.sentence


def test_without_accounts_nothing_is_invented() -> None:
    result, methods = value(ebe_restated=None, turnover_excl_vat=None, balance=None)
    assert all(m.low is None and m.high is None for m in methods.values())
    assert result.position is None
    assert "non calculable" in result.sentence
    assert adjusted_net_assets(None) is None
