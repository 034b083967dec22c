"""Projection of the business over the loan's life: turnover, EBE, CAF, annuities, cash, ratios.

Holds the operating model (turnover path, margin on variable costs, fixed costs, the owner's
cost), the year-by-year projection with the bank's ratios, the break-even point and the
working capital in days. The operating formulas are written once, on numpy arrays, so that
the projection, the stress tests and the Monte Carlo share them. It must not judge (see
`verdict`) nor do I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from accueil.domain.viability.arith import (
    FloatArray,
    corporate_tax_array,
    num,
    safe_div,
    weighted_mean,
)
from accueil.domain.viability.financing import LoanSchedule
from accueil.domain.viability.model import (
    TRADE_VAT_RATES,
    Assumptions,
    BalanceSheet,
    Buyer,
    CreationForecast,
    FinancingInputs,
    IncomeStatement,
    TaxRegime,
    Trade,
)
from accueil.domain.viability.restatements import (
    RestatedEbe,
    creation_fixed_costs,
    year_weights,
)
from accueil.domain.viability.serial import Serialisable
from accueil.domain.viability.statements import (
    YearFigures,
    cost_of_goods_sold,
    materials_consumed,
    sorted_statements,
    turnover,
)

DAYS_PER_YEAR = 365
MIN_MEANINGFUL_TURNOVER = 1.0
"""Below one euro of turnover, ratios to turnover mean nothing: no projection is made."""


@dataclass(frozen=True)
class OperatingModel:
    """How turnover turns into EBE: EBE = CA × taux de marge − charges fixes − coût du dirigeant.

    Paths are indexed by projection year (index 0 = year 1). `base_turnover` is the turnover
    just before year 1, used for the change in working capital. `owner_cost` is the owner's
    net pay plus social charges at the status rate (IS); under IR (`tax_regime`) the owner
    draws `owner_net_pay` and the social charges are computed on the profit
    (`operating_arrays`).
    """

    base_turnover: float
    turnover_path: tuple[float, ...]
    margin_rate: float
    fixed_costs_path: tuple[float, ...]
    owner_cost: float
    depreciation_path: tuple[float, ...]
    bfr_ratio: float
    owner_net_pay: float = 0.0
    social_charge_rate: float = 0.0
    tax_regime: TaxRegime = TaxRegime.CORPORATE_TAX

    @property
    def years(self) -> int:
        """Length of the projection."""
        return len(self.turnover_path)


def margin_on_variable_costs(statement: IncomeStatement, assumptions: Assumptions) -> float | None:
    """Taux de marge sur coûts variables = 1 − coûts variables / CA (`sources.BREAK_EVEN`).

    Variable costs: goods sold at cost, materials consumed, and the chosen share of other
    external charges (`Assumptions.variable_share_of_external_charges`).
    """
    ca = turnover(statement)
    if ca is None or ca <= 0:
        return None
    variable = (
        cost_of_goods_sold(statement)
        + materials_consumed(statement)
        + assumptions.variable_share_of_external_charges * num(statement.other_external_charges)
    )
    ratio = safe_div(variable, ca)
    return None if ratio is None else 1.0 - ratio


def weighted_line(
    statements: tuple[IncomeStatement, ...],
    figures: tuple[YearFigures, ...],
    attribute: str,
    assumptions: Assumptions,
) -> float | None:
    """Weighted mean of one income-statement line over the years whose EBE is known.

    Same weights as the EBE retraité (`Assumptions.year_weights`, most recent heaviest).
    """
    ordered = sorted_statements(statements)
    known = [
        statement
        for statement, figure in zip(ordered, figures, strict=True)
        if figure.ebe is not None
    ]
    weights = dict(year_weights(tuple(s.year for s in known), assumptions.year_weights))
    return weighted_mean(
        (num(getattr(s, attribute)), weights[s.year]) for s in known if s.year in weights
    )


def weighted_turnover(figures: tuple[YearFigures, ...], assumptions: Assumptions) -> float | None:
    """Weighted mean turnover over the years whose EBE is known (weights as for the EBE)."""
    known = [f for f in figures if f.ebe is not None and f.turnover is not None]
    weights = dict(year_weights(tuple(f.year for f in known), assumptions.year_weights))
    return weighted_mean((num(f.turnover), weights[f.year]) for f in known if f.year in weights)


def horizon_years(loan_years: int, assumptions: Assumptions) -> int:
    """At least `projection_min_years` (5) and the loan's whole life."""
    return max(assumptions.projection_min_years, loan_years, 1)


