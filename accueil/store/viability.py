"""Saved viability analyses: write one, list an offer's, read one back exactly as it was shown.

An analysis is stored as the JSON of its report (``ViabilityReport.to_dict``), beside copies of
its inputs and assumptions and the engine version, so that re-opening it shows the same figures
even after the engine changes. Holds no business rule: the report is computed elsewhere
(``accueil.domain.viability.analyse``) and this module only writes and reads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accueil.domain.viability import ViabilityReport
from accueil.store.db import Db

SUMMARY_COLUMNS = ("id", "offer_id", "offer_title", "created_at", "label", "engine_version",
                   "kind", "verdict")


class AnalysisReadError(Exception):
    """A stored analysis that this version cannot rebuild; ``message`` is French."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class SavedAnalysis:
    """One line of an offer's list of saved analyses (the report itself is not loaded)."""

    id: int
    offer_id: int | None
    offer_title: str
    created_at: datetime
    label: str
    engine_version: str
    kind: str
    verdict: str


@dataclass(frozen=True, slots=True)
class StoredAnalysis:
    """A saved analysis with its report, rebuilt from the stored JSON."""

    summary: SavedAnalysis
    report: ViabilityReport


def _json(data: Any) -> str:
    # allow_nan=False: the engine never returns NaN; if it ever did, refuse to store it.
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def save_analysis(db: Db, report: ViabilityReport, *, offer_id: int | None,
                  offer_title: str, label: str, now: datetime | None = None) -> int:
    """Store ``report`` for the offer ``offer_id`` (``None``: the built-in example); its id.

    One row, written in one transaction: either everything is stored or nothing.
    """
    created = now or datetime.now().replace(microsecond=0)
    values = [offer_id, offer_title.strip(), created, label.strip(), report.engine_version,
              report.inputs.kind.value, report.verdict.kind.value,
              _json(report.inputs.to_dict()), _json(report.assumptions.to_dict()),
              _json(report.to_dict())]
    with db.writing() as tx:
        row = tx.one(
            "INSERT INTO viability_analyses (offer_id, offer_title, created_at, label, "
            "engine_version, kind, verdict, inputs, assumptions, report) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", values)
    assert row is not None
    return int(row[0])


def _summary(row: tuple[Any, ...]) -> SavedAnalysis:
    record = dict(zip(SUMMARY_COLUMNS, row, strict=True))
    return SavedAnalysis(
        id=int(record["id"]),
        offer_id=None if record["offer_id"] is None else int(record["offer_id"]),
        offer_title=record["offer_title"], created_at=record["created_at"],
        label=record["label"], engine_version=record["engine_version"], kind=record["kind"],
        verdict=record["verdict"])


def list_analyses(db: Db, offer_id: int | None) -> list[SavedAnalysis]:
    """The analyses saved for ``offer_id`` (``None``: the example's), newest first."""
    with db.reading() as tx:
        rows = tx.all(
            f"SELECT {', '.join(SUMMARY_COLUMNS)} FROM viability_analyses "
            "WHERE offer_id IS NOT DISTINCT FROM ? ORDER BY created_at DESC, id DESC",
            [offer_id])
    return [_summary(row) for row in rows]


def get_analysis(db: Db, analysis_id: int) -> StoredAnalysis | None:
    """The saved analysis ``analysis_id`` with its report, or ``None`` if there is none.

    Raises :class:`AnalysisReadError` when the stored JSON cannot be rebuilt (written by a
    newer version of Accueil, or damaged).
    """
    with db.reading() as tx:
        row = tx.one(
            f"SELECT {', '.join(SUMMARY_COLUMNS)}, report FROM viability_analyses WHERE id = ?",
            [analysis_id])
    if row is None:
        return None
    summary = _summary(row[:-1])
    try:
        report = ViabilityReport.from_dict(json.loads(row[-1]))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise AnalysisReadError(
            f"L'analyse n° {summary.id} « {summary.label} » (moteur version "
            f"{summary.engine_version}) ne peut pas être relue par cette version d'Accueil : "
            "mettez l'application à jour, ou refaites l'analyse.") from error
    return StoredAnalysis(summary, report)

