"""Valuation of a business to take over by several methods, and where the asking price falls.

Holds the sector tables (EBE multiples, percentage-of-turnover scales for a fonds de commerce,
each row with its source), the capitalised earnings (R/i), the adjusted net assets (ANCC),
the practitioners' method ((ANCC + R/i) / 2) and the price the buyer can finance from the
repayment capacity. It returns ranges, never a single "true" value, and must not do I/O.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import Enum

from accueil.domain.viability import fmt, sources
from accueil.domain.viability.arith import corporate_tax, safe_div
from accueil.domain.viability.financing import (
    other_needs,
    own_resources,
    present_value_of_payments,
    price_for_budget,
)
from accueil.domain.viability.model import (
    Assumptions,
    BalanceSheet,
    FinancingInputs,
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


@dataclass(frozen=True)
class Valuation(Serialisable):
    """All methods, the retained range (medians of the bounds) and the asking price's position."""

    methods: tuple[MethodValue, ...]
    range_low: float | None
    range_high: float | None
    asking_price: float | None
    position: PricePosition | None
    sentence: str


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
    base = turnover_excl_vat * (1.0 + scale.vat_rate) if scale.includes_vat else turnover_excl_vat
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
    capacity: float | None, financing: FinancingInputs, working_capital: float
) -> float | None:
    """Price the buyer can pay if the loan's annuity uses the whole capacity given.

    Max loan = present value of annuities equal to `capacity` over the loan's terms (deferral
    ignored); price P solves P + duties(P) = max loan × (1 − guarantee fee) + own resources −
    other needs (`sources.LOAN_ANNUITY`, `sources.REGISTRATION_DUTIES`).
    """
    if capacity is None:
        return None
    terms = financing.loan
    per_year = terms.periodicity.periods_per_year
    max_loan = present_value_of_payments(
        max(capacity, 0.0) / per_year, terms.annual_rate / per_year, terms.years * per_year
    )
    budget = (
        max_loan * (1.0 - terms.guarantee_fee_rate)
        + own_resources(financing)
        - other_needs(financing, working_capital)
    )
    return price_for_budget(budget, rural_reduced_rate=financing.rural_reduced_rate)


def max_annuity(cash_before_debt: float | None, assumptions: Assumptions) -> float | None:
    """Annuity the bank would accept: min(share of CAF, cash / minimum DSCR).

    Uses the thresholds of the verdict (`sources.ANNUITY_TO_CAF`, `sources.DSCR`).
    """
    t = assumptions.thresholds
    by_dscr = safe_div(cash_before_debt, t.min_dscr)
    if cash_before_debt is None or by_dscr is None:
        return None
    return max(0.0, min(t.max_annuity_to_caf * cash_before_debt, by_dscr))


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


def value_business(
    *,
    trade: Trade,
    ebe_restated: float | None,
    depreciation: float,
    turnover_excl_vat: float | None,
    balance: BalanceSheet | None,
    financing: FinancingInputs,
    working_capital: float,
    assumptions: Assumptions,
) -> Valuation:
    """Run every method and place the asking price.

    EBE multiple: EBE retraité × [low, high] (`EBE_MULTIPLES` or the override);
    capitalised earnings: R / i for i in the capitalisation-rate range
    (`sources.CAPITALISED_EARNINGS`); ANCC and practitioners (`sources.PATRIMONIAL_METHODS`);
    turnover scale (`TURNOVER_SCALES`); financeable price from `max_annuity`. The retained range
    is [median of the low bounds, median of the high bounds] of the methods that could be
    computed (a tool convention, stated in the methodological note).
    """
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
            None if usable_ebe is None else usable_ebe * low_multiple,
            None if usable_ebe is None else usable_ebe * high_multiple,
            f"{fmt.ratio(low_multiple)} à {fmt.ratio(high_multiple)} fois l'EBE retraité"
            if usable_ebe is not None
            else "EBE retraité inconnu ou négatif",
            multiple_source,
        )
    )
    earnings = (
        restated_net_result(ebe_restated, depreciation, assumptions)
        if ebe_restated is not None
        else None
    )
    low_rate, high_rate = assumptions.capitalisation_rate_range
    capitalised_low = safe_div(earnings, high_rate) if earnings and earnings > 0 else None
    capitalised_high = safe_div(earnings, low_rate) if earnings and earnings > 0 else None
    methods.append(
        MethodValue(
            ValuationMethod.CAPITALISED_EARNINGS,
            METHOD_LABELS[ValuationMethod.CAPITALISED_EARNINGS],
            capitalised_low,
            capitalised_high,
            f"R = {fmt.euros(earnings)} capitalisé à {fmt.percent(high_rate)} – "
            f"{fmt.percent(low_rate)}"
            if earnings is not None and capitalised_low is not None
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
    practitioners_low = (
        (ancc + capitalised_low) / 2 if ancc is not None and capitalised_low is not None else None
    )
    practitioners_high = (
        (ancc + capitalised_high) / 2 if ancc is not None and capitalised_high is not None else None
    )
    methods.append(
        MethodValue(
            ValuationMethod.PRACTITIONERS,
            METHOD_LABELS[ValuationMethod.PRACTITIONERS],
            practitioners_low,
            practitioners_high,
            "Moyenne de l'ANCC et de la valeur de rendement"
            if practitioners_low is not None
            else "ANCC ou valeur de rendement inconnus",
            sources.PATRIMONIAL_METHODS,
        )
    )
    methods.append(turnover_scale_value(trade, turnover_excl_vat, assumptions))
    cash_before_debt = (
        ebe_restated
        - corporate_tax(
            ebe_restated - depreciation,
            assumptions.corporate_tax_reduced_rate,
            assumptions.corporate_tax_reduced_ceiling,
            assumptions.corporate_tax_normal_rate,
        )
        if ebe_restated is not None
        else None
    )
    annuity = max_annuity(cash_before_debt, assumptions)
    affordable = financeable_price(annuity, financing, working_capital)
    methods.append(
        MethodValue(
            ValuationMethod.FINANCEABLE_PRICE,
            METHOD_LABELS[ValuationMethod.FINANCEABLE_PRICE],
            affordable,
            affordable,
            f"Annuité supportable {fmt.euros(annuity)} par an sur la durée du prêt"
            if annuity is not None
            else "EBE retraité inconnu",
            f"{sources.ANNUITY_TO_CAF} ; {sources.DSCR}",
        )
    )
    lows = [m.low for m in methods if m.low is not None]
    highs = [m.high for m in methods if m.high is not None]
    range_low = float(statistics.median(lows)) if lows else None
    range_high = float(statistics.median(highs)) if highs else None
    price = financing.asking_price
    return Valuation(
        methods=tuple(methods),
        range_low=range_low,
        range_high=range_high,
        asking_price=price,
        position=position_of(price, range_low, range_high),
        sentence=_sentence(price, range_low, range_high),
    )
