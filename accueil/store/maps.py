"""Counts behind the *Carte* page: offers per commune, EPCI or département of a territory.

One query aggregates the offers per commune, then rolls the communes up to the map's level,
so that every area of the territory gets a row, with zero offers if it has none, and its
population counted once. The page's filters (kind of activity, step, sector) apply to the
offers; archived offers are left out unless their step is asked for. The metrics themselves
(shares, densities, the pillar most often missing) are computed by :mod:`accueil.geo.maps`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from accueil.domain.offers import ActivityKind, OfferStatus
from accueil.domain.pillars import Pillar, PillarStatus, Qualification
from accueil.domain.sectors import NO_SECTOR, SECTOR_BY_CODE, sector_of
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.store.db import Db
from accueil.store.offers import LIST_COLUMNS, territory_condition
from accueil.store.seen import Seen, offers_source

MAP_LEVELS = (TerritoryLevel.COMMUNE, TerritoryLevel.EPCI, TerritoryLevel.DEPARTEMENT)
COUNT_COLUMNS = ("offers", "qualified", *(f"missing_{p.value}" for p in Pillar))
AREA_COLUMNS = ("code", "name", "departement", "population", "communes", *COUNT_COLUMNS,
                *(f"undisclosed_{c}" for c in COUNT_COLUMNS))

# The area's code, its name and its département (for the commune level: which per-département
# file holds its fine outline), by level. "s" is the territory's communes, "e" and "d" the EPCI
# and département tables.
_AREA = {
    TerritoryLevel.COMMUNE: ("s.code_insee", "s.nom", "s.code_departement"),
    TerritoryLevel.EPCI: ("s.code_epci", "min(e.nom)", "min(e.code_departement)"),
    TerritoryLevel.DEPARTEMENT: ("s.code_departement", "min(d.nom)", "s.code_departement"),
}


@dataclass(frozen=True, slots=True)
class MapFilters:
    """Which offers the map counts; an empty tuple means no filter on that field.

    ``sectors`` holds NAF section letters, ``NO_SECTOR`` ("") for offers without a NAF code.
    """

    kinds: tuple[ActivityKind, ...] = ()
    statuses: tuple[OfferStatus, ...] = ()
    sectors: tuple[str, ...] = ()


def _offer_conditions(filters: MapFilters, alias: str = "o") -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if filters.statuses:
        clauses.append(f"{alias}.status = ANY(?)")
        params.append([s.value for s in filters.statuses])
    else:
        clauses.append(f"{alias}.status <> ?")
        params.append(OfferStatus.ARCHIVEE.value)
    if filters.kinds:
        clauses.append(f"{alias}.activity_kind = ANY(?)")
        params.append([k.value for k in filters.kinds])
    if filters.sectors:
        divisions = [d for code in filters.sectors if code in SECTOR_BY_CODE
                     for d in SECTOR_BY_CODE[code].divisions]
        either = [f"substr(trim({alias}.naf_code), 1, 2) = ANY(?)"]
        params.append(divisions)
        if NO_SECTOR in filters.sectors:
            either.append(f"coalesce(trim({alias}.naf_code), '') = ''")
        clauses.append("(" + " OR ".join(either) + ")")
    return clauses, params


def map_areas(db: Db, territory: Territory | None, level: TerritoryLevel,
              filters: MapFilters | None = None, *, seen: Seen | None = None) -> pd.DataFrame:
    """One row per area of ``level`` holding communes of ``territory``, sorted by name.

    Columns (:data:`AREA_COLUMNS`): ``code``, ``name``, ``departement``, ``population`` (of the
    territory's communes in the area), ``communes``, ``offers``, ``qualified`` and, for each
    pillar, ``missing_<pillar>``: offers whose pillar is partial or absent. Each count has an
    ``undisclosed_<count>`` twin: how many of them the audience of ``seen`` may only count
    (for small-count protection); offers ``seen`` hides are not counted at all.
    """
    if level not in _AREA:
        raise ValueError(f"no map at level {level}")
    where, scope_params = territory_condition(territory)
    offer_clauses, offer_params = _offer_conditions(filters or MapFilters())
    code, name, departement = _AREA[level]
    counted = {"n": "true", "q": f"o.qualification = '{Qualification.QUALIFIEE.value}'",
               **{f"missing_{p.value}": f"o.pillar_{p.value} <> '{PillarStatus.COMPLET.value}'"
                  for p in Pillar}}
    per_commune = ", ".join(
        f"count(*) FILTER (WHERE {cond}) AS {key}, "
        f"count(*) FILTER (WHERE o.undisclosed AND {cond}) AS u_{key}"
        for key, cond in counted.items())
    names = {"n": "offers", "q": "qualified", **{k: k for k in counted if k.startswith("m")}}
    rolled = ", ".join(
        [f"coalesce(sum(p.{key}), 0)::BIGINT AS {shown}" for key, shown in names.items()]
        + [f"coalesce(sum(p.u_{key}), 0)::BIGINT AS undisclosed_{shown}"
           for key, shown in names.items()])
    with db.reading() as tx, offers_source(tx, seen) as source:
        sql = (
            "WITH s AS (SELECT c.code_insee, c.nom, c.code_departement, c.code_epci, "
            f"c.population FROM ref_communes c WHERE {where}), "
            f"p AS (SELECT o.commune_insee AS code_insee, {per_commune} FROM {source} "
            "WHERE o.commune_insee IN (SELECT code_insee FROM s) "
            f"AND {' AND '.join(offer_clauses)} GROUP BY o.commune_insee) "
            "SELECT * FROM ("
            f"SELECT {code} AS code, {name} AS name, {departement} AS departement, "
            "coalesce(sum(s.population), 0)::BIGINT AS population, count(*) AS communes, "
            f"{rolled} "
            "FROM s LEFT JOIN p USING (code_insee) "
            "LEFT JOIN ref_epci e ON e.code_epci = s.code_epci "
            "LEFT JOIN ref_departements d ON d.code_departement = s.code_departement "
            f"WHERE {code} IS NOT NULL GROUP BY {code}"
            f"{', s.nom, s.code_departement' if level is TerritoryLevel.COMMUNE else ''}"
            ") AS areas ORDER BY lower(strip_accents(name)), code")
        return tx.frame(sql, [*scope_params, *offer_params])


def area_offers(db: Db, territory: Territory | None, area: Territory,
                filters: MapFilters | None = None, limit: int = 500, *,
                seen: Seen | None = None) -> pd.DataFrame:
    """The offers of ``area`` (a commune, EPCI or département) within ``territory``.

    Same filters as :func:`map_areas`, same columns as :func:`accueil.store.offers.list_offers`
    (``total`` holds how many match in all), newest first, at most ``limit`` rows.
    """
    where, params = territory_condition(territory)
    area_where, area_params = territory_condition(area)
    offer_clauses, offer_params = _offer_conditions(filters or MapFilters())
    with db.reading() as tx, offers_source(tx, seen, listing=True) as source:
        sql = (
            f"SELECT {LIST_COLUMNS}, count(*) OVER () AS total "
            f"FROM {source} JOIN ref_communes c ON c.code_insee = o.commune_insee "
            "LEFT JOIN ref_epci e ON e.code_epci = c.code_epci "
            f"WHERE {where} AND {area_where} AND {' AND '.join(offer_clauses)} "
            "ORDER BY o.updated_at DESC, o.id DESC LIMIT ?")
        return tx.frame(sql, [*params, *area_params, *offer_params, limit])


def sectors_in_use(db: Db, territory: Territory | None, *,
                   seen: Seen | None = None) -> list[str]:
    """NAF section letters of the territory's current offers (those ``seen`` lists), then
    ``NO_SECTOR`` if some lack one: the choices worth offering in the sector filter."""
    where, params = territory_condition(territory)
    with db.reading() as tx, offers_source(tx, seen, listing=True) as source:
        rows = tx.all(
            f"SELECT DISTINCT substr(trim(coalesce(o.naf_code, '')), 1, 2) FROM {source} "
            "JOIN ref_communes c ON c.code_insee = o.commune_insee "
            f"WHERE {where} AND o.status <> ?",
            [*params, OfferStatus.ARCHIVEE.value])
    found = {sector_of(str(division)) for (division,) in rows}
    return sorted(found - {NO_SECTOR}) + ([NO_SECTOR] if NO_SECTOR in found else [])
