"""Verdict: explicit criteria with measured value, threshold, source and a French sentence."""

from __future__ import annotations

import dataclasses

import pytest

from accueil.domain.viability import (
    Assumptions,
    CriterionStatus,
    MonteCarloSettings,
    Thresholds,
    VerdictKind,
    analyse,
)
from accueil.domain.viability.verdict import Criterion, combine

FAST = Assumptions(monte_carlo=MonteCarloSettings(draws=500))


def criterion(status: CriterionStatus, blocking: bool = False) -> Criterion:
    return Criterion("k", "Critère", status, None, 1.0, "≥", blocking, "Phrase.", "Source")


P, F, NA, NE = (
    CriterionStatus.PASSED,
    CriterionStatus.FAILED,
    CriterionStatus.NOT_APPLICABLE,
    CriterionStatus.NOT_EVALUATED,
)


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ((criterion(P), criterion(P, True), criterion(NA)), VerdictKind.VIABLE),
        ((criterion(F), criterion(P, True)), VerdictKind.FRAGILE),
        ((criterion(P), criterion(F, True)), VerdictKind.NOT_VIABLE),
        ((criterion(F), criterion(F, True), criterion(NE)), VerdictKind.NOT_VIABLE),
        ((criterion(P), criterion(NE)), VerdictKind.UNDETERMINED),
        ((criterion(F), criterion(NE)), VerdictKind.FRAGILE),
    ],
)
def test_criteria_combine_into_a_verdict_by_explicit_rules(
    criteria: tuple[Criterion, ...], expected: VerdictKind
) -> None:
    assert combine(criteria) is expected


def by_key(report):
    return {c.key: c for c in report.verdict.criteria}


def test_every_criterion_states_its_value_threshold_source_and_a_french_sentence(bakery) -> None:
    report = analyse(bakery, FAST)
    for item in report.verdict.criteria:
        assert item.status is not CriterionStatus.NOT_EVALUATED
        assert item.sentence.endswith(".")
        assert item.source
        assert item.comparison in {"≤", "≥", ">"}
    criteria = by_key(report)
    assert criteria["min_dscr"].threshold == 1.25
    assert criteria["annuity_to_caf"].threshold == 0.70
    assert criteria["contribution_share"].threshold == 0.20
    assert criteria["buyer_pay"].threshold == pytest.approx(12 * 1443.11)
    assert "Smic net annuel" in criteria["buyer_pay"].sentence
    assert report.verdict.label in {"Viable", "Fragile", "Non viable"}


@pytest.mark.parametrize(
    ("thresholds", "key", "status"),
    [
        (Thresholds(min_dscr=1.0), "min_dscr", CriterionStatus.PASSED),
        (Thresholds(min_dscr=3.0), "min_dscr", CriterionStatus.FAILED),
        (Thresholds(max_annuity_to_caf=0.95), "annuity_to_caf", CriterionStatus.PASSED),
        (Thresholds(max_annuity_to_caf=0.40), "annuity_to_caf", CriterionStatus.FAILED),
        (Thresholds(min_contribution_share=0.10), "contribution_share", CriterionStatus.PASSED),
        (Thresholds(min_contribution_share=0.30), "contribution_share", CriterionStatus.FAILED),
        (Thresholds(min_buyer_net_pay=20_000), "buyer_pay", CriterionStatus.PASSED),
        (Thresholds(min_buyer_net_pay=40_000), "buyer_pay", CriterionStatus.FAILED),
    ],
)
def test_thresholds_are_parameters_that_move_the_outcome(
    bakery, thresholds: Thresholds, key: str, status: CriterionStatus
) -> None:
    report = analyse(bakery, dataclasses.replace(FAST, thresholds=thresholds))
    assert by_key(report)[key].status is status
    assert by_key(report)[key].threshold == getattr(
        thresholds,
        {
            "min_dscr": "min_dscr",
            "annuity_to_caf": "max_annuity_to_caf",
            "contribution_share": "min_contribution_share",
            "buyer_pay": "min_buyer_net_pay",
        }[key],
    )


def test_a_buyer_pay_the_business_cannot_afford_makes_the_offer_not_viable(bakery) -> None:
    greedy = dataclasses.replace(bakery, buyer=dataclasses.replace(bakery.buyer, net_pay=90_000.0))
    report = analyse(greedy, FAST)
    assert report.verdict.kind is VerdictKind.NOT_VIABLE
    assert by_key(report)["ebe_restated_positive"].status is CriterionStatus.FAILED
    assert report.verdict.label == "Non viable"
    assert report.verdict.summary.startswith("Critères non satisfaits")


def test_a_cheaper_well_funded_deal_is_viable(bakery) -> None:
    financing = dataclasses.replace(
        bakery.financing, asking_price=180_000.0, personal_contribution=90_000.0
    )
    report = analyse(dataclasses.replace(bakery, financing=financing), FAST)
    assert report.verdict.kind is VerdictKind.VIABLE, report.verdict.summary
    assert report.verdict.summary == "Tous les critères évalués sont satisfaits."


def test_without_a_contribution_the_verdict_says_what_could_not_be_evaluated(bakery) -> None:
    financing = dataclasses.replace(
        bakery.financing, asking_price=180_000.0, personal_contribution=None, honour_loans=60_000.0
    )
    report = analyse(dataclasses.replace(bakery, financing=financing), FAST)
    contribution = by_key(report)["contribution_share"]
    assert contribution.status is CriterionStatus.NOT_EVALUATED
    assert contribution.measured is None
    if report.verdict.kind is VerdictKind.UNDETERMINED:
        assert "Apport personnel / besoins" in report.verdict.summary
