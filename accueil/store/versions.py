"""The version check of every save (optimistic concurrency), for the store's write functions.

A write of an edited record first moves its version on by one *only if* it is still the one
the person started from (``UPDATE … SET version = version + 1 WHERE id = ? AND version = ?``),
inside the write's own transaction. No row changed means someone else saved (or deleted) it
in between: :class:`~accueil.domain.versions.StaleVersion` is raised, and the transaction, with
everything it wrote, is rolled back. On PostgreSQL a concurrent save of the same row waits for
the row's lock and then finds the version moved on, so two simultaneous saves never both land.
Table names come from the store's own modules, never from user text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from accueil.domain.versions import RecordKind, StaleVersion
from accueil.store.engines import Tx

_TABLES = {"offers", "receptivity_items", "user_territories"}


def claim(tx: Tx, table: str, kind: RecordKind, expected: Sequence[tuple[int, int]]) -> None:
    """Move on the version of each ``(id, version)`` of ``table``, or raise ``StaleVersion``
    for the first whose stored version is another (or that is gone)."""
    if table not in _TABLES:
        raise ValueError(f"not a versioned table: {table}")
    if not expected:
        return
    if len(expected) == 1:
        (record_id, version), = expected
        rows = tx.all(f"UPDATE {table} SET version = version + 1 "
                      "WHERE id = ? AND version = ? RETURNING id", [record_id, version])
    else:
        frame = pd.DataFrame(list(expected), columns=["id", "version"]).astype("int64")
        with tx.frame_table("expected_versions", frame):
            rows = tx.all(
                f"UPDATE {table} SET version = {table}.version + 1 FROM expected_versions e "
                f"WHERE {table}.id = e.id AND {table}.version = e.version RETURNING {table}.id")
    claimed = {int(r[0]) for r in rows}
    stale = [(i, v) for i, v in expected if i not in claimed]
    if not stale:
        return
    record_id, version = stale[0]
    found = tx.scalar(f"SELECT version FROM {table} WHERE id = ?", [record_id])
    raise StaleVersion(kind, str(record_id), version, None if found is None else int(found))


def claim_profile(tx: Tx, commune: str, version: int) -> None:
    """The same for a commune's amenity profile (its row in amenity_profile_versions, added
    at version 1 by the first save)."""
    now = datetime.now().replace(microsecond=0)
    tx.execute("INSERT INTO amenity_profile_versions (commune_insee, version, updated_at) "
               "VALUES (?, 1, ?) ON CONFLICT DO NOTHING", [commune, now])
    changed = tx.change("UPDATE amenity_profile_versions SET version = version + 1, "
                        "updated_at = ? WHERE commune_insee = ? AND version = ?",
                        [now, commune, version])
    if not changed:
        found = tx.scalar("SELECT version FROM amenity_profile_versions "
                          "WHERE commune_insee = ?", [commune])
        raise StaleVersion(RecordKind.PROFILE, commune, version,
                           None if found is None else int(found))
