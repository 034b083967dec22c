"""Aggregates for the *Tableau de bord* and the reference lists the pages offer to pick from.

All counting happens in SQL over the pillar statuses kept with each offer; this module returns
small DataFrames and a frozen summary, never a widget. Archived offers are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from accueil.domain.offers import OfferStatus
from accueil.domain.pillars import Pillar, PillarStatus, Qualification
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.store.db import Db, Store, Tx
from accueil.store.offers import territory_condition
from accueil.store.seen import Seen, offers_source
from accueil.store.territories import list_territories


@dataclass(frozen=True, slots=True)
class DashboardData:
    """The dashboard's counts. Every count has its ``undisclosed`` twin (``u`` columns, the
    ``undisclosed_*`` fields): how many of the offers it counts the audience may not see in
    detail, for small-count protection; 0 for an audience that sees everything."""

    total: int
    qualified: int
    demo: int
    by_status: pd.DataFrame  # status, n, u
    by_kind_qualification: pd.DataFrame  # activity_kind, qualification, n, u
    by_area: pd.DataFrame  # code, area, n, qualified, u, u_qualified
    area_level: str  # French name of the areas in by_area
    missing_pillars: pd.DataFrame  # pillar, partiel, absent, n (not complete), u_partiel, u_absent, u
    top_missing: pd.DataFrame  # item, n, u: the most frequent missing elements
    undisclosed_total: int = 0
    undisclosed_qualified: int = 0

    @property
    def qualified_share(self) -> float | None:
        return self.qualified / self.total if self.total else None

    @property
    def most_missing_pillar(self) -> str | None:
        """The pillar most often incomplete, or ``None`` when every offer is qualified."""
        incomplete = self.missing_pillars[self.missing_pillars["n"] > 0]
        if incomplete.empty:
            return None
        return str(incomplete.sort_values("n", ascending=False, kind="stable").iloc[0]["pillar"])


def dashboard(db: Db, territory: Territory | None, *, seen: Seen | None = None) -> DashboardData:
    """The counts of ``territory``'s offers in progress; ``seen`` (:mod:`accueil.store.seen`)
    leaves out what the audience may not count and marks what it may only count."""
    where, params = territory_condition(territory)
    with db.reading() as tx, offers_source(tx, seen) as source:
        return _dashboard(tx, territory, source, where, params)


def _dashboard(tx: Tx, territory: Territory | None, source: str, where: str,
               params: list[Any]) -> DashboardData:
    def scope(joins: str = "") -> str:
        return (f"FROM {source} JOIN ref_communes c ON c.code_insee = o.commune_insee {joins} "
                f"WHERE {where} AND o.status <> '{OfferStatus.ARCHIVEE.value}'")

    base = scope()
    qualified = f"o.qualification = '{Qualification.QUALIFIEE.value}'"
    counts = (f"count(*) AS n, count(*) FILTER (WHERE {qualified}) AS qualified, "
              "count(*) FILTER (WHERE o.undisclosed) AS u, "
              f"count(*) FILTER (WHERE o.undisclosed AND {qualified}) AS u_qualified")
    level = territory.level if territory else TerritoryLevel.MASSIF
    if level is TerritoryLevel.MASSIF:
        area_sql = (f"SELECT c.code_departement AS code, d.nom AS area, {counts} "
                    f"{scope('JOIN ref_departements d USING (code_departement)')} "
                    "GROUP BY c.code_departement, d.nom ORDER BY n DESC, area")
        area_level = "Département"
    elif level is TerritoryLevel.DEPARTEMENT:
        area_sql = ("SELECT coalesce(c.code_epci, '') AS code, "
                    f"coalesce(e.nom, 'Sans EPCI') AS area, {counts} "
                    f"{scope('LEFT JOIN ref_epci e ON e.code_epci = c.code_epci')} "
                    "GROUP BY coalesce(c.code_epci, ''), coalesce(e.nom, 'Sans EPCI') "
                    "ORDER BY n DESC, area")
        area_level = "Intercommunalité"
    else:
        area_sql = (f"SELECT c.code_insee AS code, c.nom AS area, {counts} {base} "
                    "GROUP BY c.code_insee, c.nom ORDER BY n DESC, area")
        area_level = "Commune"

    def pillar(p: Pillar) -> str:
        partiel = f"o.pillar_{p.value} = '{PillarStatus.PARTIEL.value}'"
        absent = f"o.pillar_{p.value} = '{PillarStatus.ABSENT.value}'"
        return (f"SELECT '{p.value}' AS pillar, count(*) FILTER (WHERE {partiel}) AS partiel, "
                f"count(*) FILTER (WHERE {absent}) AS absent, "
                f"count(*) FILTER (WHERE o.undisclosed AND {partiel}) AS u_partiel, "
                f"count(*) FILTER (WHERE o.undisclosed AND {absent}) AS u_absent {base}")

    pillar_sql = " UNION ALL ".join(pillar(p) for p in Pillar)
    totals = tx.one(
        "SELECT count(*), count(*) FILTER (WHERE o.qualification = ?), "
        "count(*) FILTER (WHERE o.is_demo), count(*) FILTER (WHERE o.undisclosed), "
        f"count(*) FILTER (WHERE o.undisclosed AND o.qualification = ?) {base}",
        [Qualification.QUALIFIEE.value, Qualification.QUALIFIEE.value, *params])
    by_status = tx.frame(
        f"SELECT o.status, count(*) AS n, count(*) FILTER (WHERE o.undisclosed) AS u {base} "
        "GROUP BY o.status", params)
    by_kind = tx.frame(
        "SELECT o.activity_kind, o.qualification, count(*) AS n, "
        f"count(*) FILTER (WHERE o.undisclosed) AS u {base} "
        "GROUP BY o.activity_kind, o.qualification", params)
    by_area = tx.frame(area_sql, params)
    pillars = tx.frame(pillar_sql, params * len(Pillar))
    top_missing = tx.frame(
        "SELECT m AS item, count(*) AS n, count(*) FILTER (WHERE undisclosed) AS u FROM "
        f"(SELECT unnest(o.missing) AS m, o.undisclosed {base}) AS u "
        "GROUP BY m ORDER BY n DESC, item LIMIT 8", params)
    total, qualified_n, demo, u_total, u_qualified = (
        (int(v) for v in totals) if totals else (0, 0, 0, 0, 0))
    pillars["n"] = pillars["partiel"] + pillars["absent"]
    pillars["u"] = pillars["u_partiel"] + pillars["u_absent"]
    return DashboardData(total, qualified_n, demo, by_status, by_kind, by_area, area_level,
                         pillars, top_missing, u_total, u_qualified)


def territories(db: Db) -> list[Territory]:
    """The Massif central, its départements, its EPCI, then the user's own territories."""
    return list_territories(db)


