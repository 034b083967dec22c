"""The *Viabilité* form: its fields and tables, to and from the engine's inputs and assumptions.

The page keeps scalar answers in a flat mapping keyed by the engine's field paths
(``financing.loan.annual_rate``) in the units a person types (percentages as ``4,2`` for
4.2 %), and the accounts in spreadsheet-like tables (one row per line of the compte de
résultat, one column per year). This module describes those fields (:data:`SECTIONS`),
turns them into :class:`ViabilityInputs` and :class:`Assumptions` with French errors on the
field concerned, fills them back from inputs (to edit, to re-open a saved analysis) and
prefills them from an offer. Pure: no streamlit, no store, no files.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

import pandas as pd

from accueil import fr
from accueil.domain.blank import is_blank
from accueil.domain.offers import ActivityKind, Offer, ReceptivityKind
from accueil.domain.viability import (
    Assumptions,
    BalanceSheet,
    Buyer,
    CreationForecast,
    Deferral,
    FieldError,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    MonteCarloSettings,
    OfferKind,
    Periodicity,
    Premises,
    PremisesTenure,
    SocialStatus,
    Thresholds,
    Trade,
    ViabilityInputs,
)
from accueil.domain.viability.model import (
    BALANCE_FIELD_LABELS,
    INCOME_FIELD_LABELS,
    SALE_OBJECT_LABELS,
    TRADE_LABELS,
    InsuranceBasis,
    SaleObject,
    TaxRegime,
)
from accueil.domain.viability.validation import KEY_INCOME_FIELDS
from accueil.io.numbers import ParseError, parse_amount, parse_number

MAX_YEARS = 5
YEAR_COLUMNS = tuple(f"N-{offset}" if offset else "N" for offset in range(MAX_YEARS - 1, -1, -1))
"""Stable column names of the accounts tables, oldest first; headers show the actual years."""
FORECAST_COLUMNS = tuple(f"Année {n}" for n in range(1, MAX_YEARS + 1))
AMOUNT_COLUMN = "Montant (€)"
FORECAST_ROW = "Chiffre d'affaires prévisionnel HT (€)"

DETAIL_LINES = (
    "financial_reversals", "financial_depreciation", "asset_disposal_proceeds",
    "investment_subsidies_released", "exceptional_reversals", "disposed_assets_book_value",
    "exceptional_depreciation", "owner_pay_in_wages", "owner_social_charges",
    "non_recurring_income_in_ebe", "non_recurring_charges_in_ebe",
)
"""The "dont" lines: parts of a total above, used by the CAF and the restatement."""
MAIN_LINES = tuple(name for name in INCOME_FIELD_LABELS if name not in DETAIL_LINES)
LINE_BY_LABEL = {label: name for name, label in INCOME_FIELD_LABELS.items()}
BALANCE_BY_LABEL = {label: name for name, label in BALANCE_FIELD_LABELS.items()}

LAST_YEAR_KEY = "accounts.last_year"
YEAR_COUNT_KEY = "accounts.count"
INCOME_TABLE = "income_statements"
BALANCE_TABLE = "balance_sheet"
FORECAST_TABLE = "forecast.turnover_by_year"
GENERAL = "general"


class FieldKind(StrEnum):
    """How a field is typed and converted: its unit on screen and in the engine."""

    AMOUNT = "amount"  # euros, the same on screen and in the engine
    PERCENT = "percent"  # typed in %, a fraction in the engine
    NUMBER = "number"  # a plain number (a ratio, a multiple, days)
    INTEGER = "integer"
    CHOICE = "choice"
    FLAG = "flag"
    TEXT = "text"
    WEIGHTS = "weights"  # "1 ; 2 ; 3"


TYPED_AS_TEXT = frozenset({FieldKind.AMOUNT, FieldKind.PERCENT, FieldKind.NUMBER})
"""Kinds typed in a text box, read the French way: a number box would turn "4,2" into 42."""

BOTH = frozenset({OfferKind.TAKEOVER, OfferKind.CREATION})
TAKEOVER = frozenset({OfferKind.TAKEOVER})
CREATION = frozenset({OfferKind.CREATION})


@dataclass(frozen=True, slots=True)
class FormField:
    """One answer of the form. ``key`` is the engine's field path (errors come back on it)."""

    key: str
    label: str
    kind: FieldKind
    help: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (value, French label)
    optional: bool = True  # may be left blank
    applies_to: frozenset[OfferKind] = BOTH
    placeholder: str = ""


@dataclass(frozen=True, slots=True)
class FormSection:
    key: str
    title: str
    fields: tuple[FormField, ...]
    applies_to: frozenset[OfferKind] = BOTH
    help: str = ""


KIND_LABELS = {OfferKind.TAKEOVER: "Reprise d'une entreprise",
               OfferKind.CREATION: "Création d'activité"}
TENURE_LABELS = {"": "Non renseigné", PremisesTenure.OWNED_BY_SELLER.value: "Propriété du cédant",
                 PremisesTenure.RENTED.value: "En location"}
STATUS_LABELS = {SocialStatus.TNS.value: "Travailleur non salarié (TNS)",
                 SocialStatus.ASSIMILATED_EMPLOYEE.value: "Assimilé salarié (SAS, SASU)"}
PERIODICITY_LABELS = {Periodicity.MONTHLY.value: "Mensuelles",
                      Periodicity.QUARTERLY.value: "Trimestrielles",
                      Periodicity.ANNUAL.value: "Annuelles"}
TAX_REGIME_LABELS = {TaxRegime.CORPORATE_TAX.value: "Société à l'IS (SARL, SAS, EURL à l'IS)",
                     TaxRegime.INCOME_TAX.value: "Entreprise à l'IR (entreprise individuelle, "
                                                 "EURL à l'IR)"}
SALE_LABELS = {sale.value: label for sale, label in SALE_OBJECT_LABELS.items()}
INSURANCE_BASIS_LABELS = {InsuranceBasis.INITIAL_CAPITAL.value: "Sur le capital emprunté",
                          InsuranceBasis.OUTSTANDING.value: "Sur le capital restant dû"}
