"""Financing plan and bank loan: registration duties, needs against resources, loan schedule.

Holds the statutory duties on the purchase of a fonds de commerce (CGI art. 719, with the
reduced rural rate of art. 722 bis), the plan de financement initial, the constant-annuity
payment and the period-by-period amortisation table with partial or total deferral. It must
not project the business nor judge the plan (see `projection` and `verdict`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from accueil.domain.viability.arith import FloatArray, num, safe_div
from accueil.domain.viability.model import (
    TRADE_VAT_RATES,
    Deferral,
    FinancingInputs,
    InsuranceBasis,
    LoanTerms,
    OfferKind,
    SaleObject,
    Trade,
)
from accueil.domain.viability.serial import Serialisable

DUTY_BRACKETS: tuple[tuple[float, float, float], ...] = (
    (0.0, 23_000.0, 0.0),
    (23_000.0, 107_000.0, 0.03),
    (107_000.0, 200_000.0, 0.03),
    (200_000.0, math.inf, 0.05),
)
"""(from, to, total rate): droit budgétaire + taxes départementale et communale (CGI art. 719)."""

RURAL_DUTY_BRACKETS: tuple[tuple[float, float, float], ...] = (
    (0.0, 23_000.0, 0.0),
    (23_000.0, 107_000.0, 0.01),
    (107_000.0, 200_000.0, 0.03),
    (200_000.0, math.inf, 0.05),
)
"""Same scale with the 2 % droit budgétaire cut to 0 % (CGI art. 722 bis, FRR / ZFU-TE)."""

EXEMPT_UP_TO = 23_000.0
MINIMUM_DUTY = 25.0
"""Minimum de perception (CGI art. 674), see `sources.REGISTRATION_DUTIES`."""


def registration_duties(price: float, *, rural_reduced_rate: bool = False) -> float:
    """Droits d'enregistrement on the purchase of a fonds de commerce, in euros.

    Each fraction of the price is taxed at its bracket's total rate: 0 % up to 23 000 €,
    3 % from 23 000 to 200 000 €, 5 % above (CGI art. 719 plus taxes additionnelles, fiche
    Service-public F32581, `sources.REGISTRATION_DUTIES`), at least 25 € once the price exceeds
    23 000 € (CGI art. 674; below, the fiche says nothing is due). Where
    CGI art. 722 bis applies (zone France Ruralités Revitalisation, ex-ZRR, or ZFU-TE, with a
    five-year commitment), the 23 000–107 000 € fraction bears 1 % instead of 3 %
    (`sources.RURAL_REDUCED_RATE`). New goods in stock are priced apart and not taxed here.
    """
    if price <= EXEMPT_UP_TO:
        return 0.0
    brackets = RURAL_DUTY_BRACKETS if rural_reduced_rate else DUTY_BRACKETS
    duties = math.fsum(
        rate * max(0.0, min(price, upper) - lower) for lower, upper, rate in brackets
    )
    return max(duties, MINIMUM_DUTY)


SHARES_RATE = 0.001
"""Cession d'actions of an SA or SAS: 0.1 % (CGI art. 726, I-1°, `sources.SHARE_TRANSFER_DUTIES`)."""
COMPANY_UNITS_RATE = 0.03
COMPANY_UNITS_ALLOWANCE = 23_000.0
"""Cession de parts sociales: 3 % after an allowance of 23 000 € × parts sold / total parts
(CGI art. 726, I-1° bis, `sources.SHARE_TRANSFER_DUTIES`)."""


def transfer_duties(
    price: float,
    sale_object: SaleObject,
    *,
    rural_reduced_rate: bool = False,
    share_of_capital_sold: float = 1.0,
) -> float:
    """Duties on what is sold: a fonds (CGI art. 719, `registration_duties`), actions of an SA
    or SAS (0.1 % of the price, CGI art. 726, I-1°) or parts sociales of a SARL or EURL (3 % of
    the price less 23 000 € × the share of the capital sold, CGI art. 726, I-1° bis;
    `sources.SHARE_TRANSFER_DUTIES`). Worked example: all the parts of a SARL sold 100 000 € →
    (100 000 − 23 000) × 3 % = 2 310 €. The reduced rural rate concerns fonds only.
    """
    if sale_object is SaleObject.GOODWILL:
        return registration_duties(price, rural_reduced_rate=rural_reduced_rate)
    if sale_object is SaleObject.SHARES:
        return SHARES_RATE * max(price, 0.0)
    allowance = COMPANY_UNITS_ALLOWANCE * min(max(share_of_capital_sold, 0.0), 1.0)
    return COMPANY_UNITS_RATE * max(price - allowance, 0.0)


