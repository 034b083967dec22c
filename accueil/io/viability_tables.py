"""A viability report as French tables and sentences, for the page and the exports alike.

Turns a :class:`ViabilityReport` into small DataFrames of formatted strings (``1 234 €``,
``4,5 %``, ``1,32``) with French headers, and lists of (label, value) facts. Every figure the
engine could not compute prints as an em dash, never ``nan``, ``inf`` or ``None``. Pure pandas:
no streamlit, no store, and no arithmetic of its own beyond formatting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from accueil import fr
from accueil.domain.viability import (
    Criterion,
    CriterionStatus,
    OfferKind,
    VerdictKind,
    ViabilityReport,
)
from accueil.domain.viability.model import (
    SALE_OBJECT_LABELS,
    TRADE_LABELS,
    SaleObject,
    TaxRegime,
)
from accueil.domain.viability.statements import SIG_LABELS
from accueil.io.viability_form import DEFERRAL_LABELS, KIND_LABELS

Facts = list[tuple[str, str]]

STATUS_LABELS = {
    CriterionStatus.PASSED: "Satisfait",
    CriterionStatus.FAILED: "Non satisfait",
    CriterionStatus.NOT_APPLICABLE: "Sans objet",
    CriterionStatus.NOT_EVALUATED: "Non évalué",
}
VERDICT_WORDS = {
    VerdictKind.VIABLE: "Viable",
    VerdictKind.FRAGILE: "Fragile",
    VerdictKind.NOT_VIABLE: "Non viable",
    VerdictKind.UNDETERMINED: "Indéterminé",
}
PERIOD_WORDS = {12: "par mois", 4: "par trimestre", 1: "par an"}
TAX_REGIME_WORDS = {TaxRegime.CORPORATE_TAX: "Impôt sur les sociétés (société à l'IS)",
                    TaxRegime.INCOME_TAX: "Impôt sur le revenu (entreprise individuelle ou "
                                          "EURL à l'IR)"}
PERIOD_NAMES = {12: "Mois", 4: "Trimestre", 1: "Année"}


def ratio(value: float | None) -> str:
    """A ratio with two decimals: ``1,32``; ``—`` when not computable."""
    return fr.number(value, 2)


def signed_ratio(value: float | None) -> str:
    """``+0,08`` / ``−1,35``: a change of ratio shows its direction (``0,00`` unsigned)."""
    if value is None:
        return fr.MISSING
    text = ratio(value)
    return f"+{text}" if value > 0 and text != "0,00" else text


def signed_euros(value: float | None) -> str:
    """``+14 500 €`` / ``−12 000 €``: an adjustment shows its direction (`accueil.fr`)."""
    return fr.signed_euros(value)


def euros(value: float | None) -> str:
    """``−1 680 €``: the one French formatter, minus sign U+2212, never ``−0 €``."""
    return fr.euros(value)


def _criterion_value(criterion: Criterion, value: float | None) -> str:
    unit = {"min_dscr": "ratio", "annuity_to_caf": "percent", "contribution_share": "percent",
            "financing_gap": "gap",
            "probability_dscr_below_one": "percent1"}.get(criterion.key, "euros")
    if unit == "ratio":
        return ratio(value)
    if unit == "percent":
        return fr.percent(value)
    if unit == "percent1":
        return fr.percent(value, 1)
    if unit == "gap":  # what is missing, as a plain amount: "0 €" once the plan is closed
        return euros(None if value is None else max(value, 0.0))
    return euros(value)


def criteria_table(report: ViabilityReport) -> pd.DataFrame:
    """One row per criterion: result, measure, threshold, explanation and source."""
    rows = [{
        "Critère": c.label,
        "Résultat": STATUS_LABELS[c.status],
        "Mesure": _criterion_value(c, c.measured),
        "Seuil": f"{c.comparison} {_criterion_value(c, c.threshold)}",
        "Éliminatoire": "oui" if c.blocking else "non",
        "Explication": c.sentence,
        "Source": c.source,
    } for c in report.verdict.criteria]
    return pd.DataFrame(rows, columns=["Critère", "Résultat", "Mesure", "Seuil", "Éliminatoire",
                                       "Explication", "Source"])


def sig_table(report: ViabilityReport) -> pd.DataFrame:
    """SIG and both CAF, one column per year (oldest first)."""
    columns = [str(f.year) for f in report.statements]
    data = {str(f.year): [euros(getattr(f, name)) for name in SIG_LABELS]
            for f in report.statements}
    return pd.DataFrame(data, index=pd.Index(list(SIG_LABELS.values()), name="Solde"),
                        columns=columns)


def trends_table(report: ViabilityReport) -> pd.DataFrame:
    """Growth of turnover, VA, EBE, net result and CAF from one year to the next."""
    rows = []
    for trend in report.trends:
        row = {"Solde": trend.label}
        for (a, b), rate in zip(zip(trend.years, trend.years[1:], strict=False),
                                trend.growth_rates, strict=True):
            row[f"{a} → {b}"] = fr.percent(rate, 1)
        row["Taux annuel moyen"] = fr.percent(trend.cagr, 1)
        rows.append(row)
    return pd.DataFrame(rows).set_index("Solde") if rows else pd.DataFrame()


def caf_methods_agree(report: ViabilityReport) -> bool | None:
    """True when the additive and subtractive CAF agree to the cent for every year."""
    pairs = [(f.caf_additive, f.caf_subtractive) for f in report.statements
             if f.caf_additive is not None and f.caf_subtractive is not None]
    if not pairs:
        return None
    return all(abs(a - b) < 0.01 for a, b in pairs)


def restatement_table(report: ViabilityReport) -> pd.DataFrame:
    """From the weighted EBE to the EBE retraité, one adjustment per row with its amount."""
    restated = report.restated_ebe
    if restated is None:
        return pd.DataFrame(columns=["Poste", "Montant annuel"])
    creation = report.inputs.kind is OfferKind.CREATION
    if creation:
        first = "EBE de la première année, avant rémunération du créateur"
    else:
        weights = ", ".join(f"{year} × {fr.number(w, 0 if float(w).is_integer() else 2)}"
                            for year, w in restated.weights)
        first = f"EBE pondéré ({weights})" if weights else "EBE pondéré"
    rows = [{"Poste": first, "Montant annuel": euros(restated.weighted_ebe)}]
    rows += [{"Poste": a.label, "Montant annuel": signed_euros(a.amount)}
             for a in restated.adjustments]
    rows.append({"Poste": "EBE après rémunération du créateur" if creation else "EBE retraité",
                 "Montant annuel": euros(restated.ebe_restated)})
    return pd.DataFrame(rows, columns=["Poste", "Montant annuel"])


def valuation_table(report: ViabilityReport) -> pd.DataFrame:
    """Each valuation method's range, what it rests on and its source."""
    valuation = report.valuation
    columns = ["Méthode", "Retenue", "Valeur basse", "Valeur haute", "Détail", "Source"]
    if valuation is None:
        return pd.DataFrame(columns=columns)
    rows = [{"Méthode": m.label, "Retenue": "oui" if m.retained else "non",
             "Valeur basse": euros(m.low), "Valeur haute": euros(m.high),
             "Détail": m.note, "Source": m.source} for m in valuation.methods]
    rows.append({"Méthode": "Fourchette retenue (médiane des méthodes retenues)", "Retenue": "",
                 "Valeur basse": euros(valuation.range_low),
                 "Valeur haute": euros(valuation.range_high),
                 "Détail": f"Prix demandé : {euros(valuation.asking_price)}", "Source": ""})
    if valuation.goodwill_low is not None:
        rows.append({"Méthode": "Survaleur (goodwill) = valeur retenue − ANCC", "Retenue": "",
                     "Valeur basse": euros(valuation.goodwill_low),
                     "Valeur haute": euros(valuation.goodwill_high),
                     "Détail": f"ANCC : {euros(valuation.adjusted_net_assets)}", "Source": ""})
    return pd.DataFrame(rows, columns=columns)


