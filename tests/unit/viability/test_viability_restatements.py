"""EBE retraité: weights, add-backs, the buyer's pay and the market rent."""

from __future__ import annotations

import math

import pytest

from accueil.domain.viability import (
    Assumptions,
    Buyer,
    CreationForecast,
    IncomeStatement,
    Premises,
    PremisesTenure,
    SocialStatus,
)
from accueil.domain.viability.restatements import (
    buyer_cost,
    rent_adjustment,
    restate_creation,
    restate_takeover,
    year_weights,
)
from accueil.domain.viability.statements import compute_years


def year(year: int, ebe_target: float, **extra: float) -> IncomeStatement:
    """A service business whose EBE equals `ebe_target` (turnover − external − staff)."""
    return IncomeStatement(
        year=year,
        production_sold=ebe_target + 100_000,
        other_external_charges=40_000,
        wages=45_000,
        social_charges=15_000,
        operating_depreciation=5_000,
        **extra,
    )


STATEMENTS = (year(2023, 60_000), year(2024, 66_000), year(2025, 72_000))


BUYER = Buyer(net_pay=30_000)


def restate(statements=STATEMENTS, premises=None, buyer=BUYER, assumptions=None):
    assumptions = assumptions or Assumptions()
    return restate_takeover(statements, compute_years(statements), premises, buyer, assumptions)


def test_the_default_weights_make_the_most_recent_year_the_heaviest() -> None:
    result = restate()
    assert result.weights == ((2023, 1.0), (2024, 2.0), (2025, 3.0))
    assert result.weighted_ebe == pytest.approx((60_000 + 2 * 66_000 + 3 * 72_000) / 6)


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        ((1.0, 1.0, 1.0), 66_000.0),
        ((0.0, 0.0, 1.0), 72_000.0),
        ((1.0, 3.0), (66_000 + 3 * 72_000) / 4),
    ],
)
def test_weights_are_adjustable_and_align_with_the_latest_years(
    weights: tuple[float, ...], expected: float
) -> None:
    assert restate(assumptions=Assumptions(year_weights=weights)).weighted_ebe == pytest.approx(
        expected
    )


def test_with_more_weights_than_years_the_last_weights_are_used() -> None:
    assert year_weights((2024, 2025), (1.0, 2.0, 3.0)) == ((2024, 2.0), (2025, 3.0))


def test_adjustments_add_up_to_the_restated_ebe() -> None:
    statements = tuple(
        year(
            y,
            ebe,
            owner_pay_in_wages=20_000,
            owner_social_charges=9_000,
            non_recurring_income_in_ebe=3_000 if y == 2024 else 0,
        )
        for y, ebe in ((2023, 60_000), (2024, 66_000), (2025, 72_000))
    )
    premises = Premises(PremisesTenure.OWNED_BY_SELLER, market_rent=10_000)
    result = restate(statements, premises)
    assert result.ebe_restated == pytest.approx(
        result.weighted_ebe + math.fsum(a.amount for a in result.adjustments)
    )
    labels = {a.key: a.label for a in result.adjustments}
    assert labels["owner_pay"] == "Réintégration de la rémunération du cédant"
    assert labels["market_rent"].startswith("Loyer de marché")
    amounts = {a.key: a.amount for a in result.adjustments}
    assert amounts["non_recurring_income"] == pytest.approx(-3_000 * 2 / 6)
    assert amounts["buyer_social_charges"] == pytest.approx(-0.45 * 30_000)


@pytest.mark.parametrize(
    ("status", "rate", "expected_cost"),
    [(SocialStatus.TNS, 0.45, 43_500.0), (SocialStatus.ASSIMILATED_EMPLOYEE, 0.80, 54_000.0)],
)
def test_the_buyer_costs_net_pay_plus_the_charges_of_the_chosen_status(
    status: SocialStatus, rate: float, expected_cost: float
) -> None:
    assumptions = Assumptions()
    assert assumptions.social_charge_rate(status) == rate
    assert buyer_cost(Buyer(net_pay=30_000, status=status), assumptions) == pytest.approx(
        expected_cost
    )


def test_the_social_charge_rate_is_a_parameter() -> None:
    assumptions = Assumptions(tns_social_charge_rate=0.40)
    assert buyer_cost(Buyer(net_pay=10_000), assumptions) == pytest.approx(14_000)


@pytest.mark.parametrize(
    ("premises", "expected"),
    [
        (Premises(PremisesTenure.OWNED_BY_SELLER, current_rent=0, market_rent=12_000), -12_000.0),
        (Premises(PremisesTenure.RENTED, current_rent=8_000, market_rent=11_000), -3_000.0),
        (Premises(PremisesTenure.RENTED, current_rent=9_000, market_rent=7_500), 1_500.0),
        (Premises(PremisesTenure.RENTED, current_rent=9_000, market_rent=9_000), None),
        (Premises(PremisesTenure.OWNED_BY_SELLER), None),
        (None, None),
    ],
)
def test_rent_the_accounts_do_not_show_is_deducted(
    premises: Premises | None, expected: float | None
) -> None:
    adjustment = rent_adjustment(premises)
    assert (adjustment.amount if adjustment else None) == expected


def test_without_the_buyers_pay_the_restated_ebe_is_not_computable() -> None:
    result = restate(buyer=Buyer(net_pay=None))
    assert result.ebe_restated is None
    assert result.weighted_ebe is not None


def test_a_creation_starts_from_the_first_forecast_year_after_the_creators_pay() -> None:
    forecast = CreationForecast(
        turnover_by_year=(200_000,), variable_cost_rate=0.6, fixed_costs=40_000
    )
    result = restate_creation(forecast, Buyer(net_pay=20_000), Assumptions())
    assert result.ebe_before_owner == pytest.approx(40_000)
    assert result.ebe_restated == pytest.approx(40_000 - 29_000)
