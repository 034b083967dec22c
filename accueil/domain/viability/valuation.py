"""Valuation of a business to take over by several methods, and where the asking price falls.

Holds the sector tables (EBE multiples, percentage-of-turnover scales for a fonds de commerce,
each row with its source), the capitalised earnings (R/i), the adjusted net assets (ANCC),
the practitioners' method ((ANCC + R/i) / 2) and the price the buyer can finance from the
repayment capacity. It returns ranges, never a single "true" value, and must not do I/O.
"""

from __future__ import annotations

import dataclasses
import statistics
from dataclasses import dataclass
from enum import Enum

from accueil.domain.viability import fmt, sources
from accueil.domain.viability.arith import corporate_tax, safe_div
from accueil.domain.viability.financing import own_resources, price_for_budget
from accueil.domain.viability.model import (
    TRADE_VAT_RATES,
    Assumptions,
    BalanceSheet,
    FinancingInputs,
    SaleObject,
    Trade,
)
from accueil.domain.viability.serial import Serialisable


@dataclass(frozen=True)
class TurnoverScale(Serialisable):
    """A published range of fonds-de-commerce values in % of annual turnover for one trade."""

    trade: Trade
    low: float
    high: float
    includes_vat: bool
    vat_rate: float
    source: str


TURNOVER_SCALES: dict[Trade, TurnoverScale] = {
    scale.trade: scale
    for scale in (
        TurnoverScale(Trade.BAKERY, 0.55, 0.90, False, 0.055, sources.TURNOVER_SCALES_VALOSCAN),
        TurnoverScale(Trade.CAFE_BAR, 0.60, 1.00, False, 0.20, sources.TURNOVER_SCALES_VALOSCAN),
        TurnoverScale(Trade.RESTAURANT, 0.50, 0.80, False, 0.10, sources.TURNOVER_SCALES_VALOSCAN),
        TurnoverScale(Trade.FAST_FOOD, 0.30, 0.80, False, 0.10, sources.TURNOVER_SCALES_FAST_FOOD),
        TurnoverScale(Trade.HOTEL, 0.80, 4.00, True, 0.10, sources.TURNOVER_SCALES_ESCAPIMMO),
        TurnoverScale(Trade.BUTCHER, 0.30, 0.50, True, 0.055, sources.TURNOVER_SCALES_ESCAPIMMO),
        TurnoverScale(Trade.HAIRDRESSER, 0.50, 0.85, False, 0.20, sources.TURNOVER_SCALES_VALOSCAN),
        TurnoverScale(Trade.PHARMACY, 0.50, 0.80, False, 0.055, sources.TURNOVER_SCALES_VALOSCAN),
        TurnoverScale(Trade.GARAGE, 0.30, 0.60, True, 0.20, sources.TURNOVER_SCALES_ESCAPIMMO),
        TurnoverScale(Trade.GROCERY, 0.20, 0.35, True, 0.055, sources.TURNOVER_SCALES_ESCAPIMMO),
        TurnoverScale(
            Trade.TOBACCO_PRESS, 0.80, 1.20, True, 0.20, sources.TURNOVER_SCALES_VALOSCAN
        ),
    )
}
"""The scales apply to turnover excl. VAT (HT) or incl. VAT (TTC) as published; a TTC scale is
applied to HT turnover × (1 + the trade's main VAT rate). Tobacco turnover TTC includes excise
duties, so the tabac-presse row is only a rough first look (its usual base is the commission)."""


@dataclass(frozen=True)
class EbeMultipleRange(Serialisable):
    """A range of EBE-retraité multiples for one trade, with its source."""

    trade: Trade
    low: float
    high: float
    source: str