def _depreciation_path(
    existing: float, investments: float, assumptions: Assumptions, years: int
) -> tuple[float, ...]:
    life = max(assumptions.investment_life_years, 1)
    return tuple(existing + (investments / life if year < life else 0.0) for year in range(years))


@dataclass(frozen=True)
class OwnerTerms:
    """The owner's net pay, the social-charge rate of the status and the tax regime."""

    net_pay: float = 0.0
    social_charge_rate: float = 0.0
    tax_regime: TaxRegime = TaxRegime.CORPORATE_TAX


def owner_terms(buyer: Buyer, regime: TaxRegime, assumptions: Assumptions) -> OwnerTerms:
    """The owner's terms for `OperatingModel` (rates: `Assumptions.social_charge_rate`)."""
    return OwnerTerms(num(buyer.net_pay), assumptions.social_charge_rate(buyer.status), regime)


def takeover_model(
    statements: tuple[IncomeStatement, ...],
    figures: tuple[YearFigures, ...],
    restated: RestatedEbe,
    financing: FinancingInputs,
    working_capital_ratio: float,
    assumptions: Assumptions,
    years: int,
    *,
    turnover_factor: float = 1.0,
    margin_shift: float = 0.0,
    owner: OwnerTerms | None = None,
) -> OperatingModel | None:
    """Operating model of a takeover, calibrated so that year 0 gives the EBE retraité.

    Base turnover and margin rate are the latest complete year's; fixed costs
    F₀ = CA₀ × taux de marge − EBE retraité avant dirigeant, then grow with
    `fixed_cost_growth`; turnover grows with `turnover_growth`. Depreciation = the sellers'
    weighted dotations (a proxy for renewing equipment) + new investments over their life.
    """
    ordered = sorted_statements(statements)
    complete = [
        (statement, figure)
        for statement, figure in zip(ordered, figures, strict=True)
        if figure.ebe is not None and figure.turnover is not None and figure.turnover > 0
    ]
    if not complete or restated.ebe_before_owner is None or restated.buyer_cost is None:
        return None
    latest, latest_figure = complete[-1]
    margin = margin_on_variable_costs(latest, assumptions)
    if margin is None or latest_figure.turnover is None:
        return None
    base = latest_figure.turnover
    if base < MIN_MEANINGFUL_TURNOVER:
        return None
    fixed0 = base * margin - restated.ebe_before_owner
    existing = weighted_line(statements, figures, "operating_depreciation", assumptions)
    owner = owner or OwnerTerms()
    growth, fixed_growth = assumptions.turnover_growth, assumptions.fixed_cost_growth
    return OperatingModel(
        base_turnover=base,
        turnover_path=tuple(
            base * (1.0 + growth) ** (year + 1) * turnover_factor for year in range(years)
        ),
        margin_rate=margin + margin_shift,
        fixed_costs_path=tuple(
            fixed0 * (1.0 + fixed_growth) ** (year + 1) for year in range(years)
        ),
        owner_cost=restated.buyer_cost,
        depreciation_path=_depreciation_path(
            num(existing), financing.investments, assumptions, years
        ),
        bfr_ratio=working_capital_ratio,
        owner_net_pay=owner.net_pay,
        social_charge_rate=owner.social_charge_rate,
        tax_regime=owner.tax_regime,
    )


