"""Verdict viable / fragile / non viable from explicit, sourced criteria. Never a bare score.

Holds the criteria (the plan's resources covering its needs, annuities over CAF, minimum DSCR, personal contribution, the buyer's pay
against the net SMIC, cash never negative, EBE retraité positive, Monte Carlo probability),
each returned with its status, measured value, threshold, source and a French sentence, and
the rule that combines them. Thresholds come from `Thresholds`; this module computes no
financial figure itself and does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from accueil.domain.viability import fmt, sources
from accueil.domain.viability.financing import FinancingPlan
from accueil.domain.viability.model import THRESHOLD_SOURCES, Thresholds
from accueil.domain.viability.projection import Projection
from accueil.domain.viability.restatements import RestatedEbe
from accueil.domain.viability.risk import MonteCarloResult
from accueil.domain.viability.serial import Serialisable


class CriterionStatus(Enum):
    """Outcome of one criterion."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_APPLICABLE = "not_applicable"
    NOT_EVALUATED = "not_evaluated"


class VerdictKind(Enum):
    """Overall verdict."""

    VIABLE = "viable"
    FRAGILE = "fragile"
    NOT_VIABLE = "not_viable"
    UNDETERMINED = "undetermined"


VERDICT_LABELS: dict[VerdictKind, str] = {
    VerdictKind.VIABLE: "Viable",
    VerdictKind.FRAGILE: "Fragile",
    VerdictKind.NOT_VIABLE: "Non viable",
    VerdictKind.UNDETERMINED: "Indéterminé (données insuffisantes)",
}


@dataclass(frozen=True)
class Criterion(Serialisable):
    """One criterion: what was measured, against which threshold, and what it means."""

    key: str
    label: str
    status: CriterionStatus
    measured: float | None
    threshold: float
    comparison: str
    blocking: bool
    sentence: str
    source: str

    @property
    def passed(self) -> bool | None:
        """True / False once evaluated; None when not applicable or not evaluated."""
        if self.status is CriterionStatus.PASSED:
            return True
        if self.status is CriterionStatus.FAILED:
            return False
        return None


@dataclass(frozen=True)
class Verdict(Serialisable):
    """The verdict, its French label, a summary sentence and every criterion."""

    kind: VerdictKind
    label: str
    summary: str
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class _Spec:
    """What a criterion checks; `result` fills in what was measured."""

    key: str
    label: str
    threshold: float
    comparison: str
    source: str
    blocking: bool

    def result(self, status: CriterionStatus, measured: float | None, sentence: str) -> Criterion:
        return Criterion(
            key=self.key,
            label=self.label,
            status=status,
            measured=measured,
            threshold=self.threshold,
            comparison=self.comparison,
            blocking=self.blocking,
            sentence=sentence,
            source=self.source,
        )

    def not_evaluated(self, sentence: str) -> Criterion:
        """Data missing: the criterion could not be measured (the verdict is undetermined)."""
        return self.result(CriterionStatus.NOT_EVALUATED, None, sentence)

    def not_applicable(self, sentence: str) -> Criterion:
        """The criterion has no object here (no bank loan, say)."""
        return self.result(CriterionStatus.NOT_APPLICABLE, None, sentence)

    def judged(self, ok: bool, measured: float | None, sentence: str) -> Criterion:
        """Measured: passed when ``ok``, failed otherwise."""
        status = CriterionStatus.PASSED if ok else CriterionStatus.FAILED
        return self.result(status, measured, sentence)


def _annuity_to_caf(projection: Projection | None, t: Thresholds) -> Criterion:
    label = "Annuités d'emprunt / CAF"
    source = THRESHOLD_SOURCES["max_annuity_to_caf"]
    limit = t.max_annuity_to_caf
    spec = _Spec("annuity_to_caf", label, limit, "≤", source, blocking=False)
    if projection is None:
        return spec.not_evaluated("Annuités / CAF non calculables : projection impossible.")
    if not any(year.annuity > 0 for year in projection.years):
        return spec.not_applicable("Pas d'emprunt bancaire : critère sans objet.")
    if not projection.caf_covers_annuities:
        return spec.judged(
            False, None, "La CAF est nulle ou négative une année où des annuités sont dues.")
    value = projection.max_annuity_to_caf
    assert value is not None
    ok = value <= limit
    return spec.judged(
        ok,
        value,
        (
            f"Les annuités absorbent au plus {fmt.percent(value)} de la CAF "
            f"({'dans' if ok else 'au-delà de'} la limite de {fmt.percent(limit)})."
        ),
    )


