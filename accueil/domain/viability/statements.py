"""Soldes intermédiaires de gestion (SIG), CAF by two methods, and year-on-year trends.

Holds the PCG cascade from turnover to net result for each year of the seller's accounts, the
capacité d'autofinancement computed both additively (from the net result) and subtractively
(from the EBE), and growth rates. A figure that depends on a missing key line is None. It must
not restate anything (see `restatements`) nor do I/O.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from accueil.domain.viability.arith import finite_or_none, num, safe_div
from accueil.domain.viability.model import IncomeStatement
from accueil.domain.viability.serial import Serialisable

SIG_LABELS: dict[str, str] = {
    "turnover": "Chiffre d'affaires",
    "trading_margin": "Marge commerciale",
    "production": "Production de l'exercice",
    "consumption_from_third_parties": "Consommation de l'exercice en provenance de tiers",
    "added_value": "Valeur ajoutée",
    "ebe": "Excédent brut d'exploitation (EBE)",
    "operating_result": "Résultat d'exploitation",
    "financial_result": "Résultat financier",
    "current_result_before_tax": "Résultat courant avant impôts",
    "exceptional_result": "Résultat exceptionnel",
    "net_result": "Résultat net",
    "caf_additive": "CAF (méthode additive)",
    "caf_subtractive": "CAF (méthode soustractive)",
}


@dataclass(frozen=True)
class YearFigures(Serialisable):
    """SIG and CAF of one year; None where a key line of the accounts is missing."""

    year: int
    turnover: float | None
    trading_margin: float | None
    production: float | None
    consumption_from_third_parties: float | None
    added_value: float | None
    ebe: float | None
    operating_result: float | None
    financial_result: float | None
    current_result_before_tax: float | None
    exceptional_result: float | None
    net_result: float | None
    caf_additive: float | None
    caf_subtractive: float | None

    @property
    def caf(self) -> float | None:
        """The CAF (both methods agree by construction; the subtractive one is returned)."""
        return self.caf_subtractive


@dataclass(frozen=True)
class Trend(Serialisable):
    """Year-on-year growth rates of one SIG line and its compound annual growth rate."""

    metric: str
    label: str
    years: tuple[int, ...]
    growth_rates: tuple[float | None, ...]
    cagr: float | None


def turnover(statement: IncomeStatement) -> float | None:
    """Chiffre d'affaires net = ventes de marchandises + production vendue (PCG, `sources.PCG_SIG`).

    None when neither line is given.
    """
    if statement.sales_of_goods is None and statement.production_sold is None:
        return None
    return num(statement.sales_of_goods) + num(statement.production_sold)


def cost_of_goods_sold(statement: IncomeStatement) -> float:
    """Coût d'achat des marchandises vendues = achats + variation de stock (PCG sign)."""
    return num(statement.purchases_of_goods) + num(statement.change_in_goods_stock)


def materials_consumed(statement: IncomeStatement) -> float:
    """Matières consommées = achats de matières + variation de stock de matières (PCG sign)."""
    return num(statement.purchases_of_materials) + num(statement.change_in_materials_stock)


def _has_trading_inputs(statement: IncomeStatement) -> bool:
    if num(statement.sales_of_goods) > 0:
        return statement.purchases_of_goods is not None
    return statement.sales_of_goods is not None or statement.production_sold is not None