def creation_model(
    forecast: CreationForecast | None,
    restated: RestatedEbe,
    financing: FinancingInputs,
    working_capital_ratio: float,
    assumptions: Assumptions,
    years: int,
    *,
    turnover_factor: float = 1.0,
    margin_shift: float = 0.0,
    owner: OwnerTerms | None = None,
) -> OperatingModel | None:
    """Operating model of a creation: the forecast turnover, then `turnover_growth` a year."""
    fixed = (
        creation_fixed_costs(forecast, assumptions, financing.investments)
        if forecast is not None
        else None
    )
    if (
        forecast is None
        or not forecast.turnover_by_year
        or forecast.variable_cost_rate is None
        or fixed is None
        or restated.buyer_cost is None
    ):
        return None
    path = list(forecast.turnover_by_year[:years])
    while len(path) < years:
        path.append(path[-1] * (1.0 + assumptions.turnover_growth))
    owner = owner or OwnerTerms()
    return OperatingModel(
        base_turnover=path[0] * turnover_factor,
        turnover_path=tuple(value * turnover_factor for value in path),
        margin_rate=1.0 - forecast.variable_cost_rate + margin_shift,
        fixed_costs_path=tuple(
            fixed * (1.0 + assumptions.fixed_cost_growth) ** year for year in range(years)
        ),
        owner_cost=restated.buyer_cost,
        depreciation_path=_depreciation_path(0.0, financing.investments, assumptions, years),
        bfr_ratio=working_capital_ratio,
        owner_net_pay=owner.net_pay,
        social_charge_rate=owner.social_charge_rate,
        tax_regime=owner.tax_regime,
    )


@dataclass(frozen=True)
class OperatingArrays:
    """EBE, corporate tax, change in BFR and the cash available for debt service, shape (N, Y)."""

    turnover: FloatArray
    ebe: FloatArray
    tax: FloatArray
    change_in_bfr: FloatArray
    cash_for_debt_service: FloatArray


def operating_arrays(
    model: OperatingModel,
    turnover_matrix: FloatArray,
    margin_column: FloatArray,
    interest: FloatArray,
    assumptions: Assumptions,
) -> OperatingArrays:
    """Vectorised operating year: for every draw (row) and projection year (column).

    `interest` is the loan's whole financial cost of the year (interest and borrower
    insurance), deductible from the taxable profit. Corporate tax (IS, CGI art. 219,
    `sources.CORPORATE_TAX`): EBE = CA × taux de marge − charges fixes − coût du dirigeant
    (net pay × (1 + status rate)); IS on EBE − dotations − intérêts. Income tax (IR,
    `sources.INCOME_TAX`): the owner's drawings are not a charge; the profit before them,
    B = CA × taux de marge − charges fixes − dotations − intérêts, bears the TNS social
    charges r / (1 + r) × B (r: rate on the net, so that charges = r × what is left) and IR at
    `income_tax_rate` on B − charges; EBE = CA × taux de marge − charges fixes − drawings −
    charges. ΔBFR = BFR/CA × (CA − CA de l'année précédente); cash available for debt service
    = EBE − impôt − ΔBFR (`sources.DSCR`).
    """
    fixed = np.asarray(model.fixed_costs_path, dtype=np.float64)
    depreciation = np.asarray(model.depreciation_path, dtype=np.float64)
    before_owner = turnover_matrix * margin_column - fixed
    if model.tax_regime is TaxRegime.INCOME_TAX:
        profit = before_owner - depreciation - interest
        rate = model.social_charge_rate
        social = rate / (1.0 + rate) * np.maximum(profit, 0.0)
        ebe = before_owner - model.owner_net_pay - social
        tax: FloatArray = assumptions.income_tax_rate * np.maximum(profit - social, 0.0)
    else:
        ebe = before_owner - model.owner_cost
        tax = corporate_tax_array(
            ebe - depreciation - interest,
            assumptions.corporate_tax_reduced_rate,
            assumptions.corporate_tax_reduced_ceiling,
            assumptions.corporate_tax_normal_rate,
        )
    previous = np.concatenate(
        [np.full((turnover_matrix.shape[0], 1), model.base_turnover), turnover_matrix[:, :-1]],
        axis=1,
    )
    change_in_bfr = model.bfr_ratio * (turnover_matrix - previous)
    return OperatingArrays(
        turnover=turnover_matrix,
        ebe=ebe,
        tax=tax,
        change_in_bfr=change_in_bfr,
        cash_for_debt_service=ebe - tax - change_in_bfr,
    )


