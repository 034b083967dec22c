"""Import batches in the store: commit validated rows at once, find duplicates, undo, templates.

:func:`import_offers` and :func:`import_items` write the clean rows of a validated file (the
``clean`` frame of :class:`accueil.io.validate.ValidationResult`) in ONE transaction, recorded
as an import batch with its file name, SHA-256 and counts; they insert DataFrames, never loop
over rows. The pillar statuses stored beside each offer are those of
:func:`accueil.domain.pillars.assess`, called once per distinct pattern of filled fields (see
:func:`assess_patterns`) rather than once per row. Also here: the batches already recorded for
a file, the probable duplicates of offers and items already stored (same kind and commune,
similar title, ``jaro_winkler_similarity``: DuckDB's own, PostgreSQL's from migration 0001), undoing a batch (refused without consent
when some of its offers were edited since), and the column mapping templates per source.
No French sentence and no streamlit here: callers word the outcomes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import numpy as np
import pandas as pd
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from accueil.domain.offers import Activity, ActivityKind, Offer
from accueil.domain.pillars import assess, missing_key
from accueil.store import journal
from accueil.store.db import Db, Tx
from accueil.store.engines import PgTx
from accueil.store.offers import ACTIVITY_FIELDS

Target = Literal["offers", "receptivity"]
TARGETS: tuple[Target, ...] = ("offers", "receptivity")
# What a recorded batch wrote: a partner file's offers or items, or a BPE file's service
# counts (written by accueil.store.amenities.write_bpe, undone here like the others), or a
# partner's veille answers (written and undone by accueil.store.veille).
BatchTarget = Literal["offers", "receptivity", "amenities", "veille"]

# Titles folded (case, accents, punctuation) that score at least this are probable duplicates:
# "Boulangerie à reprendre" and "Boulangerie-pâtisserie à reprendre" score 0.89, "Épicerie du
# bourg" and "Boulangerie du bourg" 0.68.
DUPLICATE_SIMILARITY = 0.88

# The columns written to offers; the pillar columns come from the assessment patterns.
_OFFER_INSERT = ("id", "title", "description", "commune_insee", "status", "source_partner",
                 "confidentiality", "created_at", "updated_at", "verified_on", "is_demo",
                 "activity_kind", *ACTIVITY_FIELDS, "living_environment")
_PILLAR_COLUMNS = ("pillar_activite", "pillar_receptivite", "pillar_amenites", "qualification",
                   "completeness", "missing")
_OFFER_SOURCE = ("title", "description", "commune_insee", "status", "source_partner",
                 "confidentiality", "verified_on", "activity_kind", *ACTIVITY_FIELDS,
                 "living_environment")
_ITEM_SOURCE = ("kind", "description", "commune_insee", "surface_m2", "rooms", "monthly_rent",
                "price", "available_from", "source_partner", "available_now")
_ITEM_INSERT = ("id", "kind", "description", "commune_insee", "surface_m2", "rooms",
                "monthly_rent", "price", "available_from", "is_demo", "source_partner",
                "available_now")


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """What is recorded about a file when its rows are committed."""

    file_name: str
    sha256: str
    target: BatchTarget
    source: str = ""
    sheet: str | None = None
    total_rows: int = 0
    invalid_rows: int = 0
    skipped_rows: int = 0


@dataclass(frozen=True, slots=True)
class Batch:
    """A recorded import, with what became of its rows since.

    ``remaining``: its rows still in the store; ``edited``: its offers changed since the
    import; ``linked``: its items since attached to an offer.
    """

    id: int
    file_name: str
    sha256: str
    target: BatchTarget
    source: str
    sheet: str | None
    total_rows: int
    imported_rows: int
    invalid_rows: int
    skipped_rows: int
    created_at: datetime
    undone_at: datetime | None
    remaining: int = 0
    edited: int = 0
    linked: int = 0

    @property
    def undone(self) -> bool:
        return self.undone_at is not None


@dataclass(frozen=True, slots=True)
class Template:
    """A saved column mapping: file header → field key (``None``: column ignored)."""

    target: Target
    name: str
    mapping: dict[str, str | None]
    defaults: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class UndoOutcome:
    """What :func:`undo_batch` did: ``done`` False leaves the store untouched.

    ``reason`` is ``"unknown"``, ``"already_undone"`` or ``"edited"`` (more rows changed
    since than the caller accepted to lose) when nothing was done.
    """

    batch_id: int
    done: bool
    reason: str = ""
    removed_offers: int = 0
    removed_items: int = 0
    edited: int = 0
    linked: int = 0
    removed_amenities: int = 0  # service counts of a BPE batch removed (or put back as before)


# --- Pillar statuses, one assessment per pattern ---------------------------------------------


def _blank(column: pd.Series) -> np.ndarray[Any, Any]:
    """Blank as :func:`accueil.domain.pillars` sees it: missing, or text of spaces only.

    A value that is neither missing nor text (a number, a date) is never blank. Each distinct
    value is looked at once: a column of 100k cells holds a few hundred values at most.
    """
    if not (column.dtype == object or pd.api.types.is_string_dtype(column.dtype)):
        return np.array(column.isna(), dtype=bool)  # numbers: blank only when missing
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    blank_unique = np.fromiter(
        (isinstance(value, str) and not value.strip() for value in uniques), dtype=bool,
        count=len(uniques))
    # A missing cell has code -1: the True appended last stands for it.
    blank: np.ndarray[Any, Any] = np.append(blank_unique, True)[codes]
    return blank


def _record_offer(record: Mapping[str, Any]) -> Offer:
    """The offer a clean row describes, as :meth:`ValidationResult.offers` builds it."""
    values: dict[str, Any] = {name: (None if pd.isna(record[name]) else record[name])
                              for name in ACTIVITY_FIELDS}
    values["start_asap"] = bool(values.get("start_asap"))
    activity = Activity(kind=ActivityKind(record["activity_kind"]), **values)
    living = record.get("living_environment")
    return Offer(title=str(record.get("title") or ""), commune_insee=str(record["commune_insee"]),
                 activity=activity,
                 living_environment="" if living is None or pd.isna(living) else str(living))


def assess_patterns(rows: pd.DataFrame) -> tuple[np.ndarray[Any, Any], pd.DataFrame]:
    """The pillar statuses of imported offers: a pattern number per row, and each pattern's.

    An imported offer has no réceptivité item and no amenity yet, so
    :func:`~accueil.domain.pillars.assess` depends only on its kind and on which activity
    fields and living environment are blank. Rows are grouped by that pattern (a few hundred
    at most) and ``assess`` runs on the first offer of each group: the same answer, without
    building 100k offers. Returns ``(pattern of each row, outcomes)``, ``outcomes`` holding
    ``pattern`` and the store's pillar columns.
    """
    size = len(rows)
    signature = np.zeros(size, dtype=np.int64)
    kinds = list(ActivityKind)
    kind_codes = pd.Categorical(rows["activity_kind"], categories=[k.value for k in kinds]).codes
    signature += np.asarray(kind_codes, dtype=np.int64)
    weight = len(kinds) + 1
    for name in (*ACTIVITY_FIELDS, "living_environment"):
        if name in rows.columns:
            signature += weight * _blank(rows[name])
        else:
            signature += weight  # absent column: blank everywhere
        weight *= 2
    distinct, first, pattern = np.unique(signature, return_index=True, return_inverse=True)
    records: list[dict[str, Any]] = [
        {str(key): value for key, value in record.items()}
        for record in rows.iloc[first].to_dict("records")]
    outcomes: dict[str, list[Any]] = {"pattern": list(range(len(distinct)))}
    for name in _PILLAR_COLUMNS:
        outcomes[name] = []
    for record in records:
        assessment = assess(_record_offer(record))
        outcomes["pillar_activite"].append(assessment.activite.status.value)
        outcomes["pillar_receptivite"].append(assessment.receptivite.status.value)
        outcomes["pillar_amenites"].append(assessment.amenites.status.value)
        outcomes["qualification"].append(assessment.qualification.value)
        outcomes["completeness"].append(assessment.completeness)
        outcomes["missing"].append([missing_key(p.pillar, m) for p in assessment.pillars
                                    for m in p.missing])
    return np.asarray(pattern, dtype=np.int64).reshape(size), pd.DataFrame(outcomes)


# --- Committing --------------------------------------------------------------------------------


def _with_columns(rows: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """``rows`` restricted to ``names``, a column of NULLs standing for each one it lacks."""
    present = [name for name in names if name in rows.columns]
    frame = rows[present].reset_index(drop=True)
    for name in names:
        if name not in frame.columns:
            frame[name] = pd.Series([None] * len(frame), dtype=object)
    return frame


def _ids(tx: Tx, sequence: str, count: int) -> np.ndarray[Any, Any]:
    return np.asarray(tx.next_ids(sequence, count), dtype=np.int64)


def _insert(tx: Tx, name: str, frame: pd.DataFrame, sql: str,
            params: Sequence[Any] = (), like: str | None = None) -> None:
    with tx.bulk_rows(), tx.frame_table(name, frame, like=like):
        tx.execute(sql, list(params))


def record_batch(cur: Tx, record: BatchRecord, imported: int, now: datetime) -> int:
    row = cur.one(
        "INSERT INTO import_batches (file_name, sha256, target, source, sheet, total_rows, "
        "imported_rows, invalid_rows, skipped_rows, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [record.file_name, record.sha256, record.target, record.source.strip(), record.sheet,
         record.total_rows, imported, record.invalid_rows, record.skipped_rows, now])
    assert row is not None
    return int(row[0])


def _select(name: str) -> str:
    """The import row's value of an activity column; a yes/no column is never NULL."""
    return f"coalesce(r.{name}, false)" if name == "start_asap" else f"r.{name}"