DEFERRAL_LABELS = {Deferral.NONE.value: "Aucun",
                   Deferral.PARTIAL.value: "Partiel (intérêts seuls)",
                   Deferral.TOTAL.value: "Total (intérêts capitalisés)"}


def _amount(key: str, label: str, help: str = "", *, optional: bool = True,
            applies_to: frozenset[OfferKind] = BOTH, placeholder: str = "") -> FormField:
    return FormField(key, label, FieldKind.AMOUNT, help, optional=optional,
                     applies_to=applies_to, placeholder=placeholder)


def _percent(key: str, label: str, help: str = "", *, optional: bool = False,
             applies_to: frozenset[OfferKind] = BOTH, placeholder: str = "") -> FormField:
    return FormField(key, label, FieldKind.PERCENT, help, optional=optional,
                     applies_to=applies_to, placeholder=placeholder)


def _choice(key: str, label: str, labels: Mapping[str, str], help: str = "",
            applies_to: frozenset[OfferKind] = BOTH) -> FormField:
    return FormField(key, label, FieldKind.CHOICE, help, tuple(labels.items()), optional=False,
                     applies_to=applies_to)


PROJECT = FormSection("project", "Le projet", (
    _choice("kind", "Type de projet", {k.value: v for k, v in KIND_LABELS.items()}),
    _choice("trade", "Activité", {t.value: label for t, label in TRADE_LABELS.items()},
            "Fixe les barèmes de valorisation et les multiples d'EBE de la profession."),
    FormField("label", "Intitulé de l'analyse", FieldKind.TEXT,
              "Repris dans le rapport PDF et dans la liste des analyses enregistrées."),
    _choice("tax_regime", "Forme juridique et imposition", TAX_REGIME_LABELS,
            "À l'IS, la rémunération du dirigeant est une charge et le bénéfice paie l'IS ; à "
            "l'IR, le bénéfice paie les cotisations de l'exploitant et son impôt sur le revenu."),
))
ACCOUNTS = FormSection("accounts", "Comptes du cédant", (
    FormField(LAST_YEAR_KEY, "Dernier exercice clos", FieldKind.INTEGER, optional=False,
              applies_to=TAKEOVER),
    _choice(YEAR_COUNT_KEY, "Nombre d'exercices saisis",
            {str(n): str(n) for n in range(1, MAX_YEARS + 1)},
            "Trois exercices au moins sont attendus.", applies_to=TAKEOVER),
), TAKEOVER, "Montants hors taxes, en euros, tels qu'ils figurent dans la liasse fiscale. "
             "Une case vide compte pour zéro, sauf les lignes clés signalées si elles manquent.")
PREMISES = FormSection("premises", "Les murs", (
    _choice("premises.tenure", "Les murs sont", TENURE_LABELS, applies_to=TAKEOVER),
    _amount("premises.current_rent", "Loyer annuel actuel HT (€)", applies_to=TAKEOVER),
    _amount("premises.market_rent", "Loyer annuel de marché HT (€)",
            "Loyer que le repreneur paiera : il est déduit de l'EBE quand le cédant était "
            "propriétaire des murs.", applies_to=TAKEOVER),
), TAKEOVER)
FORECAST = FormSection("forecast", "Prévisionnel", (
    _percent("forecast.variable_cost_rate", "Charges variables (% du chiffre d'affaires)",
             "Achats de marchandises et matières, commissions… rapportés au chiffre d'affaires.",
             optional=True, applies_to=CREATION),
    _amount("forecast.fixed_costs", "Charges fixes annuelles (€)",
            "Loyer, énergie, assurances, salariés… sans la rémunération du créateur ni les "
            "amortissements.", applies_to=CREATION),
    FormField("forecast.working_capital_days", "BFR (jours de chiffre d'affaires)",
              FieldKind.NUMBER, "Stocks et crédit clients moins crédit fournisseurs.",
              applies_to=CREATION),
    _amount("forecast.operating_result", "Ou : résultat d'exploitation de l'année 1 (€)",
            "Si les charges fixes sont vides : charges fixes = marge sur coûts variables − "
            "résultat (avant la rémunération du créateur).", applies_to=CREATION),
), CREATION, "Chiffre d'affaires hors taxes des premières années, sans la rémunération du "
             "créateur ; au-delà, il croît du taux d'hypothèse.")
