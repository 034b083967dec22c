"""The services of the Réceptivité, Aménités and Territoires forms, when someone else saved the
same record since the form was opened: the save is refused with the other person's values,
and overwriting knowingly (from the stored version) lands."""

from __future__ import annotations

from accueil.domain.offers import Amenity
from accueil.services import amenites, receptivite, territories
from accueil.store import amenities as amenity_store
from accueil.store import inventory as inventory_store
from accueil.store.db import Store
from tests.builders import ADMIN, AURILLAC, SAINT_FLOUR, housing
from tests.integration.test_qualification import entry


def test_a_stale_item_form_is_refused_with_the_partner_the_other_person_saved(
        store: Store) -> None:
    item_id = inventory_store.save_item(store, entry(housing()))
    seen = inventory_store.get_item(store, item_id)
    assert seen is not None
    theirs = receptivite.values_from_item(seen) | {"source_partner": "Agence du Cantal"}
    assert receptivite.submit_item(store, theirs, item_id, by=ADMIN, seen=seen).saved
    mine = receptivite.values_from_item(seen) | {"description": "Maison avec jardin"}
    refused = receptivite.submit_item(store, mine, item_id, by=ADMIN, seen=seen)
    assert not refused.saved
    assert refused.conflict is not None
    assert [(c.label, c.seen, c.theirs) for c in refused.conflict.changes] == [
        ("Partenaire source", "Agence du bourg", "Agence du Cantal")]
    assert refused.current is not None
    assert receptivite.submit_item(store, mine, item_id, by=ADMIN, seen=refused.current).saved
    stored = inventory_store.get_item(store, item_id)
    assert stored is not None
    assert (stored.item.description, stored.source_partner) == (
        "Maison avec jardin", "Agence du bourg")


def test_a_stale_amenity_editor_is_refused_with_the_count_the_other_person_typed(
        store: Store) -> None:
    seen = amenity_store.load_profile(store, SAINT_FLOUR)
    theirs = amenites.amenities_view(store, SAINT_FLOUR).editor.copy()
    mine = theirs.copy()
    doctor = theirs[amenites.CATEGORY_COLUMN] == "Médecin généraliste"
    theirs.loc[doctor, amenites.COUNT_COLUMN] = "4"
    mine.loc[doctor, amenites.COUNT_COLUMN] = "3"
    assert amenites.submit_profile(store, SAINT_FLOUR, theirs, "", by=ADMIN, seen=seen).saved
    refused = amenites.submit_profile(store, SAINT_FLOUR, mine, "", by=ADMIN, seen=seen,
                                      name="Saint-Flour")
    assert not refused.saved
    assert refused.conflict is not None
    assert "« Saint-Flour »" in refused.conflict.message()
    assert [(c.label, c.seen, c.theirs, c.yours) for c in refused.conflict.changes] == [
        ("Médecin généraliste", "non renseigné", "4", "3")]
    assert refused.current is not None
    assert amenites.submit_profile(store, SAINT_FLOUR, mine, "", by=ADMIN, seen=refused.current).saved
    assert amenity_store.load_profile(store, SAINT_FLOUR).counts[Amenity.MEDECIN].count == 3


def test_a_stale_territory_form_is_refused_with_the_name_the_other_person_gave(
        store: Store) -> None:
    created = territories.save_territory(store, "Pays", [SAINT_FLOUR], by=ADMIN)
    assert created.territory is not None
    mine = created.territory
    seen = territories.seen_now(store, mine)
    assert seen is not None
    assert territories.change_territory(store, mine, "Pays de Saint-Flour", by=ADMIN, seen=seen).saved
    refused = territories.change_territory(store, mine, "Pays", added=[AURILLAC], by=ADMIN, seen=seen)
    assert not refused.saved
    assert refused.conflict is not None
    assert [(c.label, c.seen, c.theirs) for c in refused.conflict.changes] == [
        ("Nom", "Pays", "Pays de Saint-Flour")]
    assert territories.communes_of(store, mine) == [SAINT_FLOUR]