def compute_year(statement: IncomeStatement) -> YearFigures:
    """SIG cascade and CAF for one year.

    Formulas (PCG tableau des SIG, `sources.PCG_SIG`; worked example `sources.SIG_WORKED_EXAMPLE`):
    marge commerciale = ventes de marchandises − coût d'achat des marchandises vendues;
    production = vendue + stockée + immobilisée; valeur ajoutée = marge commerciale + production
    − consommations en provenance de tiers (matières consommées + autres achats et charges
    externes); EBE = VA + subventions d'exploitation − impôts et taxes − salaires − charges
    sociales; résultat d'exploitation = EBE + reprises + transferts de charges + autres produits
    − dotations − autres charges; RCAI = RE + produits financiers − charges financières;
    résultat exceptionnel = produits − charges exceptionnels; résultat net = RCAI + résultat
    exceptionnel − participation − impôt sur les bénéfices.

    CAF (`sources.CAF_METHODS`): additive = résultat net + dotations − reprises + valeur
    comptable des actifs cédés − produits de cession − quote-part des subventions
    d'investissement; subtractive = EBE + transferts de charges + autres produits − autres
    charges + produits financiers encaissables − charges financières décaissables + produits
    exceptionnels encaissables − charges exceptionnelles décaissables − participation − impôt.
    """
    s = statement
    ca = turnover(s)
    trading_margin = (
        num(s.sales_of_goods) - cost_of_goods_sold(s) if _has_trading_inputs(s) else None
    )
    production = (
        num(s.production_sold) + num(s.production_stored) + num(s.production_capitalised)
        if ca is not None
        else None
    )
    consumption = (
        materials_consumed(s) + num(s.other_external_charges)
        if s.other_external_charges is not None
        else None
    )
    added_value = (
        trading_margin + production - consumption
        if trading_margin is not None and production is not None and consumption is not None
        else None
    )
    ebe = (
        added_value
        + num(s.operating_subsidies)
        - num(s.taxes)
        - num(s.wages)
        - num(s.social_charges)
        if added_value is not None and s.wages is not None and s.social_charges is not None
        else None
    )
    financial_result = num(s.financial_income) - num(s.financial_charges)
    exceptional_result = num(s.exceptional_income) - num(s.exceptional_charges)
    if ebe is None or s.operating_depreciation is None:
        return YearFigures(
            year=s.year,
            turnover=ca,
            trading_margin=trading_margin,
            production=production,
            consumption_from_third_parties=consumption,
            added_value=added_value,
            ebe=ebe,
            operating_result=None,
            financial_result=financial_result,
            current_result_before_tax=None,
            exceptional_result=exceptional_result,
            net_result=None,
            caf_additive=None,
            caf_subtractive=None,
        )
    operating_result = (
        ebe
        + num(s.operating_reversals)
        + num(s.charge_transfers)
        + num(s.other_operating_income)
        - num(s.operating_depreciation)
        - num(s.other_operating_charges)
    )
    current_result = operating_result + financial_result
    net_result = current_result + exceptional_result - num(s.profit_sharing) - num(s.income_tax)
    caf_additive = (
        net_result
        + num(s.operating_depreciation)
        + num(s.financial_depreciation)
        + num(s.exceptional_depreciation)
        - num(s.operating_reversals)
        - num(s.financial_reversals)
        - num(s.exceptional_reversals)
        + num(s.disposed_assets_book_value)
        - num(s.asset_disposal_proceeds)
        - num(s.investment_subsidies_released)
    )
    caf_subtractive = (
        ebe
        + num(s.charge_transfers)
        + num(s.other_operating_income)
        - num(s.other_operating_charges)
        + (num(s.financial_income) - num(s.financial_reversals))
        - (num(s.financial_charges) - num(s.financial_depreciation))
        + (
            num(s.exceptional_income)
            - num(s.asset_disposal_proceeds)
            - num(s.investment_subsidies_released)
            - num(s.exceptional_reversals)
        )
        - (
            num(s.exceptional_charges)
            - num(s.disposed_assets_book_value)
            - num(s.exceptional_depreciation)
        )
        - num(s.profit_sharing)
        - num(s.income_tax)
    )
    return YearFigures(
        year=s.year,
        turnover=ca,
        trading_margin=trading_margin,
        production=production,
        consumption_from_third_parties=consumption,
        added_value=added_value,
        ebe=ebe,
        operating_result=operating_result,
        financial_result=financial_result,
        current_result_before_tax=current_result,
        exceptional_result=exceptional_result,
        net_result=net_result,
        caf_additive=caf_additive,
        caf_subtractive=caf_subtractive,
    )


def sorted_statements(statements: tuple[IncomeStatement, ...]) -> tuple[IncomeStatement, ...]:
    """The statements from the oldest year to the most recent."""
    return tuple(sorted(statements, key=lambda statement: statement.year))


def compute_years(statements: tuple[IncomeStatement, ...]) -> tuple[YearFigures, ...]:
    """SIG and CAF for every year, oldest first."""
    return tuple(compute_year(statement) for statement in sorted_statements(statements))


def growth_rate(previous: float | None, current: float | None) -> float | None:
    """(current / previous) − 1, only when the previous value is positive."""
    if previous is None or current is None or previous <= 0:
        return None
    return safe_div(current - previous, previous)


def compound_growth(first: float | None, last: float | None, periods: int) -> float | None:
    """Compound annual growth rate (last / first)^(1/periods) − 1; None unless both positive."""
    if first is None or last is None or first <= 0 or last <= 0 or periods <= 0:
        return None
    try:
        return finite_or_none(math.exp(math.log(last / first) / periods) - 1.0)
    except (OverflowError, ValueError, ZeroDivisionError):
        return None


TREND_METRICS = ("turnover", "added_value", "ebe", "net_result", "caf_subtractive")


def average_growth(years: tuple[int, ...], values: list[float | None]) -> float | None:
    """Compound annual growth rate from the first to the last year that has a value, over the
    number of years between them, not the number of values: two values two years apart give
    (last / first)^(1/2) − 1 (`sources.GROWTH_RATE`; 100 → 121 over two years: 10 % a year).
    """
    known = [(year, value) for year, value in zip(years, values, strict=True) if value is not None]
    if len(known) < 2:
        return None
    (first_year, first), (last_year, last) = known[0], known[-1]
    return compound_growth(first, last, last_year - first_year)


def trends(figures: tuple[YearFigures, ...]) -> tuple[Trend, ...]:
    """Growth rates of turnover, VA, EBE, net result and CAF across consecutive statements
    (the label shows both years, so a gap shows), and their average annual growth."""
    result = []
    years = tuple(figure.year for figure in figures)
    for metric in TREND_METRICS:
        values: list[float | None] = [getattr(figure, metric) for figure in figures]
        rates = tuple(growth_rate(a, b) for a, b in itertools.pairwise(values))
        cagr = average_growth(years, values)
        result.append(
            Trend(
                metric=metric,
                label=SIG_LABELS[metric],
                years=years,
                growth_rates=rates,
                cagr=cagr,
            )
        )
    return tuple(result)
