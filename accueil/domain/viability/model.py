"""Inputs and parameters of a viability analysis: what the chargé de mission types in.

Holds frozen dataclasses and enums describing an offer to take over (reprise) or to create
(création): the seller's accounts, the premises, the buyer's plan and financing, and the
adjustable assumptions with their sources. Amounts are euros (float, never rounded here), rates
are fractions (0.045). A field left to None means "not provided"; the engine lists it as
missing instead of failing. This module computes nothing and must not do any I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from accueil.domain.viability import sources
from accueil.domain.viability.serial import Serialisable


class OfferKind(Enum):
    """Whether the offer is an existing business to take over or a business to create."""

    TAKEOVER = "takeover"
    CREATION = "creation"


class SocialStatus(Enum):
    """Social-security status of the buyer, which sets the rate of social charges on pay."""

    TNS = "tns"
    ASSIMILATED_EMPLOYEE = "assimilated_employee"


class PremisesTenure(Enum):
    """Whether the seller owns the premises (no rent in the accounts) or rents them."""

    OWNED_BY_SELLER = "owned_by_seller"
    RENTED = "rented"


class Periodicity(Enum):
    """Frequency of loan instalments."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def periods_per_year(self) -> int:
        """Number of instalments in one year."""
        return {"monthly": 12, "quarterly": 4, "annual": 1}[self.value]


class Deferral(Enum):
    """Loan deferral: none, partial (interest only) or total (interest capitalised)."""

    NONE = "none"
    PARTIAL = "partial"
    TOTAL = "total"


class SaleObject(Enum):
    """What the seller sells: the fonds de commerce itself, or the company that owns it.

    A fonds bears the duties of CGI art. 719 and is valued by fonds methods; shares of an SA or
    SAS (actions) bear 0.1 % (CGI art. 726, I-1°), parts of a SARL or EURL (parts sociales)
    3 % after a 23 000 € allowance pro rata of the parts sold (CGI art. 726, I-2°), and a
    company is valued by equity methods (`valuation.value_business`).
    """

    GOODWILL = "goodwill"
    SHARES = "shares"
    COMPANY_UNITS = "company_units"


SALE_OBJECT_LABELS: dict[SaleObject, str] = {
    SaleObject.GOODWILL: "Fonds de commerce",
    SaleObject.SHARES: "Actions d'une SA ou d'une SAS",
    SaleObject.COMPANY_UNITS: "Parts sociales d'une SARL ou d'une EURL",
}


class TaxRegime(Enum):
    """How the buyer's business is taxed: corporate tax (IS) or the owner's income tax (IR).

    IS (SARL, SAS, EURL at IS): the owner's pay is a charge, the profit bears IS (CGI art. 219).
    IR (entreprise individuelle, EURL at IR): the owner's drawings are not a charge; the
    profit bears the owner's TNS social charges and income tax (CGI art. 197 scale).
    """

    CORPORATE_TAX = "corporate_tax"
    INCOME_TAX = "income_tax"


class InsuranceBasis(Enum):
    """Borrower insurance (assurance emprunteur): a yearly rate on the initial capital (the
    premium is the same every month) or on the outstanding balance (it falls with it)."""

    INITIAL_CAPITAL = "initial_capital"
    OUTSTANDING = "outstanding"


class Trade(Enum):
    """Trades that have a published valuation scale (percentage of turnover)."""

    BAKERY = "bakery"
    CAFE_BAR = "cafe_bar"
    RESTAURANT = "restaurant"
    FAST_FOOD = "fast_food"
    HOTEL = "hotel"
    BUTCHER = "butcher"
    HAIRDRESSER = "hairdresser"
    PHARMACY = "pharmacy"
    GARAGE = "garage"
    GROCERY = "grocery"
    TOBACCO_PRESS = "tobacco_press"
    OTHER = "other"


TRADE_LABELS: dict[Trade, str] = {
    Trade.BAKERY: "Boulangerie-pâtisserie",
    Trade.CAFE_BAR: "Café-bar",
    Trade.RESTAURANT: "Restaurant traditionnel",
    Trade.FAST_FOOD: "Restauration rapide",
    Trade.HOTEL: "Hôtel",
    Trade.BUTCHER: "Boucherie",
    Trade.HAIRDRESSER: "Coiffure",
    Trade.PHARMACY: "Pharmacie",
    Trade.GARAGE: "Garage",
    Trade.GROCERY: "Épicerie, supérette",
    Trade.TOBACCO_PRESS: "Tabac-presse",
    Trade.OTHER: "Autre activité",
}


