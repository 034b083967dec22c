"""The DuckDB store for real: migrations, round trips, transactions, and unusable files."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import pytest

from accueil.domain.offers import ActivityKind, OfferStatus
from accueil.domain.pillars import Qualification
from accueil.domain.territories import MASSIF_CENTRAL, Territory, TerritoryLevel
from accueil.io.demo import load_demo_offers
from accueil.store import offers as repo
from accueil.store.dashboard import dashboard, store_summary, territories
from accueil.store.db import Store, StoreError, UnitOfWork, migrations
from tests.builders import AURILLAC, SAINT_FLOUR, housing, premises, qualified_offer


def test_a_new_store_gets_every_migration_and_the_reference_communes(store: Store) -> None:
    assert store.schema_version() == len(migrations()) >= 2
    summary = store_summary(store)
    assert summary.communes > 7000
    assert summary.offers == 0


@pytest.mark.parametrize("previous", range(1, len(migrations())))
def test_a_store_of_an_earlier_schema_is_upgraded_in_place(store_target: str,
                                                           previous: int) -> None:
    old = Store.open(store_target, up_to=previous)
    with old.writing() as cur:
        cur.execute("INSERT INTO store_meta VALUES ('marker', 'kept')")
    old.close()
    upgraded = Store.open(store_target)
    assert upgraded.schema_version() == len(migrations())
    assert upgraded.get_meta("marker") == "kept"
    upgraded.close()


def test_reopening_an_up_to_date_store_applies_nothing_twice(store_target: str) -> None:
    Store.open(store_target).close()
    again = Store.open(store_target)
    with again.reading() as cur:
        rows = cur.all("SELECT version FROM schema_migrations ORDER BY 1")
    assert [r[0] for r in rows] == list(range(1, len(migrations()) + 1))
    again.close()


def test_an_offer_comes_back_exactly_as_it_was_saved(store: Store) -> None:
    offer = qualified_offer(receptivity=(housing(), premises(price=85_000.0, monthly_rent=None)))
    offer_id = repo.save_offer(store, offer)
    loaded = repo.get_offer(store, offer_id)
    assert loaded is not None
    assert loaded.created_at is not None
    assert replace(loaded, id=None, created_at=None, updated_at=None, version=None,
                   receptivity=tuple(replace(i, id=None) for i in loaded.receptivity)) == offer


def test_editing_an_offer_keeps_its_identity_its_creation_date_and_its_items(store: Store
                                                                            ) -> None:
    offer_id = repo.save_offer(store, qualified_offer())
    saved = repo.get_offer(store, offer_id)
    assert saved is not None
    edited = replace(saved, title="Boulangerie-pâtisserie",
                     receptivity=(replace(saved.receptivity[0], rooms=5), premises()))
    assert repo.save_offer(store, edited) == offer_id
    again = repo.get_offer(store, offer_id)
    assert again is not None
    assert again.title == "Boulangerie-pâtisserie"
    assert again.created_at == saved.created_at
    assert again.receptivity[0].id == saved.receptivity[0].id
    assert again.receptivity[0].rooms == 5
    assert len(again.receptivity) == 2
    assert store_summary(store).offers == 1


def test_the_stored_pillar_statuses_follow_the_offer(store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer(receptivity=()))
    listed = repo.list_offers(store, repo.OfferQuery())
    row = listed[listed["id"] == offer_id].iloc[0]
    assert row["qualification"] == Qualification.A_COMPLETER.value
    assert row["pillar_receptivite"] == "absent"
    assert row["commune"] == "Saint-Flour"


def test_a_failing_write_leaves_nothing_behind(store: Store) -> None:
    good = qualified_offer(title="Valide", receptivity=(housing(), premises()))

    def write_then_fail(uow: UnitOfWork) -> None:
        repo.write_offers(uow, [good, good])
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        store.write(write_then_fail)
    assert store_summary(store).offers == 0
    assert store_summary(store).items == 0


def test_editing_an_offer_that_is_gone_writes_nothing(store: Store) -> None:
    with pytest.raises(KeyError):
        repo.save_offers(store, [qualified_offer(title="Nouvelle"), qualified_offer(id=999)])
    assert store_summary(store).offers == 0


def test_archiving_hides_an_offer_from_lists_and_dashboard_but_keeps_it(store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer())
    repo.archive_offer(store, offer_id)
    assert repo.list_offers(store, repo.OfferQuery()).empty
    assert dashboard(store, MASSIF_CENTRAL).by_status.empty
    archived = repo.get_offer(store, offer_id)
    assert archived is not None
    assert archived.status is OfferStatus.ARCHIVEE
    shown = repo.list_offers(store, repo.OfferQuery(statuses=(OfferStatus.ARCHIVEE,),
                                                    include_archived=True))
    assert list(shown["id"]) == [offer_id]


def test_lists_filter_by_territory_kind_and_text(store: Store) -> None:
    repo.save_offers(store, [
        qualified_offer(title="Boulangerie", commune_insee=SAINT_FLOUR),
        qualified_offer(title="Garage", commune_insee=AURILLAC),
        qualified_offer(title="Épicerie", commune_insee="03001"),
    ])
    cantal = Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal")
    assert set(repo.list_offers(store, repo.OfferQuery(territory=cantal))["title"]) == {
        "Boulangerie", "Garage"}
    assert list(repo.list_offers(store, repo.OfferQuery(text="aurillac"))["title"]) == [
        "Garage"]
    assert repo.list_offers(store, repo.OfferQuery(kinds=(ActivityKind.EMPLOI,))).empty


def test_the_demo_is_installed_once_and_removed_without_touching_user_offers(store: Store
                                                                             ) -> None:
    demo = load_demo_offers()
    assert repo.seed_demo(store, demo) == len(demo) >= 40
    assert repo.seed_demo(store, demo) == 0
    mine = repo.save_offer(store, qualified_offer(title="Mon offre"))
    assert repo.delete_demo(store)[0] == len(demo)
    assert list(repo.list_offers(store, repo.OfferQuery())["id"]) == [mine]
    assert store_summary(store).communes > 7000
    assert repo.seed_demo(store, demo) == 0  # the user removed it: it stays removed


def test_the_demo_covers_every_kind_and_every_pillar_state(store: Store) -> None:
    repo.seed_demo(store, load_demo_offers())
    listed = repo.list_offers(store, repo.OfferQuery(include_archived=True))
    assert set(listed["activity_kind"]) == {k.value for k in ActivityKind}
    assert set(listed["qualification"]) == {q.value for q in Qualification}
    for pillar in ("activite", "receptivite", "amenites"):
        assert set(listed[f"pillar_{pillar}"]) >= {"complet", "partiel"}
    assert set(listed["pillar_receptivite"]) == {"complet", "partiel", "absent"}
    assert set(listed["commune"].map(type)) == {str}


def test_dashboard_counts_match_the_offers(store: Store) -> None:
    repo.save_offers(store, [qualified_offer(), qualified_offer(receptivity=()),
                             qualified_offer(receptivity=(), amenities=frozenset(),
                                             living_environment="")])
    data = dashboard(store, MASSIF_CENTRAL)
    assert (int(data.by_area["n"].sum()), int(data.by_area["qualified"].sum())) == (3, 1)
    assert data.missing_pillars.set_index("pillar")["n"].to_dict() == {
        "activite": 0, "receptivite": 2, "amenites": 1}
    assert data.by_area.iloc[0]["area"] == "Cantal"


def test_territories_list_the_massif_its_departements_and_its_epci(store: Store) -> None:
    listed = territories(store)
    assert listed[0] == MASSIF_CENTRAL
    assert sum(t.level is TerritoryLevel.DEPARTEMENT for t in listed) == 22
    assert any(t.name == "CC de Saint-Flour" for t in listed)


def test_a_file_that_is_not_a_store_gets_a_french_message_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "offres.duckdb"
    path.write_bytes(b"PK\x03\x04 ceci est un classeur, pas une base" * 200)
    with pytest.raises(StoreError, match="n'est pas une base Accueil lisible") as error:
        Store.open(path)
    assert str(path) in str(error.value)


def test_a_store_held_by_another_process_gets_a_french_message(store_path: Path) -> None:
    Store.open(store_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(store_path)!r})
            print("locked", flush=True)
            time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError, match="déjà ouverte par un autre programme"):
            Store.open(store_path)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()  # type: ignore[union-attr]
    time.sleep(0.1)
    Store.open(store_path).close()


def test_a_store_from_a_newer_version_is_refused_not_damaged(store_target: str) -> None:
    store = Store.open(store_target)
    with store.writing() as cur:
        cur.execute("INSERT INTO schema_migrations VALUES (99, 'future', now())")
    store.close()
    with pytest.raises(StoreError, match="version plus récente"):
        Store.open(store_target)


def test_both_engines_have_the_same_migrations_by_number_and_name() -> None:
    duck = [(m.version, m.name) for m in migrations("duckdb")]
    postgres = [(m.version, m.name) for m in migrations("postgres")]
    assert duck == postgres, "every migration needs its twin in migrations/postgres/"


def test_a_write_in_one_process_moves_the_revision_another_process_reads(
        store: Store, store_target: str) -> None:
    if store.engine == "duckdb":
        pytest.skip("a DuckDB file belongs to one process")
    other = Store.open(store_target)  # a second app process: its own connections
    try:
        before = other.revision()
        repo.save_offer(store, qualified_offer())
        assert other.revision() == before + 1
        assert store_summary(other).offers == 1
    finally:
        other.close()


def test_the_revision_counts_committed_writes_only(store: Store) -> None:
    before = store.revision()
    repo.save_offer(store, qualified_offer())
    assert store.revision() == before + 1
    with pytest.raises(KeyError):
        repo.save_offers(store, [qualified_offer(id=12345)])
    assert store.revision() == before + 1