def valuation_facts(report: ViabilityReport) -> Facts:
    """What is sold, the net debt of a company, the borrowing capacity and the prices it
    allows."""
    valuation = report.valuation
    if valuation is None:
        return []
    facts = [("Objet de la cession", SALE_OBJECT_LABELS[valuation.sale_object])]
    if valuation.sale_object is not SaleObject.GOODWILL:
        facts.append(("Endettement financier net (dettes financières − trésorerie)",
                      euros(valuation.net_debt)))
    facts += [("Capacité d'emprunt (annuité supportable actualisée)",
               euros(valuation.borrowing_capacity)),
              ("Première annuité pleine supportable", euros(valuation.bearable_annuity)),
              ((f"Prix finançable si {fr.percent(report.assumptions.borrowed_share_of_price)} "
               "du prix est emprunté"), euros(valuation.price_if_share_borrowed))]
    return facts


def plan_tables(report: ViabilityReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Needs and resources of the financing plan, each with its total row."""
    plan = report.financing_plan
    if plan is None:
        empty = pd.DataFrame(columns=["Poste", "Montant"])
        return empty, empty
    needs = [{"Poste": line.label, "Montant": euros(line.amount)} for line in plan.needs]
    needs.append({"Poste": "Total des besoins", "Montant": euros(plan.total_needs)})
    resources = [{"Poste": line.label, "Montant": euros(line.amount)} for line in plan.resources]
    resources.append({"Poste": "Total des ressources", "Montant": euros(plan.total_resources)})
    return (pd.DataFrame(needs, columns=["Poste", "Montant"]),
            pd.DataFrame(resources, columns=["Poste", "Montant"]))


def plan_facts(report: ViabilityReport) -> Facts:
    plan = report.financing_plan
    if plan is None:
        return []
    facts = [("Emprunt bancaire", euros(plan.loan_amount)),
             ("Apport personnel / besoins", fr.percent(plan.contribution_share, 1))]
    if plan.gap >= 0.5:
        facts.append(("Reste à financer (besoins − ressources)", euros(plan.gap)))
    elif plan.gap <= -0.5:
        facts.append(("Excédent de ressources, laissé en trésorerie", euros(-plan.gap)))
    capacity = report.borrowing_capacity
    if capacity is not None:
        facts.append(("Capacité d'emprunt (ratios du verdict respectés)",
                      euros(capacity.amount)))
    return facts


def loan_facts(report: ViabilityReport) -> Facts:
    schedule = report.loan_schedule
    if schedule is None:
        return [("Emprunt bancaire", "aucun")]
    loan = report.inputs.financing.loan
    facts = [
        ("Montant emprunté", euros(schedule.amount)),
        ("Taux annuel", fr.percent(schedule.annual_rate, 2)),
        ("Durée", fr.plural(loan.years, "an")),
        ("Échéance constante",
         f"{fr.euros(schedule.instalment, 2)} {PERIOD_WORDS[schedule.periods_per_year]}"),
        ("Coût total des intérêts", euros(schedule.total_interest)),
    ]
    if loan.insurance_rate:
        basis = ("du capital emprunté" if loan.insurance_basis.value == "initial_capital"
                 else "du capital restant dû")
        facts.append(("Assurance emprunteur",
                      (f"{fr.percent(loan.insurance_rate, 2)} par an {basis}, "
                      f"{euros(schedule.total_insurance)} en tout")))
        facts.append(("Coût du crédit (intérêts + assurance)", euros(schedule.credit_cost)))
    if schedule.deferral_periods:
        facts.append(("Différé", (f"{DEFERRAL_LABELS[schedule.deferral.value]}, "
                                 f"{fr.plural(schedule.deferral_periods, 'échéance')}")))
    if loan.guarantee_share:
        facts.append(("Quotité garantie", fr.percent(loan.guarantee_share)))
    return facts


def schedule_table(report: ViabilityReport) -> pd.DataFrame:
    """The amortisation table, one row per instalment (month, quarter or year)."""
    schedule = report.loan_schedule
    period = PERIOD_NAMES[schedule.periods_per_year] if schedule else "Échéance"
    columns = ["Échéance", "Année du prêt", "Capital restant dû au début", "Intérêts",
               "Capital remboursé", "Montant de l'échéance", "Assurance",
               "Capital restant dû à la fin"]
    if schedule is None:
        return pd.DataFrame(columns=columns)
    rows = [{"Échéance": f"{period} {row.period}" if schedule.periods_per_year > 1
             else f"Année {row.period}",
             "Année du prêt": str(row.loan_year),
             "Capital restant dû au début": fr.euros(row.opening_balance, 2),
             "Intérêts": fr.euros(row.interest, 2),
             "Capital remboursé": fr.euros(row.principal, 2),
             "Montant de l'échéance": fr.euros(row.payment, 2),
             "Assurance": fr.euros(row.insurance, 2),
             "Capital restant dû à la fin": fr.euros(row.closing_balance, 2)}
            for row in schedule.rows]
    return pd.DataFrame(rows, columns=columns)


def schedule_years_table(report: ViabilityReport) -> pd.DataFrame:
    """The schedule summed by loan year."""
    columns = ["Année du prêt", "Intérêts", "Capital remboursé", "Total versé", "Restant dû"]
    schedule = report.loan_schedule
    if schedule is None:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame([{"Année du prêt": str(y.loan_year), "Intérêts": euros(y.interest),
                          "Capital remboursé": euros(y.principal),
                          "Total versé": euros(y.payment),
                          "Restant dû": euros(y.closing_balance)}
                         for y in schedule.year_totals()], columns=columns)


PROJECTION_ROWS: tuple[tuple[str, str, str], ...] = (
    ("turnover", "Chiffre d'affaires", "euros"),
    ("ebe", "EBE", "euros"),
    ("depreciation", "Dotations aux amortissements", "euros"),
    ("interest", "Intérêts d'emprunt", "euros"),
    ("insurance", "Assurance emprunteur", "euros"),
    ("income_tax", "Impôt (IS, ou IR de l'exploitant)", "euros"),
    ("net_result", "Résultat net", "euros"),
    ("caf", "CAF", "euros"),
    ("principal", "Capital remboursé", "euros"),
    ("annuity", "Annuités (capital, intérêts et assurance)", "euros"),
    ("change_in_bfr", "Variation du BFR", "euros"),
    ("free_cash_after_debt", "Trésorerie dégagée après remboursements", "euros"),
    ("cash_end", "Trésorerie de fin d'année", "euros"),
    ("debt_end", "Capital restant dû", "euros"),
    ("equity_end", "Capitaux propres", "euros"),
    ("dscr", "DSCR (couverture des annuités)", "ratio"),
    ("annuity_to_caf", "Annuités / CAF", "percent"),
    ("annuity_to_ebe", "Annuités / EBE", "percent"),
    ("debt_to_caf", "Dettes financières / CAF (années)", "ratio"),
    ("financial_autonomy", "Autonomie financière", "percent"),
    ("return_on_equity", "Rentabilité des capitaux propres", "percent"),
    ("buyer_net_pay_after_honour_loans", "Rémunération nette après prêts d'honneur", "euros"),
)


def _format(value: float | None, unit: str) -> str:
    if unit == "ratio":
        return ratio(value)
    if unit == "percent":
        return fr.percent(value)
    return euros(value)


def projection_table(report: ViabilityReport) -> pd.DataFrame:
    """The projection over the loan's life: one column per year, one row per figure or ratio."""
    projection = report.projection
    if projection is None:
        return pd.DataFrame()
    data = {f"Année {y.year}": [_format(getattr(y, name), unit)
                                for name, _, unit in PROJECTION_ROWS]
            for y in projection.years}
    return pd.DataFrame(data, index=pd.Index([label for _, label, _ in PROJECTION_ROWS],
                                             name="Année"))


def break_even_facts(report: ViabilityReport) -> Facts:
    projection = report.projection
    b = projection.break_even if projection is not None else None
    if b is None:
        return []
    days = fr.MISSING if b.days is None else f"{fr.number(b.days)} jours"
    if b.reached_on is not None:
        reached = date(2001, *b.reached_on)
        days += f", soit le {fr.day_and_month(reached)} (exercice ouvert le 1er " \
                f"{fr.MONTHS[report.assumptions.first_month - 1]})"
    elif b.days is not None:
        days += " : seuil non atteint dans l'année"
    return [("Charges fixes de l'année 1 (dirigeant, dotations et intérêts compris)",
             euros(b.fixed_costs)),
            ("Marge sur coûts variables", euros(b.contribution_margin)),
            ("Taux de marge sur coûts variables", fr.percent(b.margin_rate, 1)),
            ("Seuil de rentabilité (chiffre d'affaires)", euros(b.threshold_turnover)),
            ("Point mort", days),
            ("Marge de sécurité", euros(b.safety_margin)),
            ("Indice de sécurité", fr.percent(b.safety_index, 1))]


def working_capital_facts(report: ViabilityReport) -> Facts:
    projection = report.projection
    w = projection.working_capital if projection is not None else None
    if w is None:
        return []

    def days(value: float | None) -> str:
        return fr.MISSING if value is None else f"{fr.number(value)} jours"

    facts = [("Stocks (jours d'achats consommés)", days(w.stock_days)),
             ("Crédit clients (jours de CA TTC)", days(w.customer_days)),
             ("Crédit fournisseurs (jours d'achats TTC)", days(w.supplier_days)),
             ("BFR (stocks + clients − fournisseurs)", euros(w.bfr)),
             ("BFR en jours de chiffre d'affaires", days(w.bfr_days))]
    return [(label, value) for label, value in facts if value != fr.MISSING]


def ratio_facts(report: ViabilityReport) -> Facts:
    projection = report.projection
    if projection is None:
        return []
    return [("DSCR le plus bas", ratio(projection.min_dscr)),
            ("Annuités / CAF au plus haut", fr.percent(projection.max_annuity_to_caf)),
            ("Trésorerie la plus basse", euros(projection.min_cash)),
            ("Rémunération nette la plus basse", euros(projection.min_buyer_net_pay))]


def sensitivity_table(report: ViabilityReport) -> pd.DataFrame:
    columns = ["Choc", "DSCR minimal", "Écart de DSCR", "Trésorerie minimale",
               "Écart de trésorerie"]
    stress = report.sensitivity
    if stress is None:
        return pd.DataFrame(columns=columns)
    rows = [{"Choc": "Cas de base", "DSCR minimal": ratio(stress.base_min_dscr),
             "Écart de DSCR": "", "Trésorerie minimale": euros(stress.base_min_cash),
             "Écart de trésorerie": ""}]
    rows += [{"Choc": s.label, "DSCR minimal": ratio(s.min_dscr),
              "Écart de DSCR": signed_ratio(s.min_dscr_change),
              "Trésorerie minimale": euros(s.min_cash),
              "Écart de trésorerie": signed_euros(s.min_cash_change)} for s in stress.shocks]
    return pd.DataFrame(rows, columns=columns)


def monte_carlo_sentence(report: ViabilityReport) -> str:
    result = report.monte_carlo
    if result is None:
        return "Simulation non réalisée : la projection n'a pas pu être faite."
    if result.probability_dscr_below_one is None:
        return (f"Sur {fr.number(result.draws)} scénarios, pas d'emprunt bancaire : la "
                "probabilité de ne pas couvrir les échéances est sans objet.")
    return (f"Sur {fr.number(result.draws)} scénarios tirés au hasard autour du chiffre "
            "d'affaires et de la marge prévus, "
            f"{fr.percent(result.probability_dscr_below_one, 1)} connaissent au moins une année "
            "où l'activité ne dégage pas de quoi payer les échéances (DSCR sous 1).")


def monte_carlo_facts(report: ViabilityReport) -> Facts:
    result = report.monte_carlo
    if result is None:
        return []
    return [("Probabilité d'un DSCR sous 1 une année", fr.percent(
                result.probability_dscr_below_one, 1)),
            ("DSCR minimal : 5 % des scénarios en dessous de", ratio(result.min_dscr_p05)),
            ("DSCR minimal médian", ratio(result.min_dscr_p50)),
            ("DSCR minimal : 95 % des scénarios en dessous de", ratio(result.min_dscr_p95)),
            ("EBE de l'année 1 (5 % / médiane / 95 %)",
             (f"{euros(result.ebe_year1_p05)} / {euros(result.ebe_year1_p50)} / "
             f"{euros(result.ebe_year1_p95)}")),
            ("Tirages et graine", f"{fr.number(result.draws)} tirages, graine {result.seed}")]


def input_facts(report: ViabilityReport) -> Facts:
    """What the analysis is about, in a few lines (head of the report)."""
    inputs = report.inputs
    facts = [("Projet", KIND_LABELS[inputs.kind]), ("Activité", TRADE_LABELS[inputs.trade]),
             ("Imposition", TAX_REGIME_WORDS[inputs.tax_regime])]
    if inputs.kind is OfferKind.TAKEOVER:
        facts.append(("Objet de la cession", SALE_OBJECT_LABELS[inputs.financing.sale_object]))
        facts.append(("Prix demandé", euros(inputs.financing.asking_price)))
    facts += [("Rémunération nette visée", euros(inputs.buyer.net_pay)),
              ("Apport personnel", euros(inputs.financing.personal_contribution))]
    return facts


@dataclass(frozen=True, eq=False)
class ReportView:
    """Everything a screen or a report shows of one analysis, already in French."""

    title: str
    verdict_kind: VerdictKind
    verdict_label: str
    verdict_summary: str
    errors: tuple[str, ...]
    missing: tuple[str, ...]
    inputs: Facts
    criteria: pd.DataFrame
    sig: pd.DataFrame
    trends: pd.DataFrame
    caf_agree: bool | None
    restatement: pd.DataFrame
    valuation: pd.DataFrame
    valuation_sentence: str
    valuation_facts: Facts
    needs: pd.DataFrame
    resources: pd.DataFrame
    plan: Facts
    loan: Facts
    schedule: pd.DataFrame
    schedule_years: pd.DataFrame
    projection: pd.DataFrame
    ratios: Facts
    break_even: Facts
    working_capital: Facts
    sensitivity: pd.DataFrame
    monte_carlo: str
    monte_carlo_facts: Facts
    is_takeover: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)


