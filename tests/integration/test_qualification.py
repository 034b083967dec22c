"""Qualify and aggregate for real: the inventory, aménités, links and the qualification record
in a DuckDB store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from accueil.domain.amenities import AmenityCount, AmenitySource
from accueil.domain.inventory import HousingType, InventoryItem, PremisesType, Tenure
from accueil.domain.offers import Activity, ActivityKind, Amenity, ReceptivityKind
from accueil.domain.suggestions import Household
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.io.demo import load_demo_offers
from accueil.io.demo_inventory import load_demo_inventory
from accueil.services import amenites, qualify, receptivite
from accueil.store import amenities as amenity_store
from accueil.store import inventory as inventory_store
from accueil.store import offers as repo
from accueil.store.db import Store
from tests.builders import ADMIN, AURILLAC, SAINT_FLOUR, housing, premises, qualified_offer

TODAY = date(2026, 11, 26)
ANDELAT = "15004"  # 7 km from Saint-Flour
CANTAL = Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal")


def entry(item: object = None, commune: str = SAINT_FLOUR, **changes: object) -> InventoryItem:
    values: dict[str, object] = {
        "item": item or housing(), "commune_insee": commune, "tenure": Tenure.LOCATION,
        "housing_type": HousingType.MAISON, "source_partner": "Agence du bourg",
        "verified_on": date(2026, 11, 2)}
    values.update(changes)
    return InventoryItem(**values)  # type: ignore[arg-type]


def test_an_item_comes_back_exactly_as_it_was_saved(store: Store) -> None:
    shop = entry(premises(description="Ancienne boulangerie"), housing_type=None,
                 premises_types=frozenset({PremisesType.COMMERCE, PremisesType.ATELIER}))
    item_id = inventory_store.save_item(store, shop)
    loaded = inventory_store.get_item(store, item_id)
    assert loaded is not None
    assert replace(loaded, item=replace(loaded.item, id=None)) == shop


def test_editing_an_offer_keeps_its_items_own_commune_partner_and_inventory_fields(
        store: Store) -> None:
    item_id = inventory_store.save_item(store, entry(commune=ANDELAT))
    offer_id = repo.save_offer(store, qualified_offer(receptivity=()))
    assert qualify.link_item(store, offer_id, item_id, by=ADMIN).ok
    offer = repo.get_offer(store, offer_id)
    assert offer is not None
    repo.save_offer(store, replace(offer, title="Boulangerie (modifiée)",
                                   receptivity=(replace(offer.receptivity[0], rooms=5),)))
    kept = inventory_store.get_item(store, item_id)
    assert kept is not None
    assert (kept.commune_insee, kept.source_partner, kept.housing_type, kept.item.rooms) == (
        ANDELAT, "Agence du bourg", HousingType.MAISON, 5)


def test_an_item_shared_by_two_offers_survives_rewriting_both(store: Store) -> None:
    item_id = inventory_store.save_item(store, entry())
    first = repo.save_offer(store, qualified_offer(receptivity=()))
    second = repo.save_offer(store, qualified_offer(title="Épicerie", receptivity=()))
    for offer_id in (first, second):
        assert qualify.link_item(store, offer_id, item_id, by=ADMIN).ok
    # what refresh_assessments does when the rules change
    store.write(lambda uow: repo.write_offers(uow, repo.load_offers(uow)))
    offers = repo.load_offers(store)
    assert [[i.id for i in o.receptivity] for o in offers] == [[item_id], [item_id]]
    assert inventory_store.list_items(store, inventory_store.ItemQuery())["offers"].tolist() == [2]


def test_linking_the_missing_housing_qualifies_the_offer_and_records_who_and_when(
        store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer(receptivity=()))
    assert inventory_store.qualification_record(store, offer_id) is None
    item_id = inventory_store.save_item(store, entry())
    result = qualify.link_item(store, offer_id, item_id, "Marie Dupont", by=ADMIN)
    assert result.qualified_now
    assert "maintenant qualifiée" in result.message
    listed = repo.list_offers(store, repo.OfferQuery())
    assert listed.loc[listed["id"] == offer_id, "qualification"].item() == "qualifiee"
    record = inventory_store.qualification_record(store, offer_id)
    assert record is not None
    assert record[0] == "Marie Dupont"

    again = qualify.link_item(store, offer_id, item_id, "Paul", by=ADMIN)
    assert (again.ok, again.message) == (False, "Ce bien est déjà rattaché à l'offre.")
    unlinked = qualify.unlink_item(store, offer_id, item_id, "Paul", by=ADMIN)
    assert unlinked.ok
    assert unlinked.message.endswith("Il reste à compléter : Réceptivité absent : manque un "
                                     "logement.")
    assert inventory_store.qualification_record(store, offer_id) is None
    assert inventory_store.get_item(store, item_id) is not None  # still in the inventory


def test_an_archived_item_cannot_be_linked_nor_suggested(store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer(receptivity=()))
    item_id = inventory_store.save_item(store, entry())
    assert receptivite.archive_item(store, item_id, by=ADMIN).startswith("Bien archivé")
    assert not qualify.link_item(store, offer_id, item_id, by=ADMIN).ok
    view = qualify.assistant(store, offer_id, Household(), 20, TODAY)
    assert view is not None
    assert view.needs[0].cards == ()
    assert receptivite.archive_item(store, item_id, archived=False, by=ADMIN) == \
        "Bien remis dans l'inventaire."
    assert receptivite.archive_item(store, 999, archived=True, by=ADMIN).startswith("Ce bien n'existe plus")


def test_the_assistant_suggests_the_commune_first_then_within_the_distance_set(
        store: Store) -> None:
    creation = qualified_offer(activity=Activity(kind=ActivityKind.CREATION, naf_code="10.71C",
                                                 need="Plus de boulangerie"), receptivity=())
    offer_id = repo.save_offer(store, creation)
    near_house = inventory_store.save_item(store, entry(housing(rooms=5), commune=ANDELAT))
    here_house = inventory_store.save_item(store, entry(housing(rooms=2)))
    far_house = inventory_store.save_item(store, entry(commune=AURILLAC))  # 52 km
    shop = inventory_store.save_item(store, entry(
        premises(), housing_type=None,
        premises_types=frozenset({PremisesType.COMMERCE, PremisesType.ATELIER})))
    office = inventory_store.save_item(store, entry(
        premises(), housing_type=None, premises_types=frozenset({PremisesType.BUREAU})))

    view = qualify.assistant(store, offer_id, Household(2, 2), 20, TODAY)
    assert view is not None
    homes, work = view.needs
    assert [c.item_id for c in homes.cards] == [here_house, near_house]
    assert homes.cards[0].where == "Dans la commune de l'offre"
    assert homes.cards[1].where.startswith("À ")
    assert homes.cards[1].commune == "Andelat"
    assert [c.item_id for c in work.cards] == [shop]
    wider = qualify.assistant(store, offer_id, Household(2, 2), 60, TODAY)
    assert wider is not None
    assert far_house in [c.item_id for c in wider.needs[0].cards]
    assert office not in [c.item_id for c in wider.needs[1].cards]


def test_the_commune_s_amenities_can_be_applied_to_an_offer(store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer(amenities=frozenset(),
                                                      living_environment=""))
    counts = {Amenity.ECOLE: 2, Amenity.MEDECIN: 3, Amenity.COMMERCE: 5,
              Amenity.TRES_HAUT_DEBIT: 1, Amenity.COLLEGE: 0}
    amenity_store.save_profile(store, SAINT_FLOUR, counts, "Ville d'art et d'histoire")
    view = qualify.assistant(store, offer_id, Household(), 20, TODAY)
    assert view is not None
    assert view.amenities.to_apply == ("École maternelle et élémentaire, Médecin généraliste, "
                                       "Commerce alimentaire, Très haut débit ; le cadre de vie")
    result = qualify.apply_commune_amenities(store, offer_id, "Marie", by=ADMIN)
    assert result.qualified_now
    offer = repo.get_offer(store, offer_id)
    assert offer is not None
    assert offer.amenities == {a for a, n in counts.items() if n}
    assert offer.living_environment == "Ville d'art et d'histoire"
    assert not qualify.apply_commune_amenities(store, offer_id, by=ADMIN).ok  # nothing left to add


def bpe_counts(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["commune_insee", "amenity", "count"])


def test_a_bpe_import_replaces_its_figures_but_keeps_what_a_person_typed(store: Store) -> None:
    amenity_store.save_profile(store, SAINT_FLOUR, {Amenity.MEDECIN: 7}, "")
    written = amenity_store.write_bpe(store, bpe_counts([(SAINT_FLOUR, "medecin", 4),
                                                         (SAINT_FLOUR, "pharmacie", 2)]),
                                      {SAINT_FLOUR, ANDELAT})
    assert written.kept_manual == 1
    profile = amenity_store.load_profile(store, SAINT_FLOUR)
    assert profile.counts[Amenity.MEDECIN] == AmenityCount(
        Amenity.MEDECIN, 7, AmenitySource.MANUEL, profile.counts[Amenity.MEDECIN].updated_at)
    assert profile.counts[Amenity.PHARMACIE].count == 2
    assert profile.counts[Amenity.COLLEGE].count == 0  # the file covers the commune: none
    assert Amenity.TRES_HAUT_DEBIT in profile.unknown  # the BPE does not tell
    andelat = amenity_store.load_profile(store, ANDELAT)
    assert andelat.present == set()
    assert len(andelat.absent) == 8
    amenity_store.write_bpe(store, bpe_counts([(ANDELAT, "ecole", 1)]), {ANDELAT})
    assert amenity_store.load_profile(store, ANDELAT).present == {Amenity.ECOLE}


def test_a_profile_typed_with_a_mistake_is_refused_whole(store: Store) -> None:
    view = amenites.amenities_view(store, SAINT_FLOUR)
    editor = view.editor.copy()
    editor.loc[0, amenites.COUNT_COLUMN] = "2"
    editor.loc[1, amenites.COUNT_COLUMN] = "beaucoup"
    result = amenites.submit_profile(store, SAINT_FLOUR, editor, "Cadre", by=ADMIN)
    assert result.errors == (("Collège : « beaucoup » n'est pas un nombre ; saisissez un "
                              "nombre entier (0 si la commune n'en a pas), ou laissez vide si "
                              "vous ne savez pas."),)
    assert amenity_store.load_profile(store, SAINT_FLOUR).is_empty
    editor.loc[1, amenites.COUNT_COLUMN] = "0"
    assert amenites.submit_profile(store, SAINT_FLOUR, editor, "Cadre", by=ADMIN).changed == 2
    saved = amenites.amenities_view(store, SAINT_FLOUR)
    assert saved.summary == "1 service présent sur 2 renseignés"


def test_the_veille_lists_what_was_not_verified_within_the_period(store: Store) -> None:
    repo.save_offer(store, qualified_offer(title="Ancienne", verified_on=date(2026, 1, 5)))
    repo.save_offer(store, qualified_offer(title="Récente", verified_on=date(2026, 11, 1)))
    inventory_store.save_item(store, entry(housing(description="Vieille maison"),
                                           verified_on=None))
    archived = inventory_store.save_item(store, entry(verified_on=date(2025, 1, 1)))
    inventory_store.set_archived(store, archived, True)
    view = qualify.recheck_list(store, CANTAL, TODAY)
    assert [(r.kind, r.label, r.commune, r.verified) for r in view.rows] == [
        ("Logement", "Vieille maison", "Saint-Flour", "jamais vérifié"),
        # an item typed inside an offer is as verified as its offer
        ("Logement", "Maison de bourg", "Saint-Flour", "vérifié le 05/01/2026"),
        ("Offre", "Ancienne", "Saint-Flour", "vérifié le 05/01/2026")]
    assert (view.total, view.months) == (3, 6)
    assert qualify.set_veille(store, "13", by=ADMIN) is None
    assert qualify.recheck_list(store, CANTAL, TODAY).total == 1  # January is within 13 months
    assert "de 1 à 36 mois" in (qualify.set_veille(store, "0", by=ADMIN) or "")


def test_the_queue_puts_the_offers_missing_least_first(store: Store) -> None:
    repo.save_offers(store, [
        qualified_offer(title="Presque", receptivity=()),
        qualified_offer(title="Loin", receptivity=(), amenities=frozenset(),
                        living_environment=""),
        qualified_offer(title="Faite"),
    ])
    queue = qualify.territory_queue(store, CANTAL)
    assert queue.table["Offre"].tolist() == ["Presque", "Loin"]
    assert (queue.total, queue.qualified, queue.to_qualify) == (3, 1, 2)
    assert queue.most_missing is not None
    assert queue.most_missing.value == "receptivite"
    assert queue.table["Il manque"].tolist()[0] == "Réceptivité : un logement"


def test_the_demo_inventory_is_installed_once_and_removed_with_the_demo(store: Store) -> None:
    repo.seed_demo(store, load_demo_offers())
    items, profiles = load_demo_inventory()
    assert inventory_store.seed_demo_inventory(store, items, profiles) == len(items) >= 40
    assert inventory_store.seed_demo_inventory(store, items, profiles) == 0
    assert not amenity_store.load_profile(store, "15108").is_empty
    repo.delete_demo(store)
    assert len(inventory_store.list_items(store, inventory_store.ItemQuery())) == 0
    assert amenity_store.load_profile(store, "15108").is_empty
    assert inventory_store.seed_demo_inventory(store, items, profiles) == 0  # no demo offers


def test_an_item_form_with_mistakes_saves_nothing_and_says_where(store: Store) -> None:
    values = receptivite.blank_values(TODAY)
    values.update(kind="logement", commune=None, surface_m2=-5, rooms=2.5)
    result = receptivite.submit_item(store, values, today=TODAY, by=ADMIN)
    assert not result.saved
    fields = {e.field: e.message for e in result.errors}
    assert set(fields) == {"commune", "rooms", "surface_m2"}
    assert fields["rooms"] == "Le nombre de pièces est un nombre entier (saisi : 2,5)."
    values.update(commune=SAINT_FLOUR, surface_m2=60, rooms=3, monthly_rent=450)
    saved = receptivite.submit_item(store, values, today=TODAY, by=ADMIN)
    assert saved.saved
    view = receptivite.inventory_view(store, CANTAL, today=TODAY)
    assert view.table.iloc[0][["Type", "Surface", "Pièces", "Loyer mensuel", "État"]].tolist() \
        == ["Logement", "60 m²", "3", "450\u00a0€", "À jour"]


@pytest.mark.parametrize("kind", list(ReceptivityKind))
def test_fields_that_do_not_apply_to_the_kind_are_dropped(kind: ReceptivityKind) -> None:
    values = receptivite.blank_values(TODAY)
    values.update(kind=kind.value, commune=SAINT_FLOUR, rooms=4, housing_type="maison",
                  land_type="terre_agricole", premises_types=["commerce"])
    item, errors = receptivite.item_from_values(values, {SAINT_FLOUR}, TODAY)
    assert errors == []
    assert (item.item.rooms is not None) is (kind is ReceptivityKind.LOGEMENT)
    assert (item.housing_type is not None) is (kind is ReceptivityKind.LOGEMENT)
    assert (item.land_type is not None) is (kind is ReceptivityKind.FONCIER)
    assert bool(item.premises_types) is (kind is ReceptivityKind.LOCAL)



def test_an_offer_saved_qualified_from_its_form_is_recorded_without_a_name(store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer())
    record = inventory_store.qualification_record(store, offer_id)
    assert record is not None
    assert record[0] == ""
    offer = repo.get_offer(store, offer_id)
    assert offer is not None
    repo.save_offer(store, replace(offer, living_environment=""))  # no longer qualifiée
    assert inventory_store.qualification_record(store, offer_id) is None
