"""Dashboard charts: French labels, fixed orders, colour-blind-safe colours, no NaN."""

from __future__ import annotations

import pandas as pd

from accueil.services import charts


def spec(chart: object) -> dict:  # type: ignore[type-arg]
    return chart.to_dict()  # type: ignore[attr-defined, no-any-return]


def test_offers_by_kind_stacks_qualifications_in_a_fixed_order_and_colours() -> None:
    frame = pd.DataFrame({"activity_kind": ["reprise", "emploi", "reprise"],
                          "qualification": ["qualifiee", "non_qualifiee", "a_completer"],
                          "n": [3, 2, 10]})
    result = spec(charts.offers_by_kind(frame))
    colour = result["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Qualifiée", "À compléter", "Non qualifiée"]
    assert colour["range"] == ["#0072B2", "#E69F00", "#D55E00"]
    assert result["encoding"]["y"]["sort"] == [
        "Reprise d'entreprise", "Création d'activité", "Emploi salarié"]
    rows = next(iter(result["datasets"].values()))
    assert {(r["kind"], r["serie"], r["n"]) for r in rows} == {
        ("Reprise d'entreprise", "Qualifiée", 3), ("Emploi salarié", "Non qualifiée", 2),
        ("Reprise d'entreprise", "À compléter", 10)}


def test_missing_pillars_shows_partial_and_absent_per_pillar() -> None:
    frame = pd.DataFrame({"pillar": ["activite", "receptivite", "amenites"],
                          "partiel": [8, 9, 9], "absent": [0, 13, 13], "n": [8, 22, 22]})
    rows = next(iter(spec(charts.missing_pillars(frame))["datasets"].values()))
    assert {"pillar": "Réceptivité", "serie": "Absent", "n": 13} in [
        {k: r[k] for k in ("pillar", "serie", "n")} for r in rows]


def test_offers_by_area_keeps_the_busiest_areas_first_and_splits_qualified() -> None:
    frame = pd.DataFrame({"code": ["15", "63"], "area": ["Cantal", "Puy-de-Dôme"],
                          "n": [44, 5], "qualified": [9, 0]})
    result = spec(charts.offers_by_area(frame, "Département"))
    assert result["encoding"]["y"]["sort"] == ["Cantal", "Puy-de-Dôme"]
    rows = next(iter(result["datasets"].values()))
    assert {"area": "Cantal", "serie": "Pas encore qualifiées", "n": 35} in [
        {k: r[k] for k in ("area", "serie", "n")} for r in rows]


def test_offers_by_status_lists_every_step_but_archived_even_when_empty() -> None:
    frame = pd.DataFrame({"status": ["publiee"], "n": [16]})
    rows = next(iter(spec(charts.offers_by_status(frame))["datasets"].values()))
    assert [(r["status"], r["n"]) for r in rows] == [
        ("Proposée (à valider)", 0), ("Repérée (veille)", 0), ("En qualification", 0),
        ("Publiée", 16), ("Pourvue", 0)]
