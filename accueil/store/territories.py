"""Territories in the store: the predefined ones and those a user defines by their communes.

Predefined territories (the Massif central, the départements, the EPCI) are views over the
reference tables (migration 0004); user territories are a name and a set of communes, written
here, each change in one transaction. This module checks nothing a user typed: the rules on
names and communes are :mod:`accueil.domain.territories`' and the page's service applies them
before calling. Returns domain values or plain DataFrames.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import pandas as pd

from accueil.domain.territories import (
    MASSIF_CENTRAL,
    Territory,
    TerritoryLevel,
    tidy_name,
    user_territory,
)
from accueil.store import journal
from accueil.store.db import Db, Tx


def list_territories(db: Db) -> list[Territory]:
    """The Massif central, its départements, its EPCI by name, then user territories by name."""
    with db.reading() as tx:
        rows = tx.all(
            "SELECT level, code, name FROM territories "
            "ORDER BY sort_group, CASE WHEN sort_group = 1 THEN code END, "
            "lower(strip_accents(name)), code")
    found = [Territory(TerritoryLevel(level), str(code), str(name)) for level, code, name in rows]
    return found or [MASSIF_CENTRAL]


def user_territories(db: Db) -> pd.DataFrame:
    """User territories, by name: ``code``, ``name``, ``communes``, ``population``,
    ``departements`` (their codes, comma-separated) and ``updated_at``."""
    with db.reading() as tx:
        return tx.frame(
            "SELECT 'perso-' || CAST(t.id AS VARCHAR) AS code, t.name, "
            "count(c.code_insee) AS communes, "
            "coalesce(sum(c.population), 0)::BIGINT AS population, "
            "coalesce(string_agg(DISTINCT c.code_departement, ', ' "
            "ORDER BY c.code_departement), '') AS departements, t.updated_at "
            "FROM user_territories t "
            "LEFT JOIN user_territory_communes u ON u.territory_id = t.id "
            "LEFT JOIN ref_communes c ON c.code_insee = u.code_insee "
            "GROUP BY t.id, t.name, t.updated_at ORDER BY lower(strip_accents(t.name)), t.id")


def territory_communes(db: Db, territory: Territory) -> list[str]:
    """INSEE codes of the reference communes in ``territory``, sorted."""
    with db.reading() as tx:
        rows = tx.all(
            "SELECT code_insee FROM territory_communes WHERE territory_code = ? "
            "ORDER BY code_insee", [territory.code])
    return [str(code) for (code,) in rows]


def _write_communes(tx: Tx, territory_id: int, codes: Collection[str]) -> None:
    tx.execute("DELETE FROM user_territory_communes WHERE territory_id = ?", [territory_id])
    tx.insert_frame("user_territory_communes", pd.DataFrame(
        {"territory_id": territory_id, "code_insee": sorted(set(codes))}))


def create_territory(db: Db, name: str, codes: Collection[str],
                     now: datetime | None = None, *, author: str = "") -> Territory:
    """Store a new user territory with its communes, all or nothing; returns it."""
    now = now or datetime.now().replace(microsecond=0)
    tidy = tidy_name(name)
    with db.writing() as tx:
        row = tx.one(
            "INSERT INTO user_territories (name, created_at, updated_at) VALUES (?, ?, ?) "
            "RETURNING id", [tidy, now, now])
        assert row is not None
        territory_id = int(row[0])
        _write_communes(tx, territory_id, codes)
        journal.record(tx, author, "territory", territory_id, "created", now,
                       [("name", None, tidy), ("communes", None, sorted(set(codes)))])
    return user_territory(territory_id, tidy)


def update_territory(db: Db, territory: Territory, name: str | None = None,
                     codes: Collection[str] | None = None,
                     now: datetime | None = None, *, author: str = "") -> Territory:
    """Rename a user territory and/or replace its communes, in one transaction.

    Raises ``KeyError`` when it is no longer in the store (deleted from another window).
    """
    territory_id = _stored_id(territory)
    now = now or datetime.now().replace(microsecond=0)
    with db.writing() as tx:
        row = tx.one("SELECT name FROM user_territories WHERE id = ?", [territory_id])
        if row is None:
            raise KeyError(territory.code)
        new_name = tidy_name(name) if name is not None else str(row[0])
        tx.execute("UPDATE user_territories SET name = ?, updated_at = ? WHERE id = ?",
                   [new_name, now, territory_id])
        fields: list[tuple[str, object, object]] = []
        if new_name != str(row[0]):
            fields.append(("name", str(row[0]), new_name))
        if codes is not None:
            was = sorted(str(c) for (c,) in tx.all(
                "SELECT code_insee FROM user_territory_communes WHERE territory_id = ?",
                [territory_id]))
            _write_communes(tx, territory_id, codes)
            if was != sorted(set(codes)):
                fields.append(("communes", was, sorted(set(codes))))
        if fields:
            journal.record(tx, author, "territory", territory_id, "updated", now, fields)
    return user_territory(territory_id, new_name)


def delete_territory(db: Db, territory: Territory, *, author: str = "") -> bool:
    """Remove a user territory and its list of communes; ``False`` if it was already gone."""
    territory_id = _stored_id(territory)
    with db.writing() as tx:
        tx.execute("DELETE FROM user_territory_communes WHERE territory_id = ?", [territory_id])
        row = tx.all("DELETE FROM user_territories WHERE id = ? RETURNING id", [territory_id])
        if row:
            journal.record(tx, author, "territory", territory_id, "deleted",
                           datetime.now().replace(microsecond=0), [("name", territory.name, None)])
    return bool(row)


def _stored_id(territory: Territory) -> int:
    territory_id = territory.user_id
    if territory_id is None:
        raise ValueError(f"{territory.label} is predefined: only user territories change")
    return territory_id
