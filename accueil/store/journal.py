"""The change journal (migration 0010_journal): append-only rows written by the store's write
functions inside their own transaction, and the reads built on it.

Writes: :func:`record` (one entity, its changed fields) and :func:`record_rows` (many rows
at once, for writes of many offers). Nothing here updates or deletes a journal row; on
PostgreSQL a trigger refuses it anyway. Values are kept as text as the user would read them
(dates ISO, lists joined by commas); passwords never reach this module.

Reads: an entity's history (:func:`history`), what changed since a date
(:func:`changes_since`, :func:`change_counts`) and, for presentations, offers qualified and
filled per quarter (:func:`progress_by_quarter`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

import pandas as pd

from accueil.domain.territories import Territory
from accueil.store.db import Db, Tx

JOURNAL_COLUMNS = ("id", "changed_at", "author", "entity", "entity_id", "action", "field", "old_value",
                   "new_value")
MAX_VALUE = 2000  # a description is journaled whole up to here, then cut with an ellipsis


@dataclass(frozen=True, slots=True)
class Change:
    """One row to journal: ``field`` '' for the entity as a whole (created, imported…)."""

    entity: str
    entity_id: str | int
    action: str
    field: str = ""
    old: Any = None
    new: Any = None


def as_text(value: Any) -> str | None:
    """A stored value as the journal keeps it."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        text = value.isoformat(sep=" ", timespec="seconds")
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, bool):
        text = "oui" if value else "non"
    elif isinstance(value, float):
        text = f"{value:g}" if value != int(value) or abs(value) >= 1e15 else str(int(value))
    elif isinstance(value, list | tuple | set | frozenset):
        text = ", ".join(sorted(str(v.value if isinstance(v, Enum) else v) for v in value))
    else:
        text = str(value)
    if not text:
        return None  # empty and unset read the same in a history
    return text if len(text) <= MAX_VALUE else text[:MAX_VALUE - 1] + "…"


def diff(before: dict[str, Any], after: dict[str, Any],
         fields: Iterable[str]) -> list[tuple[str, str | None, str | None]]:
    """The fields whose text differs between two rows: (field, old, new)."""
    found = []
    for name in fields:
        old, new = as_text(before.get(name)), as_text(after.get(name))
        if old != new:
            found.append((name, old, new))
    return found


def record_rows(tx: Tx, author: str, changes: Sequence[Change], now: datetime) -> int:
    """Append ``changes`` in the caller's transaction; how many rows were written."""
    if not changes:
        return 0
    ids = tx.next_ids("journal_id_seq", len(changes))
    frame = pd.DataFrame({
        "id": ids, "changed_at": [now] * len(changes), "author": [author.strip()] * len(changes),
        "entity": [c.entity for c in changes],
        "entity_id": [str(c.entity_id) for c in changes],
        "action": [c.action for c in changes], "field": [c.field for c in changes],
        "old_value": pd.Series([as_text(c.old) for c in changes], dtype=object),
        "new_value": pd.Series([as_text(c.new) for c in changes], dtype=object),
    })
    return tx.insert_frame("journal", frame)


def record(tx: Tx, author: str, entity: str, entity_id: str | int, action: str, now: datetime,
           fields: Sequence[tuple[str, Any, Any]] = ()) -> int:
    """Journal one action on one entity: one row per changed field, or one row for the
    entity as a whole when ``fields`` is empty."""
    if fields:
        return record_rows(tx, author, [Change(entity, entity_id, action, f, o, n)
                                        for f, o, n in fields], now)
    return record_rows(tx, author, [Change(entity, entity_id, action)], now)


# -- reading ------------------------------------------------------------------------------------


def history(db: Db, entity: str, entity_id: str | int, limit: int = 500) -> pd.DataFrame:
    """The journal rows of one entity, newest first."""
    with db.reading() as tx:
        return tx.frame(f"SELECT {', '.join(JOURNAL_COLUMNS)} FROM journal "
                        "WHERE entity = ? AND entity_id = ? ORDER BY changed_at DESC, id DESC LIMIT ?",
                        [entity, str(entity_id), limit])


