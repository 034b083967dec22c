"""One run of the restate → finance → project chain, optionally under a shock.

Holds the glue that turns inputs into a restated EBE, a financing plan, a loan schedule, an
operating model and a projection, so that the main analysis and every stress scenario follow
exactly the same path. It must not value the business nor judge it, and must not do I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from accueil.domain.viability.arith import num, safe_div
from accueil.domain.viability.financing import (
    FinancingPlan,
    LoanSchedule,
    financing_plan,
    loan_schedule,
    prefinanced_vat,
)
from accueil.domain.viability.model import Assumptions, OfferKind, SaleObject, ViabilityInputs
from accueil.domain.viability.projection import (
    DAYS_PER_YEAR,
    OperatingModel,
    Projection,
    WorkingCapitalDays,
    creation_model,
    horizon_years,
    owner_terms,
    project,
    takeover_model,
    working_capital_days,
)
from accueil.domain.viability.restatements import (
    RestatedEbe,
    latest_turnover,
    restate_creation,
    restate_takeover,
)
from accueil.domain.viability.statements import YearFigures, sorted_statements


@dataclass(frozen=True)
class ScenarioResult:
    """Everything one run produced; parts are None when the inputs do not allow them."""

    restated: RestatedEbe
    working_capital_days: WorkingCapitalDays | None
    working_capital_amount: float
    plan: FinancingPlan
    schedule: LoanSchedule | None
    model: OperatingModel | None
    projection: Projection | None


def starting_working_capital(
    inputs: ViabilityInputs, assumptions: Assumptions
) -> tuple[WorkingCapitalDays | None, float, float]:
    """BFR in days, the ratio BFR / turnover used in the projection, and the starting BFR.

    A takeover's starting BFR, when not typed, is the latest balance sheet's stocks +
    customers − suppliers (`sources.WORKING_CAPITAL`), less the stocks when the stock is
    bought apart (« Stock repris » is already a need: counting the balance-sheet stocks in the
    BFR too would finance them twice). When shares are bought, the company keeps its own
    working capital, already financed inside it: no starting BFR unless one is typed. The
    ratio BFR / turnover, used for the yearly change in BFR, keeps the stocks.
    """
    financing = inputs.financing
    if inputs.kind is OfferKind.CREATION:
        forecast = inputs.forecast
        first = forecast.turnover_by_year[0] if forecast and forecast.turnover_by_year else None
        ratio: float | None = None
        if forecast is not None and forecast.working_capital_days is not None:
            ratio = forecast.working_capital_days / DAYS_PER_YEAR
        elif financing.working_capital is not None:
            ratio = safe_div(financing.working_capital, first)
        days = None
        if ratio is not None:
            days = WorkingCapitalDays(None, None, None, None, ratio * DAYS_PER_YEAR)
        amount = financing.working_capital
        if amount is None:
            amount = num(ratio) * num(first)
        return days, num(ratio), amount
    ordered = sorted_statements(inputs.income_statements)
    latest = ordered[-1] if ordered else None
    days = working_capital_days(
        latest, inputs.balance_sheet, assumptions.vat_rate, inputs.trade
    )
    base = latest_turnover(inputs.income_statements)
    ratio = safe_div(days.bfr, base) if days is not None else None
    if ratio is None and financing.working_capital is not None:
        ratio = safe_div(financing.working_capital, base)
    amount = financing.working_capital
    if amount is None:
        if financing.sale_object is not SaleObject.GOODWILL:
            amount = 0.0
        else:
            amount = num(ratio) * num(base)
            if financing.stock_purchase > 0 and inputs.balance_sheet is not None:
                amount -= num(inputs.balance_sheet.inventories)
            amount = max(amount, 0.0)
    return days, num(ratio), amount


def run_scenario(
    inputs: ViabilityInputs,
    assumptions: Assumptions,
    figures: tuple[YearFigures, ...],
    *,
    turnover_factor: float = 1.0,
    margin_shift: float = 0.0,
) -> ScenarioResult:
    """Restate, finance and project the offer; shocks scale turnover and shift the margin."""
    takeover = inputs.kind is OfferKind.TAKEOVER
    restated = (
        restate_takeover(
            inputs.income_statements, figures, inputs.premises, inputs.buyer, assumptions
        )
        if takeover
        else restate_creation(
            inputs.forecast, inputs.buyer, assumptions, inputs.financing.investments
        )
    )
    days, ratio, amount = starting_working_capital(inputs, assumptions)
    vat = prefinanced_vat(inputs.financing, inputs.kind, inputs.trade, assumptions.vat_rate)
    plan = financing_plan(
        inputs.financing,
        amount,
        price_applies=takeover,
        count_honour_loans_as_contribution=assumptions.count_honour_loans_as_contribution,
        vat=vat,
    )
    owner = owner_terms(inputs.buyer, inputs.tax_regime, assumptions)
    terms = inputs.financing.loan
    schedule = loan_schedule(plan.loan_amount, terms) if plan.loan_amount > 0 else None
    years = horizon_years(terms.years, assumptions)
    if takeover:
        model = takeover_model(
            inputs.income_statements,
            figures,
            restated,
            inputs.financing,
            ratio,
            assumptions,
            years,
            turnover_factor=turnover_factor,
            margin_shift=margin_shift,
            owner=owner,
        )
    else:
        model = creation_model(
            inputs.forecast,
            restated,
            inputs.financing,
            ratio,
            assumptions,
            years,
            turnover_factor=turnover_factor,
            margin_shift=margin_shift,
            owner=owner,
        )
    projection = (
        project(
            model,
            schedule,
            inputs.financing,
            inputs.buyer,
            assumptions,
            days,
            opening_cash=inputs.financing.cash_cushion - plan.gap,
        )
        if model is not None
        else None
    )
    return ScenarioResult(restated, days, amount, plan, schedule, model, projection)
