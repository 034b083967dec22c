"""Checks on the inputs: impossible values (errors) and missing data (a partial analysis).

Holds `validate`, which returns (field, French message) pairs that a page shows next to the
fields, and `find_missing`, which lists the data an analysis lacks with French labels. Neither
raises for bad or missing data. Field paths look like `financing.loan.annual_rate` or
`income_statements[2024].wages`. No computation of results and no I/O here.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

from accueil.domain.viability import fmt
from accueil.domain.viability.arith import num
from accueil.domain.viability.financing import other_needs, prefinanced_vat, price_duties
from accueil.domain.viability.model import (
    BALANCE_FIELD_LABELS,
    INCOME_FIELD_LABELS,
    Assumptions,
    Deferral,
    IncomeStatement,
    OfferKind,
    PremisesTenure,
    ViabilityInputs,
)
from accueil.domain.viability.scenario import starting_working_capital
from accueil.domain.viability.serial import Serialisable

MAX_ANNUAL_RATE = 0.30
MAX_LOAN_YEARS = 30
MIN_YEARS_OF_ACCOUNTS = 3

KEY_INCOME_FIELDS = ("other_external_charges", "wages", "social_charges", "operating_depreciation")
"""Lines without which the SIG stop before the EBE or the résultat d'exploitation."""

NON_NEGATIVE_INCOME_FIELDS = tuple(
    name
    for name in INCOME_FIELD_LABELS
    if name not in {"change_in_goods_stock", "change_in_materials_stock", "production_stored"}
)

OF_WHICH: dict[str, str] = {
    "financial_reversals": "financial_income",
    "financial_depreciation": "financial_charges",
    "asset_disposal_proceeds": "exceptional_income",
    "investment_subsidies_released": "exceptional_income",
    "exceptional_reversals": "exceptional_income",
    "disposed_assets_book_value": "exceptional_charges",
    "exceptional_depreciation": "exceptional_charges",
    "owner_pay_in_wages": "wages",
    "owner_social_charges": "social_charges",
}
"""An "of which" line and the total it belongs to."""


@dataclass(frozen=True)
class FieldError(Serialisable):
    """An impossible value: where it is and what is expected, in French."""

    field: str
    message: str


@dataclass(frozen=True)
class MissingItem(Serialisable):
    """A piece of data the analysis lacks; the figures that need it are None."""

    field: str
    label: str


def _year_path(statement: IncomeStatement, name: str) -> str:
    return f"income_statements[{statement.year}].{name}"


def non_finite_fields(value: object, path: str) -> list[FieldError]:
    """Every float that is NaN or infinite in a dataclass tree (pages may pass float('nan'))."""
    if isinstance(value, float):
        if math.isfinite(value):
            return []
        return [FieldError(path, "Nombre attendu : la valeur saisie n'est pas un nombre fini.")]
    if isinstance(value, IncomeStatement):
        base = f"income_statements[{value.year}]"
        return [
            error
            for field in dataclasses.fields(value)
            for error in non_finite_fields(getattr(value, field.name), f"{base}.{field.name}")
        ]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        prefix = f"{path}." if path else ""
        return [
            error
            for field in dataclasses.fields(value)
            for error in non_finite_fields(getattr(value, field.name), prefix + field.name)
        ]
    if isinstance(value, tuple):
        return [
            error
            for index, item in enumerate(value, start=1)
            for error in non_finite_fields(
                item, path if isinstance(item, IncomeStatement) else f"{path}[{index}]"
            )
        ]
    return []


def _validate_statement(statement: IncomeStatement) -> list[FieldError]:
    errors: list[FieldError] = []
    for name in NON_NEGATIVE_INCOME_FIELDS:
        value = getattr(statement, name)
        if value is not None and math.isfinite(value) and value < 0:
            label = INCOME_FIELD_LABELS[name]
            errors.append(
                FieldError(
                    _year_path(statement, name),
                    f"{label} {statement.year} : montant négatif ({fmt.euros(value)}) ; "
                    "un montant positif ou nul est attendu.",
                )
            )
    for part, total in OF_WHICH.items():
        part_value, total_value = getattr(statement, part), getattr(statement, total)
        if (
            part_value is not None
            and total_value is not None
            and math.isfinite(part_value)
            and math.isfinite(total_value)
            and part_value > total_value + 0.005
        ):
            errors.append(
                FieldError(
                    _year_path(statement, part),
                    f"{INCOME_FIELD_LABELS[part]} ({fmt.euros(part_value)}) dépasse le total "
                    f"« {INCOME_FIELD_LABELS[total]} » ({fmt.euros(total_value)}).",
                )
            )
    return errors