TRADE_VAT_RATES: dict[Trade, float] = {
    Trade.BAKERY: 0.055,
    Trade.CAFE_BAR: 0.20,
    Trade.RESTAURANT: 0.10,
    Trade.FAST_FOOD: 0.10,
    Trade.HOTEL: 0.10,
    Trade.BUTCHER: 0.055,
    Trade.HAIRDRESSER: 0.20,
    Trade.PHARMACY: 0.055,
    Trade.GARAGE: 0.20,
    Trade.GROCERY: 0.055,
    Trade.TOBACCO_PRESS: 0.20,
    Trade.OTHER: 0.20,
}
"""Main VAT rate of each trade's sales (`sources.VAT_RATES`: 20 % normal rate, CGI art. 278;
10 % for restaurants and lodging, art. 279; 5.5 % for food and medicines, art. 278-0 bis).
Used for the customers' and suppliers' days (turnover TTC) and the TTC valuation scales."""


@dataclass(frozen=True)
class IncomeStatement(Serialisable):
    """One year of the compte de résultat, in the order of the PCG tableau des SIG.

    Totals follow the PCG accounts; the fields named "of which" (dont) isolate the calculated
    items that the CAF must exclude. `change_in_*_stock` follow the PCG sign (opening stock minus
    closing stock: positive when stock fell). A line absent from a simplified liasse may be left
    to None; only the lines listed in `validation.KEY_INCOME_FIELDS` are required.
    """

    year: int
    sales_of_goods: float | None = None
    purchases_of_goods: float | None = None
    change_in_goods_stock: float | None = None
    production_sold: float | None = None
    production_stored: float | None = None
    production_capitalised: float | None = None
    operating_subsidies: float | None = None
    purchases_of_materials: float | None = None
    change_in_materials_stock: float | None = None
    other_external_charges: float | None = None
    taxes: float | None = None
    wages: float | None = None
    social_charges: float | None = None
    operating_depreciation: float | None = None
    operating_reversals: float | None = None
    charge_transfers: float | None = None
    other_operating_income: float | None = None
    other_operating_charges: float | None = None
    financial_income: float | None = None
    financial_reversals: float | None = None
    financial_charges: float | None = None
    financial_depreciation: float | None = None
    exceptional_income: float | None = None
    asset_disposal_proceeds: float | None = None
    investment_subsidies_released: float | None = None
    exceptional_reversals: float | None = None
    exceptional_charges: float | None = None
    disposed_assets_book_value: float | None = None
    exceptional_depreciation: float | None = None
    profit_sharing: float | None = None
    income_tax: float | None = None
    owner_pay_in_wages: float | None = None
    owner_social_charges: float | None = None
    non_recurring_income_in_ebe: float | None = None
    non_recurring_charges_in_ebe: float | None = None


INCOME_FIELD_LABELS: dict[str, str] = {
    "sales_of_goods": "Ventes de marchandises",
    "purchases_of_goods": "Achats de marchandises",
    "change_in_goods_stock": "Variation de stock de marchandises",
    "production_sold": "Production vendue (biens et services)",
    "production_stored": "Production stockée",
    "production_capitalised": "Production immobilisée",
    "operating_subsidies": "Subventions d'exploitation",
    "purchases_of_materials": "Achats de matières premières et approvisionnements",
    "change_in_materials_stock": "Variation de stock de matières premières",
    "other_external_charges": "Autres achats et charges externes",
    "taxes": "Impôts, taxes et versements assimilés",
    "wages": "Salaires et traitements",
    "social_charges": "Charges sociales",
    "operating_depreciation": "Dotations aux amortissements et provisions d'exploitation",
    "operating_reversals": "Reprises sur amortissements et provisions d'exploitation",
    "charge_transfers": "Transferts de charges d'exploitation",
    "other_operating_income": "Autres produits de gestion courante",
    "other_operating_charges": "Autres charges de gestion courante",
    "financial_income": "Produits financiers",
    "financial_reversals": "dont reprises financières sur provisions",
    "financial_charges": "Charges financières",
    "financial_depreciation": "dont dotations financières aux provisions",
    "exceptional_income": "Produits exceptionnels",
    "asset_disposal_proceeds": "dont produits de cession d'éléments d'actif",
    "investment_subsidies_released": "dont quote-part des subventions d'investissement virée au "
    "résultat",
    "exceptional_reversals": "dont reprises exceptionnelles",
    "exceptional_charges": "Charges exceptionnelles",
    "disposed_assets_book_value": "dont valeur comptable des éléments d'actif cédés",
    "exceptional_depreciation": "dont dotations exceptionnelles",
    "profit_sharing": "Participation des salariés",
    "income_tax": "Impôt sur les bénéfices",
    "owner_pay_in_wages": "dont rémunération du cédant comptée dans les salaires",
    "owner_social_charges": "dont cotisations sociales du cédant",
    "non_recurring_income_in_ebe": "dont produits non récurrents compris dans l'EBE",
    "non_recurring_charges_in_ebe": "dont charges non récurrentes comprises dans l'EBE",
}