DEFAULT_EBE_MULTIPLE = EbeMultipleRange(Trade.OTHER, 2.5, 4.5, sources.TOOL_DEFAULT)
EBE_MULTIPLES: dict[Trade, EbeMultipleRange] = {
    item.trade: item
    for item in (
        EbeMultipleRange(Trade.RESTAURANT, 2.5, 3.5, sources.EBE_MULTIPLES),
        EbeMultipleRange(Trade.FAST_FOOD, 3.69, 11.71, sources.TURNOVER_SCALES_FAST_FOOD),
        EbeMultipleRange(Trade.PHARMACY, 5.5, 6.5, sources.EBE_MULTIPLES),
        EbeMultipleRange(Trade.TOBACCO_PRESS, 4.5, 5.5, sources.EBE_MULTIPLES),
    )
}
"""Only the trades with a published multiple; the others use `DEFAULT_EBE_MULTIPLE`, a tool
default to adjust (`Assumptions.ebe_multiple_range`)."""


class ValuationMethod(Enum):
    """The valuation methods reported."""

    EBE_MULTIPLE = "ebe_multiple"
    CAPITALISED_EARNINGS = "capitalised_earnings"
    ADJUSTED_NET_ASSETS = "adjusted_net_assets"
    PRACTITIONERS = "practitioners"
    TURNOVER_SCALE = "turnover_scale"
    FINANCEABLE_PRICE = "financeable_price"


FONDS_METHODS = frozenset({
    ValuationMethod.EBE_MULTIPLE, ValuationMethod.CAPITALISED_EARNINGS,
    ValuationMethod.TURNOVER_SCALE, ValuationMethod.FINANCEABLE_PRICE,
})
"""Methods that value a fonds de commerce (its earning power, its trade's scale)."""
EQUITY_METHODS = frozenset({
    ValuationMethod.EBE_MULTIPLE, ValuationMethod.CAPITALISED_EARNINGS,
    ValuationMethod.ADJUSTED_NET_ASSETS, ValuationMethod.PRACTITIONERS,
    ValuationMethod.FINANCEABLE_PRICE,
})
"""Methods that value a company's equity: the patrimonial ones, and the earnings-based ones
less the net debt (`sources.EQUITY_VALUE`)."""


METHOD_LABELS: dict[ValuationMethod, str] = {
    ValuationMethod.EBE_MULTIPLE: "Multiple de l'EBE retraité",
    ValuationMethod.CAPITALISED_EARNINGS: "Capitalisation du résultat (R / i)",
    ValuationMethod.ADJUSTED_NET_ASSETS: "Actif net comptable corrigé (ANCC)",
    ValuationMethod.PRACTITIONERS: "Méthode des praticiens ((ANCC + R / i) / 2)",
    ValuationMethod.TURNOVER_SCALE: "Barème professionnel (% du chiffre d'affaires)",
    ValuationMethod.FINANCEABLE_PRICE: "Prix finançable par la capacité de remboursement",
}


class PricePosition(Enum):
    """Where the asking price falls against the retained range."""

    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


@dataclass(frozen=True)
class MethodValue(Serialisable):
    """The value range one method gives; None bounds when it cannot be computed."""

    method: ValuationMethod
    label: str
    low: float | None
    high: float | None
    note: str
    source: str
    retained: bool = True


@dataclass(frozen=True)
class Valuation(Serialisable):
    """All methods, the retained range (medians of the bounds) and the asking price's position."""

    methods: tuple[MethodValue, ...]
    range_low: float | None
    range_high: float | None
    asking_price: float | None
    position: PricePosition | None
    sentence: str
    sale_object: SaleObject = SaleObject.GOODWILL
    net_debt: float | None = None
    adjusted_net_assets: float | None = None
    goodwill_low: float | None = None
    goodwill_high: float | None = None
    borrowing_capacity: float | None = None
    bearable_annuity: float | None = None
    price_if_share_borrowed: float | None = None


def restated_net_result(
    ebe_restated: float, depreciation: float, assumptions: Assumptions
) -> float:
    """R = EBE retraité − dotations − impôt sur les sociétés (CGI art. 219), before interest."""
    taxable = ebe_restated - depreciation
    tax = corporate_tax(
        taxable,
        assumptions.corporate_tax_reduced_rate,
        assumptions.corporate_tax_reduced_ceiling,
        assumptions.corporate_tax_normal_rate,
    )
    return taxable - tax


