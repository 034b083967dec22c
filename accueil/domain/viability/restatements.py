"""EBE retraité: the seller's EBE turned into what the buyer can expect to earn.

Holds the weighting of the years, the add-back of the seller's own pay and social charges,
the buyer's pay at the rate of the chosen status, the market rent when the seller owned the
premises, and the removal of non-recurring items. Every step is an `Adjustment` with a French
label, so the sum can be shown and checked. For a creation, the forecast plays the seller's
part. It must not value, finance or judge the offer.
"""

from __future__ import annotations

from dataclasses import dataclass

from accueil.domain.viability.arith import num, weighted_mean
from accueil.domain.viability.model import (
    Assumptions,
    Buyer,
    CreationForecast,
    IncomeStatement,
    Premises,
    PremisesTenure,
    SocialStatus,
)
from accueil.domain.viability.serial import Serialisable
from accueil.domain.viability.statements import YearFigures, sorted_statements, turnover

STATUS_LABELS: dict[SocialStatus, str] = {
    SocialStatus.TNS: "travailleur non salarié",
    SocialStatus.ASSIMILATED_EMPLOYEE: "assimilé salarié",
}


@dataclass(frozen=True)
class Adjustment(Serialisable):
    """One restatement step, in euros per year (positive raises the EBE)."""

    key: str
    label: str
    amount: float


@dataclass(frozen=True)
class RestatedEbe(Serialisable):
    """The weighted EBE, the list of adjustments and the EBE retraité they add up to."""

    weights: tuple[tuple[int, float], ...]
    weighted_ebe: float | None
    adjustments: tuple[Adjustment, ...]
    ebe_restated: float | None
    buyer_cost: float | None
    ebe_before_owner: float | None


def year_weights(
    years: tuple[int, ...], weights: tuple[float, ...]
) -> tuple[tuple[int, float], ...]:
    """Pair the most recent years with the last weights (weights run oldest → most recent)."""
    count = min(len(years), len(weights))
    if count == 0:
        return ()
    return tuple(zip(years[-count:], weights[-count:], strict=True))


def buyer_cost(buyer: Buyer, assumptions: Assumptions) -> float | None:
    """The buyer's pay plus social charges: net pay × (1 + rate of the status).

    Rates: TNS ≈ 45 % of net pay (`sources.SOCIAL_CHARGES_TNS`), assimilé salarié ≈ 80 %
    (`sources.SOCIAL_CHARGES_ASSIMILATED`); both are parameters of `Assumptions`.
    """
    if buyer.net_pay is None:
        return None
    return buyer.net_pay * (1.0 + assumptions.social_charge_rate(buyer.status))


def rent_adjustment(premises: Premises | None) -> Adjustment | None:
    """Rent the buyer will pay that the accounts do not show (negative amount).

    When the seller owned the premises no rent was booked: the market rent is deducted. When
    they were rented and a market rent is given, the gap to the current rent is deducted
    (`sources.EBE_RESTATEMENT`).
    """
    if premises is None or premises.market_rent is None:
        return None
    if premises.tenure is PremisesTenure.OWNED_BY_SELLER:
        return Adjustment(
            key="market_rent",
            label="Loyer de marché des murs (le cédant en était propriétaire)",
            amount=-premises.market_rent,
        )
    if premises.tenure is PremisesTenure.RENTED and premises.current_rent is not None:
        gap = premises.market_rent - premises.current_rent
        if gap != 0:
            return Adjustment(
                key="market_rent",
                label="Alignement du loyer actuel sur le loyer de marché",
                amount=-gap,
            )
    return None


