"""The one entry point a page calls: `analyse(inputs, assumptions) -> ViabilityReport`.

Holds the report dataclass and the orchestration: validation, missing data, SIG and CAF,
restatement, valuation, financing, projection, stress tests and verdict. The report embeds its
inputs, assumptions and engine version, so that `analyse(report.inputs, report.assumptions)`
gives the same report later (stored as JSON via `to_dict()` / `from_dict()`). It never raises
for missing data and never returns NaN or infinity (None means "non calculable"). No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from accueil.domain.viability.capacity import BorrowingCapacity, borrowing_capacity
from accueil.domain.viability.financing import FinancingPlan, LoanSchedule, other_needs
from accueil.domain.viability.model import Assumptions, OfferKind, ViabilityInputs
from accueil.domain.viability.projection import Projection, weighted_line, weighted_turnover
from accueil.domain.viability.restatements import RestatedEbe
from accueil.domain.viability.risk import (
    MonteCarloResult,
    Sensitivity,
    monte_carlo,
    sensitivity,
)
from accueil.domain.viability.scenario import run_scenario
from accueil.domain.viability.serial import Serialisable
from accueil.domain.viability.statements import Trend, YearFigures, compute_years, trends
from accueil.domain.viability.validation import FieldError, MissingItem, find_missing, validate
from accueil.domain.viability.valuation import Valuation, value_business
from accueil.domain.viability.verdict import Verdict, judge

ENGINE_VERSION = "2"
"""2: financing-gap criterion, share deals (CGI art. 726), borrower insurance, tax by legal
form, VAT pre-financing, one borrowing capacity for the financeable price and the verdict."""


@dataclass(frozen=True)
class ViabilityReport(Serialisable):
    """Everything the analysis found, with what it was computed from."""

    engine_version: str
    inputs: ViabilityInputs
    assumptions: Assumptions
    errors: tuple[FieldError, ...]
    missing: tuple[MissingItem, ...]
    statements: tuple[YearFigures, ...]
    trends: tuple[Trend, ...]
    restated_ebe: RestatedEbe | None
    valuation: Valuation | None
    financing_plan: FinancingPlan | None
    loan_schedule: LoanSchedule | None
    projection: Projection | None
    sensitivity: Sensitivity | None
    monte_carlo: MonteCarloResult | None
    verdict: Verdict
    borrowing_capacity: BorrowingCapacity | None = None

    @property
    def complete(self) -> bool:
        """True when nothing is missing and no value is impossible."""
        return not self.errors and not self.missing


def analyse(inputs: ViabilityInputs, assumptions: Assumptions | None = None) -> ViabilityReport:
    """Analyse one offer. Impossible values stop the computation and are returned as `errors`;
    missing data are listed in `missing` and the figures that need them are None.
    """
    assumptions = assumptions or Assumptions()
    errors = validate(inputs, assumptions)
    missing = find_missing(inputs)
    if errors:
        return ViabilityReport(
            engine_version=ENGINE_VERSION,
            inputs=inputs,
            assumptions=assumptions,
            errors=errors,
            missing=missing,
            statements=(),
            trends=(),
            restated_ebe=None,
            valuation=None,
            financing_plan=None,
            loan_schedule=None,
            projection=None,
            sensitivity=None,
            monte_carlo=None,
            verdict=judge(
                restated=None,
                plan=None,
                projection=None,
                monte_carlo=None,
                thresholds=assumptions.thresholds,
                contribution_given=False,
            ),
        )
    figures = compute_years(inputs.income_statements)
    base = run_scenario(inputs, assumptions, figures)
    capacity = (
        borrowing_capacity(base.model, inputs.financing.loan, assumptions) if base.model else None
    )
    valuation = None
    if inputs.kind is OfferKind.TAKEOVER:
        valuation = value_business(
            trade=inputs.trade,
            ebe_restated=base.restated.ebe_restated,
            depreciation=weighted_line(
                inputs.income_statements, figures, "operating_depreciation", assumptions
            )
            or 0.0,
            turnover_excl_vat=weighted_turnover(figures, assumptions),
            balance=inputs.balance_sheet,
            financing=inputs.financing,
            # The VAT to pre-finance has its own bridge: it takes nothing from the loan.
            other=other_needs(inputs.financing, base.working_capital_amount),
            assumptions=assumptions,
            capacity=None if capacity is None else capacity.amount,
            bearable_annuity=None if capacity is None else capacity.annuity,
        )
    stress = sensitivity(inputs, assumptions, figures, base) if base.projection else None
    simulation = monte_carlo(base.model, base.schedule, assumptions) if base.model else None
    verdict = judge(
        restated=base.restated,
        plan=base.plan,
        projection=base.projection,
        monte_carlo=simulation,
        thresholds=assumptions.thresholds,
        contribution_given=inputs.financing.personal_contribution is not None,
        net_pay_given=inputs.buyer.net_pay is not None,
    )
    return ViabilityReport(
        engine_version=ENGINE_VERSION,
        inputs=inputs,
        assumptions=assumptions,
        errors=(),
        missing=missing,
        statements=figures,
        trends=trends(figures),
        restated_ebe=base.restated,
        valuation=valuation,
        financing_plan=base.plan,
        loan_schedule=base.schedule,
        projection=base.projection,
        sensitivity=stress,
        monte_carlo=simulation,
        verdict=verdict,
        borrowing_capacity=capacity,
    )
