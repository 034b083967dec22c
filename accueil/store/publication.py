"""Publication in the store: each offer's publication state and dates, the record of every
publication (what, when, which files, by whom) and the territory's diffusion settings.

Tables of migration 0012_publication: ``offer_publication``, ``publications``,
``publication_offers``; the settings are one JSON entry of ``store_meta``. Every write that
touches several rows is one transaction. The rules (what goes out, how it is worded) are in
:mod:`accueil.domain.diffusion`; none here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from accueil.domain.diffusion import DiffusionSettings, Publication, PublicationState
from accueil.domain.offers import OfferStatus
from accueil.store.db import Db, Tx, get_meta, set_meta
from accueil.store.offers import OFFER_COLUMNS

SETTINGS_KEY = "diffusion_settings"
_STATE_COLUMNS = ("offer_id", "state", "requested_at", "published_at", "last_published_at",
                  "withdrawn_at", "withdrawn_reason", "changed_by")


@dataclass(frozen=True, slots=True)
class PublicationRecord:
    """One generation of the public outputs, as recorded."""

    id: int
    created_at: datetime
    created_by: str
    audience: str
    settings: str
    files: tuple[str, ...]
    location: str
    offer_count: int
    withdrawn_at: datetime | None
    withdrawn_by: str


def load_settings(db: Db) -> DiffusionSettings:
    return DiffusionSettings.from_json(get_meta(db, SETTINGS_KEY))


def save_settings(db: Db, settings: DiffusionSettings) -> None:
    with db.writing() as tx:
        set_meta(tx, SETTINGS_KEY, settings.to_json())


def _publication(record: Mapping[str, Any]) -> Publication:
    return Publication(state=PublicationState(record["state"]),
                       requested_at=record["requested_at"], published_at=record["published_at"],
                       last_published_at=record["last_published_at"],
                       withdrawn_at=record["withdrawn_at"],
                       withdrawn_reason=record["withdrawn_reason"] or "")


def publications_of(db: Db, ids: Sequence[int] | None = None) -> dict[int, Publication]:
    """Publication state of each offer that has one (all of them when ``ids`` is ``None``)."""
    where, params = ("", []) if ids is None else ("WHERE offer_id = ANY(?)", [list(ids)])
    with db.reading() as tx:
        rows = tx.records(f"SELECT {', '.join(_STATE_COLUMNS)} FROM offer_publication {where}",
                          params)
    return {int(r["offer_id"]): _publication(r) for r in rows}


def candidate_offers(db: Db) -> pd.DataFrame:
    """Offers that may concern the next publication, with the offer columns the audience rule
    reads: those ever marked for publication, and those whose workflow status is *publiée*."""
    with db.reading() as tx:
        return tx.frame(
            f"SELECT {', '.join('o.' + c for c in OFFER_COLUMNS)} FROM offers o "
            "WHERE o.status = ? OR o.id IN (SELECT offer_id FROM offer_publication) "
            "ORDER BY o.id", [OfferStatus.PUBLIEE.value])


def open_offers(db: Db) -> pd.DataFrame:
    """Offers neither filled nor archived, with their commune's name and the columns the
    audience rule reads, newest first (the officer's list to choose from)."""
    with db.reading() as tx:
        return tx.frame(
            "SELECT o.id, o.title, o.commune_insee, c.nom AS commune, o.status, "
            "o.confidentiality, o.source_partner FROM offers o "
            "LEFT JOIN ref_communes c ON c.code_insee = o.commune_insee "
            "WHERE NOT (o.status = ANY(?)) ORDER BY o.updated_at DESC, o.id DESC",
            [[OfferStatus.POURVUE.value, OfferStatus.ARCHIVEE.value]])


def _rows(tx: Tx, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    rows = tx.records(f"SELECT {', '.join(_STATE_COLUMNS)} FROM offer_publication "
                      "WHERE offer_id = ANY(?)", [list(ids)])
    return {int(r["offer_id"]): r for r in rows}


def _replace(tx: Tx, rows: Iterable[dict[str, Any]]) -> None:
    frame = pd.DataFrame(list(rows), columns=list(_STATE_COLUMNS))
    if frame.empty:
        return
    tx.execute("DELETE FROM offer_publication WHERE offer_id = ANY(?)",
               [[int(i) for i in frame["offer_id"]]])
    for column in ("requested_at", "published_at", "last_published_at", "withdrawn_at"):
        frame[column] = pd.to_datetime(frame[column])
    tx.insert_frame("offer_publication", frame)


def _blank(offer_id: int) -> dict[str, Any]:
    return {"offer_id": offer_id, "state": PublicationState.A_PUBLIER.value,
            "requested_at": None, "published_at": None, "last_published_at": None,
            "withdrawn_at": None, "withdrawn_reason": "", "changed_by": ""}


def request_publication(db: Db, ids: Sequence[int], by: str, now: datetime) -> int:
    """Mark offers « à publier » (a withdrawn one comes back); those already published stay
    so. Returns how many changed."""
    with db.writing() as tx:
        known = {int(r[0]) for r in tx.all("SELECT id FROM offers WHERE id = ANY(?)",
                                           [list(ids)])}
        if missing := set(ids) - known:
            raise KeyError(f"offers not in the store: {sorted(missing)}")
        current = _rows(tx, list(ids))
        changed = []
        for offer_id in ids:
            row = current.get(offer_id) or _blank(offer_id)
            if row["state"] == PublicationState.PUBLIEE.value and offer_id in current:
                continue
            row.update(state=PublicationState.A_PUBLIER.value, requested_at=now,
                       withdrawn_at=None, withdrawn_reason="", changed_by=by)
            changed.append(row)
        _replace(tx, changed)
    return len(changed)


def withdraw_offers(db: Db, reasons: Mapping[int, str], by: str, now: datetime) -> int:
    """Mark offers « retirée » now, each with its French reason; returns how many changed."""
    with db.writing() as tx:
        return _withdraw(tx, reasons, by, now)


def _withdraw(tx: Tx, reasons: Mapping[int, str], by: str, now: datetime) -> int:
    current = _rows(tx, list(reasons))
    changed = []
    for offer_id, reason in reasons.items():
        row = current.get(offer_id) or _blank(offer_id)
        if row["state"] == PublicationState.RETIREE.value:
            continue
        row.update(state=PublicationState.RETIREE.value, withdrawn_at=now,
                   withdrawn_reason=reason, changed_by=by)
        changed.append(row)
    _replace(tx, changed)
    return len(changed)


def record_publication(db: Db, *, created_by: str, audience: str, settings: DiffusionSettings,
                       files: Sequence[str], location: str, published: Mapping[int, str],
                       dropped: Mapping[int, str], now: datetime) -> int:
    """Record one generation in one transaction: the publication and its offers (id → public
    title), each of them « publiée » (first date kept), and those ``dropped`` (id → reason)
    « retirée ». Returns the publication's number."""
    with db.writing() as tx:
        (publication_id,) = tx.next_ids("publication_id_seq", 1)
        tx.insert_frame("publications", pd.DataFrame([{
            "id": publication_id, "created_at": now, "created_by": created_by,
            "audience": audience, "settings": settings.to_json(),
            "files": json.dumps(list(files), ensure_ascii=False), "location": location,
            "offer_count": len(published), "withdrawn_at": pd.NaT, "withdrawn_by": ""}]))
        if published:
            tx.insert_frame("publication_offers", pd.DataFrame(
                {"publication_id": publication_id, "offer_id": list(published),
                 "public_title": list(published.values())}))
        current = _rows(tx, list(published))
        rows = []
        for offer_id in published:
            row = current.get(offer_id) or _blank(offer_id)
            first = row["published_at"] if row["state"] == PublicationState.PUBLIEE.value \
                else None
            row.update(state=PublicationState.PUBLIEE.value, published_at=first or now,
                       last_published_at=now, withdrawn_at=None, withdrawn_reason="",
                       changed_by=created_by)
            rows.append(row)
        _replace(tx, rows)
        _withdraw(tx, dropped, created_by, now)
    return int(publication_id)


def _record(row: Mapping[str, Any]) -> PublicationRecord:
    withdrawn = row["withdrawn_at"]
    return PublicationRecord(
        id=int(row["id"]), created_at=row["created_at"], created_by=row["created_by"],
        audience=row["audience"], settings=row["settings"],
        files=tuple(json.loads(row["files"])), location=row["location"],
        offer_count=int(row["offer_count"]),
        withdrawn_at=None if withdrawn is None or pd.isna(withdrawn) else withdrawn,
        withdrawn_by=row["withdrawn_by"])


_PUBLICATION_COLUMNS = ("id", "created_at", "created_by", "audience", "settings", "files",
                        "location", "offer_count", "withdrawn_at", "withdrawn_by")


def list_publications(db: Db) -> list[PublicationRecord]:
    """Every publication, newest first."""
    with db.reading() as tx:
        rows = tx.records(f"SELECT {', '.join(_PUBLICATION_COLUMNS)} FROM publications "
                          "ORDER BY id DESC")
    return [_record(r) for r in rows]


def publication_offer_ids(db: Db, publication_id: int) -> list[int]:
    with db.reading() as tx:
        return [int(r[0]) for r in tx.all(
            "SELECT offer_id FROM publication_offers WHERE publication_id = ? ORDER BY offer_id",
            [publication_id])]


def withdraw_publication(db: Db, publication_id: int, by: str, now: datetime
                         ) -> PublicationRecord:
    """Record a publication as withdrawn and every offer it carried as « retirée », at once."""
    with db.writing() as tx:
        found = tx.records(f"SELECT {', '.join(_PUBLICATION_COLUMNS)} FROM publications "
                           "WHERE id = ?", [publication_id])
        if not found:
            raise KeyError(f"no publication {publication_id}")
        tx.execute("UPDATE publications SET withdrawn_at = ?, withdrawn_by = ? WHERE id = ? "
                   "AND withdrawn_at IS NULL", [now, by, publication_id])
        ids = [int(r[0]) for r in tx.all(
            "SELECT offer_id FROM publication_offers WHERE publication_id = ?",
            [publication_id])]
        _withdraw(tx, {i: f"publication n° {publication_id} retirée" for i in ids}, by, now)
        record = tx.records(f"SELECT {', '.join(_PUBLICATION_COLUMNS)} FROM publications "
                            "WHERE id = ?", [publication_id])[0]
    return _record(record)
