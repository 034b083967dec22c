"""Borrowing capacity: the largest loan the business can carry by the verdict's own ratios.

Holds one definition of what a bank would lend, used by the financeable price of the
valuation and shown as a figure: the largest amount whose yearly annuities (principal,
interest and borrower insurance) keep, every year of the loan, annuities / CAF within the
verdict's limit and the DSCR above its floor, where the CAF and the DSCR are computed exactly
as the projection computes them (interest and the tax it saves included). It must not judge
the offer nor do I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accueil.domain.viability.arith import FloatArray
from accueil.domain.viability.financing import (
    LoanSchedule,
    loan_schedule,
    present_value_of_payments,
)
from accueil.domain.viability.model import Assumptions, LoanTerms
from accueil.domain.viability.projection import OperatingModel, loan_arrays, operating_arrays
from accueil.domain.viability.serial import Serialisable

GRID = 64
ROUNDS = 4
"""Each round tests GRID amounts at once (numpy) and narrows the bracket GRID-fold: four
rounds bring a 10 M€ search span to about 0.6 €."""


@dataclass(frozen=True)
class BorrowingCapacity(Serialisable):
    """The largest loan meeting both ratios, the first full year's annuity it implies, and
    the constant annuity the textbooks discount (PV check, `sources.BORROWING_CAPACITY`)."""

    amount: float
    annuity: float
    binding: str  # "annuity_to_caf", "dscr" or "none" (no annuity is bearable)


def _unit_schedule(terms: LoanTerms) -> LoanSchedule:
    return loan_schedule(1.0, terms)


def _meets_ratios(
    model: OperatingModel, unit: LoanSchedule, amounts: FloatArray, assumptions: Assumptions
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """For each candidate amount: whether every loan year meets both ratios, and the slack
    of each ratio in its worst year (negative: breached)."""
    years = model.years
    loan = loan_arrays(unit, years)
    column = amounts.reshape(-1, 1)
    financial = column * loan.financial_cost
    annuity = column * loan.annuity
    turnover = np.asarray(model.turnover_path, dtype=np.float64).reshape(1, years)
    arrays = operating_arrays(
        model,
        np.repeat(turnover, amounts.shape[0], axis=0),
        np.full((amounts.shape[0], 1), model.margin_rate),
        financial,
        assumptions,
    )
    caf = arrays.ebe - financial - arrays.tax
    due = annuity > 0
    t = assumptions.thresholds
    caf_slack = np.where(due, t.max_annuity_to_caf * caf - annuity, np.inf)
    dscr_slack = np.where(due, arrays.cash_for_debt_service - t.min_dscr * annuity, np.inf)
    caf_worst = caf_slack.min(axis=1)
    dscr_worst = dscr_slack.min(axis=1)
    ok = (caf_worst >= 0) & (dscr_worst >= 0)
    return ok.astype(np.float64), caf_worst, dscr_worst


def borrowing_capacity(
    model: OperatingModel, terms: LoanTerms, assumptions: Assumptions
) -> BorrowingCapacity:
    """Largest loan L such that, with the schedule of `terms` scaled to L, every year with an
    instalment has annuités ≤ `max_annuity_to_caf` × CAF and (EBE − impôt − ΔBFR) ≥
    `min_dscr` × annuités: the two bank ratios of the verdict (`sources.ANNUITY_TO_CAF`,
    `sources.DSCR`), CAF = EBE − intérêts − assurance − impôt as in `projection.project`.

    The schedule is linear in the amount (interest, principal and insurance all scale with
    it), so one schedule of 1 € serves every candidate. Both slacks fall as L grows (the
    annuity grows faster than the tax it saves), so the feasible amounts form an interval
    [0, L*], found by successive grids. Textbook check (`sources.BORROWING_CAPACITY`): with a
    constant bearable annuity a over n years at i, L* = a × (1 − (1 + i)^−n) / i.
    """
    unit = _unit_schedule(terms)
    positive_ebe = float(np.maximum(np.asarray(model.turnover_path) * model.margin_rate, 0.0)
                         .sum()) + 1.0
    low, high = 0.0, positive_ebe * 2.0
    ok0, _, _ = _meets_ratios(model, unit, np.array([0.0]), assumptions)
    if not ok0[0]:
        return BorrowingCapacity(0.0, 0.0, "none")
    for _ in range(ROUNDS):
        candidates = np.linspace(low, high, GRID + 1)
        ok, _, _ = _meets_ratios(model, unit, candidates, assumptions)
        failing = np.nonzero(ok == 0)[0]
        if failing.size == 0:
            low = high
            break
        first_bad = int(failing[0])
        low, high = float(candidates[first_bad - 1]), float(candidates[first_bad])
    amount = low
    _, caf_worst, dscr_worst = _meets_ratios(model, unit, np.array([amount]), assumptions)
    binding = "annuity_to_caf" if caf_worst[0] <= dscr_worst[0] else "dscr"
    first_full = [y for y in unit.year_totals() if y.principal > 0]
    annuity = amount * (first_full[0].payment + first_full[0].insurance) if first_full else 0.0
    return BorrowingCapacity(amount, annuity, binding if amount > 0 else "none")


def capacity_from_annuity(annuity: float, terms: LoanTerms) -> float:
    """Loan that a constant annuity repays over the terms (no deferral), the textbook form of
    the capacity: C = a × (1 − (1 + i)^−n) / i per period (`sources.BORROWING_CAPACITY`)."""
    per_year = terms.periodicity.periods_per_year
    return present_value_of_payments(
        max(annuity, 0.0) / per_year, terms.annual_rate / per_year, terms.years * per_year
    )