BUYER = FormSection("buyer", "Le repreneur", (
    _amount("buyer.net_pay", "Rémunération nette annuelle visée (€)",
            "Ce que la personne veut se verser, avant les remboursements de prêt d'honneur."),
    _choice("buyer.status", "Statut social", STATUS_LABELS,
            "Fixe le taux de cotisations sociales (voir les hypothèses)."),
))
NEEDS = FormSection("needs", "Besoins de financement", (
    _choice("financing.sale_object", "Ce qui est vendu", SALE_LABELS,
            "Un fonds (droits de l'art. 719 du CGI) ou les titres de la société qui l'exploite "
            "(art. 726 : 0,1 % pour des actions, 3 % après abattement pour des parts sociales).",
            applies_to=TAKEOVER),
    _amount("financing.asking_price", "Prix demandé (€)", applies_to=TAKEOVER),
    _percent("financing.share_of_capital_sold", "Part du capital cédée (%)",
             "Pour des parts sociales : l'abattement de 23 000 € est réduit d'autant.",
             applies_to=TAKEOVER),
    _amount("financing.fees", "Frais d'acte et honoraires (€)"),
    _amount("financing.stock_purchase", "Stock repris ou initial (€)", optional=False),
    _amount("financing.investments", "Investissements et travaux (€)", optional=False),
    _amount("financing.working_capital", "BFR de départ (€)",
            "Laissez vide : calculé d'après le bilan ou le prévisionnel.",
            placeholder="calculé"),
    _amount("financing.cash_cushion", "Trésorerie de sécurité (€)", optional=False),
    FormField("financing.rural_reduced_rate",
              "Commune classée France Ruralités Revitalisation (droits réduits)", FieldKind.FLAG,
              "CGI art. 722 bis : 1 % au lieu de 3 % sur la fraction du prix de 23 000 à "
              "107 000 €, si le repreneur s'engage à exploiter cinq ans.",
              applies_to=TAKEOVER),
))
RESOURCES = FormSection("resources", "Ressources", (
    _amount("financing.personal_contribution", "Apport personnel (€)"),
    _amount("financing.honour_loans", "Prêts d'honneur (€)", "Initiative, Réseau Entreprendre…",
            optional=False),
    _amount("financing.subsidies", "Subventions (€)", optional=False),
))
LOAN = FormSection("loan", "Emprunt bancaire", (
    _amount("financing.loan.amount", "Montant emprunté (€)",
            "Laissez vide : l'emprunt comble l'écart entre besoins et ressources.",
            placeholder="calculé"),
    _percent("financing.loan.annual_rate", "Taux annuel (%)"),
    FormField("financing.loan.years", "Durée (années, différé compris)", FieldKind.INTEGER,
              optional=False),
    _choice("financing.loan.periodicity", "Échéances", PERIODICITY_LABELS),
    _choice("financing.loan.deferral", "Différé", DEFERRAL_LABELS),
    FormField("financing.loan.deferral_periods", "Durée du différé (nombre d'échéances)",
              FieldKind.INTEGER, optional=False),
    _percent("financing.loan.guarantee_share", "Quotité garantie (%)",
             "Part du prêt garantie (Bpifrance, France Active) : pour information."),
    _percent("financing.loan.guarantee_fee_rate", "Frais de garantie (% du prêt)"),
    _percent("financing.loan.insurance_rate", "Assurance emprunteur (% par an)",
             "Taux annuel de l'assurance décès-invalidité, par exemple 0,36."),
    _choice("financing.loan.insurance_basis", "Assurance calculée", INSURANCE_BASIS_LABELS),
))
THRESHOLDS = FormSection("thresholds", "Seuils du verdict", (
    _percent("assumptions.thresholds.max_annuity_to_caf", "Annuités / CAF au plus (%)"),
    FormField("assumptions.thresholds.min_dscr", "DSCR au moins", FieldKind.NUMBER,
              "Flux disponible / annuités ; les banques demandent 1,2 à 1,5.", optional=False),
    _percent("assumptions.thresholds.min_contribution_share", "Apport / besoins au moins (%)"),
    _amount("assumptions.thresholds.min_buyer_net_pay", "Rémunération nette plancher (€ / an)",
            "Smic net annuel 2026 par défaut.", optional=False),
    _percent("assumptions.thresholds.max_probability_dscr_below_one",
             "Probabilité tolérée d'un DSCR sous 1 (%)"),
))
ASSUMPTIONS = FormSection("assumptions", "Hypothèses", (
    FormField("assumptions.year_weights", "Pondération des exercices (du plus ancien au plus "
              "récent)", FieldKind.WEIGHTS, "Par exemple « 1 ; 2 ; 3 » : le dernier exercice "
              "pèse trois fois le premier.", optional=False, applies_to=TAKEOVER),
    _percent("assumptions.tns_social_charge_rate", "Cotisations TNS (% du net)"),
    _percent("assumptions.assimilated_social_charge_rate", "Cotisations assimilé salarié "
             "(% du net)"),
    _percent("assumptions.turnover_growth", "Croissance du chiffre d'affaires (% par an)"),
    _percent("assumptions.fixed_cost_growth", "Hausse des charges fixes (% par an)"),
    _percent("assumptions.variable_share_of_external_charges",
             "Part variable des charges externes (%)", applies_to=TAKEOVER),
    _percent("assumptions.capitalisation_rate_range[0]", "Taux de capitalisation bas (%)",
             applies_to=TAKEOVER),
    _percent("assumptions.capitalisation_rate_range[1]", "Taux de capitalisation haut (%)",
             applies_to=TAKEOVER),
    FormField("assumptions.ebe_multiple_range[0]", "Multiple d'EBE bas", FieldKind.NUMBER,
              "Laissez vide : fourchette de la profession.", applies_to=TAKEOVER,
              placeholder="profession"),
    FormField("assumptions.ebe_multiple_range[1]", "Multiple d'EBE haut", FieldKind.NUMBER,
              applies_to=TAKEOVER, placeholder="profession"),
    _percent("assumptions.corporate_tax_reduced_rate", "IS : taux réduit (%)",
             "CGI art. 219 : 15 % jusqu'au plafond pour les PME."),
    _amount("assumptions.corporate_tax_reduced_ceiling", "IS : plafond du taux réduit (€)",
            optional=False),
    _percent("assumptions.corporate_tax_normal_rate", "IS : taux normal (%)"),
    _percent("assumptions.income_tax_rate", "IR : taux moyen de l'exploitant (%)",
             "Barème de l'art. 197 du CGI : 11 % sur la première tranche imposable."),
    _percent("assumptions.vat_rate", "TVA des investissements et charges externes (%)"),
    FormField("assumptions.first_month", "Mois d'ouverture de l'exercice (1 à 12)",
              FieldKind.INTEGER, "Date le point mort (1 = janvier).", optional=False),
    _percent("assumptions.borrowed_share_of_price", "Part du prix que la banque prête (%)",
             "Pour le prix finançable quand seule une part du prix est empruntée."),
    FormField("assumptions.monte_carlo.draws", "Tirages du Monte Carlo", FieldKind.INTEGER,
              "Graine fixe : les mêmes données donnent toujours le même résultat.",
              optional=False),
))
SECTIONS = (PROJECT, ACCOUNTS, PREMISES, FORECAST, BUYER, NEEDS, RESOURCES, LOAN, THRESHOLDS,
            ASSUMPTIONS)
FIELDS = {f.key: f for section in SECTIONS for f in section.fields}


# -- the form's state -----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class FormState:
    """Everything the form shows: scalar values and the four tables."""

    values: dict[str, Any]
    income: pd.DataFrame  # main lines × YEAR_COLUMNS
    details: pd.DataFrame  # "dont" lines × YEAR_COLUMNS
    balance: pd.DataFrame  # balance-sheet items × [AMOUNT_COLUMN]
    forecast: pd.DataFrame  # one row × FORECAST_COLUMNS
    notes: tuple[str, ...] = field(default_factory=tuple)


