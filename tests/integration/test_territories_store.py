"""User territories in a real store: created, renamed, changed, deleted, and used as filters."""

from __future__ import annotations

from datetime import datetime

import pytest

from accueil.domain.territories import MASSIF_CENTRAL, Territory, TerritoryLevel
from accueil.services import territories as service
from accueil.store import offers as repo
from accueil.store.dashboard import dashboard, territories
from accueil.store.db import Store
from accueil.store.territories import (
    create_territory,
    delete_territory,
    list_territories,
    territory_communes,
    update_territory,
    user_territories,
)
from tests.builders import ADMIN, AURILLAC, SAINT_FLOUR, qualified_offer

ALLANCHE = "15001"


def test_predefined_territories_come_from_the_reference_in_a_stable_order(
        store: Store) -> None:
    listed = list_territories(store)
    assert listed[0] == MASSIF_CENTRAL
    levels = [t.level for t in listed]
    assert levels.count(TerritoryLevel.DEPARTEMENT) == 22
    assert levels.count(TerritoryLevel.EPCI) == 284
    assert levels == sorted(levels, key=[TerritoryLevel.MASSIF, TerritoryLevel.DEPARTEMENT,
                                         TerritoryLevel.EPCI].index)
    assert listed[1] == Territory(TerritoryLevel.DEPARTEMENT, "03", "Allier")
    assert territories(store) == listed  # what the sidebar offers


@pytest.mark.parametrize(("territory", "count"), [
    (MASSIF_CENTRAL, 7310),
    (Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal"), 250),
    (Territory(TerritoryLevel.EPCI, "200066660", "CC de Saint-Flour"), 53),
])
def test_each_predefined_territory_knows_its_communes(store: Store, territory: Territory,
                                                      count: int) -> None:
    assert len(territory_communes(store, territory)) == count


def test_a_user_territory_is_created_with_its_communes_and_listed_after_the_others(
        store: Store) -> None:
    when = datetime(2026, 11, 26, 9, 30)
    mine = create_territory(store, "  Pays   de Saint-Flour ", [SAINT_FLOUR, ALLANCHE,
                                                               SAINT_FLOUR], now=when)
    assert mine.name == "Pays de Saint-Flour"
    assert mine.level is TerritoryLevel.USER
    assert territory_communes(store, mine) == [ALLANCHE, SAINT_FLOUR]
    assert list_territories(store)[-1] == mine
    table = user_territories(store)
    assert table.iloc[0].to_dict() == {
        "code": mine.code, "name": "Pays de Saint-Flour", "communes": 2,
        "population": 6391 + 773, "departements": "15", "updated_at": when}


def test_renaming_and_changing_communes_happen_together_or_not_at_all(store: Store) -> None:
    mine = create_territory(store, "Pays", [SAINT_FLOUR])
    renamed = update_territory(store, mine, "Pays de Saint-Flour", [SAINT_FLOUR, AURILLAC])
    assert renamed.code == mine.code
    assert territory_communes(store, renamed) == [AURILLAC, SAINT_FLOUR]
    with pytest.raises(KeyError):
        update_territory(store, Territory(TerritoryLevel.USER, "perso-999", "x"), "y")


def test_deleting_removes_the_territory_and_its_list_but_no_offer(store: Store) -> None:
    repo.save_offer(store, qualified_offer())
    mine = create_territory(store, "Pays", [SAINT_FLOUR])
    assert delete_territory(store, mine)
    assert not delete_territory(store, mine)
    assert user_territories(store).empty
    assert territory_communes(store, mine) == []
    assert len(repo.list_offers(store, repo.OfferQuery())) == 1


def test_predefined_territories_cannot_be_changed(store: Store) -> None:
    with pytest.raises(ValueError, match="predefined"):
        delete_territory(store, MASSIF_CENTRAL)


def test_a_user_territory_filters_lists_and_dashboards_like_any_other(store: Store) -> None:
    repo.save_offers(store, [qualified_offer(), qualified_offer(commune_insee=AURILLAC),
                             qualified_offer(commune_insee="63113")])
    mine = create_territory(store, "Saint-Flour et Clermont", [SAINT_FLOUR, "63113"])
    listed = repo.list_offers(store, repo.OfferQuery(territory=mine))
    assert sorted(listed["commune_insee"]) == ["15187", "63113"]
    data = dashboard(store, mine)
    assert data.total == 2
    assert set(data.by_area["area"]) == {"Saint-Flour", "Clermont-Ferrand"}


# -- the service the page calls ----------------------------------------------------------------


def test_the_service_saves_nothing_when_the_name_is_taken_or_no_commune_is_given(
        store: Store) -> None:
    first = service.save_territory(store, "Pays de Mauriac", ["15120"], by=ADMIN)
    assert first.saved
    assert first.communes == 1
    clash = service.save_territory(store, "pays de mauriac", ["15120"], by=ADMIN)
    assert not clash.saved
    assert "s'appelle déjà" in clash.errors[0]
    empty = service.save_territory(store, "", [], by=ADMIN)
    assert len(empty.errors) == 2
    unknown = service.save_territory(store, "Hors massif", ["75056"], by=ADMIN)
    assert "75056" in unknown.errors[0]
    assert len(user_territories(store)) == 1


def test_the_service_adds_and_removes_communes_or_replaces_them_all(store: Store) -> None:
    mine = service.save_territory(store, "Pays", [SAINT_FLOUR, AURILLAC], by=ADMIN).territory
    assert mine is not None
    changed = service.change_territory(store, mine, "Pays", added=[ALLANCHE],
                                       removed=[AURILLAC], by=ADMIN)
    assert changed.communes == 2
    assert service.communes_of(store, mine) == [ALLANCHE, SAINT_FLOUR]
    replaced = service.change_territory(store, mine, "Pays renommé", replacement=[AURILLAC], by=ADMIN)
    assert replaced.territory is not None
    assert replaced.territory.name == "Pays renommé"
    assert service.communes_of(store, mine) == [AURILLAC]
    emptied = service.change_territory(store, mine, "Pays", removed=[AURILLAC], by=ADMIN)
    assert "au moins une commune" in emptied.errors[0]
    assert service.communes_of(store, mine) == [AURILLAC]


def test_the_service_keeps_a_territory_s_own_name_when_only_its_communes_change(
        store: Store) -> None:
    mine = service.save_territory(store, "Pays", [SAINT_FLOUR], by=ADMIN).territory
    assert mine is not None
    assert service.change_territory(store, mine, "Pays", added=[AURILLAC], by=ADMIN).saved


def test_a_territory_deleted_elsewhere_gets_a_french_message(store: Store) -> None:
    mine = service.save_territory(store, "Pays", [SAINT_FLOUR], by=ADMIN).territory
    assert mine is not None
    assert service.remove_territory(store, mine, by=ADMIN)
    gone = service.change_territory(store, mine, "Pays", added=[AURILLAC], by=ADMIN)
    assert "n'existe plus" in gone.errors[0]


def test_a_perimeter_file_is_read_against_the_whole_reference(store: Store) -> None:
    found = service.read_perimeter_file(b"code_insee\n15187\n15001\n75056\n", "pays.csv")
    assert found.codes == (SAINT_FLOUR, ALLANCHE)
    assert "ligne 4" in found.errors[0]