@dataclass(frozen=True)
class BalanceSheet(Serialisable):
    """Key items of the latest closing balance sheet (net book values)."""

    fixed_assets: float | None = None
    inventories: float | None = None
    trade_receivables: float | None = None
    trade_payables: float | None = None
    equity: float | None = None
    financial_debts: float | None = None
    cash: float | None = None
    total_assets: float | None = None
    revaluation_adjustment: float = 0.0
    fictitious_assets: float = 0.0


BALANCE_FIELD_LABELS: dict[str, str] = {
    "fixed_assets": "Immobilisations nettes",
    "inventories": "Stocks",
    "trade_receivables": "Créances clients",
    "trade_payables": "Dettes fournisseurs",
    "equity": "Capitaux propres",
    "financial_debts": "Dettes financières",
    "cash": "Trésorerie",
    "total_assets": "Total du bilan",
    "revaluation_adjustment": "Plus ou moins-values latentes sur actifs",
    "fictitious_assets": "Actifs fictifs (non-valeurs)",
}


@dataclass(frozen=True)
class Premises(Serialisable):
    """The business premises: owned by the seller or rented, and the rents (annual, excl. VAT)."""

    tenure: PremisesTenure | None = None
    current_rent: float | None = None
    market_rent: float | None = None


@dataclass(frozen=True)
class CreationForecast(Serialisable):
    """The forecast of a business to create (prévisionnel), before the owner's pay.

    `fixed_costs` are the annual cash fixed costs (rent, energy, insurance, staff...) without
    the owner's pay nor depreciation; `variable_cost_rate` is variable costs over turnover.
    When `fixed_costs` is None and `operating_result` (the first year's résultat
    d'exploitation before the owner's pay) is given, the fixed costs are derived from it:
    charges fixes = marge sur coûts variables − résultat (`projection.fixed_costs_from_result`).
    """

    turnover_by_year: tuple[float, ...] = ()
    variable_cost_rate: float | None = None
    fixed_costs: float | None = None
    working_capital_days: float | None = None
    operating_result: float | None = None


@dataclass(frozen=True)
class Buyer(Serialisable):
    """The buyer's (or creator's) intended net annual pay and social status."""

    net_pay: float | None = None
    status: SocialStatus = SocialStatus.TNS


@dataclass(frozen=True)
class LoanTerms(Serialisable):
    """Bank loan terms. `amount` None means: the loan closes the gap between needs and resources.

    `years` includes the deferral; `deferral_periods` counts instalment periods (months for a
    monthly loan). `guarantee_share` is the fraction guaranteed (e.g. Bpifrance), shown for
    information; `guarantee_fee_rate` is a one-off fee on the loan counted in the needs.
    `insurance_rate` is the borrower insurance's yearly rate (fraction), on the initial capital
    or on the outstanding balance (`insurance_basis`, `sources.BORROWER_INSURANCE`).
    """

    amount: float | None = None
    annual_rate: float = 0.045
    years: int = 7
    periodicity: Periodicity = Periodicity.MONTHLY
    deferral: Deferral = Deferral.NONE
    deferral_periods: int = 0
    guarantee_share: float = 0.0
    guarantee_fee_rate: float = 0.0
    insurance_rate: float = 0.0
    insurance_basis: InsuranceBasis = InsuranceBasis.INITIAL_CAPITAL


@dataclass(frozen=True)
class FinancingInputs(Serialisable):
    """Needs and resources of the buyer's financing plan (plan de financement initial).

    `sale_object` says what the price buys (a fonds, actions, parts sociales) and
    `share_of_capital_sold` the fraction of the company's shares sold (1.0: all of them).
    """

    asking_price: float | None = None
    fees: float | None = None
    stock_purchase: float = 0.0
    investments: float = 0.0
    working_capital: float | None = None
    cash_cushion: float = 0.0
    personal_contribution: float | None = None
    honour_loans: float = 0.0
    subsidies: float = 0.0
    loan: LoanTerms = field(default_factory=LoanTerms)
    rural_reduced_rate: bool = False
    sale_object: SaleObject = SaleObject.GOODWILL
    share_of_capital_sold: float = 1.0