def restate_takeover(
    statements: tuple[IncomeStatement, ...],
    figures: tuple[YearFigures, ...],
    premises: Premises | None,
    buyer: Buyer,
    assumptions: Assumptions,
) -> RestatedEbe:
    """EBE retraité of a business to take over.

    Weighted EBE = Σ wᵢ·EBEᵢ / Σ wᵢ over the years whose EBE is known (default weights 1-2-3,
    most recent heaviest). Each add-back is weighted the same way, so that
    EBE retraité = EBE pondéré + Σ ajustements (`sources.EBE_RESTATEMENT`).
    """
    ordered = sorted_statements(statements)
    known = [
        (statement, figure)
        for statement, figure in zip(ordered, figures, strict=True)
        if figure.ebe is not None
    ]
    pairs = year_weights(tuple(s.year for s, _ in known), assumptions.year_weights)
    weight_by_year = dict(pairs)
    used = [(s, f) for s, f in known if s.year in weight_by_year]

    def weighted(values: list[tuple[float, int]]) -> float | None:
        return weighted_mean((value, weight_by_year[year]) for value, year in values)

    weighted_ebe = weighted([(num(f.ebe), s.year) for s, f in used])
    cost = buyer_cost(buyer, assumptions)
    if weighted_ebe is None:
        return RestatedEbe(pairs, None, (), None, cost, None)
    adjustments = []
    add_backs = (
        ("owner_pay", "Réintégration de la rémunération du cédant", "owner_pay_in_wages", 1.0),
        (
            "owner_social_charges",
            "Réintégration des cotisations sociales du cédant",
            "owner_social_charges",
            1.0,
        ),
        (
            "non_recurring_income",
            "Retrait des produits non récurrents",
            "non_recurring_income_in_ebe",
            -1.0,
        ),
        (
            "non_recurring_charges",
            "Réintégration des charges non récurrentes",
            "non_recurring_charges_in_ebe",
            1.0,
        ),
    )
    for key, label, attribute, sign in add_backs:
        amount = weighted([(sign * num(getattr(s, attribute)), s.year) for s, _ in used])
        if amount:
            adjustments.append(Adjustment(key=key, label=label, amount=amount))
    rent = rent_adjustment(premises)
    if rent is not None:
        adjustments.append(rent)
    before_owner = weighted_ebe + sum(a.amount for a in adjustments)
    if cost is None:
        return RestatedEbe(pairs, weighted_ebe, tuple(adjustments), None, None, before_owner)
    adjustments.append(
        Adjustment(
            key="buyer_pay",
            label="Rémunération nette du repreneur",
            amount=-num(buyer.net_pay),
        )
    )
    adjustments.append(
        Adjustment(
            key="buyer_social_charges",
            label=f"Cotisations sociales du repreneur ({STATUS_LABELS[buyer.status]})",
            amount=-(cost - num(buyer.net_pay)),
        )
    )
    return RestatedEbe(
        weights=pairs,
        weighted_ebe=weighted_ebe,
        adjustments=tuple(adjustments),
        ebe_restated=before_owner - cost,
        buyer_cost=cost,
        ebe_before_owner=before_owner,
    )


def fixed_costs_from_result(
    turnover_value: float, variable_cost_rate: float, operating_result: float
) -> float:
    """Charges fixes = marge sur coûts variables − résultat d'exploitation.

    Worked example (`sources.BREAK_EVEN_WORKED_EXAMPLES`, Gualino corrigé 4): CA 2 066 000 €,
    coûts variables 43 % → marge 1 177 620 €; résultat 237 590 € → charges fixes 940 030 €.
    """
    return turnover_value * (1.0 - variable_cost_rate) - operating_result


def creation_fixed_costs(forecast: CreationForecast, assumptions: Assumptions,
                         investments: float) -> float | None:
    """The forecast's cash fixed costs: as typed, or derived from the résultat d'exploitation.

    When derived (`fixed_costs_from_result`), the first year's depreciation of the new
    investments (over `investment_life_years`) is taken out, since the engine's fixed costs
    exclude depreciation (it is counted apart).
    """
    if forecast.fixed_costs is not None:
        return forecast.fixed_costs
    if (
        forecast.operating_result is None
        or forecast.variable_cost_rate is None
        or not forecast.turnover_by_year
    ):
        return None
    total = fixed_costs_from_result(
        forecast.turnover_by_year[0], forecast.variable_cost_rate, forecast.operating_result
    )
    return total - investments / max(assumptions.investment_life_years, 1)


def forecast_ebe_before_owner(
    forecast: CreationForecast, assumptions: Assumptions | None = None, investments: float = 0.0
) -> float | None:
    """First-year EBE of a creation before the owner's pay: CA × (1 − taux variable) − fixes.

    Source: marge sur coûts variables minus charges fixes (`sources.BREAK_EVEN`); the fixed
    costs may be derived from a résultat d'exploitation (`creation_fixed_costs`).
    """
    fixed = creation_fixed_costs(forecast, assumptions or Assumptions(), investments)
    if not forecast.turnover_by_year or forecast.variable_cost_rate is None or fixed is None:
        return None
    first = forecast.turnover_by_year[0]
    return first * (1.0 - forecast.variable_cost_rate) - fixed


def restate_creation(
    forecast: CreationForecast | None,
    buyer: Buyer,
    assumptions: Assumptions,
    investments: float = 0.0,
) -> RestatedEbe:
    """EBE of the first forecast year after the creator's pay and social charges."""
    cost = buyer_cost(buyer, assumptions)
    before_owner = (
        forecast_ebe_before_owner(forecast, assumptions, investments)
        if forecast is not None
        else None
    )
    if before_owner is None:
        return RestatedEbe((), None, (), None, cost, None)
    if cost is None:
        return RestatedEbe((), before_owner, (), None, None, before_owner)
    adjustments = (
        Adjustment("buyer_pay", "Rémunération nette du créateur", -num(buyer.net_pay)),
        Adjustment(
            "buyer_social_charges",
            f"Cotisations sociales du créateur ({STATUS_LABELS[buyer.status]})",
            -(cost - num(buyer.net_pay)),
        ),
    )
    return RestatedEbe((), before_owner, adjustments, before_owner - cost, cost, before_owner)


def latest_turnover(statements: tuple[IncomeStatement, ...]) -> float | None:
    """Turnover of the most recent year that has one."""
    for statement in reversed(sorted_statements(statements)):
        value = turnover(statement)
        if value is not None:
            return value
    return None
