"""Every list the store returns for tables and charts has its declared columns and dtypes,
on both engines, with rows or without."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest

from accueil.domain.territories import Territory, TerritoryLevel
from accueil.io.demo import load_demo_offers
from accueil.io.demo_inventory import load_demo_inventory
from accueil.store import amenities, dashboard, inventory, maps, offers, territories
from accueil.store.db import Store
from accueil.store.readmodels import (
    AREA_OFFERS,
    BY_AREA,
    BY_KIND_QUALIFICATION,
    BY_STATUS,
    COMMUNES,
    ITEM_LIST,
    ITEM_OFFERS,
    MAP_AREAS,
    MISSING_PILLARS,
    OFFER_LIST,
    QUALIFICATION_QUEUE,
    READ_MODELS,
    TERRITORY_PROFILES,
    TO_RECHECK,
    TOP_MISSING,
    USER_TERRITORIES,
    ReadModel,
)

SAINT_FLOUR = Territory(TerritoryLevel.COMMUNE, "15187", "Saint-Flour")


def _linked_item(store: Store) -> int:
    items = inventory.list_items(store, inventory.ItemQuery())
    linked = items[items["offers"] > 0]
    return int(linked["id"].iloc[0]) if len(linked) else 0


READS: list[tuple[ReadModel, Callable[[Store], pd.DataFrame]]] = [
    (OFFER_LIST, lambda s: offers.list_offers(s, offers.OfferQuery())),
    (AREA_OFFERS, lambda s: maps.area_offers(s, None, SAINT_FLOUR)),
    (ITEM_LIST, lambda s: inventory.list_items(s, inventory.ItemQuery())),
    (ITEM_OFFERS, lambda s: inventory.offers_of_item(s, _linked_item(s))),
    (TO_RECHECK, lambda s: inventory.to_recheck(s, None, date(2030, 1, 1))),
    (QUALIFICATION_QUEUE, lambda s: inventory.qualification_queue(s, None)),
    (COMMUNES, dashboard.communes),
    (USER_TERRITORIES, territories.user_territories),
    (TERRITORY_PROFILES, lambda s: amenities.territory_profiles(s, None)),
    (MAP_AREAS, lambda s: maps.map_areas(s, None, TerritoryLevel.EPCI)),
    (BY_STATUS, lambda s: dashboard.dashboard(s, None).by_status),
    (BY_KIND_QUALIFICATION, lambda s: dashboard.dashboard(s, None).by_kind_qualification),
    (BY_AREA, lambda s: dashboard.dashboard(s, None).by_area),
    (MISSING_PILLARS, lambda s: dashboard.dashboard(s, None).missing_pillars),
    (TOP_MISSING, lambda s: dashboard.dashboard(s, None).top_missing),
]


def test_every_declared_read_model_is_checked_here() -> None:
    assert sorted(model.name for model, _ in READS) == sorted(m.name for m in READ_MODELS)


def _demo(store: Store) -> Store:
    offers.refresh_assessments(store)
    offers.seed_demo(store, load_demo_offers())
    inventory.seed_demo_inventory(store, *load_demo_inventory())
    territories.create_territory(store, "Pays de Saint-Flour", ["15187", "15014"])
    return store


@pytest.mark.parametrize("filled", [True, False], ids=["with-rows", "empty-store"])
def test_each_read_returns_exactly_its_declared_columns_and_dtypes(
        store: Store, filled: bool) -> None:
    if filled:
        _demo(store)
    found: dict[str, list[tuple[str, str]]] = {}
    rows: dict[str, int] = {}
    for model, read in READS:
        frame = read(store)
        found[model.name] = [(str(name), str(dtype)) for name, dtype in frame.dtypes.items()]
        rows[model.name] = len(frame)
    expected = {model.name: list(model.dtypes.items()) for model, _ in READS}
    assert found == expected
    if filled:  # the demo gives every read something to show, so dtypes met real values
        assert all(rows.values()), rows


def test_a_query_and_its_declaration_that_disagree_fail_loudly() -> None:
    frame = pd.DataFrame({"status": ["veille"], "count": [3], "u": [0]})
    with pytest.raises(ValueError, match=r"missing \['n'\], unexpected \['count'\]"):
        BY_STATUS.conform(frame)


def test_conforming_casts_engine_dtypes_to_the_declared_ones() -> None:
    raw = pd.DataFrame({"code": pd.Series([], dtype=object), "name": pd.Series([], dtype=object),
                        "communes": pd.Series([], dtype="int32"),
                        "population": pd.Series([], dtype="int64"),
                        "departements": pd.Series([], dtype=object),
                        "updated_at": pd.Series([], dtype="datetime64[s]"),
                        "version": pd.Series([], dtype="int32")})
    conformed = USER_TERRITORIES.conform(raw)
    assert [str(t) for t in conformed.dtypes] == list(USER_TERRITORIES.dtypes.values())
    assert USER_TERRITORIES.labels["name"] == "Territoire"