def communes(db: Db) -> pd.DataFrame:
    """Every reference commune with its département's name, for pickers and resolution."""
    with db.reading() as tx:
        return tx.frame(
            "SELECT c.code_insee, c.nom, c.code_departement, d.nom AS departement, c.code_epci, "
            "c.population, c.codes_postaux FROM ref_communes c "
            "JOIN ref_departements d USING (code_departement) ORDER BY c.nom, c.code_insee")


def known_communes(db: Db) -> frozenset[str]:
    """INSEE codes of every reference commune: what a typed or imported code is checked
    against (the one lookup for forms, inventory and territories)."""
    with db.reading() as tx:
        return frozenset(str(code) for (code,) in tx.all("SELECT code_insee FROM ref_communes"))


def commune_names(db: Db, codes: Sequence[str] | None = None) -> dict[str, str]:
    """INSEE code → name of the reference communes (only ``codes`` when given)."""
    where, params = ("", []) if codes is None else ("WHERE code_insee = ANY(?)", [list(codes)])
    with db.reading() as tx:
        rows = tx.all(f"SELECT code_insee, nom FROM ref_communes {where}", params)
    return {str(c): str(n) for c, n in rows}


@dataclass(frozen=True, slots=True)
class StoreSummary:
    offers: int
    demo_offers: int
    items: int
    communes: int
    schema_version: int


def store_summary(store: Store) -> StoreSummary:
    with store.reading() as tx:
        row = tx.one(
            "SELECT (SELECT count(*) FROM offers), (SELECT count(*) FROM offers WHERE is_demo), "
            "(SELECT count(*) FROM receptivity_items), (SELECT count(*) FROM ref_communes)")
    offers, demo, items, n_communes = (int(v) for v in row) if row else (0, 0, 0, 0)
    return StoreSummary(offers, demo, items, n_communes, store.schema_version())