@dataclass(frozen=True)
class ViabilityInputs(Serialisable):
    """Everything known about one offer; accounts are ordered freely, the engine sorts them."""

    kind: OfferKind = OfferKind.TAKEOVER
    trade: Trade = Trade.OTHER
    label: str = ""
    income_statements: tuple[IncomeStatement, ...] = ()
    balance_sheet: BalanceSheet | None = None
    premises: Premises | None = None
    forecast: CreationForecast | None = None
    buyer: Buyer = field(default_factory=Buyer)
    financing: FinancingInputs = field(default_factory=FinancingInputs)
    tax_regime: TaxRegime = TaxRegime.CORPORATE_TAX


SMIC_NET_MONTHLY_2026 = 1443.11
"""Net monthly SMIC at 1 January 2026 for 35 hours a week (see `sources.SMIC_2026`)."""


@dataclass(frozen=True)
class Thresholds(Serialisable):
    """Verdict thresholds; each default names its source in `THRESHOLD_SOURCES`."""

    max_annuity_to_caf: float = 0.70
    min_dscr: float = 1.25
    min_contribution_share: float = 0.20
    min_buyer_net_pay: float = round(12 * SMIC_NET_MONTHLY_2026, 2)
    max_probability_dscr_below_one: float = 0.20


THRESHOLD_SOURCES: dict[str, str] = {
    "max_annuity_to_caf": sources.ANNUITY_TO_CAF,
    "min_dscr": sources.DSCR,
    "min_contribution_share": sources.PERSONAL_CONTRIBUTION,
    "min_buyer_net_pay": sources.SMIC_2026,
    "max_probability_dscr_below_one": sources.TOOL_DEFAULT,
}


@dataclass(frozen=True)
class MonteCarloSettings(Serialisable):
    """Random shocks on turnover (a lasting level shock plus yearly noise) and on the margin."""

    draws: int = 10_000
    seed: int = 20_261_126
    sigma_turnover_level: float = 0.10
    sigma_turnover_yearly: float = 0.03
    sigma_margin_points: float = 0.02


@dataclass(frozen=True)
class Assumptions(Serialisable):
    """Method parameters a chargé de mission may adjust; defaults cite their sources.

    `year_weights` go from the oldest to the most recent year used (default 1-2-3).
    Social-charge rates are fractions of the net pay (TNS: `sources.SOCIAL_CHARGES_TNS`;
    assimilé salarié: `sources.SOCIAL_CHARGES_ASSIMILATED`). Corporate tax follows CGI art. 219
    (`sources.CORPORATE_TAX`); under IR the profit bears `income_tax_rate`, the owner's average
    rate (11 %, the first taxed bracket of the CGI art. 197 scale, `sources.INCOME_TAX`).
    `vat_rate` is the normal VAT rate (CGI art. 278) of investments and external charges;
    sales use the trade's rate (`TRADE_VAT_RATES`). `first_month` (1 = January) dates the
    point mort; `borrowed_share_of_price` is the share of a price a bank lends
    (`sources.PERSONAL_CONTRIBUTION`: 20 to 30 % of own money). Capitalisation rates, growth rates and the variable share of
    external charges are tool defaults (`sources.TOOL_DEFAULT`).
    """

    year_weights: tuple[float, ...] = (1.0, 2.0, 3.0)
    tns_social_charge_rate: float = 0.45
    assimilated_social_charge_rate: float = 0.80
    ebe_multiple_range: tuple[float, float] | None = None
    turnover_scale_range: tuple[float, float] | None = None
    capitalisation_rate_range: tuple[float, float] = (0.12, 0.20)
    turnover_growth: float = 0.01
    fixed_cost_growth: float = 0.015
    variable_share_of_external_charges: float = 0.0
    vat_rate: float = 0.20
    investment_life_years: int = 5
    projection_min_years: int = 5
    honour_loan_years: int = 5
    count_honour_loans_as_contribution: bool = False
    corporate_tax_reduced_rate: float = 0.15
    corporate_tax_reduced_ceiling: float = 42_500.0
    corporate_tax_normal_rate: float = 0.25
    income_tax_rate: float = 0.11
    first_month: int = 1
    borrowed_share_of_price: float = 0.70
    thresholds: Thresholds = field(default_factory=Thresholds)
    monte_carlo: MonteCarloSettings = field(default_factory=MonteCarloSettings)

    def social_charge_rate(self, status: SocialStatus) -> float:
        """Social charges as a fraction of net pay for the given status."""
        if status is SocialStatus.TNS:
            return self.tns_social_charge_rate
        return self.assimilated_social_charge_rate
