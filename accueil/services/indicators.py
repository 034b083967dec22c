"""The headline indicators of a territory for an audience: the one place every surface asks.

:func:`territory_indicators` reads the territory's offers (:mod:`accueil.store.indicators`),
keeps those the audience may count (:func:`accueil.services.audience.counted_offers`) and
computes :func:`accueil.domain.indicators.compute` on them; :func:`area_indicators` does the
same for each commune, EPCI or département of the territory. The dashboard, the *Qualifier*
page, the map's headline, the deck, the presentation mode and the report all call these, so
the same territory, filters and audience give the same figures everywhere. No streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from accueil.domain.access import Principal
from accueil.domain.indicators import Indicators, OfferFacts, compute
from accueil.domain.pillars import Pillar
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.services.audience import REQUIRED_COLUMNS, UNDISCLOSED, counted_offers
from accueil.store.db import Db
from accueil.store.indicators import indicator_offers, territory_communes
from accueil.store.maps import MapFilters

__all__ = ["AreaIndicators", "TerritoryFacts", "area_indicators", "facts_of", "read_facts",
           "territory_indicators"]


def facts_of(offers: pd.DataFrame) -> OfferFacts:
    """The arrays :func:`compute` takes, from counted offers (an ``undisclosed`` column)."""
    created = pd.to_datetime(offers["created_at"])
    qualified = pd.to_datetime(offers["qualified_at"])
    days = ((qualified - created).dt.total_seconds() / 86400).to_numpy(
        dtype="float64", na_value=np.nan)
    undisclosed = (offers[UNDISCLOSED].to_numpy(dtype=bool) if UNDISCLOSED in offers.columns
                   else np.zeros(len(offers), dtype=bool))
    return OfferFacts(
        status=offers["status"].to_numpy(dtype=object),
        qualification=offers["qualification"].to_numpy(dtype=object),
        pillars={p: offers[f"pillar_{p.value}"].to_numpy(dtype=object) for p in Pillar},
        days_to_qualify=np.clip(days, 0, None),
        undisclosed=undisclosed)


@dataclass(frozen=True, slots=True, eq=False)
class TerritoryFacts:
    """A territory's counted offers and communes, read once for every figure built from them."""

    territory: Territory
    filters: MapFilters
    audience: Principal
    offers: pd.DataFrame  # indicator_offers, counted for the audience (``undisclosed``)
    communes: pd.DataFrame  # territory_communes
    arrays: OfferFacts  # facts_of(offers), made once

    @property
    def population(self) -> int:
        return int(self.communes["population"].sum())

    def indicators(self) -> Indicators:
        return compute(self.arrays, self.population)


def counted(offers: pd.DataFrame, audience: Principal) -> pd.DataFrame:
    """``offers`` (lean rows, no identity nor free text) that ``audience`` may count, with
    ``undisclosed``: :func:`accueil.services.audience.counted_offers` asked once per distinct
    (confidentiality, commune, source partner) rather than once per offer (100 000 offers hold
    a few thousand of them), its answer joined back to every offer."""
    keys = list(REQUIRED_COLUMNS)
    distinct = offers[keys].drop_duplicates().reset_index(drop=True)
    answered = counted_offers(distinct, audience)[[*keys, UNDISCLOSED]]
    return offers.merge(answered, on=keys, how="inner", sort=False)


def read_facts(db: Db, territory: Territory, audience: Principal,
               filters: MapFilters | None = None) -> TerritoryFacts:
    """The offers of ``territory`` matching ``filters`` that ``audience`` may count."""
    chosen = filters or MapFilters()
    offers = counted(indicator_offers(db, territory, chosen), audience).sort_values(
        "id", kind="stable").reset_index(drop=True)
    return TerritoryFacts(territory, chosen, audience, offers,
                          territory_communes(db, territory), facts_of(offers))


def _subset(facts: OfferFacts, rows: npt.NDArray[np.intp]) -> OfferFacts:
    return OfferFacts(facts.status[rows], facts.qualification[rows],
                      {p: values[rows] for p, values in facts.pillars.items()},
                      facts.days_to_qualify[rows], facts.undisclosed[rows])


def territory_indicators(db: Db, territory: Territory, audience: Principal,
                         filters: MapFilters | None = None) -> Indicators:
    """The indicators of ``territory`` for ``audience`` (see :mod:`accueil.domain.indicators`)."""
    return read_facts(db, territory, audience, filters).indicators()


@dataclass(frozen=True, slots=True)
class AreaIndicators:
    code: str
    name: str
    communes: int
    indicators: Indicators


def area_level(territory: Territory) -> TerritoryLevel:
    """The areas one level below ``territory``: départements of the massif, EPCI of a
    département, communes otherwise."""
    if territory.level is TerritoryLevel.MASSIF:
        return TerritoryLevel.DEPARTEMENT
    if territory.level is TerritoryLevel.DEPARTEMENT:
        return TerritoryLevel.EPCI
    return TerritoryLevel.COMMUNE


_AREA_COLUMNS = {TerritoryLevel.DEPARTEMENT: ("code_departement", "departement"),
                 TerritoryLevel.EPCI: ("code_epci", "epci"),
                 TerritoryLevel.COMMUNE: ("code_insee", "nom")}
_OFFER_KEYS = {TerritoryLevel.DEPARTEMENT: "code_departement", TerritoryLevel.EPCI: "code_epci",
               TerritoryLevel.COMMUNE: "commune_insee"}


def area_indicators(facts: TerritoryFacts, level: TerritoryLevel | None = None
                    ) -> list[AreaIndicators]:
    """The indicators of each area of ``level`` (default :func:`area_level`) of the territory,
    every area listed (with zero offers if it has none), the most open offers first."""
    chosen = level or area_level(facts.territory)
    code_column, name_column = _AREA_COLUMNS[chosen]
    communes = facts.communes.assign(
        _code=facts.communes[code_column].fillna("").astype(str),
        _name=facts.communes[name_column].fillna("Sans intercommunalité").astype(str))
    areas = communes.groupby("_code", sort=False).agg(
        name=("_name", "first"), population=("population", "sum"), communes=("_code", "size"))
    keys = facts.offers[_OFFER_KEYS[chosen]].fillna("").astype(str)
    groups: dict[str, npt.NDArray[np.intp]] = {
        str(k): np.asarray(idx, dtype=np.intp)
        for k, idx in facts.offers.groupby(keys, sort=False).indices.items()}
    found = []
    empty = np.array([], dtype=np.intp)
    for code, name, n_communes, population in zip(
            areas.index.tolist(), areas["name"].tolist(), areas["communes"].tolist(),
            areas["population"].tolist(), strict=True):
        rows = groups.get(str(code), empty)
        found.append(AreaIndicators(str(code), str(name), int(n_communes),
                                    compute(_subset(facts.arrays, rows), int(population))))
    found.sort(key=lambda a: (-(a.indicators.open or 0), a.name))
    return found