def _non_negative(path: str, label: str, value: float | None) -> list[FieldError]:
    if value is None or not math.isfinite(value):
        return []
    if value < 0:
        return [
            FieldError(path, f"{label} : montant négatif ({fmt.euros(value)}) ; positif attendu.")
        ]
    return []


def _fraction(path: str, label: str, value: float, low: float, high: float) -> list[FieldError]:
    if not math.isfinite(value) or low <= value <= high:
        return []
    decimals = 0 if float(100 * value).is_integer() else 2
    shown = fmt.percent(value, decimals)
    return [
        FieldError(
            path,
            f"{label} : {shown} saisi ; une valeur entre {fmt.percent(low)} et "
            f"{fmt.percent(high)} est attendue.",
        )
    ]


def validate(
    inputs: ViabilityInputs, assumptions: Assumptions | None = None
) -> tuple[FieldError, ...]:
    """Every impossible value of the inputs and assumptions, as (field, French message)."""
    assumptions = assumptions or Assumptions()
    errors = non_finite_fields(inputs, "") + non_finite_fields(assumptions, "assumptions")
    years = [statement.year for statement in inputs.income_statements]
    for year in sorted({y for y in years if years.count(y) > 1}):
        errors.append(
            FieldError(
                f"income_statements[{year}].year",
                f"L'exercice {year} est saisi plusieurs fois ; un seul compte de résultat par "
                "année est attendu.",
            )
        )
    for statement in inputs.income_statements:
        errors.extend(_validate_statement(statement))
    if inputs.balance_sheet is not None:
        for name in (
            "fixed_assets",
            "inventories",
            "trade_receivables",
            "trade_payables",
            "financial_debts",
            "total_assets",
        ):
            errors.extend(
                _non_negative(
                    f"balance_sheet.{name}",
                    BALANCE_FIELD_LABELS[name],
                    getattr(inputs.balance_sheet, name),
                )
            )
    if inputs.premises is not None:
        errors.extend(
            _non_negative("premises.current_rent", "Loyer actuel", inputs.premises.current_rent)
        )
        errors.extend(
            _non_negative("premises.market_rent", "Loyer de marché", inputs.premises.market_rent)
        )
    if inputs.forecast is not None:
        for index, value in enumerate(inputs.forecast.turnover_by_year, start=1):
            errors.extend(
                _non_negative(
                    f"forecast.turnover_by_year[{index}]",
                    f"Chiffre d'affaires prévisionnel de l'année {index}",
                    value,
                )
            )
        if inputs.forecast.variable_cost_rate is not None:
            errors.extend(
                _fraction(
                    "forecast.variable_cost_rate",
                    "Taux de charges variables",
                    inputs.forecast.variable_cost_rate,
                    0.0,
                    1.0,
                )
            )
        errors.extend(
            _non_negative("forecast.fixed_costs", "Charges fixes", inputs.forecast.fixed_costs)
        )
        errors.extend(
            _non_negative(
                "forecast.working_capital_days",
                "BFR en jours de chiffre d'affaires",
                inputs.forecast.working_capital_days,
            )
        )
    errors.extend(_non_negative("buyer.net_pay", "Rémunération du repreneur", inputs.buyer.net_pay))
    errors.extend(_validate_financing(inputs, assumptions))
    errors.extend(_validate_assumptions(assumptions))
    return tuple(errors)