def import_offers(db: Db, rows: pd.DataFrame, record: BatchRecord, *,
                  template: Template | None = None, now: datetime | None = None,
                  items: pd.DataFrame | None = None, author: str = "") -> int:
    """Write the clean offer ``rows`` as one batch, in one transaction; returns the batch id.

    ``rows`` is the ``clean`` frame of a validation of offers (columns of
    :data:`accueil.io.validate.OFFER_COLUMNS`; texts stripped, ``None`` when empty;
    ``activity_kind``, ``status`` and ``confidentiality`` filled). ``items``, the clean
    réceptivité rows of the same file (a mairie's list mixing jobs and dwellings), are
    written in the same transaction and batch. ``template``, if given, is saved in the same
    transaction. Every offer gets the batch's time as creation and update time, which tells
    later whether it was edited since. The journal gets one row for the whole batch.
    """
    now = now or datetime.now()
    extra = 0 if items is None else len(items)
    with db.writing() as cur:
        batch_id = record_batch(cur, record, len(rows) + extra, now)
        _write_offers(cur, rows, batch_id, now)
        if items is not None:
            _write_items(cur, items, batch_id)
        if template is not None:
            _save_template(cur, template, now)
        _journal_batch(cur, author, batch_id, record, len(rows), extra, now)
    return batch_id


