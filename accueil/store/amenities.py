"""Aménités of communes in the store: service counts per category and the living environment.

``commune_amenities`` holds one row per commune and :class:`~accueil.domain.offers.Amenity`
(a count, where it comes from, when); no row means "not known". Counts typed by hand are kept
when a BPE file is imported again: a person knows better than a national file (a doctor who
left last month). Every write is one transaction. No business rule here beyond that one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from accueil.domain.amenities import BPE_AMENITIES, AmenityCount, AmenityProfile, AmenitySource
from accueil.domain.offers import Amenity
from accueil.domain.territories import Territory
from accueil.store import journal
from accueil.store.db import Db, Tx
from accueil.store.imports import BatchRecord, record_batch
from accueil.store.offers import territory_condition


def load_profile(db: Db, commune: str) -> AmenityProfile:
    """What the store knows of ``commune`` (an empty profile when nothing)."""
    with db.reading() as tx:
        rows = tx.all("SELECT amenity, count, source, updated_at FROM commune_amenities "
                      "WHERE commune_insee = ?", [commune])
        living = tx.one("SELECT living_environment FROM commune_living "
                        "WHERE commune_insee = ?", [commune])
    counts = {Amenity(a): AmenityCount(Amenity(a), int(n), AmenitySource(s), at)
              for a, n, s, at in rows if a in Amenity.__members__.values()}
    return AmenityProfile(commune, counts, str(living[0]) if living else "")


def communes_having(db: Db, amenity: Amenity) -> frozenset[str]:
    """Communes known to have at least one ``amenity``."""
    with db.reading() as tx:
        rows = tx.all("SELECT commune_insee FROM commune_amenities "
                      "WHERE amenity = ? AND count > 0", [amenity.value])
    return frozenset(str(r[0]) for r in rows)


def save_profile(db: Db, commune: str, counts: Mapping[Amenity, int | None],
                 living_environment: str, now: datetime | None = None, *,
                 author: str = "") -> int:
    """Write a profile edited by hand; returns how many counts changed.

    A count that changes becomes a manual one; ``None`` forgets the count (not known); an
    unchanged count keeps its source and date.
    """
    now = now or datetime.now().replace(microsecond=0)
    return db.write(lambda uow: _save_profile(uow, commune, counts, living_environment, now,
                                              author))


def _save_profile(db: Db, commune: str, counts: Mapping[Amenity, int | None],
                  living_environment: str, now: datetime, author: str) -> int:
    before = load_profile(db, commune)
    changed = 0
    fields: list[tuple[str, object, object]] = []
    with db.writing() as cur:
        for amenity, count in counts.items():
            old = before.counts.get(amenity)
            if (old.count if old else None) == count:
                continue
            changed += 1
            fields.append((amenity.value, old.count if old else None, count))
            cur.execute("DELETE FROM commune_amenities WHERE commune_insee = ? AND amenity = ?",
                        [commune, amenity.value])
            if count is not None:
                cur.execute("INSERT INTO commune_amenities VALUES (?, ?, ?, ?, ?)",
                            [commune, amenity.value, count, AmenitySource.MANUEL.value, now])
        if living_environment.strip() != before.living_environment.strip():
            fields.append(("living_environment", before.living_environment.strip(),
                           living_environment.strip()))
            cur.execute("DELETE FROM commune_living WHERE commune_insee = ?", [commune])
            if living_environment.strip():
                cur.execute("INSERT INTO commune_living VALUES (?, ?, false, ?)",
                            [commune, living_environment.strip(), now])
        if fields:
            journal.record(cur, author, "amenities", commune, "updated", now, fields)
    return changed


@dataclass(frozen=True, slots=True)
class BpeWrite:
    written: int  # rows written (one per commune and category)
    kept_manual: int  # counts typed by hand left as they were
    batch_id: int | None = None  # the import batch recorded, when a record was given


def write_bpe(db: Db, counts: pd.DataFrame, covered: Iterable[str],
              now: datetime | None = None, *, record: BatchRecord | None = None,
              author: str = "") -> BpeWrite:
    """Replace the BPE counts of the ``covered`` communes by ``counts``, in one transaction.

    ``counts`` has columns commune_insee, amenity, count (only positive ones need be listed):
    every category the BPE tells is written for every covered commune, 0 when not listed.
    Counts typed by hand stay. With a ``record`` the write is an import batch (target
    ``amenities``): each count written is listed with what it replaced, so that
    :func:`accueil.store.imports.undo_batch` can put the previous counts back; the batch and
    the counts are written together or not at all.
    """
    # A batch's counts are told from a later batch's by their time: to the microsecond.
    now = now or (datetime.now() if record is not None
                  else datetime.now().replace(microsecond=0))
    communes = sorted(set(covered))
    grid = pd.MultiIndex.from_product(
        [communes, sorted(a.value for a in BPE_AMENITIES)], names=["commune_insee", "amenity"])
    listed = (counts.groupby(["commune_insee", "amenity"])["count"].sum()
              if len(counts) else pd.Series(dtype="int64"))
    frame = listed.reindex(grid, fill_value=0).rename("count").reset_index()
    frame["count"] = frame["count"].astype("int64")
    frame["source"] = AmenitySource.BPE.value
    frame["updated_at"] = now
    with db.writing() as tx, tx.frame_table("bpe_rows", frame, like="commune_amenities"):
        manual = int(tx.scalar(
            "SELECT count(*) FROM commune_amenities a JOIN bpe_rows b "
            "USING (commune_insee, amenity) WHERE a.source = ?",
            [AmenitySource.MANUEL.value]) or 0)
        batch_id = None
        if record is not None:
            batch_id = record_batch(tx, record, len(frame) - manual, now)
            tx.execute(
                "INSERT INTO import_amenities SELECT ?, b.commune_insee, b.amenity, "
                "a.count, a.source, a.updated_at FROM bpe_rows b LEFT JOIN "
                "commune_amenities a USING (commune_insee, amenity) "
                "WHERE a.source IS DISTINCT FROM ?",
                [batch_id, AmenitySource.MANUEL.value])
        tx.execute(
            "DELETE FROM commune_amenities a USING bpe_rows b WHERE a.source <> ? "
            "AND a.commune_insee = b.commune_insee AND a.amenity = b.amenity",
            [AmenitySource.MANUEL.value])
        written = tx.change(
            "INSERT INTO commune_amenities SELECT b.commune_insee, b.amenity, b.count, "
            "b.source, b.updated_at FROM bpe_rows b WHERE NOT EXISTS (SELECT 1 FROM "
            "commune_amenities a WHERE a.commune_insee = b.commune_insee "
            "AND a.amenity = b.amenity)")
        journal.record(tx, author, "import" if batch_id is not None else "amenities",
                       batch_id if batch_id is not None else "bpe", "imported",
                       now.replace(microsecond=0),
                       [("file", None, record.file_name if record else None),
                        ("communes", None, len(communes)), ("amenities", None, int(written))])
    return BpeWrite(int(written), manual, batch_id)


def write_demo_profiles(cur: Tx, profiles: Sequence[AmenityProfile], now: datetime) -> None:
    """Demo profiles, inside the caller's transaction; removed with the demo."""
    rows = [(p.commune_insee, a.value, c.count, AmenitySource.DEMO.value, now)
            for p in profiles for a, c in p.counts.items()]
    if rows:
        frame = pd.DataFrame(rows, columns=["commune_insee", "amenity", "count", "source",
                                            "updated_at"])
        with cur.frame_table("demo_amenities", frame, like="commune_amenities"):
            cur.execute("INSERT INTO commune_amenities SELECT * FROM demo_amenities d WHERE "
                        "NOT EXISTS (SELECT 1 FROM commune_amenities a WHERE "
                        "a.commune_insee = d.commune_insee AND a.amenity = d.amenity)")
    for p in profiles:
        if p.living_environment.strip():
            cur.execute("INSERT INTO commune_living SELECT ?, ?, true, ? WHERE ? NOT IN "
                        "(SELECT commune_insee FROM commune_living)",
                        [p.commune_insee, p.living_environment, now, p.commune_insee])


def territory_profiles(db: Db, territory: Territory | None) -> pd.DataFrame:
    """One row per commune of ``territory``: code, name, population and one column per amenity
    (count, or missing when not known), plus whether a living environment is written."""
    where, params = territory_condition(territory)
    pivot = ", ".join(f"max(a.count) FILTER (WHERE a.amenity = '{a.value}') AS {a.value}"
                      for a in Amenity)
    sql = (f"SELECT c.code_insee, c.nom, c.population, {pivot}, "
           "bool_or(l.commune_insee IS NOT NULL) AS has_living "
           "FROM ref_communes c LEFT JOIN commune_amenities a ON a.commune_insee = c.code_insee "
           "LEFT JOIN commune_living l ON l.commune_insee = c.code_insee "
           f"WHERE {where} GROUP BY c.code_insee, c.nom, c.population "
           "ORDER BY c.nom, c.code_insee")
    with db.reading() as tx:
        return tx.frame(sql, params)
