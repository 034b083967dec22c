"""Stress tests: one-at-a-time shocks (tornado data) and a seeded, vectorised Monte Carlo.

Holds the list of shocks the issue asks for (turnover −10 % and −20 %, margin −2 points, loan
rate +1 and +2 points, the buyer's pay ±10 %, the price +10 %) with their effect on the
minimum DSCR and the minimum cash, and a Monte Carlo on turnover and margin that gives the
probability that the DSCR falls below 1 in any year. Draws come from `numpy.random.default_rng`
with an explicit seed, so the same inputs always give the same figures. No I/O here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from accueil.domain.viability.arith import safe_div
from accueil.domain.viability.financing import LoanSchedule
from accueil.domain.viability.model import (
    Assumptions,
    MonteCarloSettings,
    OfferKind,
    ViabilityInputs,
)
from accueil.domain.viability.projection import OperatingModel, loan_arrays, operating_arrays
from accueil.domain.viability.scenario import ScenarioResult, run_scenario
from accueil.domain.viability.serial import Serialisable
from accueil.domain.viability.statements import YearFigures


@dataclass(frozen=True)
class ShockResult(Serialisable):
    """Effect of one shock on the minimum DSCR and the minimum year-end cash."""

    key: str
    label: str
    min_dscr: float | None
    min_dscr_change: float | None
    min_cash: float | None
    min_cash_change: float | None


@dataclass(frozen=True)
class Sensitivity(Serialisable):
    """Tornado data: the base case and each shock, in the order of `SHOCKS`."""

    base_min_dscr: float | None
    base_min_cash: float | None
    shocks: tuple[ShockResult, ...]


@dataclass(frozen=True)
class Shock:
    """A named change of the inputs and/or of the operating model."""

    key: str
    label: str
    change_inputs: Callable[[ViabilityInputs], ViabilityInputs] | None = None
    turnover_factor: float = 1.0
    margin_shift: float = 0.0


def _with_rate(delta: float) -> Callable[[ViabilityInputs], ViabilityInputs]:
    def change(inputs: ViabilityInputs) -> ViabilityInputs:
        loan = inputs.financing.loan
        new_loan = dataclasses.replace(loan, annual_rate=loan.annual_rate + delta)
        return dataclasses.replace(
            inputs, financing=dataclasses.replace(inputs.financing, loan=new_loan)
        )

    return change


def _with_pay(factor: float) -> Callable[[ViabilityInputs], ViabilityInputs]:
    def change(inputs: ViabilityInputs) -> ViabilityInputs:
        pay = inputs.buyer.net_pay
        buyer = dataclasses.replace(inputs.buyer, net_pay=None if pay is None else pay * factor)
        return dataclasses.replace(inputs, buyer=buyer)

    return change


def _with_price(factor: float) -> Callable[[ViabilityInputs], ViabilityInputs]:
    def change(inputs: ViabilityInputs) -> ViabilityInputs:
        price = inputs.financing.asking_price
        financing = dataclasses.replace(
            inputs.financing, asking_price=None if price is None else price * factor
        )
        return dataclasses.replace(inputs, financing=financing)

    return change


SHOCKS: tuple[Shock, ...] = (
    Shock("turnover_minus_10", "Chiffre d'affaires −10 %", turnover_factor=0.90),
    Shock("turnover_minus_20", "Chiffre d'affaires −20 %", turnover_factor=0.80),
    Shock("margin_minus_2_points", "Taux de marge −2 points", margin_shift=-0.02),
    Shock("rate_plus_1_point", "Taux d'emprunt +1 point", _with_rate(0.01)),
    Shock("rate_plus_2_points", "Taux d'emprunt +2 points", _with_rate(0.02)),
    Shock("pay_plus_10", "Rémunération du repreneur +10 %", _with_pay(1.10)),
    Shock("pay_minus_10", "Rémunération du repreneur −10 %", _with_pay(0.90)),
    Shock("price_plus_10", "Prix de cession +10 %", _with_price(1.10)),
)


def _difference(value: float | None, base: float | None) -> float | None:
    return None if value is None or base is None else value - base


def sensitivity(
    inputs: ViabilityInputs,
    assumptions: Assumptions,
    figures: tuple[YearFigures, ...],
    base: ScenarioResult,
) -> Sensitivity:
    """Re-run the whole chain once per shock and report min DSCR and min cash against the base.

    The price shock only applies to a takeover. Shocks follow the issue's list; the DSCR is
    defined in `projection.project` (`sources.DSCR`).
    """
    base_dscr = base.projection.min_dscr if base.projection else None
    base_cash = base.projection.min_cash if base.projection else None
    results = []
    for shock in SHOCKS:
        if shock.key == "price_plus_10" and inputs.kind is not OfferKind.TAKEOVER:
            continue
        shocked_inputs = shock.change_inputs(inputs) if shock.change_inputs else inputs
        outcome = run_scenario(
            shocked_inputs,
            assumptions,
            figures,
            turnover_factor=shock.turnover_factor,
            margin_shift=shock.margin_shift,
        )
        dscr = outcome.projection.min_dscr if outcome.projection else None
        cash = outcome.projection.min_cash if outcome.projection else None
        results.append(
            ShockResult(
                key=shock.key,
                label=shock.label,
                min_dscr=dscr,
                min_dscr_change=_difference(dscr, base_dscr),
                min_cash=cash,
                min_cash_change=_difference(cash, base_cash),
            )
        )
    return Sensitivity(base_min_dscr=base_dscr, base_min_cash=base_cash, shocks=tuple(results))


HALF_CENT = 0.005
"""Below half a cent, a year's annuity is no annuity: nobody pays it, and dividing by it
would overflow."""


@dataclass(frozen=True)
class MonteCarloResult(Serialisable):
    """Probability that the DSCR falls below 1 in at least one year, and quantiles."""

    draws: int
    seed: int
    probability_dscr_below_one: float | None
    min_dscr_p05: float | None
    min_dscr_p50: float | None
    min_dscr_p95: float | None
    ebe_year1_p05: float
    ebe_year1_p50: float
    ebe_year1_p95: float


def monte_carlo(
    model: OperatingModel,
    schedule: LoanSchedule | None,
    assumptions: Assumptions,
    settings: MonteCarloSettings | None = None,
) -> MonteCarloResult:
    """Vectorised Monte Carlo over `settings.draws` futures.

    Turnover of draw n, year y = planned turnover × max(0, 1 + σ_level·Zₙ + σ_year·Zₙ,ᵧ) (a lasting
    level shock plus yearly noise); margin rate = planned rate + σ_margin·Z'ₙ. The operating
    formulas are those of `projection.operating_arrays`; DSCR < 1 when the cash available for
    debt service is below the annuity of a year with debt (`sources.DSCR`). Seeded with
    `numpy.random.default_rng(settings.seed)`: same seed, same result.
    """
    settings = settings or assumptions.monte_carlo
    draws = max(settings.draws, 1)
    years = model.years
    rng = np.random.default_rng(settings.seed)
    level = rng.standard_normal((draws, 1))
    yearly = rng.standard_normal((draws, years))
    margin_noise = rng.standard_normal((draws, 1))
    factors = np.maximum(
        1.0 + settings.sigma_turnover_level * level + settings.sigma_turnover_yearly * yearly, 0.0
    )
    turnover = np.asarray(model.turnover_path, dtype=np.float64) * factors
    margin = model.margin_rate + settings.sigma_margin_points * margin_noise
    loan = loan_arrays(schedule, years)
    payment = loan.annuity
    arrays = operating_arrays(model, turnover, margin, loan.financial_cost, assumptions)
    ebe_first = arrays.ebe[:, 0]
    quantiles = np.quantile(ebe_first, [0.05, 0.50, 0.95])
    with_debt = payment >= HALF_CENT  # a denormal loan (1e-311 €) would overflow the ratio
    if not with_debt.any():
        return MonteCarloResult(
            draws, settings.seed, None, None, None, None, *(float(q) for q in quantiles)
        )
    cover = arrays.cash_for_debt_service[:, with_debt]
    due = payment[with_debt]
    below = (cover < due).any(axis=1)
    min_dscr = (cover / due).min(axis=1)
    dscr_quantiles = np.quantile(min_dscr, [0.05, 0.50, 0.95])
    return MonteCarloResult(
        draws=draws,
        seed=settings.seed,
        probability_dscr_below_one=safe_div(float(below.sum()), float(draws)),
        min_dscr_p05=float(dscr_quantiles[0]),
        min_dscr_p50=float(dscr_quantiles[1]),
        min_dscr_p95=float(dscr_quantiles[2]),
        ebe_year1_p05=float(quantiles[0]),
        ebe_year1_p50=float(quantiles[1]),
        ebe_year1_p95=float(quantiles[2]),
    )