def _journal_batch(cur: Tx, author: str, batch_id: int, record: BatchRecord, offers: int,
                   items: int, now: datetime) -> None:
    fields: list[tuple[str, object, object]] = [("file", None, record.file_name)]
    if offers:
        fields.append(("offers", None, offers))
    if items:
        fields.append(("items", None, items))
    journal.record(cur, author, "import", batch_id, "imported", now, fields)


def _write_offers(cur: Tx, rows: pd.DataFrame, batch_id: int, now: datetime) -> None:
    if not len(rows):
        return
    pattern, outcomes = assess_patterns(rows)
    frame = _with_columns(rows, _OFFER_SOURCE)
    frame["id"] = _ids(cur, "offer_id_seq", len(rows))
    frame["pattern"] = pattern
    columns = ", ".join(_OFFER_INSERT + _PILLAR_COLUMNS)
    with cur.frame_table("import_outcomes", outcomes, like="offers"):
        _insert(cur, "import_rows", frame,
                f"INSERT INTO offers ({columns}) SELECT r.id, r.title, "
                "coalesce(r.description, ''), r.commune_insee, r.status, "
                "coalesce(r.source_partner, ''), r.confidentiality, ?, ?, "
                "r.verified_on, false, r.activity_kind, "
                f"{', '.join(_select(name) for name in ACTIVITY_FIELDS)}, "
                "coalesce(r.living_environment, ''), "
                f"{', '.join('o.' + name for name in _PILLAR_COLUMNS)} "
                "FROM import_rows r JOIN import_outcomes o USING (pattern)", [now, now],
                like="offers")
    _insert(cur, "import_links", frame[["id"]],
            "INSERT INTO import_offers SELECT id, ? FROM import_links", [batch_id])