@dataclass(frozen=True)
class ProjectionYear(Serialisable):
    """One projected year; ratios are None where not meaningful (no debt, CAF ≤ 0)."""

    year: int
    turnover: float
    ebe: float
    depreciation: float
    interest: float
    income_tax: float
    net_result: float
    caf: float
    principal: float
    annuity: float
    change_in_bfr: float
    free_cash_after_debt: float
    cash_end: float
    debt_end: float
    equity_end: float
    dscr: float | None
    annuity_to_caf: float | None
    annuity_to_ebe: float | None
    debt_to_caf: float | None
    financial_autonomy: float | None
    return_on_equity: float | None
    buyer_net_pay_after_honour_loans: float | None
    insurance: float = 0.0


@dataclass(frozen=True)
class BreakEven(Serialisable):
    """Seuil de rentabilité of the first projected year, the marge sur coûts variables in
    euros and the point mort as a (month, day) of the calendar when it falls in the year."""

    fixed_costs: float
    margin_rate: float
    threshold_turnover: float | None
    days: float | None
    safety_margin: float | None
    safety_index: float | None
    contribution_margin: float | None = None
    reached_on: tuple[int, int] | None = None


@dataclass(frozen=True)
class WorkingCapitalDays(Serialisable):
    """BFR and its components in days (stocks, customers, suppliers)."""

    stock_days: float | None
    customer_days: float | None
    supplier_days: float | None
    bfr: float | None
    bfr_days: float | None


@dataclass(frozen=True)
class Projection(Serialisable):
    """The projected years, the break-even, the BFR in days, and the worst values over time."""

    years: tuple[ProjectionYear, ...]
    break_even: BreakEven | None
    working_capital: WorkingCapitalDays | None
    min_dscr: float | None
    max_annuity_to_caf: float | None
    caf_covers_annuities: bool
    min_cash: float
    min_buyer_net_pay: float | None


def working_capital_days(
    statement: IncomeStatement | None,
    balance: BalanceSheet | None,
    vat_rate: float,
    trade: Trade = Trade.OTHER,
) -> WorkingCapitalDays | None:
    """BFR days (`sources.WORKING_CAPITAL`): stocks over purchases consumed × 365, customers over
    turnover incl. VAT × 365, suppliers over purchases and external charges incl. VAT × 365,
    BFR = stocks + customers − suppliers, and BFR / turnover excl. VAT × 365.

    Sales and purchases of goods and materials bear the trade's VAT rate (`TRADE_VAT_RATES`,
    the same as the turnover scales use, `sources.VAT_RATES`); external charges bear
    `vat_rate`, the normal rate.
    """
    if statement is None or balance is None:
        return None
    ca = turnover(statement)
    consumed = cost_of_goods_sold(statement) + materials_consumed(statement)
    trade_rate = TRADE_VAT_RATES[trade]
    goods = num(statement.purchases_of_goods) + num(statement.purchases_of_materials)
    external = num(statement.other_external_charges)
    bought = goods + external
    bought_incl_vat = goods * (1.0 + trade_rate) + external * (1.0 + vat_rate)
    stock_days = safe_div(
        None if balance.inventories is None else balance.inventories * DAYS_PER_YEAR,
        consumed if consumed > 0 else None,
    )
    customer_days = safe_div(
        None if balance.trade_receivables is None else balance.trade_receivables * DAYS_PER_YEAR,
        None if ca is None else ca * (1.0 + trade_rate),
    )
    supplier_days = safe_div(
        None if balance.trade_payables is None else balance.trade_payables * DAYS_PER_YEAR,
        bought_incl_vat if bought > 0 else None,
    )
    parts = (balance.inventories, balance.trade_receivables, balance.trade_payables)
    bfr = (
        num(balance.inventories) + num(balance.trade_receivables) - num(balance.trade_payables)
        if any(part is not None for part in parts)
        else None
    )
    return WorkingCapitalDays(
        stock_days=stock_days,
        customer_days=customer_days,
        supplier_days=supplier_days,
        bfr=bfr,
        bfr_days=safe_div(None if bfr is None else bfr * DAYS_PER_YEAR, ca),
    )