def _validate_financing(inputs: ViabilityInputs, assumptions: Assumptions) -> list[FieldError]:
    financing = inputs.financing
    loan = financing.loan
    errors: list[FieldError] = []
    for name, label in (
        ("asking_price", "Prix demandé"),
        ("fees", "Frais d'acte et honoraires"),
        ("stock_purchase", "Stock repris"),
        ("investments", "Investissements"),
        ("working_capital", "BFR de départ"),
        ("cash_cushion", "Trésorerie de sécurité"),
        ("personal_contribution", "Apport personnel"),
        ("honour_loans", "Prêts d'honneur"),
        ("subsidies", "Subventions"),
    ):
        errors.extend(_non_negative(f"financing.{name}", label, getattr(financing, name)))
    errors.extend(_non_negative("financing.loan.amount", "Montant de l'emprunt", loan.amount))
    errors.extend(
        _fraction(
            "financing.loan.annual_rate", "Taux d'emprunt", loan.annual_rate, 0.0, MAX_ANNUAL_RATE
        )
    )
    if loan.years < 1 or loan.years > MAX_LOAN_YEARS:
        errors.append(
            FieldError(
                "financing.loan.years",
                f"Durée de l'emprunt : {loan.years} an(s) saisi(s) ; une durée de 1 à "
                f"{MAX_LOAN_YEARS} ans est attendue.",
            )
        )
    periods = max(loan.years, 0) * loan.periodicity.periods_per_year
    if loan.deferral is not Deferral.NONE and (
        loan.deferral_periods < 0 or loan.deferral_periods >= periods
    ):
        errors.append(
            FieldError(
                "financing.loan.deferral_periods",
                f"Différé de {loan.deferral_periods} échéance(s) ; il doit être inférieur au "
                f"nombre total d'échéances ({periods}).",
            )
        )
    errors.extend(
        _fraction(
            "financing.loan.guarantee_share", "Quotité garantie", loan.guarantee_share, 0.0, 1.0
        )
    )
    errors.extend(
        _fraction(
            "financing.loan.insurance_rate",
            "Assurance emprunteur",
            loan.insurance_rate,
            0.0,
            0.05,
        )
    )
    if not 0 < financing.share_of_capital_sold <= 1:
        errors.append(
            FieldError(
                "financing.share_of_capital_sold",
                f"Part du capital cédée : {fmt.percent(financing.share_of_capital_sold)} saisi ; "
                "une part de plus de 0 % et d'au plus 100 % est attendue.",
            )
        )
    errors.extend(
        _fraction(
            "financing.loan.guarantee_fee_rate",
            "Frais de garantie",
            loan.guarantee_fee_rate,
            0.0,
            0.10,
        )
    )
    contribution = financing.personal_contribution
    if not errors and contribution is not None and contribution > 0:
        needs = _gross_needs(inputs, assumptions)
        if contribution > needs + 0.005:
            errors.append(
                FieldError(
                    "financing.personal_contribution",
                    f"L'apport personnel ({fmt.euros(contribution)}) dépasse les besoins "
                    f"({fmt.euros(needs)}) ; il ne peut pas financer plus que le projet.",
                )
            )
    return errors


def _gross_needs(inputs: ViabilityInputs, assumptions: Assumptions) -> float:
    """Needs before the guarantee fee: price, duties, fees, stock, investments, BFR, cushion."""
    financing = inputs.financing
    price = num(financing.asking_price) if inputs.kind is OfferKind.TAKEOVER else 0.0
    _, _, working_capital = starting_working_capital(inputs, assumptions)
    vat = prefinanced_vat(financing, inputs.kind, inputs.trade, assumptions.vat_rate)
    return price + price_duties(financing, price) + other_needs(financing, working_capital, vat)