def year_labels(last_year: int) -> dict[str, str]:
    """Stable column name → the year it shows (``N`` → ``2025``)."""
    return {column: str(last_year - (MAX_YEARS - 1 - index))
            for index, column in enumerate(YEAR_COLUMNS)}


def shown_year_columns(count: int) -> tuple[str, ...]:
    """The ``count`` most recent year columns, oldest first."""
    count = min(max(count, 1), MAX_YEARS)
    return YEAR_COLUMNS[MAX_YEARS - count:]


def french_text(value: Any) -> str:
    """A number as a French person types it, exactly (``17317.32`` → ``17 317,32``, ``4.2`` →
    ``4,2``); text stays as it is and nothing prints as empty. Reading it back with
    :func:`read_number` gives the very same float, so a re-opened analysis stays identical."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if isinstance(value, str):
        return value
    digits = format(Decimal(repr(float(value))), "f")
    sign, digits = ("-", digits[1:]) if digits.startswith("-") else ("", digits)
    whole, _, decimals = digits.partition(".")
    decimals = decimals.rstrip("0")
    grouped = fr.number(float(whole)) if whole else "0"
    return sign + grouped + ("," + decimals if decimals else "")


def read_number(spec: FormField, value: Any) -> float | None:
    """The number typed in ``spec``'s box (``4,2``, ``4,2 %``, ``260 000``, ``150 k€``), in
    the box's unit; ``None`` when empty. Raises ParseError with a French message."""
    if not isinstance(value, str):
        return None if is_blank(value) else float(value)
    text = value.strip()
    if spec.kind is FieldKind.PERCENT and text.endswith("%"):
        text = text[:-1]
    if spec.kind is FieldKind.AMOUNT:
        return parse_amount(text)
    return parse_number(text)


def shown_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The form's values as its widgets hold them: numbers of text boxes in French text."""
    return {key: french_text(value) if key in FIELDS and FIELDS[key].kind in TYPED_AS_TEXT
            else value for key, value in values.items()}


def number_or_none(spec: FormField, value: Any) -> float | None:
    """Like :func:`read_number`, but unreadable text counts as empty (for exports)."""
    try:
        return read_number(spec, value)
    except ParseError:
        return None


def _percent_of(fraction: float | None) -> float | None:
    return None if fraction is None else round(fraction * 100, 10)


def _fraction_of(percent: float | None) -> float | None:
    return None if percent is None else round(percent / 100, 12)


def _weights_text(weights: tuple[float, ...]) -> str:
    return " ; ".join(fr.number(w, 0 if float(w).is_integer() else 2) for w in weights)


def _number(value: Any) -> float | None:
    return None if is_blank(value) else float(value)


def _statement_frame(statements: tuple[IncomeStatement, ...], lines: tuple[str, ...],
                     last_year: int) -> pd.DataFrame:
    by_year = {s.year: s for s in statements}
    labels = year_labels(last_year)
    data = {column: [getattr(by_year[int(labels[column])], name)
                     if int(labels[column]) in by_year else None for name in lines]
            for column in YEAR_COLUMNS}
    frame = pd.DataFrame(data, index=[INCOME_FIELD_LABELS[name] for name in lines],
                         dtype="float64")
    frame.index.name = "Poste"
    return frame


def _default_values(kind: OfferKind) -> dict[str, Any]:
    return values_from_inputs(ViabilityInputs(kind=kind), Assumptions(), date.today()).values