def adjusted_net_assets(balance: BalanceSheet | None) -> float | None:
    """ANCC = capitaux propres + plus-values latentes − actifs fictifs.

    Source: `sources.PATRIMONIAL_METHODS`.
    """
    if balance is None or balance.equity is None:
        return None
    return balance.equity + balance.revaluation_adjustment - balance.fictitious_assets


def turnover_scale_value(
    trade: Trade, turnover_excl_vat: float | None, assumptions: Assumptions
) -> MethodValue:
    """Value = turnover × published % for the trade (`TURNOVER_SCALES`, sources per row)."""
    label = METHOD_LABELS[ValuationMethod.TURNOVER_SCALE]
    scale = TURNOVER_SCALES.get(trade)
    override = assumptions.turnover_scale_range
    if turnover_excl_vat is None or (scale is None and override is None):
        note = (
            "Chiffre d'affaires inconnu"
            if turnover_excl_vat is None
            else ("Pas de barème publié pour cette activité")
        )
        return MethodValue(ValuationMethod.TURNOVER_SCALE, label, None, None, note, "")
    if override is not None:
        return MethodValue(
            ValuationMethod.TURNOVER_SCALE,
            label,
            turnover_excl_vat * override[0],
            turnover_excl_vat * override[1],
            f"{fmt.percent(override[0])} à {fmt.percent(override[1])} du CA HT (saisi)",
            sources.TOOL_DEFAULT,
        )
    assert scale is not None
    vat = TRADE_VAT_RATES[trade]
    base = turnover_excl_vat * (1.0 + vat) if scale.includes_vat else turnover_excl_vat
    basis = "TTC" if scale.includes_vat else "HT"
    return MethodValue(
        ValuationMethod.TURNOVER_SCALE,
        label,
        base * scale.low,
        base * scale.high,
        f"{fmt.percent(scale.low)} à {fmt.percent(scale.high)} du CA {basis}",
        scale.source,
    )


def financeable_price(
    capacity: float | None, financing: FinancingInputs, other: float
) -> float | None:
    """Price the buyer can pay when the bank lends its whole capacity (`capacity.py`).

    Price P solves P + duties(P) = capacity × (1 − guarantee fee) + own resources − other
    needs (`sources.BORROWING_CAPACITY`, duties by what is sold: `financing.price_duties`).
    At that price, with the loan closing the gap, the verdict's annuities / CAF and DSCR are
    met, one of them exactly: the same definition serves both.
    """
    if capacity is None:
        return None
    budget = (
        capacity * (1.0 - financing.loan.guarantee_fee_rate) + own_resources(financing) - other
    )
    return price_for_budget(budget, financing)


def position_of(price: float | None, low: float | None, high: float | None) -> PricePosition | None:
    """BELOW / WITHIN / ABOVE the range [low, high]."""
    if price is None or low is None or high is None:
        return None
    if price < low:
        return PricePosition.BELOW
    if price > high:
        return PricePosition.ABOVE
    return PricePosition.WITHIN


def _sentence(price: float | None, low: float | None, high: float | None) -> str:
    position = position_of(price, low, high)
    if position is None or price is None or low is None or high is None:
        return "Fourchette de valeur non calculable : données insuffisantes."
    span = f"{fmt.euros(low)} à {fmt.euros(high)}"
    if position is PricePosition.BELOW:
        return f"Le prix demandé ({fmt.euros(price)}) est sous la fourchette estimée ({span})."
    if position is PricePosition.ABOVE:
        return f"Le prix demandé ({fmt.euros(price)}) dépasse la fourchette estimée ({span})."
    return f"Le prix demandé ({fmt.euros(price)}) est dans la fourchette estimée ({span})."