def _validate_assumptions(assumptions: Assumptions) -> list[FieldError]:
    errors: list[FieldError] = []
    weights = assumptions.year_weights
    if not weights or any(w < 0 for w in weights) or not sum(weights) > 0:
        errors.append(
            FieldError(
                "assumptions.year_weights",
                "Pondération des exercices : des poids positifs ou nuls, de somme non nulle, "
                "sont attendus.",
            )
        )
    errors.extend(
        _fraction(
            "assumptions.tns_social_charge_rate",
            "Taux de cotisations TNS",
            assumptions.tns_social_charge_rate,
            0.0,
            2.0,
        )
    )
    errors.extend(
        _fraction(
            "assumptions.assimilated_social_charge_rate",
            "Taux de cotisations assimilé salarié",
            assumptions.assimilated_social_charge_rate,
            0.0,
            2.0,
        )
    )
    low, high = assumptions.capitalisation_rate_range
    if not (0 < low <= high <= 1):
        errors.append(
            FieldError(
                "assumptions.capitalisation_rate_range",
                "Taux de capitalisation : une fourchette entre 0 et 100 %, bornes dans l'ordre, "
                "est attendue.",
            )
        )
    for name, value in (
        ("ebe_multiple_range", assumptions.ebe_multiple_range),
        ("turnover_scale_range", assumptions.turnover_scale_range),
    ):
        if value is not None and not (0 <= value[0] <= value[1]):
            errors.append(
                FieldError(
                    f"assumptions.{name}",
                    "Fourchette : bornes positives et dans l'ordre (basse puis haute) attendues.",
                )
            )
    t = assumptions.thresholds
    for name, label, low, high in (
        ("max_annuity_to_caf", "Part maximale de la CAF consacrée aux annuités", 0.0, 1.0),
        ("min_contribution_share", "Apport personnel minimal", 0.0, 1.0),
        ("max_probability_dscr_below_one", "Probabilité tolérée de DSCR sous 1", 0.0, 1.0),
    ):
        errors.extend(
            _fraction(f"assumptions.thresholds.{name}", label, getattr(t, name), low, high)
        )
    if math.isfinite(t.min_dscr) and not 0 < t.min_dscr <= 10:
        errors.append(
            FieldError(
                "assumptions.thresholds.min_dscr",
                f"DSCR minimal : {fmt.ratio(t.min_dscr)} saisi ; une valeur entre 0 (exclu) et "
                "10 est attendue.",
            )
        )
    errors.extend(
        _non_negative(
            "assumptions.thresholds.min_buyer_net_pay", "Rémunération plancher", t.min_buyer_net_pay
        )
    )
    for name, label, high in (
        ("corporate_tax_reduced_rate", "Taux réduit d'impôt sur les sociétés", 1.0),
        ("corporate_tax_normal_rate", "Taux normal d'impôt sur les sociétés", 1.0),
        ("income_tax_rate", "Taux moyen d'impôt sur le revenu", 1.0),
        ("borrowed_share_of_price", "Part du prix empruntée", 1.0),
    ):
        errors.extend(
            _fraction(f"assumptions.{name}", label, getattr(assumptions, name), 0.0, high)
        )
    errors.extend(
        _non_negative(
            "assumptions.corporate_tax_reduced_ceiling",
            "Plafond du taux réduit d'IS",
            assumptions.corporate_tax_reduced_ceiling,
        )
    )
    if not 1 <= assumptions.first_month <= 12:
        errors.append(
            FieldError(
                "assumptions.first_month",
                f"Mois d'ouverture de l'exercice : {assumptions.first_month} saisi ; un mois de "
                "1 (janvier) à 12 (décembre) est attendu.",
            )
        )
    settings = assumptions.monte_carlo
    for name in ("sigma_turnover_level", "sigma_turnover_yearly", "sigma_margin_points"):
        errors.extend(
            _fraction(
                f"assumptions.monte_carlo.{name}", "Écart-type", getattr(settings, name), 0.0, 1.0
            )
        )
    if assumptions.monte_carlo.draws < 1 or assumptions.monte_carlo.draws > 1_000_000:
        errors.append(
            FieldError(
                "assumptions.monte_carlo.draws",
                "Nombre de tirages : entre 1 et 1 000 000 attendu.",
            )
        )
    for name in ("turnover_growth", "fixed_cost_growth"):
        errors.extend(
            _fraction(
                f"assumptions.{name}", "Taux de croissance", getattr(assumptions, name), -0.5, 1.0
            )
        )
    return errors