def values_from_inputs(inputs: ViabilityInputs, assumptions: Assumptions,
                       today: date | None = None) -> FormState:
    """The form filled with ``inputs`` and ``assumptions`` (to edit them or re-open them)."""
    today = today or date.today()
    years = sorted({s.year for s in inputs.income_statements})
    last_year = years[-1] if years else today.year - 1
    count = min(max(last_year - years[0] + 1, 3), MAX_YEARS) if years else 3
    financing, loan, t = inputs.financing, inputs.financing.loan, assumptions.thresholds
    premises = inputs.premises or Premises()
    forecast = inputs.forecast or CreationForecast()
    values: dict[str, Any] = {
        "kind": inputs.kind.value, "trade": inputs.trade.value, "label": inputs.label,
        "tax_regime": inputs.tax_regime.value,
        "financing.sale_object": financing.sale_object.value,
        "financing.share_of_capital_sold": _percent_of(financing.share_of_capital_sold),
        "financing.loan.insurance_rate": _percent_of(loan.insurance_rate),
        "financing.loan.insurance_basis": loan.insurance_basis.value,
        "forecast.operating_result": forecast.operating_result,
        "assumptions.corporate_tax_reduced_rate":
            _percent_of(assumptions.corporate_tax_reduced_rate),
        "assumptions.corporate_tax_reduced_ceiling": assumptions.corporate_tax_reduced_ceiling,
        "assumptions.corporate_tax_normal_rate":
            _percent_of(assumptions.corporate_tax_normal_rate),
        "assumptions.income_tax_rate": _percent_of(assumptions.income_tax_rate),
        "assumptions.vat_rate": _percent_of(assumptions.vat_rate),
        "assumptions.first_month": assumptions.first_month,
        "assumptions.borrowed_share_of_price": _percent_of(assumptions.borrowed_share_of_price),
        LAST_YEAR_KEY: last_year, YEAR_COUNT_KEY: str(count),
        "premises.tenure": premises.tenure.value if premises.tenure else "",
        "premises.current_rent": premises.current_rent,
        "premises.market_rent": premises.market_rent,
        "forecast.variable_cost_rate": _percent_of(forecast.variable_cost_rate),
        "forecast.fixed_costs": forecast.fixed_costs,
        "forecast.working_capital_days": forecast.working_capital_days,
        "buyer.net_pay": inputs.buyer.net_pay, "buyer.status": inputs.buyer.status.value,
        "financing.asking_price": financing.asking_price, "financing.fees": financing.fees,
        "financing.stock_purchase": financing.stock_purchase,
        "financing.investments": financing.investments,
        "financing.working_capital": financing.working_capital,
        "financing.cash_cushion": financing.cash_cushion,
        "financing.rural_reduced_rate": financing.rural_reduced_rate,
        "financing.personal_contribution": financing.personal_contribution,
        "financing.honour_loans": financing.honour_loans,
        "financing.subsidies": financing.subsidies,
        "financing.loan.amount": loan.amount,
        "financing.loan.annual_rate": _percent_of(loan.annual_rate),
        "financing.loan.years": loan.years,
        "financing.loan.periodicity": loan.periodicity.value,
        "financing.loan.deferral": loan.deferral.value,
        "financing.loan.deferral_periods": loan.deferral_periods,
        "financing.loan.guarantee_share": _percent_of(loan.guarantee_share),
        "financing.loan.guarantee_fee_rate": _percent_of(loan.guarantee_fee_rate),
        "assumptions.thresholds.max_annuity_to_caf": _percent_of(t.max_annuity_to_caf),
        "assumptions.thresholds.min_dscr": t.min_dscr,
        "assumptions.thresholds.min_contribution_share": _percent_of(t.min_contribution_share),
        "assumptions.thresholds.min_buyer_net_pay": t.min_buyer_net_pay,
        "assumptions.thresholds.max_probability_dscr_below_one":
            _percent_of(t.max_probability_dscr_below_one),
        "assumptions.year_weights": _weights_text(assumptions.year_weights),
        "assumptions.tns_social_charge_rate": _percent_of(assumptions.tns_social_charge_rate),
        "assumptions.assimilated_social_charge_rate":
            _percent_of(assumptions.assimilated_social_charge_rate),
        "assumptions.turnover_growth": _percent_of(assumptions.turnover_growth),
        "assumptions.fixed_cost_growth": _percent_of(assumptions.fixed_cost_growth),
        "assumptions.variable_share_of_external_charges":
            _percent_of(assumptions.variable_share_of_external_charges),
        "assumptions.capitalisation_rate_range[0]":
            _percent_of(assumptions.capitalisation_rate_range[0]),
        "assumptions.capitalisation_rate_range[1]":
            _percent_of(assumptions.capitalisation_rate_range[1]),
        "assumptions.ebe_multiple_range[0]":
            assumptions.ebe_multiple_range[0] if assumptions.ebe_multiple_range else None,
        "assumptions.ebe_multiple_range[1]":
            assumptions.ebe_multiple_range[1] if assumptions.ebe_multiple_range else None,
        "assumptions.monte_carlo.draws": assumptions.monte_carlo.draws,
    }
    balance = inputs.balance_sheet
    balance_frame = pd.DataFrame(
        {AMOUNT_COLUMN: [getattr(balance, name) if balance else None
                         for name in BALANCE_FIELD_LABELS]},
        index=list(BALANCE_FIELD_LABELS.values()), dtype="float64")
    balance_frame.index.name = "Poste"
    turnovers = list(forecast.turnover_by_year[:MAX_YEARS])
    forecast_frame = pd.DataFrame(
        [turnovers + [None] * (MAX_YEARS - len(turnovers))], index=[FORECAST_ROW],
        columns=list(FORECAST_COLUMNS), dtype="float64")
    forecast_frame.index.name = "Poste"
    return FormState(
        values=values,
        income=_statement_frame(inputs.income_statements, MAIN_LINES, last_year),
        details=_statement_frame(inputs.income_statements, DETAIL_LINES, last_year),
        balance=balance_frame, forecast=forecast_frame)


# -- from the form to the engine --------------------------------------------------------------


class _Reader:
    """Reads the form's values, collecting a French error per field that cannot be read."""

    def __init__(self, values: Mapping[str, Any], kind: OfferKind) -> None:
        self.values = values
        self.kind = kind
        self.errors: list[FieldError] = []
        self.defaults = _default_values(kind)

    def _spec(self, key: str) -> FormField:
        return FIELDS[key]

    def raw(self, key: str) -> Any:
        return self.values.get(key, self.defaults.get(key))

    def number(self, key: str) -> float | None:
        """The value in the engine's unit, ``None`` when blank and allowed to be."""
        spec = self._spec(key)
        default: float | None = self.defaults[key]
        try:
            value = read_number(spec, self.raw(key))
        except (ParseError, TypeError, ValueError) as error:
            found = error.message if isinstance(error, ParseError) else (
                f"« {self.raw(key)} » n'est pas un nombre : un nombre est attendu.")
            self.errors.append(FieldError(key, f"{spec.label} : {found}"))
            value = default
        if value is None:
            if spec.optional:
                return None
            if spec.kind is FieldKind.AMOUNT and default == 0:
                return 0.0  # an empty "stock repris" or "subventions" means none
            self.errors.append(FieldError(
                key, f"{spec.label} : case vide ; une valeur est attendue "
                     f"(par défaut {self._shown_default(key)})."))
            value = default or 0.0
        return _fraction_of(value) if spec.kind is FieldKind.PERCENT else value

    def amount(self, key: str) -> float:
        value = self.number(key)
        return 0.0 if value is None else value

    def integer(self, key: str) -> int:
        value = self.number(key)
        if value is None:  # pragma: no cover - integer fields are never optional
            return 0
        if not float(value).is_integer():
            spec = self._spec(key)
            self.errors.append(FieldError(
                key, f"{spec.label} : {fr.number(value, 2)} saisi ; un nombre entier est "
                     "attendu."))
        return round(value)

    def choice(self, key: str) -> str:
        value = self.raw(key)
        allowed = {v for v, _ in self._spec(key).choices}
        if value not in allowed:
            spec = self._spec(key)
            self.errors.append(FieldError(
                key, f"{spec.label} : « {value} » n'est pas un choix possible ; attendu : "
                     + ", ".join(label for _, label in spec.choices) + "."))
            return str(self.defaults[key])
        return str(value)

    def weights(self, key: str) -> tuple[float, ...]:
        text = str(self.raw(key) or "").strip()
        parts = [p for p in re.split(r"[;/\s]+|(?<=\d)-(?=\d)", text) if p]
        try:
            weights = tuple(float(p.replace(",", ".")) for p in parts)
        except ValueError:
            weights = ()
        if not weights:
            self.errors.append(FieldError(
                key, f"Pondération des exercices : « {text} » n'est pas une liste de poids ; "
                     "attendu par exemple « 1 ; 2 ; 3 »."))
            return Assumptions().year_weights
        return weights

    def _shown_default(self, key: str) -> str:
        spec = self._spec(key)
        default = self.defaults[key]
        if spec.kind is FieldKind.PERCENT:
            return fr.number(default, 2).rstrip("0").rstrip(",") + " %"
        if spec.kind is FieldKind.AMOUNT:
            return fr.euros(default)
        return fr.number(default, 0 if float(default).is_integer() else 2)

    def pair(self, key: str) -> tuple[float, float] | None:
        low, high = self.number(f"{key}[0]"), self.number(f"{key}[1]")
        if low is None and high is None:
            return None
        if low is None or high is None:
            self.errors.append(FieldError(
                f"{key}[0]", f"{self._spec(f'{key}[0]').label.rsplit(' ', 1)[0]} : les deux "
                             "bornes sont attendues (ou aucune)."))
            return None
        return (low, high)