def _min_dscr(projection: Projection | None, t: Thresholds) -> Criterion:
    spec = _Spec(
        key="min_dscr",
        blocking=False,
        label="Taux de couverture du service de la dette (DSCR) minimal",
        threshold=t.min_dscr,
        comparison="≥",
        source=THRESHOLD_SOURCES["min_dscr"],
    )
    if projection is None:
        return spec.not_evaluated("DSCR non calculable : projection impossible.")
    value = projection.min_dscr
    if value is None:
        return spec.not_applicable("Pas d'annuité d'emprunt : DSCR sans objet.")
    ok = value >= t.min_dscr
    sentence = (
        f"Le flux disponible couvre au moins {fmt.ratio(value)} fois les annuités "
        f"(seuil {fmt.ratio(t.min_dscr)})."
    )
    if value < 1:
        sentence += " Une année au moins, il ne suffit pas à payer les échéances."
    return spec.judged(
        ok,
        value,
        sentence,
    )


def _contribution(plan: FinancingPlan | None, t: Thresholds, contribution_given: bool) -> Criterion:
    spec = _Spec(
        key="contribution_share",
        blocking=False,
        label="Apport personnel / besoins",
        threshold=t.min_contribution_share,
        comparison="≥",
        source=THRESHOLD_SOURCES["min_contribution_share"],
    )
    if plan is None or not contribution_given or plan.contribution_share is None:
        return spec.not_evaluated("Apport personnel ou besoins de financement non renseignés.")
    value = plan.contribution_share
    ok = value >= t.min_contribution_share
    return spec.judged(
        ok,
        value,
        (
            f"L'apport personnel couvre {fmt.percent(value)} des besoins "
            f"(attendu : au moins {fmt.percent(t.min_contribution_share)})."
        ),
    )


GAP_TOLERANCE = 0.005
"""Half a cent: a gap below it is float noise of a loan that closes the plan exactly."""


def _financing_gap(plan: FinancingPlan | None) -> Criterion:
    """Resources cover needs: gap = besoins − ressources ≤ 0 (`sources.FINANCING_GAP`).

    Blocking: a plan whose resources do not cover its needs is never viable, whatever its
    ratios (they are computed on money nobody has found). The sentence says how much is
    missing and where it would come from.
    """
    spec = _Spec(
        key="financing_gap",
        blocking=True,
        label="Plan de financement bouclé (ressources ≥ besoins)",
        threshold=0.0,
        comparison="≤",
        source=sources.FINANCING_GAP,
    )
    if plan is None:
        return spec.not_evaluated("Plan de financement non calculable.")
    gap = plan.gap
    if gap > GAP_TOLERANCE:
        return spec.judged(
            False,
            gap,
            (
                f"Il manque {fmt.euros(gap)} pour financer le projet : besoins "
                f"{fmt.euros(plan.total_needs)}, ressources {fmt.euros(plan.total_resources)}. "
                "À trouver en apport, prêt d'honneur, subvention ou emprunt, ou en réduisant "
                "les besoins."
            ),
        )
    surplus = -gap
    sentence = (
        f"Les ressources ({fmt.euros(plan.total_resources)}) couvrent les besoins "
        f"({fmt.euros(plan.total_needs)})"
    )
    if surplus >= 0.5:
        sentence += f", avec un excédent de {fmt.euros(surplus)} laissé en trésorerie"
    return spec.judged(True, max(gap, 0.0), sentence + ".")


def _buyer_pay(
    projection: Projection | None, t: Thresholds, net_pay_given: bool = False
) -> Criterion:
    spec = _Spec(
        key="buyer_pay",
        blocking=False,
        label="Rémunération nette du repreneur après prêts d'honneur",
        threshold=t.min_buyer_net_pay,
        comparison="≥",
        source=THRESHOLD_SOURCES["min_buyer_net_pay"],
    )
    value = projection.min_buyer_net_pay if projection is not None else None
    if value is None:
        if net_pay_given:
            return spec.not_evaluated(
                "Rémunération du repreneur saisie, mais non évaluable : la projection n'a pas "
                "pu être faite (voir les données manquantes)."
            )
        return spec.not_evaluated("Rémunération du repreneur non renseignée.")
    ok = value >= t.min_buyer_net_pay
    return spec.judged(
        ok,
        value,
        (
            f"Le repreneur dispose d'au moins {fmt.euros(value)} nets par an, "
            f"{'au-dessus' if ok else 'en dessous'} du Smic net annuel "
            f"({fmt.euros(t.min_buyer_net_pay)})."
        ),
    )


