"""Stress tests: the tornado shocks and the seeded, vectorised Monte Carlo."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accueil.domain.viability import (
    Assumptions,
    MonteCarloSettings,
    OfferKind,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.domain.viability.risk import SHOCKS, monte_carlo, sensitivity
from accueil.domain.viability.scenario import run_scenario
from accueil.domain.viability.statements import compute_years

INPUTS = demo_inputs()
FIGURES = compute_years(INPUTS.income_statements)
BASE = run_scenario(INPUTS, Assumptions(), FIGURES)


def shocks_by_key():
    result = sensitivity(INPUTS, Assumptions(), FIGURES, BASE)
    return result, {shock.key: shock for shock in result.shocks}


def test_every_shock_the_issue_lists_is_reported_with_a_french_label() -> None:
    _, shocks = shocks_by_key()
    assert set(shocks) == {s.key for s in SHOCKS}
    assert shocks["turnover_minus_10"].label == "Chiffre d'affaires −10 %"
    assert shocks["rate_plus_2_points"].label == "Taux d'emprunt +2 points"


@pytest.mark.parametrize(
    "key",
    [
        "turnover_minus_10",
        "turnover_minus_20",
        "margin_minus_2_points",
        "rate_plus_1_point",
        "rate_plus_2_points",
        "pay_plus_10",
        "price_plus_10",
    ],
)
def test_adverse_shocks_lower_the_minimum_dscr_and_the_cash(key: str) -> None:
    _, shocks = shocks_by_key()
    assert shocks[key].min_dscr_change < 0
    assert shocks[key].min_cash_change < 0


def test_a_deeper_fall_in_turnover_hurts_more() -> None:
    _, shocks = shocks_by_key()
    assert shocks["turnover_minus_20"].min_dscr < shocks["turnover_minus_10"].min_dscr
    assert shocks["rate_plus_2_points"].min_dscr < shocks["rate_plus_1_point"].min_dscr


def test_a_lower_buyer_pay_improves_the_coverage() -> None:
    _, shocks = shocks_by_key()
    assert shocks["pay_minus_10"].min_dscr_change > 0


def test_a_creation_has_no_price_shock() -> None:
    inputs = demo_creation_inputs()
    base = run_scenario(inputs, Assumptions(), ())
    keys = {s.key for s in sensitivity(inputs, Assumptions(), (), base).shocks}
    assert inputs.kind is OfferKind.CREATION
    assert "price_plus_10" not in keys


def test_the_monte_carlo_is_reproducible_with_the_same_seed() -> None:
    assert BASE.model is not None
    first = monte_carlo(BASE.model, BASE.schedule, Assumptions())
    second = monte_carlo(BASE.model, BASE.schedule, Assumptions())
    assert first == second
    assert first.draws == 10_000


def test_another_seed_gives_another_sample_of_the_same_order() -> None:
    assert BASE.model is not None
    first = monte_carlo(BASE.model, BASE.schedule, Assumptions())
    other = monte_carlo(BASE.model, BASE.schedule, Assumptions(), MonteCarloSettings(seed=7))
    assert first.probability_dscr_below_one != other.probability_dscr_below_one
    assert first.probability_dscr_below_one == pytest.approx(
        other.probability_dscr_below_one, abs=0.03
    )


def test_without_randomness_the_probability_is_that_of_the_deterministic_projection() -> None:
    assert BASE.model is not None
    assert BASE.projection is not None
    calm = MonteCarloSettings(
        draws=50, sigma_turnover_level=0, sigma_turnover_yearly=0, sigma_margin_points=0
    )
    result = monte_carlo(BASE.model, BASE.schedule, Assumptions(), calm)
    assert result.probability_dscr_below_one == 0.0
    assert result.min_dscr_p50 == pytest.approx(BASE.projection.min_dscr)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.integers(min_value=1, max_value=3_000))
def test_any_seed_reproduces_its_own_result_and_gives_a_probability(seed: int, draws: int) -> None:
    assert BASE.model is not None
    chosen = MonteCarloSettings(seed=seed, draws=draws)
    first = monte_carlo(BASE.model, BASE.schedule, Assumptions(), chosen)
    assert first == monte_carlo(BASE.model, BASE.schedule, Assumptions(), chosen)
    assert first.probability_dscr_below_one is not None
    assert 0.0 <= first.probability_dscr_below_one <= 1.0
    assert first.min_dscr_p05 <= first.min_dscr_p50 <= first.min_dscr_p95


def test_more_volatile_turnover_raises_the_probability_of_default() -> None:
    assert BASE.model is not None
    calm = monte_carlo(
        BASE.model, BASE.schedule, Assumptions(), MonteCarloSettings(sigma_turnover_level=0.05)
    )
    rough = monte_carlo(
        BASE.model, BASE.schedule, Assumptions(), MonteCarloSettings(sigma_turnover_level=0.20)
    )
    assert rough.probability_dscr_below_one > calm.probability_dscr_below_one


def test_without_debt_the_probability_is_not_applicable() -> None:
    inputs = dataclasses.replace(
        demo_creation_inputs(),
        financing=dataclasses.replace(demo_creation_inputs().financing, subsidies=60_000.0),
    )
    base = run_scenario(inputs, Assumptions(), ())
    assert base.schedule is None
    assert base.model is not None
    result = monte_carlo(base.model, base.schedule, Assumptions())
    assert result.probability_dscr_below_one is None
