"""The change journal on both engines: written with the change, in the same transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from accueil.domain.offers import OfferStatus
from accueil.store import imports, journal
from accueil.store import offers as repo
from accueil.store.db import Store, UnitOfWork
from accueil.store.imports import BatchRecord
from accueil.store.territories import create_territory, update_territory
from tests.builders import AURILLAC, SAINT_FLOUR, qualified_offer
from tests.integration.test_imports import offer_rows

EPOCH = datetime(2000, 1, 1)


def test_an_edit_is_journaled_field_by_field_with_its_author(store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer(), author="marie")
    stored = repo.get_offer(store, offer_id)
    assert stored is not None
    repo.save_offer(store, replace(stored, title="Boulangerie-pâtisserie",
                                   status=OfferStatus.POURVUE), author="paul")
    rows = journal.offer_history(store, offer_id)
    assert list(rows["action"])[-1] == "created"
    assert list(rows["author"])[-1] == "marie"
    edits = rows[rows["action"] == "updated"]
    assert set(edits["author"]) == {"paul"}
    changed = dict(zip(edits["field"], zip(edits["old_value"], edits["new_value"],
                                           strict=True), strict=True))
    assert changed == {"title": ("Boulangerie du bourg", "Boulangerie-pâtisserie"),
                       "status": ("veille", "pourvue")}


def test_a_failed_write_leaves_no_journal_row(store: Store) -> None:
    offer_id = repo.save_offer(store, qualified_offer(), author="marie")
    stored = repo.get_offer(store, offer_id)
    assert stored is not None
    before = len(journal.changes_since(store, EPOCH))

    def work(uow: UnitOfWork) -> None:
        repo.save_offer(uow, replace(stored, title="Jamais enregistré"), author="paul")
        raise RuntimeError("disk full, say")

    with pytest.raises(RuntimeError):
        store.write(work)
    assert len(journal.changes_since(store, EPOCH)) == before
    kept = repo.get_offer(store, offer_id)
    assert kept is not None
    assert kept.title == "Boulangerie du bourg"


def test_an_import_is_one_journal_row_group_not_one_per_offer(store: Store) -> None:
    record = BatchRecord(file_name="cci.csv", sha256="x", target="offers", source="CCI",
                         total_rows=50)
    rows = offer_rows(*({"title": f"Commerce {i}"} for i in range(50)))
    batch_id = imports.import_offers(store, rows, record, author="marie")
    since = journal.changes_since(store, EPOCH)
    assert set(since["entity"]) == {"import"}
    assert len(since) == 2  # the file's name and its count of offers
    assert dict(zip(since["field"], since["new_value"], strict=True)) == {
        "file": "cci.csv", "offers": "50"}
    imports.undo_batch(store, batch_id, author="paul")
    undone = journal.history(store, "import", batch_id)
    assert "undone" in set(undone["action"])


def test_territories_and_the_dashboard_counts_of_changes(store: Store) -> None:
    territory = create_territory(store, "Planèze", [SAINT_FLOUR], author="marie")
    update_territory(store, territory, codes=[SAINT_FLOUR, AURILLAC], author="marie")
    counts = journal.change_counts(store, EPOCH)
    by_kind = {(e, a): n for e, a, n in zip(counts["entity"], counts["action"],
                                            counts["entities"], strict=True)}
    assert by_kind == {("territory", "created"): 1, ("territory", "updated"): 1}
    assert journal.change_counts(store, datetime(2100, 1, 1)).empty


def test_progress_by_quarter_counts_qualified_and_filled_offers(store: Store) -> None:
    when = datetime(2026, 11, 5, 10, 0)
    offer_id = repo.write_offers(store, [qualified_offer()], when, author="marie")[0]
    stored = repo.get_offer(store, offer_id)
    assert stored is not None
    repo.write_offers(store, [replace(stored, status=OfferStatus.POURVUE)],
                      datetime(2027, 1, 10, 9, 0), author="marie")
    table = journal.progress_by_quarter(store)
    assert table.to_dict("records") == [{"quarter": "2026-T4", "qualified": 1, "filled": 0},
                                        {"quarter": "2027-T1", "qualified": 0, "filled": 1}]


def test_on_postgresql_the_journal_refuses_to_be_rewritten(store: Store) -> None:
    if store.engine != "postgres":
        pytest.skip("DuckDB has no triggers: there the store code never rewrites the journal")
    repo.save_offer(store, qualified_offer(), author="marie")
    with pytest.raises(Exception, match="append-only"), store.writing() as tx:
        tx.execute("UPDATE journal SET author = ? WHERE true", ["mallory"])
    assert set(journal.changes_since(store, EPOCH)["author"]) == {"marie"}