def _cash(projection: Projection | None) -> Criterion:
    spec = _Spec(
        key="cash_never_negative",
        blocking=True,
        label="Trésorerie de fin d'année jamais négative",
        threshold=0.0,
        comparison="≥",
        source=sources.TOOL_DEFAULT,
    )
    if projection is None:
        return spec.not_evaluated("Trésorerie non calculable : projection impossible.")
    value = projection.min_cash
    ok = value >= 0
    return spec.judged(
        ok,
        value,
        (
            f"La trésorerie la plus basse en fin d'année est de {fmt.euros(value)}"
            + ("." if ok else " : l'entreprise ne pourrait pas faire face à ses échéances.")
        ),
    )


def _ebe_positive(restated: RestatedEbe | None) -> Criterion:
    spec = _Spec(
        key="ebe_restated_positive",
        blocking=True,
        label="EBE retraité après rémunération du repreneur",
        threshold=0.0,
        comparison=">",
        source=sources.EBE_RESTATEMENT,
    )
    value = restated.ebe_restated if restated is not None else None
    if value is None:
        return spec.not_evaluated(
            "EBE retraité non calculable : comptes ou rémunération incomplets.")
    ok = value > 0
    return spec.judged(
        ok,
        value,
        (
            f"Après la rémunération du repreneur, l'EBE retraité est de {fmt.euros(value)}"
            + ("." if ok else " : l'activité ne paie pas son exploitant.")
        ),
    )


def _monte_carlo(result: MonteCarloResult | None, t: Thresholds) -> Criterion:
    spec = _Spec(
        key="probability_dscr_below_one",
        blocking=False,
        label="Probabilité que le DSCR passe sous 1 une année (Monte Carlo)",
        threshold=t.max_probability_dscr_below_one,
        comparison="≤",
        source=THRESHOLD_SOURCES["max_probability_dscr_below_one"],
    )
    if result is None:
        return spec.not_evaluated("Simulation non réalisée : projection impossible.")
    value = result.probability_dscr_below_one
    if value is None:
        return spec.not_applicable("Pas d'emprunt bancaire : probabilité sans objet.")
    ok = value <= t.max_probability_dscr_below_one
    return spec.judged(
        ok,
        value,
        (
            f"Sur {fmt.number(result.draws)} scénarios de chiffre d'affaires et de marge, "
            f"{fmt.percent(value, 1)} connaissent une année où les échéances ne sont pas "
            f"couvertes (tolérance {fmt.percent(t.max_probability_dscr_below_one)})."
        ),
    )


def combine(criteria: tuple[Criterion, ...]) -> VerdictKind:
    """Any blocking failure → non viable; any other failure → fragile; a criterion left
    unevaluated with no failure → undetermined; all passed or not applicable → viable.
    """
    statuses = [(c.status, c.blocking) for c in criteria]
    if any(status is CriterionStatus.FAILED and blocking for status, blocking in statuses):
        return VerdictKind.NOT_VIABLE
    if any(status is CriterionStatus.FAILED for status, _ in statuses):
        return VerdictKind.FRAGILE
    if any(status is CriterionStatus.NOT_EVALUATED for status, _ in statuses):
        return VerdictKind.UNDETERMINED
    return VerdictKind.VIABLE


def judge(
    *,
    restated: RestatedEbe | None,
    plan: FinancingPlan | None,
    projection: Projection | None,
    monte_carlo: MonteCarloResult | None,
    thresholds: Thresholds,
    contribution_given: bool,
    net_pay_given: bool = False,
) -> Verdict:
    """Evaluate every criterion and combine them (`combine`)."""
    criteria = (
        _financing_gap(plan),
        _ebe_positive(restated),
        _cash(projection),
        _min_dscr(projection, thresholds),
        _annuity_to_caf(projection, thresholds),
        _contribution(plan, thresholds, contribution_given),
        _buyer_pay(projection, thresholds, net_pay_given),
        _monte_carlo(monte_carlo, thresholds),
    )
    kind = combine(criteria)
    failed = [c.label for c in criteria if c.status is CriterionStatus.FAILED]
    pending = [c.label for c in criteria if c.status is CriterionStatus.NOT_EVALUATED]
    if kind is VerdictKind.VIABLE:
        summary = "Tous les critères évalués sont satisfaits."
    elif kind is VerdictKind.UNDETERMINED:
        summary = (
            "Aucun critère n'échoue, mais certains n'ont pu être évalués : "
            + ", ".join(pending)
            + "."
        )
    else:
        summary = "Critères non satisfaits : " + ", ".join(failed) + "."
        gap = next((c for c in criteria if c.key == "financing_gap"), None)
        if gap is not None and gap.status is CriterionStatus.FAILED:
            summary += " " + gap.sentence
    return Verdict(kind=kind, label=VERDICT_LABELS[kind], summary=summary, criteria=criteria)
