"""A partner's veille answers written to the store as an import batch, and undone.

A veille file sent back by a partner says, per offer or item it supplied: *Confirmé*,
*Modifié* (with new values) or *Plus disponible*. :func:`apply_answers` writes all the answers
of one file in ONE transaction, recorded as an import batch (target ``'veille'``) with, per
line, the provenance row and the fields as they were (``import_veille.previous``, JSON), so
that :func:`undo_answers` puts them back. An item no longer available is archived and leaves
the open offers it served (their pillar statuses are assessed again); an offer no longer
available becomes *pourvue*. No French sentence here: callers word the outcomes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from accueil.domain.offers import Offer, OfferStatus
from accueil.domain.partners import Answer
from accueil.store import journal
from accueil.store.db import Db, Tx
from accueil.store.imports import BatchRecord, record_batch
from accueil.store.offers import load_offers, write_offers
from accueil.store.partners import _confirm, journal_confirmations

# The fields a partner may change, per subject, as named in the store.
ITEM_FIELDS = ("monthly_rent", "price", "surface_m2", "available_from")
OFFER_FIELDS = ("asking_price",)
_OPEN = (OfferStatus.ARCHIVEE.value, OfferStatus.POURVUE.value)


@dataclass(frozen=True, slots=True)
class VeilleChange:
    """One answered line: ``subject`` 'activite' (key: offer id) or 'bien' (key: item id)."""

    subject: str
    key: str
    answer: Answer
    values: Mapping[str, Any] = field(default_factory=dict)  # new values, by store field


@dataclass(frozen=True, slots=True)
class VeilleOutcome:
    batch_id: int
    confirmed: int
    changed: int
    withdrawn: int
    offers_reassessed: int


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None


def _provenance(tx: Tx, subject: str, key: str) -> dict[str, Any] | None:
    rows = tx.records("SELECT partner_id, confirmed_on, confirmed_by, state, updated_at "
                      "FROM provenance WHERE subject = ? AND subject_key = ?", [subject, key])
    return {k: _iso(v) for k, v in rows[0].items()} if rows else None


def _item_state(tx: Tx, item_id: int) -> dict[str, Any]:
    fields = tx.records(f"SELECT {', '.join(ITEM_FIELDS)} FROM receptivity_items WHERE id = ?",
                        [item_id])
    details = tx.records("SELECT verified_on, archived, updated_at FROM receptivity_details "
                         "WHERE item_id = ?", [item_id])
    links = tx.all("SELECT l.offer_id, l.position FROM offer_receptivity l "
                   "JOIN offers o ON o.id = l.offer_id WHERE l.item_id = ?", [item_id])
    return {"fields": {k: _iso(v) for k, v in (fields[0] if fields else {}).items()},
            "details": {k: _iso(v) for k, v in details[0].items()} if details else None,
            "links": [[int(o), int(p)] for o, p in links]}


def apply_answers(db: Db, changes: Sequence[VeilleChange], record: BatchRecord, *,
                  by: str, on: date, partner_id: int | None,
                  now: datetime | None = None, author: str = "") -> VeilleOutcome:
    """Write ``changes`` at once as an import batch; see the module's docstring. The journal
    gets the batch, each confirmation and each offer rewritten, under ``author``."""
    now = now or datetime.now().replace(microsecond=0)
    return db.write(lambda uow: _apply(uow, changes, record, by, on, partner_id, now, author))


def _apply(uow: Db, changes: Sequence[VeilleChange], record: BatchRecord, by: str, on: date,
           partner_id: int | None, now: datetime, author: str) -> VeilleOutcome:
    answered: dict[int, VeilleChange] = {}
    touched: set[int] = set()
    counts = {Answer.CONFIRME: 0, Answer.MODIFIE: 0, Answer.PLUS_DISPONIBLE: 0}
    with uow.writing() as tx:
        batch_id = record_batch(tx, record, len(changes), now)
        for change in changes:
            previous: dict[str, Any] = {"provenance": _provenance(tx, change.subject, change.key)}
            if change.subject == "activite":
                offer_id = int(change.key)
                rows = tx.records("SELECT verified_on, status, asking_price FROM offers "
                                  "WHERE id = ?", [offer_id])
                if not rows:
                    raise KeyError(f"offer not in the store: {offer_id}")
                previous["offer"] = {k: _iso(v) for k, v in rows[0].items()}
                answered[offer_id] = change
            else:
                item_id = int(change.key)
                previous["item"] = _item_state(tx, item_id)
                if change.answer is Answer.MODIFIE:
                    values = {k: v for k, v in change.values.items() if k in ITEM_FIELDS}
                    if values:
                        tx.execute(f"UPDATE receptivity_items SET "
                                   f"{', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                                   [*values.values(), item_id])
                touched |= {o for o, _ in previous["item"]["links"]}
            tx.execute("INSERT INTO import_veille (batch_id, subject, subject_key, previous) "
                       "VALUES (?, ?, ?, ?)",
                       [batch_id, change.subject, change.key, json.dumps(previous)])
            _confirm(tx, change.subject, change.key, by, on, partner_id, now)
            if change.answer is Answer.PLUS_DISPONIBLE:
                tx.execute("UPDATE provenance SET state = 'plus_disponible' "
                           "WHERE subject = ? AND subject_key = ?", [change.subject, change.key])
                if change.subject == "bien":
                    tx.execute("UPDATE receptivity_details SET archived = true "
                               "WHERE item_id = ?", [int(change.key)])
                    tx.execute("DELETE FROM offer_receptivity WHERE item_id = ? AND offer_id IN "
                               "(SELECT id FROM offers WHERE status NOT IN (?, ?))",
                               [int(change.key), *_OPEN])
            counts[change.answer] += 1
            journal_confirmations(tx, author, change.subject, [change.key], on, partner_id, now)
        journal.record(tx, author, "import", batch_id, "imported", now,
                       [("file", None, record.file_name), ("lines", None, len(changes))])
    # Offers read after the items changed, so that an item withdrawn leaves them.
    ids = sorted(set(answered) | touched)
    rewritten = [_answered(o, answered.get(o.id or -1), on) for o in load_offers(uow, ids)]
    if rewritten:
        write_offers(uow, rewritten, now, author=author)
    return VeilleOutcome(batch_id, counts[Answer.CONFIRME], counts[Answer.MODIFIE],
                         counts[Answer.PLUS_DISPONIBLE], len(rewritten))


def _answered(offer: Offer, change: VeilleChange | None, on: date) -> Offer:
    if change is None:
        return offer
    activity = offer.activity
    if change.answer is Answer.MODIFIE and activity is not None \
            and change.values.get("asking_price") is not None:
        activity = replace(activity, asking_price=float(change.values["asking_price"]))
    status = OfferStatus.POURVUE if change.answer is Answer.PLUS_DISPONIBLE else offer.status
    return replace(offer, activity=activity, status=status, verified_on=on)


def undo_answers(db: Db, batch_id: int, now: datetime | None = None, *,
                 author: str = "") -> int | None:
    """Put back what veille batch ``batch_id`` changed; how many lines, ``None`` when the
    batch is unknown, not a veille batch or already undone."""
    now = now or datetime.now().replace(microsecond=0)
    return db.write(lambda uow: _undo(uow, batch_id, now, author))


def _undo(uow: Db, batch_id: int, now: datetime, author: str) -> int | None:
    with uow.reading() as tx:
        found = tx.one("SELECT target, undone_at FROM import_batches WHERE id = ?", [batch_id])
        if found is None or found[0] != "veille" or found[1] is not None:
            return None
        lines = tx.all("SELECT subject, subject_key, previous FROM import_veille "
                       "WHERE batch_id = ?", [batch_id])
    offers_back: dict[int, dict[str, Any]] = {}
    touched: set[int] = set()
    with uow.writing() as tx:
        for subject, key, text in lines:
            previous = json.loads(text)
            tx.execute("DELETE FROM provenance WHERE subject = ? AND subject_key = ?",
                       [subject, key])
            if (prov := previous["provenance"]) is not None:
                tx.execute("INSERT INTO provenance (subject, subject_key, partner_id, "
                           "confirmed_on, confirmed_by, state, updated_at) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [subject, key, prov["partner_id"], _day(prov["confirmed_on"]),
                            prov["confirmed_by"], prov["state"], now])
            if subject == "activite":
                offers_back[int(key)] = previous["offer"]
                continue
            item_id, item = int(key), previous["item"]
            fields = item["fields"]
            if fields:
                tx.execute(f"UPDATE receptivity_items SET "
                           f"{', '.join(f'{k} = ?' for k in ITEM_FIELDS)} WHERE id = ?",
                           [*(_day(fields[k]) if k == "available_from" else fields[k]
                              for k in ITEM_FIELDS), item_id])
            tx.execute("DELETE FROM receptivity_details WHERE item_id = ?", [item_id]) \
                if item["details"] is None else tx.execute(
                    "UPDATE receptivity_details SET verified_on = ?, archived = ?, "
                    "updated_at = ? WHERE item_id = ?",
                    [_day(item["details"]["verified_on"]), item["details"]["archived"], now,
                     item_id])
            for offer_id, position in item["links"]:
                tx.execute("DELETE FROM offer_receptivity WHERE offer_id = ? AND item_id = ?",
                           [offer_id, item_id])
                tx.execute("INSERT INTO offer_receptivity (offer_id, item_id, position) "
                           "VALUES (?, ?, ?)", [offer_id, item_id, position])
                touched.add(int(offer_id))
        tx.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", [now, batch_id])
        journal.record(tx, author, "import", batch_id, "undone", now, [("lines", None, len(lines))])
    if offers_back:
        restored = []
        for offer in load_offers(uow, list(offers_back)):
            assert offer.id is not None
            was = offers_back[offer.id]
            activity = offer.activity
            if activity is not None:
                activity = replace(activity, asking_price=was["asking_price"])
            restored.append(replace(offer, activity=activity, status=OfferStatus(was["status"]),
                                    verified_on=_day(was["verified_on"])))
        write_offers(uow, restored, now, author=author)
    again = sorted(touched - set(offers_back))
    if again:
        write_offers(uow, load_offers(uow, again), now, author=author)
    return len(lines)
