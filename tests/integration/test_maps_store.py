"""The map's aggregation on a real store with a handful of hand-made offers."""

from __future__ import annotations

import pandas as pd
import pytest

from accueil.domain.offers import ActivityKind, OfferStatus
from accueil.domain.sectors import NO_SECTOR
from accueil.domain.territories import MASSIF_CENTRAL, Territory, TerritoryLevel
from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.store.maps import AREA_COLUMNS, MapFilters, area_offers, map_areas, sectors_in_use
from accueil.store.territories import create_territory
from tests.builders import AURILLAC, SAINT_FLOUR, qualified_offer, takeover

CLERMONT = "63113"
CANTAL = Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal")
CC_SAINT_FLOUR = Territory(TerritoryLevel.EPCI, "200066660", "CC de Saint-Flour")


@pytest.fixture
def offers(store: Store) -> Store:
    """Saint-Flour: 2 qualified bakeries, 1 café lacking housing, 1 archived, 1 job without
    NAF code (activity incomplete) lacking housing and services; Aurillac: 1 café lacking
    services; Clermont-Ferrand: 1 qualified."""
    repo.save_offers(store, [
        qualified_offer(title="Boulangerie 1"),
        qualified_offer(title="Boulangerie 2"),
        qualified_offer(title="Café", receptivity=(),
                        activity=takeover(naf_code="56.30Z", naf_label="Débit de boissons")),
        qualified_offer(title="Archivée", status=OfferStatus.ARCHIVEE),
        qualified_offer(title="Aide-soignant", receptivity=(), amenities=frozenset(),
                        activity=takeover(kind=ActivityKind.EMPLOI, naf_code=None)),
        qualified_offer(title="Café d'Aurillac", commune_insee=AURILLAC, amenities=frozenset(),
                        activity=takeover(naf_code="56.30Z")),
        qualified_offer(title="Clermont", commune_insee=CLERMONT),
    ])
    return store


def row(areas: pd.DataFrame, code: str) -> dict[str, object]:
    found = areas[areas["code"] == code]
    assert len(found) == 1, f"{code} appears {len(found)} times"
    return found.iloc[0].to_dict()


def test_every_commune_of_the_territory_gets_a_row_with_or_without_offers(
        offers: Store) -> None:
    areas = map_areas(offers, CANTAL, TerritoryLevel.COMMUNE)
    assert list(areas.columns) == list(AREA_COLUMNS)
    assert len(areas) == 250  # the communes of the Cantal
    assert int(areas["offers"].sum()) == 5  # the archived one and Clermont are left out
    assert row(areas, "15001")["offers"] == 0
    assert row(areas, "15001")["population"] == 773


def test_a_commune_counts_its_offers_qualified_ones_and_missing_pillars(offers: Store) -> None:
    areas = map_areas(offers, MASSIF_CENTRAL, TerritoryLevel.COMMUNE)
    assert row(areas, SAINT_FLOUR) == {
        "code": SAINT_FLOUR, "name": "Saint-Flour", "departement": "15", "population": 6391,
        "communes": 1, "offers": 4, "qualified": 2, "missing_activite": 1,
        "missing_receptivite": 2, "missing_amenites": 1,
        # without an audience, nothing is counted without being shown
        "undisclosed_offers": 0, "undisclosed_qualified": 0, "undisclosed_missing_activite": 0,
        "undisclosed_missing_receptivite": 0, "undisclosed_missing_amenites": 0}
    assert row(areas, AURILLAC)["missing_amenites"] == 1


def test_epci_and_departements_roll_up_communes_with_population_counted_once(
        offers: Store) -> None:
    epci = map_areas(offers, MASSIF_CENTRAL, TerritoryLevel.EPCI)
    saint_flour = row(epci, CC_SAINT_FLOUR.code)
    assert saint_flour["name"] == "CC de Saint-Flour"
    assert saint_flour["offers"] == 4
    assert saint_flour["communes"] == 53
    deps = map_areas(offers, MASSIF_CENTRAL, TerritoryLevel.DEPARTEMENT)
    assert len(deps) == 22
    cantal = row(deps, "15")
    assert (cantal["name"], cantal["offers"], cantal["qualified"]) == ("Cantal", 5, 2)
    communes = map_areas(offers, CANTAL, TerritoryLevel.COMMUNE)
    assert cantal["population"] == int(communes["population"].sum())
    assert row(deps, "63")["offers"] == 1


def test_a_user_territory_maps_only_its_communes(offers: Store) -> None:
    mine = create_territory(offers, "Deux villes", [SAINT_FLOUR, CLERMONT])
    communes = map_areas(offers, mine, TerritoryLevel.COMMUNE)
    assert sorted(communes["code"]) == [SAINT_FLOUR, CLERMONT]
    deps = map_areas(offers, mine, TerritoryLevel.DEPARTEMENT)
    assert dict(zip(deps["code"], deps["offers"], strict=True)) == {"15": 4, "63": 1}
    assert row(deps, "15")["communes"] == 1


@pytest.mark.parametrize(("filters", "saint_flour", "aurillac"), [
    (MapFilters(), 4, 1),
    (MapFilters(kinds=(ActivityKind.EMPLOI,)), 1, 0),
    (MapFilters(statuses=(OfferStatus.ARCHIVEE,)), 1, 0),
    (MapFilters(statuses=(OfferStatus.VEILLE, OfferStatus.ARCHIVEE)), 5, 1),
    (MapFilters(sectors=("I",)), 1, 1),
    (MapFilters(sectors=("C",)), 2, 0),
    (MapFilters(sectors=(NO_SECTOR,)), 1, 0),
    (MapFilters(sectors=("C", NO_SECTOR)), 3, 0),
    (MapFilters(kinds=(ActivityKind.REPRISE,), sectors=("I",)), 1, 1),
])
def test_filters_by_kind_step_and_sector(offers: Store, filters: MapFilters, saint_flour: int,
                                         aurillac: int) -> None:
    areas = map_areas(offers, CANTAL, TerritoryLevel.COMMUNE, filters)
    assert row(areas, SAINT_FLOUR)["offers"] == saint_flour
    assert row(areas, AURILLAC)["offers"] == aurillac


def test_the_offers_of_a_clicked_area_follow_the_same_filters(offers: Store) -> None:
    area = Territory(TerritoryLevel.COMMUNE, SAINT_FLOUR, "Saint-Flour")
    listed = area_offers(offers, CANTAL, area)
    assert sorted(listed["title"]) == ["Aide-soignant", "Boulangerie 1", "Boulangerie 2", "Café"]
    assert set(listed["total"]) == {4}
    cafes = area_offers(offers, CANTAL, area, MapFilters(sectors=("I",)))
    assert list(cafes["title"]) == ["Café"]
    outside = area_offers(offers, CC_SAINT_FLOUR,
                          Territory(TerritoryLevel.COMMUNE, AURILLAC, "Aurillac"))
    assert outside.empty


def test_the_sector_filter_offers_the_sectors_in_use(offers: Store) -> None:
    assert sectors_in_use(offers, CANTAL) == ["C", "I", NO_SECTOR]
    assert sectors_in_use(offers, Territory(TerritoryLevel.DEPARTEMENT, "63", "Puy-de-Dôme")) \
        == ["C"]


def test_an_unknown_level_is_refused(offers: Store) -> None:
    with pytest.raises(ValueError, match="no map"):
        map_areas(offers, CANTAL, TerritoryLevel.MASSIF)