def import_items(db: Db, rows: pd.DataFrame, record: BatchRecord, *,
                 template: Template | None = None, now: datetime | None = None,
                 author: str = "") -> int:
    """Write the clean réceptivité ``rows`` as one batch, in one transaction; returns its id.

    ``rows`` is the ``clean`` frame of a validation of réceptivité items (columns of
    :data:`accueil.io.validate.RECEPTIVITY_COLUMNS`).
    """
    now = now or datetime.now()
    with db.writing() as cur:
        batch_id = record_batch(cur, record, len(rows), now)
        _write_items(cur, rows, batch_id)
        _journal_batch(cur, author, batch_id, record, 0, len(rows), now)
        if template is not None:
            _save_template(cur, template, now)
    return batch_id


def _write_items(cur: Tx, rows: pd.DataFrame, batch_id: int) -> None:
    if not len(rows):
        return
    frame = _with_columns(rows, _ITEM_SOURCE)
    frame["id"] = _ids(cur, "receptivity_id_seq", len(rows))
    _insert(cur, "import_rows", frame,
            f"INSERT INTO receptivity_items ({', '.join(_ITEM_INSERT)}) "
            "SELECT id, kind, coalesce(description, ''), commune_insee, surface_m2, "
            "rooms, monthly_rent, price, available_from, false, "
            "coalesce(source_partner, ''), coalesce(available_now, false) "
            "FROM import_rows", like="receptivity_items")
    _insert(cur, "import_links", frame[["id"]],
            "INSERT INTO import_items SELECT id, ? FROM import_links", [batch_id])


# --- Batches -----------------------------------------------------------------------------------

_BATCH_COLUMNS = ("id", "file_name", "sha256", "target", "source", "sheet", "total_rows",
                  "imported_rows", "invalid_rows", "skipped_rows", "created_at", "undone_at")
# Tables whose rows belong to an import's offers or items: removed with them on undo.
_LINK_TABLES = {"offer_id": "import_offers", "item_id": "import_items"}


def _dependents(cur: Tx, column: str) -> list[str]:
    """The tables holding a ``column`` (``offer_id``, ``item_id``) that points at an offer or
    an item, besides the import's own links: the réceptivité links today, and whatever other
    issues hang on offers and items (qualifications, details, analyses). Read from the schema,
    so that undoing an import never leaves rows pointing at nothing."""
    found = cur.all(
        "SELECT c.table_name FROM information_schema.columns c "
        "JOIN information_schema.tables t ON t.table_name = c.table_name "
        "AND t.table_schema = c.table_schema "
        "WHERE c.column_name = ? AND t.table_type = 'BASE TABLE' AND c.table_name <> ? "
        "AND c.table_schema = current_schema() ORDER BY c.table_name",
        [column, _LINK_TABLES[column]])
    return [str(row[0]) for row in found]


