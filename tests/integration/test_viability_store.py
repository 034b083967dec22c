"""Saved viability analyses in a real DuckDB store: what was shown comes back identical."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from accueil.domain.viability import (
    Assumptions,
    MonteCarloSettings,
    ViabilityInputs,
    analyse,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.io.demo import load_demo_offers
from accueil.store.db import Store
from accueil.store.offers import OfferQuery, delete_demo, list_offers, seed_demo
from accueil.store.viability import (
    AnalysisReadError,
    get_analysis,
    list_analyses,
    save_analysis,
)

QUICK = Assumptions(monte_carlo=MonteCarloSettings(draws=500))


@pytest.mark.parametrize(
    "inputs",
    [demo_inputs(), demo_creation_inputs(), ViabilityInputs(label="Rien de saisi")],
    ids=["complete takeover", "creation", "partial"],
)
def test_a_saved_analysis_reopens_identical_to_the_one_shown(
        store: Store, inputs: ViabilityInputs) -> None:
    report = analyse(inputs, QUICK)
    analysis_id = save_analysis(store, report, offer_id=7, offer_title="Boulangerie",
                                label="Conseil communautaire")
    stored = get_analysis(store, analysis_id)
    assert stored is not None
    assert stored.report == report
    assert stored.summary.label == "Conseil communautaire"
    assert stored.summary.verdict == report.verdict.kind.value


def test_the_stored_report_survives_reopening_the_file(store_target: str) -> None:
    report = analyse(demo_inputs(), QUICK)
    first = Store.open(store_target)
    analysis_id = save_analysis(first, report, offer_id=None, offer_title="Exemple", label="A")
    first.close()
    second = Store.open(store_target)
    stored = get_analysis(second, analysis_id)
    second.close()
    assert stored is not None
    assert stored.report == report


def test_an_offer_lists_only_its_own_analyses_newest_first(store: Store) -> None:
    report = analyse(demo_inputs(), QUICK)
    older = save_analysis(store, report, offer_id=1, offer_title="A", label="avant",
                          now=datetime(2026, 11, 1, 9, 0))
    newer = save_analysis(store, report, offer_id=1, offer_title="A", label="après",
                          now=datetime(2026, 11, 20, 9, 0))
    save_analysis(store, report, offer_id=2, offer_title="B", label="autre offre")
    example = save_analysis(store, report, offer_id=None, offer_title="Exemple", label="ex")
    assert [a.id for a in list_analyses(store, 1)] == [newer, older]
    assert [a.id for a in list_analyses(store, None)] == [example]
    assert list_analyses(store, 99) == []


def test_an_unknown_analysis_is_none(store: Store) -> None:
    assert get_analysis(store, 12345) is None


def test_an_analysis_this_version_cannot_read_gives_a_french_message(store: Store) -> None:
    analysis_id = save_analysis(store, analyse(demo_inputs(), QUICK), offer_id=1,
                                offer_title="A", label="Ancienne")
    with store.writing() as cur:
        cur.execute("UPDATE viability_analyses SET report = ? WHERE id = ?",
                    ['{"engine_version": "99"}', analysis_id])
    with pytest.raises(AnalysisReadError, match="ne peut pas être relue"):
        get_analysis(store, analysis_id)


def test_removing_the_demo_also_removes_the_analyses_of_demo_offers(store: Store) -> None:
    seed_demo(store, load_demo_offers())
    demo_id = int(list_offers(store, OfferQuery())["id"].iloc[0])
    report = analyse(dataclasses.replace(demo_inputs(), label="démo"), QUICK)
    save_analysis(store, report, offer_id=demo_id, offer_title="démo", label="démo")
    kept = save_analysis(store, report, offer_id=None, offer_title="Exemple", label="exemple")
    delete_demo(store)
    assert list_analyses(store, demo_id) == []
    assert [a.id for a in list_analyses(store, None)] == [kept]
