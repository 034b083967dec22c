"""Optimistic concurrency on both engines: every save names the version it started from, a
stale one is refused as a conflict (with the other person's change), none is silently lost."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from accueil.domain.amenities import AmenityProfile
from accueil.domain.offers import Amenity
from accueil.domain.territories import Territory
from accueil.domain.versions import RecordKind, StaleVersion
from accueil.services import forms
from accueil.services.offers import archive, submit_offer
from accueil.store import amenities as amenity_store
from accueil.store import inventory as inventory_store
from accueil.store import territories as territory_store
from accueil.store.db import Store
from accueil.store.offers import delete_demo, get_offer, load_offers, save_offer, save_offers
from tests.builders import ADMIN, SAINT_FLOUR, housing, qualified_offer
from tests.concurrency import KNOWN, interleave, new_offer
from tests.integration.test_qualification import entry


def test_a_new_offer_starts_at_version_1_and_each_save_moves_it_on(store: Store) -> None:
    offer_id = save_offer(store, qualified_offer())
    first = get_offer(store, offer_id)
    assert first is not None
    assert first.version == 1
    save_offer(store, replace(first, title="Boulangerie-pâtisserie"))
    second = get_offer(store, offer_id)
    assert second is not None
    assert second.version == 2
    assert second.title == "Boulangerie-pâtisserie"


def test_a_save_from_a_stale_version_is_refused_and_writes_nothing(store: Store) -> None:
    offer_id = save_offer(store, qualified_offer())
    seen = get_offer(store, offer_id)
    assert seen is not None
    save_offer(store, replace(seen, title="Titre de l'autre"))
    with pytest.raises(StaleVersion) as refused:
        save_offer(store, replace(seen, source_partner="Mairie"))
    assert (refused.value.kind, refused.value.expected, refused.value.found) == (
        RecordKind.OFFER, 1, 2)
    stored = get_offer(store, offer_id)
    assert stored is not None
    assert (stored.title, stored.source_partner, stored.version) == (
        "Titre de l'autre", "CMA du Cantal", 2)


def test_the_form_tells_who_changed_what_and_overwriting_knowingly_keeps_both(
        store: Store) -> None:
    offer_id = save_offer(store, qualified_offer())
    a_seen = get_offer(store, offer_id)
    b_seen = get_offer(store, offer_id)
    assert a_seen is not None
    assert b_seen is not None
    a_values = forms.values_from_offer(a_seen) | {"title": "Boulangerie reprise en 2027"}
    assert submit_offer(store, a_values, offer_id, known=KNOWN, by=ADMIN, seen=a_seen).saved
    b_values = forms.values_from_offer(b_seen) | {"source_partner": "Mairie de Saint-Flour"}
    refused = submit_offer(store, b_values, offer_id, known=KNOWN, by=ADMIN, seen=b_seen)
    assert not refused.saved
    assert refused.conflict is not None
    assert [(c.label, c.seen, c.theirs, c.yours) for c in refused.conflict.changes] == [
        ("Titre", "Boulangerie du bourg", "Boulangerie reprise en 2027", "Boulangerie du bourg")]
    message = refused.conflict.message()
    assert "« Boulangerie reprise en 2027 »" in message
    assert "Titre" in message
    assert "version 2" in message
    assert "version 1" in message
    # Reload: B's form starts from the stored offer, B's change applied again, both kept.
    assert refused.current is not None
    again = forms.values_from_offer(refused.current) | {"source_partner": "Mairie de Saint-Flour"}
    assert submit_offer(store, again, offer_id, known=KNOWN, by=ADMIN, seen=refused.current).saved
    stored = get_offer(store, offer_id)
    assert stored is not None
    assert (stored.title, stored.source_partner, stored.version) == (
        "Boulangerie reprise en 2027", "Mairie de Saint-Flour", 3)


def test_overwriting_knowingly_replaces_the_other_change(store: Store) -> None:
    offer_id = save_offer(store, qualified_offer())
    seen = get_offer(store, offer_id)
    assert seen is not None
    save_offer(store, replace(seen, title="Titre de l'autre"))
    mine = forms.values_from_offer(seen) | {"source_partner": "Mairie"}
    refused = submit_offer(store, mine, offer_id, known=KNOWN, by=ADMIN, seen=seen)
    assert refused.conflict is not None
    assert refused.current is not None
    assert submit_offer(store, mine, offer_id, known=KNOWN, by=ADMIN, seen=refused.current).saved
    stored = get_offer(store, offer_id)
    assert stored is not None
    assert (stored.title, stored.source_partner) == ("Boulangerie du bourg", "Mairie")


def test_a_deleted_offer_is_said_gone_not_saved(store: Store) -> None:
    offer_id = save_offer(store, qualified_offer(is_demo=True))
    seen = get_offer(store, offer_id)
    assert seen is not None
    delete_demo(store)
    result = submit_offer(store, forms.values_from_offer(seen), offer_id, known=KNOWN, by=ADMIN, seen=seen)
    assert not result.saved
    assert "n'existe plus" in result.errors[0].message


@pytest.mark.parametrize("sessions", [2, 4])
def test_200_interleaved_edits_lose_no_update(store: Store, sessions: int) -> None:
    offer_id = new_offer(store)
    after = interleave(store, offer_id, sessions, 200)
    before_id = new_offer(store)
    before = interleave(store, before_id, sessions, 200, checked=False)
    print(f"\n{store.engine}, {sessions} sessions, 200 edits: lost {before.lost} before "
          f"(no version), {after.lost} after; {after.saved} saved, {after.conflicts} refused "
          "as conflicts")
    assert after.attempts == 200
    assert after.errors == 0
    assert after.lost == 0
    assert after.saved + after.conflicts == 200
    assert after.conflicts > 0  # the draw does interleave (else the test proves nothing)
    assert before.lost > 0  # and the same draw loses edits without the version check
    final = get_offer(store, offer_id)
    assert final is not None
    assert final.version == 1 + after.saved


def test_truly_simultaneous_saves_land_once_and_refuse_the_others_as_conflicts(
        store: Store) -> None:
    offer_id = save_offer(store, qualified_offer())
    seen = get_offer(store, offer_id)
    assert seen is not None
    start = threading.Barrier(6)
    results: list[object] = []

    def officer(n: int) -> None:
        values = forms.values_from_offer(seen) | {"title": f"Titre n° {n}"}
        start.wait()
        try:
            results.append(submit_offer(store, values, offer_id, known=KNOWN, by=ADMIN, seen=seen))
        except Exception as error:  # noqa: BLE001 - what the generic error page would show
            results.append(error)

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not [r for r in results if isinstance(r, Exception)]
    saved = [r for r in results if getattr(r, "saved", False)]
    refused = [r for r in results if getattr(r, "conflict", None) is not None]
    assert (len(saved), len(refused)) == (1, 5)
    stored = get_offer(store, offer_id)
    assert stored is not None
    assert stored.version == 2


def test_archiving_a_stale_offer_is_refused_with_the_conflict(store: Store) -> None:
    offer_id = save_offer(store, qualified_offer())
    seen = get_offer(store, offer_id)
    assert seen is not None
    save_offer(store, replace(seen, title="Titre de l'autre"))
    outcome = archive(store, seen, by=ADMIN)
    assert not outcome.archived
    assert outcome.conflict is not None
    assert [c.label for c in outcome.conflict.changes] == ["Titre"]
    current = get_offer(store, offer_id)
    assert current is not None
    assert archive(store, current, by=ADMIN).archived


def test_many_offers_saved_together_are_all_refused_when_one_is_stale(store: Store) -> None:
    ids = [save_offer(store, qualified_offer(title=f"Offre {n}")) for n in range(3)]
    seen = load_offers(store, ids)
    save_offer(store, replace(seen[1], title="Changée ailleurs"))
    with pytest.raises(StaleVersion) as refused:
        save_offers(store, [replace(o, description="lot") for o in seen])
    assert refused.value.key == str(ids[1])
    assert [o.description for o in load_offers(store, ids)] == ["", "", ""]
    assert [o.version for o in load_offers(store, ids)] == [1, 2, 1]


def test_an_inventory_item_save_from_a_stale_version_is_refused(store: Store) -> None:
    item_id = inventory_store.save_item(store, entry(housing()))
    seen = inventory_store.get_item(store, item_id)
    assert seen is not None
    assert seen.version == 1
    inventory_store.save_item(store, replace(seen, source_partner="Agence du Cantal"))
    with pytest.raises(StaleVersion):
        inventory_store.save_item(store, replace(seen, archived=True))
    with pytest.raises(StaleVersion):
        inventory_store.set_archived(store, item_id, True, version=seen.version)
    stored = inventory_store.get_item(store, item_id)
    assert stored is not None
    assert (stored.source_partner, stored.archived, stored.version) == (
        "Agence du Cantal", False, 2)


def test_an_item_edited_through_an_offer_moves_its_version_on(store: Store) -> None:
    offer_id = save_offer(store, qualified_offer())
    offer = get_offer(store, offer_id)
    assert offer is not None
    item = offer.receptivity[0]
    assert item.id is not None
    seen = inventory_store.get_item(store, item.id)
    assert seen is not None
    save_offer(store, replace(offer, receptivity=(replace(item, description="Maison rénovée"),)))
    with pytest.raises(StaleVersion):
        inventory_store.save_item(store, replace(seen, source_partner="Mairie"))


def test_an_amenity_profile_save_from_a_stale_version_is_refused(store: Store) -> None:
    seen = amenity_store.load_profile(store, SAINT_FLOUR)
    assert seen.version == 1
    amenity_store.save_profile(store, SAINT_FLOUR, {Amenity.MEDECIN: 4}, "Cité", version=1)
    with pytest.raises(StaleVersion):
        amenity_store.save_profile(store, SAINT_FLOUR, {Amenity.POSTE: 1}, "", version=1)
    stored = amenity_store.load_profile(store, SAINT_FLOUR)
    assert isinstance(stored, AmenityProfile)
    assert (stored.counts[Amenity.MEDECIN].count, Amenity.POSTE in stored.counts,
            stored.living_environment, stored.version) == (4, False, "Cité", 2)


def test_a_bpe_import_moves_the_profiles_it_covers_on(store: Store) -> None:
    import pandas as pd
    seen = amenity_store.load_profile(store, SAINT_FLOUR)
    amenity_store.write_bpe(store, pd.DataFrame(
        {"commune_insee": [SAINT_FLOUR], "amenity": ["medecin"], "count": [7]}), [SAINT_FLOUR])
    with pytest.raises(StaleVersion):
        amenity_store.save_profile(store, SAINT_FLOUR, {Amenity.MEDECIN: 5}, "",
                                   version=seen.version)
    assert amenity_store.load_profile(store, SAINT_FLOUR).counts[Amenity.MEDECIN].count == 7


def test_a_user_territory_save_from_a_stale_version_is_refused(store: Store) -> None:
    mine: Territory = territory_store.create_territory(store, "Pays", [SAINT_FLOUR])
    version = territory_store.territory_version(store, mine)
    assert version is not None
    assert version[0] == 1
    territory_store.update_territory(store, mine, "Pays de Saint-Flour", version=1)
    with pytest.raises(StaleVersion):
        territory_store.update_territory(store, mine, "Autre nom", version=1)
    stored = territory_store.territory_version(store, mine)
    assert stored is not None
    assert stored[0] == 2
    assert territory_store.user_territories(store)["name"].tolist() == ["Pays de Saint-Flour"]


def test_two_app_processes_saving_at_once_on_postgresql_land_once(
        engine: str, store_target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine != "postgres":
        pytest.skip("a DuckDB file is opened by one process at a time")
    import multiprocessing
    import sys
    import types

    # An AppTest earlier in the run leaves app.py as ``__main__``; a spawned child would
    # re-run it (and stop at the sign-in screen) before the worker starts.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))

    from tests.concurrency import save_in_another_process

    store = Store.open(store_target)
    try:
        offer_id = save_offer(store, qualified_offer())
    finally:
        store.close()
    spawn = multiprocessing.get_context("spawn")
    start, out = spawn.Barrier(2), spawn.Queue()
    workers = [spawn.Process(target=save_in_another_process,
                             args=(store_target, offer_id, f"Titre {n}", start, out))
               for n in range(2)]
    for worker in workers:
        worker.start()
    # Generous waits: two fresh interpreters import and open the store on a shared machine.
    outcomes = sorted(out.get(timeout=900) for _ in workers)
    for worker in workers:
        worker.join(timeout=120)
    assert outcomes == ["conflict", "saved"], outcomes
    store = Store.open(store_target)
    try:
        stored = get_offer(store, offer_id)
    finally:
        store.close()
    assert stored is not None
    assert stored.version == 2


def test_undoing_a_bpe_import_moves_the_profiles_it_covers_on(store: Store) -> None:
    import pandas as pd

    from accueil.store.imports import BatchRecord, undo_batch
    written = amenity_store.write_bpe(
        store, pd.DataFrame({"commune_insee": [SAINT_FLOUR], "amenity": ["medecin"],
                             "count": [7]}), [SAINT_FLOUR],
        record=BatchRecord("bpe.csv", "0" * 64, "amenities"))
    assert written.batch_id is not None
    seen = amenity_store.load_profile(store, SAINT_FLOUR)
    undo_batch(store, written.batch_id)
    with pytest.raises(StaleVersion):
        amenity_store.save_profile(store, SAINT_FLOUR, {Amenity.MEDECIN: 5}, "",
                                   version=seen.version)
    assert Amenity.MEDECIN not in amenity_store.load_profile(store, SAINT_FLOUR).counts