def point_mort_date(days: float | None, first_month: int = 1) -> date | None:
    """The calendar day on which the threshold is reached, sales being spread evenly over a
    365-day year opening on the 1st of `first_month`: the day numbered ⌈days⌉, if within the
    year (`sources.BREAK_EVEN_WORKED_EXAMPLES`). Worked example (iutenligne, exercice 2):
    seuil 571 428 € for a CA of 600 000 € → 347.6 days → 14 December (the corrigé's
    « 18 décembre » counts months of 30 days). The year 2001 (not a leap year) stands for any.
    """
    if days is None or days < 0 or days > DAYS_PER_YEAR:
        return None
    start = date(2001, min(max(first_month, 1), 12), 1)
    return start + timedelta(days=max(math.ceil(days), 1) - 1)


def break_even(
    fixed_costs: float, margin_rate: float, turnover_value: float, first_month: int = 1
) -> BreakEven:
    """Seuil = charges fixes / taux de marge sur coûts variables; point mort (jours) = seuil ×
    365 / CA, dated by `point_mort_date`; marge sur coûts variables = CA × taux; marge de
    sécurité = CA − seuil; indice = marge / CA (`sources.BREAK_EVEN`).
    """
    threshold = safe_div(fixed_costs, margin_rate) if margin_rate > 0 else None
    days = safe_div(None if threshold is None else threshold * DAYS_PER_YEAR, turnover_value)
    reached = point_mort_date(days, first_month)
    return BreakEven(
        fixed_costs=fixed_costs,
        margin_rate=margin_rate,
        threshold_turnover=threshold,
        days=days,
        safety_margin=None if threshold is None else turnover_value - threshold,
        safety_index=safe_div(
            None if threshold is None else turnover_value - threshold, turnover_value
        ),
        contribution_margin=turnover_value * margin_rate,
        reached_on=None if reached is None else (reached.month, reached.day),
    )


@dataclass(frozen=True)
class LoanArrays:
    """The loan per projection year (zeros after it ends): `annuity` is everything paid
    (principal, interest, insurance); `financial_cost` is interest plus insurance."""

    interest: FloatArray
    insurance: FloatArray
    principal: FloatArray
    annuity: FloatArray
    closing: FloatArray

    @property
    def financial_cost(self) -> FloatArray:
        result: FloatArray = self.interest + self.insurance
        return result


def loan_arrays(schedule: LoanSchedule | None, years: int) -> LoanArrays:
    """Interest, insurance, principal, annuity and closing balance per projection year."""
    interest, insurance, principal = np.zeros(years), np.zeros(years), np.zeros(years)
    payment, closing = np.zeros(years), np.zeros(years)
    if schedule is not None:
        for totals in schedule.year_totals():
            index = totals.loan_year - 1
            if index < years:
                interest[index] = totals.interest
                insurance[index] = totals.insurance
                principal[index] = totals.principal
                payment[index] = totals.payment + totals.insurance
                closing[index] = totals.closing_balance
    return LoanArrays(interest, insurance, principal, payment, closing)


