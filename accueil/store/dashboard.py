"""Aggregates for the *Tableau de bord* and the reference lists the pages offer to pick from.

All counting happens in SQL over the pillar statuses kept with each offer; this module returns
small DataFrames for the charts, never a widget. The charts count the open offers (neither
filled nor archived), as the headline indicators do (:mod:`accueil.domain.indicators`, computed
by :mod:`accueil.services.indicators`, never here); the chart of steps shows filled ones too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from accueil.domain.offers import OfferStatus
from accueil.domain.pillars import Pillar, PillarStatus, Qualification
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.store.db import Db, Store
from accueil.store.maps import CLOSED_STATUSES
from accueil.store.offers import territory_condition
from accueil.store.territories import list_territories


@dataclass(frozen=True, slots=True)
class DashboardData:
    """The dashboard's charts; its headline figures are :mod:`accueil.domain.indicators`'."""

    demo: int  # demo offers among the open ones
    by_status: pd.DataFrame  # status, n (every step but archivée)
    by_kind_qualification: pd.DataFrame  # activity_kind, qualification, n (open offers)
    by_area: pd.DataFrame  # code, area, n, qualified (open offers)
    area_level: str  # French name of the areas in by_area
    missing_pillars: pd.DataFrame  # pillar, partiel, absent, n (not complete; open offers)
    top_missing: pd.DataFrame  # item, n: the most frequent missing elements (open offers)


def dashboard(db: Db, territory: Territory | None) -> DashboardData:
    where, params = territory_condition(territory)

    def scope(joins: str = "", closed: tuple[OfferStatus, ...] = CLOSED_STATUSES) -> str:
        excluded = ", ".join(f"'{s.value}'" for s in closed)
        return (f"FROM offers o JOIN ref_communes c ON c.code_insee = o.commune_insee {joins} "
                f"WHERE {where} AND o.status NOT IN ({excluded})")

    base = scope()
    counts = ("count(*) AS n, "
              f"count(*) FILTER (WHERE o.qualification = '{Qualification.QUALIFIEE.value}') "
              "AS qualified")
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
    pillar_sql = " UNION ALL ".join(
        f"SELECT '{p.value}' AS pillar, "
        f"count(*) FILTER (WHERE o.pillar_{p.value} = '{PillarStatus.PARTIEL.value}') AS partiel, "
        f"count(*) FILTER (WHERE o.pillar_{p.value} = '{PillarStatus.ABSENT.value}') AS absent "
        f"{base}" for p in Pillar)
    with db.reading() as tx:
        demo = tx.scalar(f"SELECT count(*) FILTER (WHERE o.is_demo) {base}", params)
        by_status = tx.frame(
            f"SELECT o.status, count(*) AS n {scope(closed=(OfferStatus.ARCHIVEE,))} "
            "GROUP BY o.status", params)
        by_kind = tx.frame(
            f"SELECT o.activity_kind, o.qualification, count(*) AS n {base} "
            "GROUP BY o.activity_kind, o.qualification", params)
        by_area = tx.frame(area_sql, params)
        pillars = tx.frame(pillar_sql, params * len(Pillar))
        top_missing = tx.frame(
            f"SELECT m AS item, count(*) AS n FROM (SELECT unnest(o.missing) AS m {base}) AS u "
            "GROUP BY m ORDER BY n DESC, item LIMIT 8", params)
    pillars["n"] = pillars["partiel"] + pillars["absent"]
    return DashboardData(int(demo or 0), by_status, by_kind, by_area, area_level,
                         pillars, top_missing)


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