def _referenced(tables: Sequence[str], column: str) -> str:
    """SQL of the ids that ``tables`` point at through ``column`` (an empty set if none)."""
    if not tables:
        return "SELECT NULL::BIGINT WHERE false"
    return " UNION ".join(f"SELECT {column} FROM {table}" for table in tables)


# A BPE batch's count is still in place while the store holds the count it wrote: same source,
# same time (a later BPE import or a count typed by hand replaces it).
_AMENITY_IN_PLACE = ("JOIN commune_amenities a ON a.commune_insee = l.commune_insee "
                     "AND a.amenity = l.amenity AND a.source = 'bpe' "
                     "AND a.updated_at = b.created_at")


def _change_counts(cur: Tx) -> str:
    """SQL giving, per batch, its rows still stored and those changed since the import.

    An offer changed when its update time differs from the import's, or when another table
    points at it (items linked, analyses…); an item when another table points at it.
    """
    offer_refs = _referenced(_dependents(cur, "offer_id"), "offer_id")
    item_refs = _referenced(_dependents(cur, "item_id"), "item_id")
    return (
        "SELECT b.id AS batch_id, "
        "  (SELECT count(*) FROM import_offers l JOIN offers f ON f.id = l.offer_id "
        "   WHERE l.batch_id = b.id) + "
        "  (SELECT count(*) FROM import_items l JOIN receptivity_items r ON r.id = l.item_id "
        "   WHERE l.batch_id = b.id) + "
        f"  (SELECT count(*) FROM import_amenities l {_AMENITY_IN_PLACE} "
        "   WHERE l.batch_id = b.id) + "
        "  (SELECT count(*) FROM import_veille l WHERE l.batch_id = b.id "
        "   AND b.undone_at IS NULL) AS remaining, "
        "  (SELECT count(*) FROM import_offers l JOIN offers f ON f.id = l.offer_id "
        "   WHERE l.batch_id = b.id AND (f.updated_at IS DISTINCT FROM b.created_at "
        f"   OR f.id IN ({offer_refs}))) AS edited, "
        "  (SELECT count(*) FROM import_items l JOIN receptivity_items r ON r.id = l.item_id "
        f"   WHERE l.batch_id = b.id AND r.id IN ({item_refs})) AS linked "
        "FROM import_batches b")


def batches(db: Db, *, sha256: str | None = None, limit: int | None = None) -> list[Batch]:
    """Recorded batches, newest first (only those of the file ``sha256`` when given)."""
    where = "WHERE b.sha256 = ?" if sha256 else ""
    params: list[Any] = [sha256] if sha256 else []
    with db.reading() as cur:
        sql = (f"SELECT {', '.join('b.' + c for c in _BATCH_COLUMNS)}, "
               "coalesce(c.remaining, 0), coalesce(c.edited, 0), coalesce(c.linked, 0) "
               f"FROM import_batches b LEFT JOIN ({_change_counts(cur)}) c "
               f"ON c.batch_id = b.id {where} ORDER BY b.id DESC")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        found = cur.all(sql, params)
    return [_batch(row) for row in found]


def _batch(row: tuple[Any, ...]) -> Batch:
    (batch_id, file_name, sha256, target, source, sheet, total_rows, imported_rows,
     invalid_rows, skipped_rows, created_at, undone_at, remaining, edited, linked) = row
    return Batch(int(batch_id), file_name, sha256, target, source, sheet, int(total_rows),
                 int(imported_rows), int(invalid_rows), int(skipped_rows), created_at, undone_at,
                 int(remaining), int(edited), int(linked))


def get_batch(db: Db, batch_id: int) -> Batch | None:
    found = [b for b in batches(db) if b.id == batch_id]
    return found[0] if found else None