def project(
    model: OperatingModel,
    schedule: LoanSchedule | None,
    financing: FinancingInputs,
    buyer: Buyer,
    assumptions: Assumptions,
    working_capital: WorkingCapitalDays | None = None,
    *,
    opening_cash: float | None = None,
) -> Projection:
    """Year-by-year projection and ratios.

    CAF = EBE − intérêts − IS (simplified subtractive CAF, `sources.CAF_METHODS`); net result =
    CAF − dotations; cash_end = cash_start + CAF − principal − ΔBFR (the VAT pre-financed at the
    start comes back in year 1 and repays its bridge: no net effect), starting from `opening_cash`:
    the cash cushion less what the plan leaves unfunded (`sources.FINANCING_GAP`: a cushion
    nobody funded is not in the bank). Annuities include the borrower insurance. DSCR = (EBE − IS − ΔBFR) / annuité (`sources.DSCR`); annuités / CAF, annuités / EBE,
    dettes financières / CAF in years, autonomie financière = capitaux propres / (capitaux
    propres + dettes financières) and rentabilité des capitaux propres = résultat net / capitaux
    propres d'ouverture (`sources.DEBT_TO_CAF`). Opening equity = personal contribution +
    honour loans + subsidies (brought into the business).
    """
    years = model.years
    loan = loan_arrays(schedule, years)
    interest, principal, payment, closing = loan.interest, loan.principal, loan.annuity, loan.closing
    financial = loan.financial_cost
    arrays = operating_arrays(
        model,
        np.asarray(model.turnover_path, dtype=np.float64).reshape(1, years),
        np.array([[model.margin_rate]]),
        financial,
        assumptions,
    )
    cash = financing.cash_cushion if opening_cash is None else opening_cash
    equity = own_resources_into_equity(financing)
    honour_years = max(assumptions.honour_loan_years, 1)
    rows = []
    for index in range(years):
        ebe = float(arrays.ebe[0, index])
        tax = float(arrays.tax[0, index])
        dbfr = float(arrays.change_in_bfr[0, index])
        depreciation = model.depreciation_path[index]
        caf = ebe - float(financial[index]) - tax
        net_result = caf - depreciation
        opening_equity = equity
        equity += net_result
        free_cash = caf - float(principal[index]) - dbfr
        cash += free_cash
        annuity = float(payment[index])
        debt = float(closing[index])
        honour_repayment = financing.honour_loans / honour_years if index < honour_years else 0.0
        rows.append(
            ProjectionYear(
                year=index + 1,
                turnover=float(arrays.turnover[0, index]),
                ebe=ebe,
                depreciation=depreciation,
                interest=float(interest[index]),
                income_tax=tax,
                net_result=net_result,
                caf=caf,
                principal=float(principal[index]),
                annuity=annuity,
                change_in_bfr=dbfr,
                free_cash_after_debt=free_cash,
                cash_end=cash,
                debt_end=debt,
                equity_end=equity,
                dscr=safe_div(float(arrays.cash_for_debt_service[0, index]), annuity)
                if annuity > 0
                else None,
                annuity_to_caf=safe_div(annuity, caf) if annuity > 0 and caf > 0 else None,
                annuity_to_ebe=safe_div(annuity, ebe) if annuity > 0 and ebe > 0 else None,
                debt_to_caf=safe_div(debt, caf) if caf > 0 else None,
                financial_autonomy=safe_div(equity, equity + debt) if equity + debt > 0 else None,
                return_on_equity=safe_div(net_result, opening_equity)
                if opening_equity > 0
                else None,
                buyer_net_pay_after_honour_loans=None
                if buyer.net_pay is None
                else buyer.net_pay - honour_repayment,
                insurance=float(loan.insurance[index]),
            )
        )
    dscrs = [row.dscr for row in rows if row.dscr is not None]
    ratios = [row.annuity_to_caf for row in rows if row.annuity_to_caf is not None]
    pays = [
        row.buyer_net_pay_after_honour_loans
        for row in rows
        if row.buyer_net_pay_after_honour_loans is not None
    ]
    first = rows[0]
    # Fixed costs of year 1, the owner's cost and the loan's included: MCV − EBE + dotations +
    # financial cost (under IR the owner's social charges depend on the profit).
    fixed_first = (
        first.turnover * model.margin_rate
        - first.ebe
        + first.depreciation
        + first.interest
        + first.insurance
    )
    return Projection(
        years=tuple(rows),
        break_even=break_even(
            fixed_first, model.margin_rate, first.turnover, assumptions.first_month
        ),
        working_capital=working_capital,
        min_dscr=min(dscrs) if dscrs else None,
        max_annuity_to_caf=max(ratios) if ratios else None,
        caf_covers_annuities=all(row.caf > 0 for row in rows if row.annuity > 0),
        min_cash=min(row.cash_end for row in rows),
        min_buyer_net_pay=min(pays) if pays else None,
    )


def own_resources_into_equity(financing: FinancingInputs) -> float:
    """Opening equity of the buyer's business: contribution + honour loans + subsidies."""
    return num(financing.personal_contribution) + financing.honour_loans + financing.subsidies