def report_view(report: ViabilityReport) -> ReportView:
    """The French tables and sentences of ``report``."""
    needs, resources = plan_tables(report)
    valuation = report.valuation
    return ReportView(
        title=report.inputs.label or KIND_LABELS[report.inputs.kind],
        verdict_kind=report.verdict.kind, verdict_label=report.verdict.label,
        verdict_summary=report.verdict.summary,
        errors=tuple(e.message for e in report.errors),
        missing=tuple(m.label for m in report.missing),
        inputs=input_facts(report), criteria=criteria_table(report), sig=sig_table(report),
        trends=trends_table(report), caf_agree=caf_methods_agree(report),
        restatement=restatement_table(report), valuation=valuation_table(report),
        valuation_sentence=valuation.sentence if valuation else "",
        valuation_facts=valuation_facts(report),
        needs=needs, resources=resources, plan=plan_facts(report), loan=loan_facts(report),
        schedule=schedule_table(report), schedule_years=schedule_years_table(report),
        projection=projection_table(report), ratios=ratio_facts(report),
        break_even=break_even_facts(report), working_capital=working_capital_facts(report),
        sensitivity=sensitivity_table(report), monte_carlo=monte_carlo_sentence(report),
        monte_carlo_facts=monte_carlo_facts(report),
        is_takeover=report.inputs.kind is OfferKind.TAKEOVER)
