"""Counts behind the *Carte* page: offers per commune, EPCI or département of a territory.

One query aggregates the offers per commune, then rolls the communes up to the map's level,
so that every area of the territory gets a row, with zero offers if it has none, and its
population counted once. The page's filters (kind of activity, step, sector) apply to the
offers; filled and archived offers are left out unless their step is asked for. The metrics
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
from accueil.store.offers import territory_condition

MAP_LEVELS = (TerritoryLevel.COMMUNE, TerritoryLevel.EPCI, TerritoryLevel.DEPARTEMENT)
AREA_COLUMNS = ("code", "name", "departement", "population", "communes", "offers", "qualified",
                *(f"missing_{p.value}" for p in Pillar))

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


# Without a step chosen, the offers counted are the open ones (accueil.domain.indicators):
# neither filled nor archived.
CLOSED_STATUSES = (OfferStatus.POURVUE, OfferStatus.ARCHIVEE)


def offer_conditions(filters: MapFilters, alias: str = "o",
                     excluded: tuple[OfferStatus, ...] = CLOSED_STATUSES
                     ) -> tuple[list[str], list[Any]]:
    """SQL conditions on the offers table ``alias`` for ``filters``; without a step chosen,
    the steps ``excluded`` are left out."""
    clauses: list[str] = []
    params: list[Any] = []
    if filters.statuses:
        clauses.append(f"{alias}.status = ANY(?)")
        params.append([s.value for s in filters.statuses])
    else:
        clauses.append(f"NOT ({alias}.status = ANY(?))")
        params.append([s.value for s in excluded])
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
              filters: MapFilters | None = None) -> pd.DataFrame:
    """One row per area of ``level`` holding communes of ``territory``, sorted by name.

    Columns (:data:`AREA_COLUMNS`): ``code``, ``name``, ``departement``, ``population`` (of the
    territory's communes in the area), ``communes``, ``offers``, ``qualified`` and, for each
    pillar, ``missing_<pillar>``: offers whose pillar is partial or absent.
    """
    if level not in _AREA:
        raise ValueError(f"no map at level {level}")
    where, scope_params = territory_condition(territory)
    offer_clauses, offer_params = offer_conditions(filters or MapFilters())
    code, name, departement = _AREA[level]
    missing = ", ".join(
        f"count(*) FILTER (WHERE o.pillar_{p.value} <> '{PillarStatus.COMPLET.value}') "
        f"AS missing_{p.value}" for p in Pillar)
    rolled = ", ".join(f"coalesce(sum(p.missing_{p.value}), 0)::BIGINT AS missing_{p.value}"
                       for p in Pillar)
    sql = (
        "WITH s AS (SELECT c.code_insee, c.nom, c.code_departement, c.code_epci, c.population "
        f"FROM ref_communes c WHERE {where}), "
        "p AS (SELECT o.commune_insee AS code_insee, count(*) AS n, "
        f"count(*) FILTER (WHERE o.qualification = '{Qualification.QUALIFIEE.value}') AS q, "
        f"{missing} FROM offers o "
        f"WHERE o.commune_insee IN (SELECT code_insee FROM s) AND {' AND '.join(offer_clauses)} "
        "GROUP BY o.commune_insee) "
        "SELECT * FROM ("
        f"SELECT {code} AS code, {name} AS name, {departement} AS departement, "
        "coalesce(sum(s.population), 0)::BIGINT AS population, count(*) AS communes, "
        "coalesce(sum(p.n), 0)::BIGINT AS offers, coalesce(sum(p.q), 0)::BIGINT AS qualified, "
        f"{rolled} "
        "FROM s LEFT JOIN p USING (code_insee) "
        "LEFT JOIN ref_epci e ON e.code_epci = s.code_epci "
        "LEFT JOIN ref_departements d ON d.code_departement = s.code_departement "
        f"WHERE {code} IS NOT NULL "
        f"GROUP BY {code}{', s.nom, s.code_departement' if level is TerritoryLevel.COMMUNE else ''}"
        ") AS areas ORDER BY lower(strip_accents(name)), code")
    with db.reading() as tx:
        return tx.frame(sql, [*scope_params, *offer_params])


def area_offers(db: Db, territory: Territory | None, area: Territory,
                filters: MapFilters | None = None, limit: int = 500) -> pd.DataFrame:
    """The offers of ``area`` (a commune, EPCI or département) within ``territory``.

    Same filters as :func:`map_areas`, same columns as :func:`accueil.store.offers.list_offers`
    (``total`` holds how many match in all), newest first, at most ``limit`` rows.
    """
    where, params = territory_condition(territory)
    area_where, area_params = territory_condition(area)
    offer_clauses, offer_params = offer_conditions(filters or MapFilters())
    sql = (
        "SELECT o.id, o.title, o.commune_insee, c.nom AS commune, e.nom AS epci, "
        "o.activity_kind, o.status, o.qualification, o.pillar_activite, o.pillar_receptivite, "
        "o.pillar_amenites, o.completeness, o.source_partner, o.verified_on, o.updated_at, "
        "o.is_demo, count(*) OVER () AS total "
        "FROM offers o JOIN ref_communes c ON c.code_insee = o.commune_insee "
        "LEFT JOIN ref_epci e ON e.code_epci = c.code_epci "
        f"WHERE {where} AND {area_where} AND {' AND '.join(offer_clauses)} "
        "ORDER BY o.updated_at DESC, o.id DESC LIMIT ?")
    with db.reading() as tx:
        return tx.frame(sql, [*params, *area_params, *offer_params, limit])


def sectors_in_use(db: Db, territory: Territory | None) -> list[str]:
    """NAF section letters of the territory's current offers, then ``NO_SECTOR`` if some lack
    one: the choices worth offering in the sector filter."""
    where, params = territory_condition(territory)
    with db.reading() as tx:
        rows = tx.all(
            "SELECT DISTINCT substr(trim(coalesce(o.naf_code, '')), 1, 2) FROM offers o "
            "JOIN ref_communes c ON c.code_insee = o.commune_insee "
            f"WHERE {where} AND o.status <> ?",
            [*params, OfferStatus.ARCHIVEE.value])
    found = {sector_of(str(division)) for (division,) in rows}
    return sorted(found - {NO_SECTOR}) + ([NO_SECTOR] if NO_SECTOR in found else [])