def _cell(value: Any, path: str, where: str, errors: list[FieldError]) -> float | None:
    """An amount of a table, typed the French way (``1 234,56``) or already a number."""
    if not isinstance(value, str):
        return _number(value)
    try:
        return parse_amount(value)
    except ParseError as error:
        errors.append(FieldError(path, f"{where} : {error.message}"))
        return None


def statements_from_tables(income: pd.DataFrame, details: pd.DataFrame, last_year: int,
                           count: int, errors: list[FieldError] | None = None
                           ) -> tuple[IncomeStatement, ...]:
    """One statement per shown year holding at least one amount, oldest first; a cell that
    is not an amount adds an error naming its line and year to ``errors``."""
    errors = [] if errors is None else errors
    labels = year_labels(last_year)
    statements = []
    for column in shown_year_columns(count):
        year = int(labels[column])
        amounts: dict[str, float | None] = {}
        for frame in (income, details):
            for label, value in frame[column].items() if column in frame else ():
                name = LINE_BY_LABEL.get(str(label))
                if name is not None:
                    amounts[name] = _cell(value, f"income_statements[{year}].{name}",
                                          f"Compte de résultat, « {label} », {year}", errors)
        if any(value is not None for value in amounts.values()):
            statements.append(IncomeStatement(year=year, **amounts))
    return tuple(statements)


def blanks_counted_as_zero(state: FormState) -> tuple[str, ...]:
    """The lines of the accounts left empty in a year while filled in another, in French:
    the engine counts them as zero (a liasse simplifiée omits lines), which a person should
    see rather than guess. Key lines are left out: when empty they are listed as missing.
    """
    values = state.values
    if values.get("kind", OfferKind.TAKEOVER.value) != OfferKind.TAKEOVER.value:
        return ()
    try:
        last_year = int(values.get(LAST_YEAR_KEY) or 0)
        count = int(values.get(YEAR_COUNT_KEY) or 3)
    except (TypeError, ValueError):
        return ()
    if last_year <= 0:
        return ()
    labels = year_labels(last_year)
    columns = [c for c in shown_year_columns(count)
               if any(not is_blank(frame[c].get(label)) for frame in (state.income, state.details)
                      if c in frame for label in frame.index)]
    notes = []
    for frame in (state.income, state.details):
        for label in frame.index:
            name = LINE_BY_LABEL.get(str(label))
            if name is None or name in KEY_INCOME_FIELDS:
                continue
            cells = {c: frame.at[label, c] for c in columns if c in frame}
            empty = [labels[c] for c, v in cells.items() if is_blank(v)]
            if empty and len(empty) < len(cells):
                notes.append(f"« {label} » en {', '.join(empty)}")
    return tuple(notes)


def balance_from_table(balance: pd.DataFrame, errors: list[FieldError] | None = None
                       ) -> BalanceSheet | None:
    """The balance sheet of the table; ``None`` when every cell is empty."""
    errors = [] if errors is None else errors
    amounts = {BALANCE_BY_LABEL[str(label)]: _cell(
                   value, f"balance_sheet.{BALANCE_BY_LABEL[str(label)]}",
                   f"Bilan, « {label} »", errors)
               for label, value in balance[AMOUNT_COLUMN].items()
               if str(label) in BALANCE_BY_LABEL}
    if all(value is None for value in amounts.values()):
        return None
    return BalanceSheet(
        fixed_assets=amounts.get("fixed_assets"), inventories=amounts.get("inventories"),
        trade_receivables=amounts.get("trade_receivables"),
        trade_payables=amounts.get("trade_payables"), equity=amounts.get("equity"),
        financial_debts=amounts.get("financial_debts"), cash=amounts.get("cash"),
        total_assets=amounts.get("total_assets"),
        revaluation_adjustment=amounts.get("revaluation_adjustment") or 0.0,
        fictitious_assets=amounts.get("fictitious_assets") or 0.0)


def forecast_turnovers(forecast: pd.DataFrame) -> tuple[tuple[float, ...], list[FieldError]]:
    """The forecast turnovers, year 1 first; a gap between two years is an error."""
    errors: list[FieldError] = []
    row = [_cell(forecast.iloc[0][column], f"{FORECAST_TABLE}[{index}]",
                 f"Prévisionnel, année {index}", errors) if column in forecast else None
           for index, column in enumerate(FORECAST_COLUMNS, start=1)]
    if errors:
        return (), errors
    while row and row[-1] is None:
        row.pop()
    gaps = [index for index, value in enumerate(row, start=1) if value is None]
    if gaps:
        return (), [FieldError(
            FORECAST_TABLE, f"Prévisionnel : le chiffre d'affaires de l'année {gaps[0]} est vide "
                            "alors qu'une année suivante est remplie ; les années se suivent "
                            "à partir de l'année 1.")]
    return tuple(v for v in row if v is not None), []