def find_missing(inputs: ViabilityInputs) -> tuple[MissingItem, ...]:
    """Data the analysis lacks, with French labels; the engine still computes what it can."""
    missing: list[MissingItem] = []
    if inputs.kind is OfferKind.TAKEOVER:
        missing.extend(_missing_takeover(inputs))
    else:
        missing.extend(_missing_creation(inputs))
    if inputs.buyer.net_pay is None:
        missing.append(MissingItem("buyer.net_pay", "Rémunération nette annuelle du repreneur"))
    if inputs.financing.personal_contribution is None:
        missing.append(MissingItem("financing.personal_contribution", "Apport personnel"))
    if inputs.financing.fees is None:
        missing.append(MissingItem("financing.fees", "Frais d'acte et honoraires (comptés à 0)"))
    return tuple(missing)


def _missing_takeover(inputs: ViabilityInputs) -> list[MissingItem]:
    missing: list[MissingItem] = []
    count = len({statement.year for statement in inputs.income_statements})
    if count < MIN_YEARS_OF_ACCOUNTS:
        missing.append(
            MissingItem(
                "income_statements",
                f"Comptes de résultat : {MIN_YEARS_OF_ACCOUNTS} exercices attendus, "
                f"{count} fourni(s)",
            )
        )
    for statement in sorted(inputs.income_statements, key=lambda s: s.year):
        if statement.sales_of_goods is None and statement.production_sold is None:
            missing.append(
                MissingItem(
                    _year_path(statement, "sales_of_goods"),
                    f"Chiffre d'affaires {statement.year} (ventes de marchandises ou "
                    "production vendue)",
                )
            )
        if (statement.sales_of_goods or 0) > 0 and statement.purchases_of_goods is None:
            missing.append(
                MissingItem(
                    _year_path(statement, "purchases_of_goods"),
                    f"Achats de marchandises {statement.year}",
                )
            )
        for name in KEY_INCOME_FIELDS:
            if getattr(statement, name) is None:
                missing.append(
                    MissingItem(
                        _year_path(statement, name),
                        f"{INCOME_FIELD_LABELS[name]} {statement.year}",
                    )
                )
    if inputs.balance_sheet is None:
        missing.append(MissingItem("balance_sheet", "Bilan du dernier exercice"))
    else:
        for name in ("inventories", "trade_receivables", "trade_payables", "equity"):
            if getattr(inputs.balance_sheet, name) is None:
                missing.append(MissingItem(f"balance_sheet.{name}", BALANCE_FIELD_LABELS[name]))
    premises = inputs.premises
    if premises is None or premises.tenure is None:
        missing.append(MissingItem("premises.tenure", "Murs : propriété du cédant ou location"))
    elif premises.tenure is PremisesTenure.OWNED_BY_SELLER and premises.market_rent is None:
        missing.append(
            MissingItem("premises.market_rent", "Loyer de marché des murs détenus par le cédant")
        )
    if inputs.financing.asking_price is None:
        missing.append(MissingItem("financing.asking_price", "Prix demandé par le cédant"))
    return missing


def _missing_creation(inputs: ViabilityInputs) -> list[MissingItem]:
    forecast = inputs.forecast
    if forecast is None:
        return [MissingItem("forecast", "Prévisionnel de création")]
    missing: list[MissingItem] = []
    if not forecast.turnover_by_year:
        missing.append(
            MissingItem("forecast.turnover_by_year", "Chiffre d'affaires prévisionnel par année")
        )
    if forecast.variable_cost_rate is None:
        missing.append(MissingItem("forecast.variable_cost_rate", "Taux de charges variables"))
    if forecast.fixed_costs is None and forecast.operating_result is None:
        missing.append(
            MissingItem(
                "forecast.fixed_costs",
                "Charges fixes annuelles (ou résultat d'exploitation de l'année 1)",
            )
        )
    if forecast.working_capital_days is None and inputs.financing.working_capital is None:
        missing.append(
            MissingItem(
                "forecast.working_capital_days",
                "BFR de départ (en jours de chiffre d'affaires ou en euros ; compté à 0)",
            )
        )
    return missing