def net_debt(balance: BalanceSheet | None) -> float | None:
    """Endettement financier net = dettes financières − trésorerie (`sources.EQUITY_VALUE`)."""
    if balance is None or balance.financial_debts is None:
        return None
    return balance.financial_debts - (balance.cash or 0.0)


def _less(value: float | None, debt: float) -> float | None:
    return None if value is None else value - debt


def _half_sum(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else (a + b) / 2


def value_business(
    *,
    trade: Trade,
    ebe_restated: float | None,
    depreciation: float,
    turnover_excl_vat: float | None,
    balance: BalanceSheet | None,
    financing: FinancingInputs,
    other: float,
    assumptions: Assumptions,
    capacity: float | None = None,
    bearable_annuity: float | None = None,
) -> Valuation:
    """Run every method, keep those that value what is sold, and place the asking price.

    EBE multiple: EBE retraité × [low, high] (`EBE_MULTIPLES` or the override);
    capitalised earnings: R / i for i in the capitalisation-rate range
    (`sources.CAPITALISED_EARNINGS`); ANCC and practitioners (`sources.PATRIMONIAL_METHODS`);
    turnover scale (`TURNOVER_SCALES`); financeable price from the borrowing capacity
    (`capacity.borrowing_capacity`, `financeable_price`). A fonds de commerce is valued by
    `FONDS_METHODS`; a company (actions, parts sociales) by `EQUITY_METHODS`, the
    earnings-based values being enterprise values turned into equity values by taking off the
    net debt (`sources.EQUITY_VALUE`). The goodwill (survaleur) is the retained value − ANCC.
    The retained range is [median of the low bounds, median of the high bounds] of the kept
    methods that could be computed (a tool convention, stated in the methodological note).
    """
    sale = financing.sale_object
    company = sale is not SaleObject.GOODWILL
    debt = net_debt(balance) if company else None
    debt_value = debt or 0.0
    debt_note = ""  # no double negative: a net cash position is added, a net debt taken off
    if debt is not None and debt > 0:
        debt_note = f" ; moins l'endettement net ({fmt.euros(debt)})"
    elif debt is not None and debt < 0:
        debt_note = f" ; plus la trésorerie nette ({fmt.euros(-debt)})"
    methods: list[MethodValue] = []
    multiple = EBE_MULTIPLES.get(trade, DEFAULT_EBE_MULTIPLE)
    low_multiple, high_multiple, multiple_source = multiple.low, multiple.high, multiple.source
    if assumptions.ebe_multiple_range is not None:
        low_multiple, high_multiple = assumptions.ebe_multiple_range
        multiple_source = sources.TOOL_DEFAULT
    usable_ebe = ebe_restated if ebe_restated is not None and ebe_restated > 0 else None
    methods.append(
        MethodValue(
            ValuationMethod.EBE_MULTIPLE,
            METHOD_LABELS[ValuationMethod.EBE_MULTIPLE],
            None if usable_ebe is None else usable_ebe * low_multiple - debt_value,
            None if usable_ebe is None else usable_ebe * high_multiple - debt_value,
            f"{fmt.ratio(low_multiple)} à {fmt.ratio(high_multiple)} fois l'EBE retraité"
            + debt_note
            if usable_ebe is not None
            else "EBE retraité inconnu ou négatif",
            multiple_source + (f" ; {sources.EQUITY_VALUE}" if company else ""),
        )
    )
    earnings = (
        restated_net_result(ebe_restated, depreciation, assumptions)
        if ebe_restated is not None
        else None
    )
    low_rate, high_rate = assumptions.capitalisation_rate_range
    yield_low = safe_div(earnings, high_rate) if earnings and earnings > 0 else None
    yield_high = safe_div(earnings, low_rate) if earnings and earnings > 0 else None
    yield_equity_low, yield_equity_high = _less(yield_low, debt_value), _less(yield_high, debt_value)
    methods.append(
        MethodValue(
            ValuationMethod.CAPITALISED_EARNINGS,
            METHOD_LABELS[ValuationMethod.CAPITALISED_EARNINGS],
            yield_equity_low,
            yield_equity_high,
            f"R = {fmt.euros(earnings)} capitalisé à {fmt.percent(high_rate)} – "
            f"{fmt.percent(low_rate)}" + debt_note
            if earnings is not None and yield_low is not None
            else "Résultat retraité inconnu ou négatif",
            sources.CAPITALISED_EARNINGS,
        )
    )
    ancc = adjusted_net_assets(balance)
    methods.append(
        MethodValue(
            ValuationMethod.ADJUSTED_NET_ASSETS,
            METHOD_LABELS[ValuationMethod.ADJUSTED_NET_ASSETS],
            ancc,
            ancc,
            "Capitaux propres + plus-values latentes − actifs fictifs"
            if ancc is not None
            else "Capitaux propres inconnus",
            sources.PATRIMONIAL_METHODS,
        )
    )
    # The rendement value of the practitioners' method is an equity value: less the net debt.
    practitioners_low = _half_sum(ancc, yield_equity_low)
    practitioners_high = _half_sum(ancc, yield_equity_high)
    practitioners_note = "ANCC ou valeur de rendement inconnus"
    if practitioners_low is not None and practitioners_high is not None and ancc is not None:
        practitioners_note = (
            "Moyenne de l'ANCC et de la valeur de rendement ; survaleur (VR − ANCC) / 2 : "
            f"{fmt.euros(practitioners_low - ancc)} à {fmt.euros(practitioners_high - ancc)}"
        )
    methods.append(
        MethodValue(
            ValuationMethod.PRACTITIONERS,
            METHOD_LABELS[ValuationMethod.PRACTITIONERS],
            practitioners_low,
            practitioners_high,
            practitioners_note,
            sources.PATRIMONIAL_METHODS,
        )
    )
    methods.append(turnover_scale_value(trade, turnover_excl_vat, assumptions))
    affordable = financeable_price(capacity, financing, other)
    methods.append(
        MethodValue(
            ValuationMethod.FINANCEABLE_PRICE,
            METHOD_LABELS[ValuationMethod.FINANCEABLE_PRICE],
            affordable,
            affordable,
            f"Capacité d'emprunt {fmt.euros(capacity)} (première annuité pleine "
            f"{fmt.euros(bearable_annuity or 0.0)}), apport et autres besoins compris"
            if capacity is not None and affordable is not None
            else "Capacité d'emprunt non calculable",
            sources.BORROWING_CAPACITY,
        )
    )
    kept = EQUITY_METHODS if company else FONDS_METHODS
    why_not = (
        " (non retenue : barème d'un fonds de commerce, pas de titres)"
        if company
        else " (non retenue : elle valorise les titres d'une société, pas un fonds)"
    )
    methods = [
        dataclasses.replace(
            m, retained=m.method in kept, note=m.note if m.method in kept else m.note + why_not
        )
        for m in methods
    ]
    lows = [m.low for m in methods if m.retained and m.low is not None]
    highs = [m.high for m in methods if m.retained and m.high is not None]
    range_low = float(statistics.median(lows)) if lows else None
    range_high = float(statistics.median(highs)) if highs else None
    price = financing.asking_price
    share = assumptions.borrowed_share_of_price
    return Valuation(
        methods=tuple(methods),
        range_low=range_low,
        range_high=range_high,
        asking_price=price,
        position=position_of(price, range_low, range_high),
        sentence=_sentence(price, range_low, range_high),
        sale_object=sale,
        net_debt=debt,
        adjusted_net_assets=ancc,
        goodwill_low=None if ancc is None or range_low is None else range_low - ancc,
        goodwill_high=None if ancc is None or range_high is None else range_high - ancc,
        borrowing_capacity=capacity,
        bearable_annuity=bearable_annuity,
        price_if_share_borrowed=safe_div(capacity, share) if share > 0 else None,
    )