def undo_batch(db: Db, batch_id: int, *, accepted_changes: int = 0,
               author: str = "") -> UndoOutcome:
    """Remove exactly the rows of batch ``batch_id``, and what points at them, at once.

    When more of its rows changed since the import (offers edited or completed, items
    attached to an offer) than the ``accepted_changes`` the user was told about and agreed to
    lose, nothing is removed: the caller asks the user first. The check and the removal
    happen in the same transaction, so a change made meanwhile is never lost unannounced.
    """
    with db.writing() as cur:
        found = cur.one("SELECT undone_at FROM import_batches WHERE id = ?", [batch_id])
        if found is None:
            return UndoOutcome(batch_id, False, "unknown")
        if found[0] is not None:
            return UndoOutcome(batch_id, False, "already_undone")
        counts = cur.one(f"SELECT edited, linked FROM ({_change_counts(cur)}) AS changes "
                         "WHERE batch_id = ?", [batch_id])
        edited, linked = (int(counts[0]), int(counts[1])) if counts else (0, 0)
        if edited + linked > accepted_changes:
            return UndoOutcome(batch_id, False, "edited", edited=edited, linked=linked)
        removed = {}
        for column, table in (("offer_id", "offers"), ("item_id", "receptivity_items")):
            ids = f"SELECT {column} FROM {_LINK_TABLES[column]} WHERE batch_id = ?"
            for dependent in _dependents(cur, column):
                cur.execute(f"DELETE FROM {dependent} WHERE {column} IN ({ids})", [batch_id])
            removed[table] = cur.change(f"DELETE FROM {table} WHERE id IN ({ids})", [batch_id])
            cur.execute(f"DELETE FROM {_LINK_TABLES[column]} WHERE batch_id = ?", [batch_id])
        amenities = _undo_amenities(cur, batch_id)
        when = datetime.now()
        cur.execute("UPDATE import_batches SET undone_at = ? WHERE id = ?", [when, batch_id])
        journal.record(cur, author, "import", batch_id, "undone", when.replace(microsecond=0),
                       [(name, count, 0) for name, count in (
                           ("offers", removed["offers"]), ("items", removed["receptivity_items"]),
                           ("amenities", amenities)) if count])
    return UndoOutcome(batch_id, True, removed_offers=removed["offers"],
                       removed_items=removed["receptivity_items"], edited=edited, linked=linked,
                       removed_amenities=amenities)


def _undo_amenities(cur: Tx, batch_id: int) -> int:
    """Remove the service counts batch ``batch_id`` wrote that are still in place, and put
    back what each commune had before for that category; returns how many were removed. A
    count replaced since (typed by hand, a later BPE file) is left as it is."""
    in_place = ("SELECT l.commune_insee, l.amenity, l.previous_count, l.previous_source, "
                "l.previous_updated_at FROM import_amenities l "
                "JOIN import_batches b ON b.id = l.batch_id "
                f"{_AMENITY_IN_PLACE} WHERE l.batch_id = ?")
    cur.execute("DROP TABLE IF EXISTS undo_amenities")
    cur.execute(f"CREATE TEMPORARY TABLE undo_amenities AS {in_place}", [batch_id])
    try:
        removed = cur.change(
            "DELETE FROM commune_amenities a USING undo_amenities u "
            "WHERE a.commune_insee = u.commune_insee AND a.amenity = u.amenity")
        cur.execute(
            "INSERT INTO commune_amenities SELECT commune_insee, amenity, previous_count, "
            "previous_source, previous_updated_at FROM undo_amenities "
            "WHERE previous_count IS NOT NULL")
        # A profile form opened before the undo is told (amenity_profile_versions, 0009).
        cur.execute(
            "INSERT INTO amenity_profile_versions (commune_insee, version, updated_at) "
            "SELECT DISTINCT commune_insee, 2, ? FROM undo_amenities "
            "ON CONFLICT (commune_insee) DO UPDATE SET "
            "version = amenity_profile_versions.version + 1, updated_at = excluded.updated_at",
            [datetime.now().replace(microsecond=0)])
    finally:
        cur.execute("DROP TABLE IF EXISTS undo_amenities")
    return removed