def registration_duties_array(prices: FloatArray, rural: FloatArray) -> FloatArray:
    """Vectorised `registration_duties` (same sources).

    `rural` holds 1.0 where CGI art. 722 bis applies, 0.0 elsewhere.
    """
    duties = np.zeros_like(prices)
    for (lower, upper, rate), (_, _, rural_rate) in zip(
        DUTY_BRACKETS, RURAL_DUTY_BRACKETS, strict=True
    ):
        fraction = np.clip(prices, lower, upper) - lower
        duties = duties + fraction * np.where(rural > 0, rural_rate, rate)
    result: FloatArray = np.where(prices > EXEMPT_UP_TO, np.maximum(duties, MINIMUM_DUTY), 0.0)
    return result


def constant_payment(principal: float, rate_per_period: float, periods: int) -> float:
    """Constant instalment a = C·i / (1 − (1 + i)^−n); C / n when i = 0.

    Source: `sources.LOAN_ANNUITY` (20 000 € over 4 years at 5 % → 5 640,24 € a year). The rate
    per period is the proportional rate (annual rate / periods per year), as French banks
    quote professional loans.
    """
    if periods <= 0:
        return 0.0
    if rate_per_period == 0:
        return principal / periods
    return principal * rate_per_period / _discount_sum_factor(rate_per_period, periods)


def _discount_sum_factor(rate_per_period: float, periods: int) -> float:
    """1 − (1 + i)^−n, computed without cancellation when i is tiny (log1p / expm1)."""
    return -math.expm1(-periods * math.log1p(rate_per_period))


def present_value_of_payments(payment: float, rate_per_period: float, periods: int) -> float:
    """Loan that a constant instalment repays: C = a·(1 − (1 + i)^−n) / i (inverse formula)."""
    if periods <= 0:
        return 0.0
    if rate_per_period == 0:
        return payment * periods
    return payment * _discount_sum_factor(rate_per_period, periods) / rate_per_period


@dataclass(frozen=True)
class Instalment(Serialisable):
    """One row of the amortisation table; `principal` is negative while interest is capitalised.

    `payment` is principal + interest; `insurance` the borrower insurance of the period, paid
    on top (`total_payment`).
    """

    period: int
    loan_year: int
    opening_balance: float
    interest: float
    principal: float
    payment: float
    closing_balance: float
    insurance: float = 0.0

    @property
    def total_payment(self) -> float:
        """What the borrower pays this period: principal, interest and insurance."""
        return self.payment + self.insurance


@dataclass(frozen=True)
class YearTotals(Serialisable):
    """Interest, principal and payments of one loan year, and the balance at its end."""

    loan_year: int
    interest: float
    principal: float
    payment: float
    closing_balance: float
    insurance: float = 0.0


@dataclass(frozen=True)
class LoanSchedule(Serialisable):
    """Amortisation table of a constant-instalment loan (after any deferral)."""

    amount: float
    annual_rate: float
    periods_per_year: int
    periods: int
    deferral: Deferral
    deferral_periods: int
    instalment: float
    rows: tuple[Instalment, ...]

    def year_totals(self) -> tuple[YearTotals, ...]:
        """Sums per loan year (1 = the first twelve months)."""
        totals: dict[int, list[float]] = {}
        closing: dict[int, float] = {}
        for row in self.rows:
            bucket = totals.setdefault(row.loan_year, [0.0, 0.0, 0.0, 0.0])
            bucket[0] += row.interest
            bucket[1] += row.principal
            bucket[2] += row.payment
            bucket[3] += row.insurance
            closing[row.loan_year] = row.closing_balance
        return tuple(
            YearTotals(year, values[0], values[1], values[2], closing[year], values[3])
            for year, values in sorted(totals.items())
        )

    @property
    def total_interest(self) -> float:
        """The sum of all interest."""
        return math.fsum(row.interest for row in self.rows)

    @property
    def total_insurance(self) -> float:
        """The sum of all borrower-insurance premiums."""
        return math.fsum(row.insurance for row in self.rows)

    @property
    def credit_cost(self) -> float:
        """Cost of the credit: interest and borrower insurance (`sources.BORROWER_INSURANCE`);
        the guarantee fee is a need of the financing plan, shown there."""
        return self.total_interest + self.total_insurance


