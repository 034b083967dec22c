"""Realistic example offers for pages, tests and benchmarks (no real business is described).

Holds a bakery to take over in a small Cantal town, with three years of accounts, its last
balance sheet, premises owned by the seller and a financing plan; and a multi-service grocery
to create in a Cantal village. The figures are plausible orders of magnitude chosen for the
demonstration, not data about an actual business. No I/O.
"""

from __future__ import annotations

import dataclasses

from accueil.domain.viability.model import (
    BalanceSheet,
    Buyer,
    CreationForecast,
    Deferral,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    OfferKind,
    Periodicity,
    Premises,
    PremisesTenure,
    SocialStatus,
    Trade,
    ViabilityInputs,
)


def _bakery_year(year: int, scale: float) -> IncomeStatement:
    return IncomeStatement(
        year=year,
        sales_of_goods=38_000.0 * scale,
        purchases_of_goods=25_500.0 * scale,
        change_in_goods_stock=-300.0,
        production_sold=372_000.0 * scale,
        purchases_of_materials=104_000.0 * scale,
        change_in_materials_stock=500.0,
        other_external_charges=52_000.0 * scale,
        taxes=6_200.0,
        wages=78_000.0 * scale,
        social_charges=36_500.0 * scale,
        operating_depreciation=14_000.0,
        financial_charges=1_800.0,
        owner_social_charges=14_500.0 * scale,
    )


def demo_inputs() -> ViabilityInputs:
    """Boulangerie-pâtisserie in a small Cantal town, assumed classified France Ruralités
    Revitalisation for the demonstration (reduced duties of CGI art. 722 bis).

    The seller, a sole trader, owns the premises: no rent in the accounts, so the market rent
    is deducted in the restatement. The 2024 accounts carry a one-off energy subsidy.
    """
    statements = (
        _bakery_year(2023, 1.0),
        dataclasses.replace(
            _bakery_year(2024, 1.03),
            operating_subsidies=4_000.0,
            non_recurring_income_in_ebe=4_000.0,
        ),
        _bakery_year(2025, 1.05),
    )
    return ViabilityInputs(
        kind=OfferKind.TAKEOVER,
        trade=Trade.BAKERY,
        label="Boulangerie-pâtisserie du Puy Mary (exemple), Riom-ès-Montagnes (Cantal)",
        income_statements=statements,
        balance_sheet=BalanceSheet(
            fixed_assets=95_000.0,
            inventories=9_000.0,
            trade_receivables=4_000.0,
            trade_payables=16_000.0,
            equity=120_000.0,
            financial_debts=20_000.0,
            cash=38_000.0,
            total_assets=146_000.0,
        ),
        premises=Premises(
            tenure=PremisesTenure.OWNED_BY_SELLER, current_rent=0.0, market_rent=12_000.0
        ),
        buyer=Buyer(net_pay=30_000.0, status=SocialStatus.TNS),
        financing=FinancingInputs(
            asking_price=260_000.0,
            fees=9_000.0,
            stock_purchase=6_000.0,
            investments=25_000.0,
            working_capital=None,
            cash_cushion=15_000.0,
            personal_contribution=70_000.0,
            honour_loans=15_000.0,
            subsidies=8_000.0,
            loan=LoanTerms(
                amount=None,
                annual_rate=0.042,
                years=7,
                periodicity=Periodicity.MONTHLY,
                deferral=Deferral.PARTIAL,
                deferral_periods=3,
                guarantee_share=0.5,
                guarantee_fee_rate=0.01,
            ),
            rural_reduced_rate=True,
        ),
    )


def demo_creation_inputs() -> ViabilityInputs:
    """Multi-service grocery (épicerie, dépôt de pain, relais colis) to create in a village."""
    return ViabilityInputs(
        kind=OfferKind.CREATION,
        trade=Trade.GROCERY,
        label="Épicerie multiservice (exemple), village du Cantal",
        forecast=CreationForecast(
            turnover_by_year=(210_000.0, 235_000.0, 250_000.0),
            variable_cost_rate=0.70,
            fixed_costs=24_000.0,
            working_capital_days=8.0,
        ),
        buyer=Buyer(net_pay=20_000.0, status=SocialStatus.TNS),
        financing=FinancingInputs(
            fees=2_500.0,
            investments=48_000.0,
            cash_cushion=8_000.0,
            personal_contribution=20_000.0,
            honour_loans=10_000.0,
            subsidies=15_000.0,
            loan=LoanTerms(annual_rate=0.045, years=7, periodicity=Periodicity.MONTHLY),
        ),
    )