# --- Probable duplicates -----------------------------------------------------------------------

_FOLD = "trim(regexp_replace(lower(strip_accents({0})), '[^a-z0-9]+', ' ', 'g'))"


def probable_duplicate_offers(db: Db, candidates: pd.DataFrame, *,
                              threshold: float = DUPLICATE_SIMILARITY) -> pd.DataFrame:
    """For each candidate row, the most similar stored offer of the same kind and commune.

    ``candidates``: columns ``row`` (the file row), ``activity_kind``, ``commune_insee``,
    ``title``. Returns one line per candidate that has a probable duplicate: ``row``,
    ``title``, ``offer_id``, ``existing_title``, ``status``, ``similarity`` (0 to 1), by row.
    """
    return _duplicates(db, candidates, "activity_kind", "title", threshold,
                       "offers", "activity_kind", "title", "status")


def probable_duplicate_items(db: Db, candidates: pd.DataFrame, *,
                             threshold: float = DUPLICATE_SIMILARITY) -> pd.DataFrame:
    """As :func:`probable_duplicate_offers` for réceptivité items: same kind and commune,
    similar description (``candidates``: ``row``, ``kind``, ``commune_insee``,
    ``description``; result: ``row``, ``title``, ``offer_id`` (the item's id),
    ``existing_title``, ``status`` (empty), ``similarity``)."""
    return _duplicates(db, candidates, "kind", "description", threshold,
                       "receptivity_items", "kind", "description", "''")


def _duplicates(db: Db, candidates: pd.DataFrame, kind: str, text: str, threshold: float,
                table: str, stored_kind: str, stored_text: str, status: str) -> pd.DataFrame:
    frame = pd.DataFrame({
        "line": np.asarray(candidates["row"], dtype=np.int64),
        "kind": candidates[kind].astype(object).to_numpy(),
        "commune_insee": candidates["commune_insee"].astype(object).to_numpy(),
        "title": candidates[text].astype(object).fillna("").to_numpy(),
    })
    stored_status = status if status.startswith("'") else f"t.{status}"
    # Pair rows and stored records of the same kind and commune first, then fold and compare
    # only the texts of those pairs: a first import into an empty store compares nothing.
    shared = (
        "WITH c AS (SELECT line, kind, commune_insee, title FROM import_candidates "
        "  WHERE title <> ''), "
        f"s AS (SELECT t.id, t.{stored_kind} AS kind, t.commune_insee, t.{stored_text} AS title, "
        f"  {stored_status} AS status FROM {table} t "
        f"  WHERE t.{stored_text} <> '' AND (t.{stored_kind}, t.commune_insee) IN "
        "  (SELECT kind, commune_insee FROM c)), "
        f"cf AS (SELECT c.*, {_FOLD.format('c.title')} AS folded FROM c "
        "  WHERE (c.kind, c.commune_insee) IN (SELECT kind, commune_insee FROM s)), "
        f"sf AS (SELECT s.*, {_FOLD.format('s.title')} AS folded FROM s) ")
    sql = (
        f"{shared}, "
        "pairs AS (SELECT cf.line, cf.title, sf.id AS offer_id, sf.title AS existing_title, "
        "  sf.status, jaro_winkler_similarity(cf.folded, sf.folded) AS similarity "
        "  FROM cf JOIN sf ON sf.kind = cf.kind AND sf.commune_insee = cf.commune_insee), "
        "ranked AS (SELECT pairs.*, row_number() OVER (PARTITION BY line "
        "  ORDER BY similarity DESC, offer_id) AS rank FROM pairs WHERE similarity >= ?) "
        "SELECT line AS row, title, offer_id, existing_title, status, similarity FROM ranked "
        "WHERE rank = 1 ORDER BY line")
    with db.reading() as cur, cur.frame_table("import_candidates", frame):
        if not isinstance(cur, PgTx):
            return cur.frame(sql, [threshold])
        # PostgreSQL has no native Jaro-Winkler: its PL/pgSQL twin (migration 0001) took 11
        # minutes over the 800 000 pairs of a 100 000-row file imported twice. The texts are
        # folded by the same SQL, then scored here by rapidfuzz, whose Jaro-Winkler is the
        # implementation DuckDB's jaro_winkler_similarity is built on (same figures to 1e-7).
        rows = cur.frame(f"{shared} SELECT line, kind, commune_insee, title, folded FROM cf", [])
        stored = cur.frame(f"{shared} SELECT id AS offer_id, kind, commune_insee, "
                           "title AS existing_title, status, folded AS stored_folded FROM sf", [])
    return _best_pairs(rows, stored, threshold)