def loan_schedule(amount: float, terms: LoanTerms) -> LoanSchedule:
    """Period-by-period amortisation table (`sources.LOAN_ANNUITY`).

    interest = opening balance × annual rate / periods per year; during a partial deferral only
    the interest is paid; during a total deferral nothing is paid and the interest is added to
    the balance (shown as negative principal); afterwards a constant instalment repays the
    balance over the remaining periods. The last principal repays the exact balance left, so
    the principal column always adds up to the amount borrowed. Borrower insurance is paid
    every period, deferral included: yearly rate / periods per year × the amount borrowed
    (initial capital) or × the opening balance (outstanding), `sources.BORROWER_INSURANCE`;
    e.g. 100 000 € insured at 0.36 % a year on the initial capital → 30 € a month.
    """
    per_year = terms.periodicity.periods_per_year
    periods = max(terms.years, 0) * per_year
    deferral = terms.deferral_periods if terms.deferral is not Deferral.NONE else 0
    deferral = min(max(deferral, 0), max(periods - 1, 0))
    rate = terms.annual_rate / per_year
    insurance_rate = terms.insurance_rate / per_year
    on_initial = terms.insurance_basis is InsuranceBasis.INITIAL_CAPITAL
    balance = amount
    instalment = 0.0
    rows = []
    for period in range(1, periods + 1):
        opening = balance
        interest = opening * rate
        if period <= deferral:
            if terms.deferral is Deferral.TOTAL:
                principal, payment = -interest, 0.0
            else:
                principal, payment = 0.0, interest
        else:
            if period == deferral + 1:
                instalment = constant_payment(opening, rate, periods - deferral)
            principal = opening if period == periods else instalment - interest
            payment = principal + interest
        balance = opening - principal
        rows.append(
            Instalment(
                period=period,
                loan_year=(period - 1) // per_year + 1,
                opening_balance=opening,
                interest=interest,
                principal=principal,
                payment=payment,
                closing_balance=0.0 if period == periods else balance,
                insurance=insurance_rate * (amount if on_initial else opening),
            )
        )
    return LoanSchedule(
        amount=amount,
        annual_rate=terms.annual_rate,
        periods_per_year=per_year,
        periods=periods,
        deferral=terms.deferral,
        deferral_periods=deferral,
        instalment=instalment,
        rows=tuple(rows),
    )


@dataclass(frozen=True)
class PlanLine(Serialisable):
    """One line of the financing plan."""

    key: str
    label: str
    amount: float


@dataclass(frozen=True)
class FinancingPlan(Serialisable):
    """Plan de financement initial: needs, resources, the bank loan and the gap if any.

    `gap` = total needs − total resources: positive, it is money still to be found (the plan
    is not closed); negative, resources exceed needs and the surplus stays in the bank.
    """

    needs: tuple[PlanLine, ...]
    resources: tuple[PlanLine, ...]
    total_needs: float
    total_resources: float
    loan_amount: float
    gap: float
    contribution_share: float | None
    prefinanced_vat: float = 0.0


PRICE_LABELS: dict[SaleObject, str] = {
    SaleObject.GOODWILL: "Prix du fonds de commerce",
    SaleObject.SHARES: "Prix des actions",
    SaleObject.COMPANY_UNITS: "Prix des parts sociales",
}
DUTY_LABELS: dict[SaleObject, str] = {
    SaleObject.GOODWILL: "Droits d'enregistrement (CGI art. 719",
    SaleObject.SHARES: "Droits de cession d'actions (CGI art. 726, 0,1 %",
    SaleObject.COMPANY_UNITS: "Droits de cession de parts sociales (CGI art. 726, 3 %",
}


def prefinanced_vat(
    financing: FinancingInputs, kind: OfferKind, trade: Trade, standard_rate: float
) -> float:
    """VAT the buyer pays on the investments and on bought stock before recovering it.

    Investments and works bear the normal rate (`standard_rate`, 20 %, CGI art. 278); stock
    bought from suppliers bears the trade's rate (`TRADE_VAT_RATES`). Stock taken over with a
    fonds is not taxed: the sale of a fonds is a transmission d'universalité, dispensed of VAT
    (CGI art. 257 bis); nor is it when shares are bought (nothing but shares changes hands).
    Source: `sources.VAT_PREFINANCING`. It is financed by a short VAT bridge (crédit relais
    de TVA) of the same amount, repaid in year 1 by the VAT refund: neither the long loan nor
    the projected cash carry it (the bridge's few weeks of interest are left out).
    """
    vat = standard_rate * max(financing.investments, 0.0)
    if kind is OfferKind.CREATION:
        vat += TRADE_VAT_RATES[trade] * max(financing.stock_purchase, 0.0)
    return vat