def offer_history(db: Db, offer_id: int, limit: int = 500) -> pd.DataFrame:
    """An offer's own rows, and the imports that created or removed it (by batch)."""
    with db.reading() as tx:
        return tx.frame(
            f"SELECT {', '.join(JOURNAL_COLUMNS)} FROM journal WHERE (entity = 'offer' AND "
            "entity_id = ?) OR (entity = 'import' AND entity_id IN (SELECT CAST(batch_id AS "
            "VARCHAR) FROM import_offers WHERE offer_id = ?)) ORDER BY changed_at DESC, id DESC LIMIT ?",
            [str(offer_id), offer_id, limit])


def changes_since(db: Db, since: datetime, limit: int = 500) -> pd.DataFrame:
    """Journal rows at or after ``since``, newest first (at most ``limit``; the ``total``
    column says how many there are in all)."""
    with db.reading() as tx:
        return tx.frame(
            f"SELECT {', '.join(JOURNAL_COLUMNS)}, count(*) OVER () AS total FROM journal "
            "WHERE changed_at >= ? ORDER BY changed_at DESC, id DESC LIMIT ?", [since, limit])


def change_counts(db: Db, since: datetime) -> pd.DataFrame:
    """How many changes of each kind since ``since``: entity, action, changes (rows), and
    entities (distinct ids touched)."""
    with db.reading() as tx:
        return tx.frame(
            "SELECT entity, action, count(*) AS changes, count(DISTINCT entity_id) AS entities "
            "FROM journal WHERE changed_at >= ? GROUP BY entity, action "
            "ORDER BY count(DISTINCT entity_id) DESC, entity, action", [since])


def progress_by_quarter(db: Db, territory: Territory | None = None) -> pd.DataFrame:
    """Per calendar quarter: offers that became qualifiée and offers marked pourvue.

    Columns ``quarter`` (``2026-T4``), ``qualified`` and ``filled``; only quarters with at
    least one of them. *Qualified* counts offers whose current qualification record
    (offer_qualifications, kept by every write) is dated in the quarter; *filled* counts the
    offers whose status was changed to *pourvue* in the quarter (journal), each once per
    quarter. Offers of ``territory`` only, when given (their commune today).
    """
    from accueil.store.offers import territory_condition

    where, params = territory_condition(territory)
    in_territory = (f"o.commune_insee IN (SELECT c.code_insee FROM ref_communes c WHERE {where})")
    with db.reading() as tx:
        qualified = tx.all(
            "SELECT extract(year FROM q.qualified_at) AS y, "
            "CAST(ceil(extract(month FROM q.qualified_at) / 3.0) AS INTEGER) AS t, "
            "count(DISTINCT q.offer_id) FROM offer_qualifications q JOIN offers o ON "
            f"o.id = q.offer_id WHERE {in_territory} GROUP BY 1, 2", params)
        filled = tx.all(
            "SELECT extract(year FROM j.changed_at) AS y, "
            "CAST(ceil(extract(month FROM j.changed_at) / 3.0) AS INTEGER) AS t, "
            "count(DISTINCT j.entity_id) FROM journal j JOIN offers o ON "
            "CAST(o.id AS VARCHAR) = j.entity_id WHERE j.entity = 'offer' AND "
            "j.field = 'status' AND j.new_value = 'pourvue' "
            f"AND {in_territory} GROUP BY 1, 2", params)
    table: dict[str, dict[str, int]] = {}
    for rows, column in ((qualified, "qualified"), (filled, "filled")):
        for year, quarter, count in rows:
            key = f"{int(year)}-T{int(quarter)}"
            table.setdefault(key, {"qualified": 0, "filled": 0})[column] = int(count)
    return pd.DataFrame([{"quarter": k, **v} for k, v in sorted(table.items())],
                        columns=["quarter", "qualified", "filled"])