def shown_tables(state: FormState) -> FormState:
    """The form with its tables' amounts as French text (``38 000``, ``1 234,5``): the grid's
    number cells would read ``1234,5`` as 12345, text cells are read by :func:`_cell`."""
    def text(frame: pd.DataFrame) -> pd.DataFrame:
        shown = frame.astype(object).map(french_text)
        shown.index.name = frame.index.name
        return shown

    return dataclasses.replace(state, values=shown_values(state.values),
                               income=text(state.income), details=text(state.details),
                               balance=text(state.balance), forecast=text(state.forecast))


def form_to_inputs(state: FormState) -> tuple[ViabilityInputs, Assumptions, list[FieldError]]:
    """The inputs and assumptions the form describes, and what could not be read, by field.

    Fields that do not apply to the kind of project are dropped (a creation has no accounts
    nor asking price), so switching the kind never carries stale figures into the analysis.
    Errors here are about reading the form; impossible values are the engine's to report
    (``accueil.domain.viability.validate``).
    """
    values = state.values
    kind_value = values.get("kind")
    kind = OfferKind(kind_value) if kind_value in {k.value for k in OfferKind} \
        else OfferKind.TAKEOVER
    read = _Reader(values, kind)
    takeover = kind is OfferKind.TAKEOVER
    statements: tuple[IncomeStatement, ...] = ()
    balance: BalanceSheet | None = None
    premises: Premises | None = None
    forecast: CreationForecast | None = None
    if takeover:
        statements = statements_from_tables(
            state.income, state.details, read.integer(LAST_YEAR_KEY),
            int(read.choice(YEAR_COUNT_KEY)), read.errors)
        balance = balance_from_table(state.balance, read.errors)
        tenure = read.choice("premises.tenure")
        current, market = read.number("premises.current_rent"), read.number(
            "premises.market_rent")
        if tenure or current is not None or market is not None:
            premises = Premises(PremisesTenure(tenure) if tenure else None, current, market)
    else:
        turnovers, errors = forecast_turnovers(state.forecast)
        read.errors.extend(errors)
        forecast = CreationForecast(
            turnover_by_year=turnovers,
            variable_cost_rate=read.number("forecast.variable_cost_rate"),
            fixed_costs=read.number("forecast.fixed_costs"),
            working_capital_days=read.number("forecast.working_capital_days"),
            operating_result=read.number("forecast.operating_result"))
        if forecast == CreationForecast() and not errors:
            forecast = None  # nothing typed: "no forecast", which the analysis lists as missing
    loan = LoanTerms(
        amount=read.number("financing.loan.amount"),
        annual_rate=read.amount("financing.loan.annual_rate"),
        years=read.integer("financing.loan.years"),
        periodicity=Periodicity(read.choice("financing.loan.periodicity")),
        deferral=Deferral(read.choice("financing.loan.deferral")),
        deferral_periods=read.integer("financing.loan.deferral_periods"),
        guarantee_share=read.amount("financing.loan.guarantee_share"),
        guarantee_fee_rate=read.amount("financing.loan.guarantee_fee_rate"),
        insurance_rate=read.amount("financing.loan.insurance_rate"),
        insurance_basis=InsuranceBasis(read.choice("financing.loan.insurance_basis")))
    financing = FinancingInputs(
        asking_price=read.number("financing.asking_price") if takeover else None,
        fees=read.number("financing.fees"),
        stock_purchase=read.amount("financing.stock_purchase"),
        investments=read.amount("financing.investments"),
        working_capital=read.number("financing.working_capital"),
        cash_cushion=read.amount("financing.cash_cushion"),
        personal_contribution=read.number("financing.personal_contribution"),
        honour_loans=read.amount("financing.honour_loans"),
        subsidies=read.amount("financing.subsidies"), loan=loan,
        rural_reduced_rate=bool(values.get("financing.rural_reduced_rate")) and takeover,
        sale_object=SaleObject(read.choice("financing.sale_object")) if takeover
        else SaleObject.GOODWILL,
        share_of_capital_sold=read.amount("financing.share_of_capital_sold") if takeover
        else 1.0)
    inputs = ViabilityInputs(
        kind=kind, trade=Trade(read.choice("trade")), label=str(values.get("label") or "").strip(),
        income_statements=statements, balance_sheet=balance, premises=premises,
        forecast=forecast, tax_regime=TaxRegime(read.choice("tax_regime")),
        buyer=Buyer(net_pay=read.number("buyer.net_pay"),
                    status=SocialStatus(read.choice("buyer.status"))),
        financing=financing)
    # Hypotheses that only a takeover uses are read whatever the kind: they do not change a
    # creation's figures, and keeping them makes a saved analysis re-open identically.
    assumptions = Assumptions(
        year_weights=read.weights("assumptions.year_weights"),
        tns_social_charge_rate=read.amount("assumptions.tns_social_charge_rate"),
        assimilated_social_charge_rate=read.amount("assumptions.assimilated_social_charge_rate"),
        ebe_multiple_range=read.pair("assumptions.ebe_multiple_range"),
        capitalisation_rate_range=(read.amount("assumptions.capitalisation_rate_range[0]"),
                                   read.amount("assumptions.capitalisation_rate_range[1]")),
        turnover_growth=read.amount("assumptions.turnover_growth"),
        fixed_cost_growth=read.amount("assumptions.fixed_cost_growth"),
        variable_share_of_external_charges=read.amount(
            "assumptions.variable_share_of_external_charges"),
        corporate_tax_reduced_rate=read.amount("assumptions.corporate_tax_reduced_rate"),
        corporate_tax_reduced_ceiling=read.amount("assumptions.corporate_tax_reduced_ceiling"),
        corporate_tax_normal_rate=read.amount("assumptions.corporate_tax_normal_rate"),
        income_tax_rate=read.amount("assumptions.income_tax_rate"),
        vat_rate=read.amount("assumptions.vat_rate"),
        first_month=read.integer("assumptions.first_month"),
        borrowed_share_of_price=read.amount("assumptions.borrowed_share_of_price"),
        thresholds=Thresholds(
            max_annuity_to_caf=read.amount("assumptions.thresholds.max_annuity_to_caf"),
            min_dscr=read.amount("assumptions.thresholds.min_dscr"),
            min_contribution_share=read.amount("assumptions.thresholds.min_contribution_share"),
            min_buyer_net_pay=read.amount("assumptions.thresholds.min_buyer_net_pay"),
            max_probability_dscr_below_one=read.amount(
                "assumptions.thresholds.max_probability_dscr_below_one")),
        monte_carlo=dataclasses.replace(
            MonteCarloSettings(), draws=read.integer("assumptions.monte_carlo.draws")),
    )
    return inputs, assumptions, read.errors