def other_needs(financing: FinancingInputs, working_capital: float, vat: float = 0.0) -> float:
    """Needs other than the price, its duties and the guarantee fee."""
    return (
        num(financing.fees)
        + financing.stock_purchase
        + financing.investments
        + vat
        + working_capital
        + financing.cash_cushion
    )


def own_resources(financing: FinancingInputs) -> float:
    """Resources other than the bank loan: contribution, honour loans, subsidies."""
    return num(financing.personal_contribution) + financing.honour_loans + financing.subsidies


def price_duties(financing: FinancingInputs, price: float) -> float:
    """Duties on `price` for what the financing says is sold (`transfer_duties`)."""
    return transfer_duties(
        price,
        financing.sale_object,
        rural_reduced_rate=financing.rural_reduced_rate,
        share_of_capital_sold=financing.share_of_capital_sold,
    )


def financing_plan(
    financing: FinancingInputs,
    working_capital: float,
    *,
    price_applies: bool = True,
    count_honour_loans_as_contribution: bool = False,
    vat: float = 0.0,
) -> FinancingPlan:
    """Needs (price, duties, fees, stock, investments, VAT to pre-finance, BFR, cash cushion,
    guarantee fee) against resources (personal contribution, honour loans, subsidies, bank
    loan, VAT bridge equal to the VAT); `sources.FINANCING_GAP`, `sources.VAT_PREFINANCING`.

    When `loan.amount` is None the loan closes the gap: loan = (needs without the fee −
    own resources) / (1 − fee rate), never below zero. Contribution share = personal
    contribution (plus honour loans if so chosen) / total needs (`sources.PERSONAL_CONTRIBUTION`).
    """
    price = num(financing.asking_price) if price_applies else 0.0
    duties = price_duties(financing, price)
    base_needs = price + duties + other_needs(financing, working_capital, vat)
    own = own_resources(financing) + vat  # the VAT bridge finances the VAT, nothing else
    fee_rate = financing.loan.guarantee_fee_rate
    if financing.loan.amount is not None:
        loan = financing.loan.amount
    else:
        loan = max(0.0, (base_needs - own) / (1.0 - fee_rate)) if fee_rate < 1 else 0.0
    fee = loan * fee_rate
    sale = financing.sale_object
    duties_label = DUTY_LABELS[sale]
    reduced = financing.rural_reduced_rate and sale is SaleObject.GOODWILL
    duties_label += ", taux réduit art. 722 bis)" if reduced else ")"
    needs = [
        PlanLine("price", PRICE_LABELS[sale], price),
        PlanLine("duties", duties_label, duties),
        PlanLine("fees", "Frais d'acte et honoraires", num(financing.fees)),
        PlanLine("stock", "Stock repris", financing.stock_purchase),
        PlanLine("investments", "Investissements et travaux", financing.investments),
        PlanLine("vat", "TVA à avancer sur investissements et stock (récupérée)", vat),
        PlanLine("working_capital", "Besoin en fonds de roulement de départ", working_capital),
        PlanLine("cash_cushion", "Trésorerie de sécurité", financing.cash_cushion),
        PlanLine("guarantee_fee", "Frais de garantie du prêt", fee),
    ]
    resources = [
        PlanLine("contribution", "Apport personnel", num(financing.personal_contribution)),
        PlanLine("honour_loans", "Prêts d'honneur", financing.honour_loans),
        PlanLine("subsidies", "Subventions", financing.subsidies),
        PlanLine("bank_loan", "Emprunt bancaire", loan),
        PlanLine("vat_bridge", "Crédit relais de TVA (remboursé avec la TVA récupérée)", vat),
    ]
    total_needs = math.fsum(line.amount for line in needs)
    total_resources = math.fsum(line.amount for line in resources)
    contribution = num(financing.personal_contribution)
    if count_honour_loans_as_contribution:
        contribution += financing.honour_loans
    return FinancingPlan(
        needs=tuple(
            line for line in needs if line.amount != 0 or (line.key == "price" and price_applies)
        ),
        resources=tuple(line for line in resources if line.key != "vat_bridge" or vat > 0),
        total_needs=total_needs,
        total_resources=total_resources,
        loan_amount=loan,
        gap=total_needs - total_resources,
        contribution_share=safe_div(contribution, total_needs),
        prefinanced_vat=vat,
    )


def price_for_budget(budget: float, financing: FinancingInputs) -> float:
    """Largest price P such that P + duties(P) ≤ budget (bisection; duties are increasing)."""
    if budget <= 0:
        return 0.0
    low, high = 0.0, budget
    for _ in range(80):
        middle = (low + high) / 2
        if middle + price_duties(financing, middle) <= budget:
            low = middle
        else:
            high = middle
    return low