def _best_pairs(rows: pd.DataFrame, stored: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """For each file row, its most similar stored record (ties: the lowest id), if similar
    enough; columns as :func:`probable_duplicate_offers` returns them."""
    columns = ["row", "title", "offer_id", "existing_title", "status", "similarity"]
    pairs = rows.merge(stored, on=["kind", "commune_insee"])
    if pairs.empty:
        return pd.DataFrame({name: pd.Series([], dtype=object) for name in columns})
    left = pairs["folded"].fillna("").astype(str).tolist()
    right = pairs["stored_folded"].fillna("").astype(str).tolist()
    scores = process.cpdist(left, right, scorer=JaroWinkler.normalized_similarity,
                            dtype=np.float64)
    # DuckDB gives 0 where a folded text is empty (rapidfuzz would say two empties match).
    empty = (pairs["folded"].fillna("") == "").to_numpy() \
        | (pairs["stored_folded"].fillna("") == "").to_numpy()
    pairs["similarity"] = np.where(empty, 0.0, scores)
    pairs = pairs[pairs["similarity"] >= threshold]
    best = (pairs.sort_values(["line", "similarity", "offer_id"], ascending=[True, False, True])
            .drop_duplicates("line"))
    return best.rename(columns={"line": "row"})[columns].reset_index(drop=True)


# --- Mapping templates -------------------------------------------------------------------------


def _save_template(cur: Tx, template: Template, now: datetime) -> None:
    cur.execute("DELETE FROM import_templates WHERE target = ? AND name = ?",
                [template.target, template.name.strip()])
    cur.execute(
        "INSERT INTO import_templates (target, name, mapping, defaults, updated_at) "
        "VALUES (?, ?, ?, ?, ?)",
        [template.target, template.name.strip(), json.dumps(template.mapping, ensure_ascii=False),
         json.dumps(template.defaults, ensure_ascii=False), now])


def save_template(db: Db, template: Template) -> None:
    """Save (or replace) the mapping template ``template.name`` for its target."""
    with db.writing() as cur:
        _save_template(cur, template, datetime.now())


def templates(db: Db, target: Target) -> list[Template]:
    """The saved templates of ``target``, most recently used first."""
    with db.reading() as cur:
        found = cur.all(
            "SELECT target, name, mapping, defaults, updated_at FROM import_templates "
            "WHERE target = ? ORDER BY updated_at DESC, name", [target])
    return [Template(t, n, json.loads(m), json.loads(d), u) for t, n, m, d, u in found]


def delete_template(db: Db, target: Target, name: str) -> None:
    with db.writing() as cur:
        cur.execute("DELETE FROM import_templates WHERE target = ? AND name = ?", [target, name])


__all__ = [
    "DUPLICATE_SIMILARITY",
    "TARGETS",
    "Batch",
    "BatchRecord",
    "BatchTarget",
    "Template",
    "UndoOutcome",
    "assess_patterns",
    "batches",
    "delete_template",
    "get_batch",
    "import_items",
    "import_offers",
    "probable_duplicate_items",
    "probable_duplicate_offers",
    "record_batch",
    "save_template",
    "templates",
    "undo_batch",
]