# -- where an error is shown -------------------------------------------------------------------


def error_anchor(path: str) -> str:
    """The form field or table under which the error on ``path`` is shown.

    ``financing.loan.years`` → that field; ``income_statements[2024].wages`` → the accounts
    table; ``assumptions.capitalisation_rate_range`` → its first bound; anything else →
    :data:`GENERAL` (shown above the form).
    """
    if path in FIELDS:
        return path
    if path.startswith("income_statements"):
        return INCOME_TABLE
    if path.startswith("balance_sheet"):
        return BALANCE_TABLE
    if path.startswith(FORECAST_TABLE):
        return FORECAST_TABLE
    for key in FIELDS:
        if key.startswith(path):
            return key
    return GENERAL


def errors_by_anchor(errors: tuple[FieldError, ...] | list[FieldError]) -> dict[str, list[str]]:
    """French messages grouped by where they are shown (see :func:`error_anchor`)."""
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(error_anchor(error.field), []).append(error.message)
    return grouped


# -- prefilling from an offer ------------------------------------------------------------------

NAF_TRADES: dict[str, Trade] = {
    "10.71B": Trade.BAKERY, "10.71C": Trade.BAKERY, "10.71D": Trade.BAKERY,
    "56.30Z": Trade.CAFE_BAR, "56.10A": Trade.RESTAURANT, "56.10C": Trade.FAST_FOOD,
    "55.10Z": Trade.HOTEL, "10.13B": Trade.BUTCHER, "47.22Z": Trade.BUTCHER,
    "96.02A": Trade.HAIRDRESSER, "47.73Z": Trade.PHARMACY, "45.20A": Trade.GARAGE,
    "45.20B": Trade.GARAGE, "47.11B": Trade.GROCERY, "47.11C": Trade.GROCERY,
    "47.11D": Trade.GROCERY, "47.29Z": Trade.GROCERY, "47.26Z": Trade.TOBACCO_PRESS,
    "47.62Z": Trade.TOBACCO_PRESS,
}
"""NAF rév. 2 codes of the trades that have a valuation scale (INSEE nomenclature)."""


def trade_of(naf_code: str | None) -> Trade:
    return NAF_TRADES.get((naf_code or "").strip().upper(), Trade.OTHER)


def sells_goods(naf_code: str | None) -> bool:
    """Commerce (NAF divisions 45 to 47) sells goods; other activities sell their production."""
    return (naf_code or "")[:2] in {"45", "46", "47"}


def inputs_from_offer(offer: Offer, today: date | None = None
                      ) -> tuple[ViabilityInputs, tuple[str, ...]]:
    """A first draft of the analysis from what the offer says, and French notes on its origin.

    The offer gives at most one year's turnover, the asking price and a commercial rent; the
    rest of the accounts must come from the seller's liasse fiscale. Nothing is invented: what
    the offer does not say stays empty and the analysis lists it as missing.
    """
    today = today or date.today()
    activity = offer.activity
    kind = (OfferKind.CREATION if activity is not None and activity.kind is ActivityKind.CREATION
            else OfferKind.TAKEOVER)
    trade = trade_of(activity.naf_code if activity else None)
    notes: list[str] = []
    statements: tuple[IncomeStatement, ...] = ()
    price = activity.asking_price if activity else None
    if kind is OfferKind.TAKEOVER and activity is not None and activity.turnover is not None:
        year = today.year - 1
        line = "sales_of_goods" if sells_goods(activity.naf_code) else "production_sold"
        statements = (IncomeStatement(year=year, **{line: activity.turnover}),)
        notes.append(f"Chiffre d'affaires {year} repris de l'offre "
                     f"({fr.euros(activity.turnover)}), en « {INCOME_FIELD_LABELS[line]} ».")
    if price is not None and kind is OfferKind.TAKEOVER:
        notes.append(f"Prix demandé repris de l'offre ({fr.euros(price)}).")
    if activity is not None and activity.net_result is not None and kind is OfferKind.TAKEOVER:
        notes.append(f"L'offre annonce un résultat net de {fr.euros(activity.net_result)} : "
                     "comparez-le au résultat net calculé une fois les comptes saisis.")
    if trade is not Trade.OTHER:
        notes.append(f"Activité déduite du code NAF {activity.naf_code if activity else ''} : "
                     f"{TRADE_LABELS[trade]}.")
    premises = None
    rents = [item.monthly_rent for item in offer.receptivity
             if item.kind is ReceptivityKind.LOCAL and item.monthly_rent is not None]
    if rents:
        if kind is OfferKind.TAKEOVER:
            premises = Premises(tenure=PremisesTenure.RENTED, current_rent=12 * rents[0],
                                market_rent=12 * rents[0])
            notes.append(f"Local en location à {fr.euros(rents[0])} par mois : loyer annuel "
                         f"de {fr.euros(12 * rents[0])}.")
        else:
            notes.append(f"Un local est proposé à {fr.euros(rents[0])} par mois : comptez "
                         f"{fr.euros(12 * rents[0])} par an dans les charges fixes.")
    inputs = ViabilityInputs(
        kind=kind, trade=trade, label=offer.title, income_statements=statements,
        premises=premises,
        forecast=CreationForecast() if kind is OfferKind.CREATION else None,
        financing=FinancingInputs(asking_price=price if kind is OfferKind.TAKEOVER else None))
    if kind is OfferKind.TAKEOVER:
        notes.append("Complétez les comptes des trois derniers exercices (liasse fiscale du "
                     "cédant), le bilan, les murs et le plan de financement.")
    else:
        notes.append("Complétez le prévisionnel, la rémunération visée et le plan de "
                     "financement.")
    return inputs, tuple(notes)
