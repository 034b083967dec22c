"""Import batches in a real store: one transaction, exact pillar statuses, duplicates, undo."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest

from accueil.domain.offers import Activity, ActivityKind, Offer
from accueil.domain.pillars import assess, missing_key
from accueil.io.validate import OFFER_COLUMNS, RECEPTIVITY_COLUMNS
from accueil.store import imports
from accueil.store import offers as repo
from accueil.store.dashboard import store_summary
from accueil.store.db import Store, Tx
from accueil.store.imports import BatchRecord, Template
from accueil.store.offers import ACTIVITY_FIELDS
from tests.builders import AURILLAC, SAINT_FLOUR, housing, qualified_offer

NOW = datetime(2026, 11, 26, 14, 3, 12, 345_678)
AMOUNTS = ("turnover", "net_result", "asking_price", "gross_annual_salary")


def offer_rows(*rows: dict[str, Any]) -> pd.DataFrame:
    """A clean frame as validate_rows returns it: its columns, dtypes and file row numbers."""
    records = []
    for row in rows:
        record: dict[str, Any] = dict.fromkeys(OFFER_COLUMNS)
        record.update(title="Boulangerie du bourg", commune_insee=SAINT_FLOUR,
                      commune_name="Saint-Flour", activity_kind="reprise", status="veille",
                      confidentiality="publique")
        record.update(row)
        records.append(record)
    frame = pd.DataFrame(records, columns=list(OFFER_COLUMNS), dtype=object)
    for name in AMOUNTS:
        frame[name] = pd.array(frame[name].tolist(), dtype="Float64")
    frame["headcount"] = pd.array(frame["headcount"].tolist(), dtype="Int64")
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="ligne")
    return frame


def item_rows(*rows: dict[str, Any]) -> pd.DataFrame:
    records = []
    for row in rows:
        record: dict[str, Any] = dict.fromkeys(RECEPTIVITY_COLUMNS)
        record.update(kind="logement", description="Maison de bourg", commune_insee=AURILLAC,
                      commune_name="Aurillac", surface_m2=95.0, rooms=4, monthly_rent=550.0)
        record.update(row)
        records.append(record)
    frame = pd.DataFrame(records, columns=list(RECEPTIVITY_COLUMNS), dtype=object)
    for name in ("surface_m2", "monthly_rent", "price"):
        frame[name] = pd.array(frame[name].tolist(), dtype="Float64")
    frame["rooms"] = pd.array(frame["rooms"].tolist(), dtype="Int64")
    frame.index = pd.RangeIndex(2, 2 + len(frame), name="ligne")
    return frame


def record(target: imports.Target = "offers", **changes: Any) -> BatchRecord:
    values: dict[str, Any] = {"file_name": "offres.csv", "sha256": "ab" * 32, "target": target,
                              "source": "CCI Cantal", "total_rows": 3, "invalid_rows": 1}
    values.update(changes)
    return BatchRecord(**values)


def count(store: Store, sql: str, params: list[Any] | None = None) -> int:
    with store.reading() as cur:
        row = cur.one(sql, params or [])
    assert row is not None
    return int(row[0])


# --- Committing ----------------------------------------------------------------------------


def test_a_committed_import_is_one_batch_that_lists_its_offers(store: Store) -> None:
    rows = offer_rows({"title": "Boulangerie"}, {"title": "Garage", "commune_insee": AURILLAC})
    batch_id = imports.import_offers(store, rows, record(skipped_rows=2), now=NOW)
    [batch] = imports.batches(store)
    assert (batch.id, batch.file_name, batch.source, batch.target) == (
        batch_id, "offres.csv", "CCI Cantal", "offers")
    assert (batch.total_rows, batch.imported_rows, batch.invalid_rows, batch.skipped_rows) == (
        3, 2, 1, 2)
    assert (batch.created_at, batch.undone, batch.remaining, batch.edited) == (NOW, False, 2, 0)
    listed = repo.list_offers(store, repo.OfferQuery())
    assert sorted(listed["title"]) == ["Boulangerie", "Garage"]
    assert set(listed["commune"]) == {"Saint-Flour", "Aurillac"}
    assert count(store, "SELECT count(*) FROM import_offers WHERE batch_id = ?",
                 [batch_id]) == 2


def test_imported_offers_read_back_as_the_offers_the_rows_describe(store: Store) -> None:
    rows = offer_rows({"title": "Boulangerie", "naf_code": "10.71C", "turnover": 320_000.5,
                       "headcount": 3, "target_date": date(2027, 6, 30),
                       "verified_on": date(2026, 11, 2), "source_partner": "CMA",
                       "description": None, "living_environment": "Bourg animé"})
    imports.import_offers(store, rows, record(), now=NOW)
    [offer] = repo.load_offers(store)
    assert offer.title == "Boulangerie"
    assert offer.activity == Activity(ActivityKind.REPRISE, naf_code="10.71C",
                                      turnover=320_000.5, headcount=3,
                                      target_date=date(2027, 6, 30))
    assert (offer.source_partner, offer.description, offer.living_environment) == (
        "CMA", "", "Bourg animé")
    assert (offer.verified_on, offer.created_at, offer.updated_at) == (
        date(2026, 11, 2), NOW, NOW)


def varied_rows(size: int, seed: int) -> pd.DataFrame:
    """Every kind, each activity field filled, empty, blank or zero, with or without a
    living environment: the patterns assess tells apart, and values it must not."""
    rng = random.Random(seed)
    fillers: dict[str, list[Any]] = {
        "naf_code": ["10.71C", None], "naf_label": ["Boulangerie", None, "  "],
        "turnover": [0.0, 310_000.0, None], "net_result": [-12_000.0, 0.0, None],
        "headcount": [0, 3, None], "asking_price": [180_000.0, None],
        "sale_reason": ["Retraite", "", None], "target_date": [date(2027, 6, 1), None],
        "job_title": ["Infirmière", None, " "], "contract": ["CDI", None],
        "working_time": ["Temps plein", None], "gross_annual_salary": [28_000.0, None],
        "need": ["Plus de boulangerie", None, "\t"],
        "living_environment": ["Village animé", None, "", "   "],
    }
    return offer_rows(*(
        {"activity_kind": rng.choice([k.value for k in ActivityKind]),
         **{name: rng.choice(values) for name, values in fillers.items()}}
        for _ in range(size)))


def offer_of(row: pd.Series) -> Offer:
    """The offer of one clean row, built with the domain's own classes."""
    values = {name: (None if pd.isna(row[name]) else row[name]) for name in ACTIVITY_FIELDS}
    if values["headcount"] is not None:
        values["headcount"] = int(values["headcount"])
    living = row["living_environment"]
    return Offer(title=row["title"], commune_insee=row["commune_insee"],
                 activity=Activity(kind=ActivityKind(row["activity_kind"]), **values),
                 living_environment="" if pd.isna(living) else living)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_imported_offers_get_the_statuses_assess_gives_on_every_row(store: Store,
                                                                    seed: int) -> None:
    rows = varied_rows(300, seed)
    imports.import_offers(store, rows, record(), now=NOW)
    with store.reading() as cur:
        stored = cur.all(
            "SELECT pillar_activite, pillar_receptivite, pillar_amenites, qualification, "
            "completeness, missing FROM offers ORDER BY id")
    assert len(stored) == len(rows)
    patterns = set()
    for (_, row), found in zip(rows.iterrows(), stored, strict=True):
        assessment = assess(offer_of(row))
        expected = (assessment.activite.status.value, assessment.receptivite.status.value,
                    assessment.amenites.status.value, assessment.qualification.value,
                    assessment.completeness,
                    [missing_key(p.pillar, m) for p in assessment.pillars for m in p.missing])
        assert found == expected
        patterns.add((*found[:4], *found[5]))
    assert len(patterns) >= 30  # the sample is varied enough to mean something


def test_imported_statuses_match_those_of_the_same_offers_saved_one_by_one(store: Store
                                                                           ) -> None:
    rows = varied_rows(120, 9)
    imports.import_offers(store, rows, record(), now=NOW)
    repo.save_offers(store, [offer_of(row) for _, row in rows.iterrows()])
    with store.reading() as cur:
        found = cur.all(
            "SELECT pillar_activite, pillar_receptivite, pillar_amenites, qualification, "
            "completeness, missing FROM offers ORDER BY id")
    assert found[:120] == found[120:]


def test_imported_items_keep_their_commune_partner_and_figures(store: Store) -> None:
    rows = item_rows({"source_partner": "Agence du Lioran", "available_from": date(2027, 3, 1)},
                     {"kind": "local", "description": None, "rooms": None, "price": 85_000.0,
                      "monthly_rent": None})
    batch_id = imports.import_items(store, rows, record("receptivity"), now=NOW)
    with store.reading() as cur:
        found = cur.all(
            "SELECT kind, description, commune_insee, surface_m2, rooms, monthly_rent, price, "
            "available_from, source_partner, is_demo FROM receptivity_items ORDER BY id"
        )
    assert found == [
        ("logement", "Maison de bourg", AURILLAC, 95.0, 4, 550.0, None, date(2027, 3, 1),
         "Agence du Lioran", False),
        ("local", "", AURILLAC, 95.0, None, None, 85_000.0, None, "", False)]
    [batch] = imports.batches(store)
    assert (batch.id, batch.target, batch.remaining) == (batch_id, "receptivity", 2)


def test_an_empty_selection_still_records_the_batch_and_writes_no_offer(store: Store) -> None:
    imports.import_offers(store, offer_rows().iloc[0:0], record(skipped_rows=3), now=NOW)
    [batch] = imports.batches(store)
    assert (batch.imported_rows, batch.skipped_rows) == (0, 3)
    assert store_summary(store).offers == 0


class DiskFull(OSError):
    """What a full disk raises, on any engine."""


class FailingTx:
    """A transaction that fails at its ``fail_at``-th statement: the disk gives out
    mid-import. Every other call goes to the real transaction."""

    STATEMENTS = frozenset({"execute", "all", "one", "scalar", "change", "records", "frame",
                            "insert_frame", "frame_table", "next_ids"})

    def __init__(self, tx: Tx, fail_at: int) -> None:
        self._tx = tx
        self._left = fail_at

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._tx, name)
        if name not in self.STATEMENTS:
            return real

        def statement(*args: Any, **kwargs: Any) -> Any:
            self._left -= 1
            if self._left == 0:
                raise DiskFull("No space left on device")
            return real(*args, **kwargs)

        return statement


def executes_of_one_import(store: Store, monkeypatch: pytest.MonkeyPatch) -> int:
    """How many statements an import runs, counted on a throw-away copy of the work."""
    calls: list[int] = []
    original = Store.writing

    @contextmanager
    def counting(self: Store) -> Iterator[Any]:
        with original(self) as tx:
            counter = FailingTx(tx, fail_at=10**9)
            yield counter
            calls.append(10**9 - counter._left)

    monkeypatch.setattr(Store, "writing", counting)
    imports.import_offers(store, offer_rows({}, {"title": "Garage"}), record(),
                          template=Template("offers", "CCI", {"Titre": "title"}), now=NOW)
    monkeypatch.setattr(Store, "writing", original)
    return calls[0]


def test_a_store_failing_at_any_step_of_an_import_leaves_nothing_written(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    steps = executes_of_one_import(store, monkeypatch)
    assert steps >= 4  # the batch, the offers, their links, the template at least
    before = (store_summary(store).offers, len(imports.batches(store)),
              count(store, "SELECT count(*) FROM import_offers"))
    original = Store.writing
    for fail_at in range(1, steps + 1):
        @contextmanager
        def failing(self: Store, fail_at: int = fail_at) -> Iterator[Any]:
            with original(self) as tx:
                yield FailingTx(tx, fail_at)

        monkeypatch.setattr(Store, "writing", failing)
        with pytest.raises(DiskFull, match="No space left"):
            imports.import_offers(store, offer_rows({"title": "Épicerie"}, {"title": "Café"}),
                                  record(sha256="cd" * 32),
                                  template=Template("offers", "CMA", {"Titre": "title"}))
        monkeypatch.setattr(Store, "writing", original)
        after = (store_summary(store).offers, len(imports.batches(store)),
                 count(store, "SELECT count(*) FROM import_offers"))
        assert after == before, f"failing at statement {fail_at} left rows behind"
        assert [t.name for t in imports.templates(store, "offers")] == ["CCI"]


# --- The same file, probable duplicates ----------------------------------------------------


def test_the_batches_of_a_file_are_found_by_its_sha256(store: Store) -> None:
    imports.import_offers(store, offer_rows({}), record(sha256="11" * 32), now=NOW)
    second = imports.import_offers(store, offer_rows({}), record(sha256="22" * 32), now=NOW)
    assert [b.id for b in imports.batches(store, sha256="22" * 32)] == [second]
    assert imports.batches(store, sha256="33" * 32) == []


@pytest.mark.parametrize(("kind", "commune", "title", "duplicate"), [
    ("reprise", SAINT_FLOUR, "Boulangerie du bourg", True),
    ("reprise", SAINT_FLOUR, "BOULANGERIE DU BOURG !", True),
    ("reprise", SAINT_FLOUR, "Boulangerie-pâtisserie du bourg", True),
    ("reprise", SAINT_FLOUR, "Épicerie du bourg", False),
    ("reprise", AURILLAC, "Boulangerie du bourg", False),
    ("creation", SAINT_FLOUR, "Boulangerie du bourg", False),
])
def test_a_probable_duplicate_has_the_same_kind_and_commune_and_a_close_title(
        store: Store, kind: str, commune: str, title: str, duplicate: bool) -> None:
    repo.save_offer(store, qualified_offer(title="Boulangerie du bourg"))
    candidates = pd.DataFrame({"row": [12], "activity_kind": [kind],
                               "commune_insee": [commune], "title": [title]})
    found = imports.probable_duplicate_offers(store, candidates)
    assert len(found) == int(duplicate)
    if duplicate:
        assert found.iloc[0]["row"] == 12
        assert found.iloc[0]["existing_title"] == "Boulangerie du bourg"
        assert found.iloc[0]["status"] == "veille"


def test_each_row_is_matched_with_its_most_similar_offer_only(store: Store) -> None:
    repo.save_offers(store, [qualified_offer(title="Boulangerie du bourg"),
                             qualified_offer(title="Boulangerie du bourg et salon de thé")])
    candidates = pd.DataFrame({"row": [3, 4], "activity_kind": ["reprise", "reprise"],
                               "commune_insee": [SAINT_FLOUR, SAINT_FLOUR],
                               "title": ["Boulangerie du bourg", "Garage"]})
    found = imports.probable_duplicate_offers(store, candidates)
    assert found[["row", "offer_id", "similarity"]].values.tolist() == [[3, 1, 1.0]]


def test_items_resemble_stored_items_of_the_same_kind_and_commune(store: Store) -> None:
    imports.import_items(store, item_rows({"description": "Maison T4 avec jardin"}),
                         record("receptivity"))
    candidates = pd.DataFrame({"row": [5, 6], "kind": ["logement", "local"],
                               "commune_insee": [AURILLAC, AURILLAC],
                               "description": ["Maison T4, jardin", "Maison T4 avec jardin"]})
    found = imports.probable_duplicate_items(store, candidates)
    assert found["row"].tolist() == [5]


# --- Undo ----------------------------------------------------------------------------------


def test_undoing_a_batch_removes_exactly_its_rows(store: Store) -> None:
    mine = repo.save_offer(store, qualified_offer(title="Saisie à la main"))
    first = imports.import_offers(store, offer_rows({"title": "A"}, {"title": "B"}), record())
    second = imports.import_offers(store, offer_rows({"title": "C"}), record())
    items = imports.import_items(store, item_rows({}), record("receptivity"))
    outcome = imports.undo_batch(store, first)
    assert (outcome.done, outcome.removed_offers, outcome.removed_items) == (True, 2, 0)
    titles = sorted(repo.list_offers(store, repo.OfferQuery())["title"])
    assert titles == ["C", "Saisie à la main"]
    assert repo.get_offer(store, mine) is not None
    by_id = {b.id: b for b in imports.batches(store)}
    assert (by_id[first].undone, by_id[first].remaining) == (True, 0)
    assert (by_id[second].undone, by_id[items].remaining) == (False, 1)
    assert imports.undo_batch(store, items).removed_items == 1
    assert store_summary(store).items == 1  # the hand-made offer's housing stays


def test_undoing_asks_first_when_an_imported_offer_was_edited_since(store: Store) -> None:
    batch_id = imports.import_offers(store, offer_rows({"title": "A"}, {"title": "B"}),
                                     record(), now=NOW)
    [first, _] = repo.load_offers(store)
    repo.save_offer(store, replace(first, title="A, complétée"))
    [batch] = imports.batches(store)
    assert batch.edited == 1
    refused = imports.undo_batch(store, batch_id)
    assert (refused.done, refused.reason, refused.edited) == (False, "edited", 1)
    assert store_summary(store).offers == 2
    done = imports.undo_batch(store, batch_id, accepted_changes=1)
    assert (done.done, done.removed_offers) == (True, 2)
    assert store_summary(store).offers == 0


def test_an_offer_completed_with_housing_since_the_import_counts_as_changed(store: Store
                                                                             ) -> None:
    batch_id = imports.import_offers(store, offer_rows({"title": "A"}), record(), now=NOW)
    [offer] = repo.load_offers(store)
    repo.save_offer(store, replace(offer, receptivity=(housing(),)))
    assert imports.undo_batch(store, batch_id).reason == "edited"
    assert imports.undo_batch(store, batch_id, accepted_changes=1).done
    assert count(store, "SELECT count(*) FROM offer_receptivity") == 0


def test_undoing_items_asks_first_when_one_was_attached_to_an_offer(store: Store) -> None:
    batch_id = imports.import_items(store, item_rows({}, {"kind": "foncier"}),
                                    record("receptivity"))
    with store.reading() as cur:
        row = cur.one("SELECT min(item_id) FROM import_items")
    assert row is not None
    item = replace(housing(), id=int(row[0]))
    offer_id = repo.save_offer(store, qualified_offer(receptivity=(item,)))
    assert imports.batches(store)[0].linked == 1
    assert imports.undo_batch(store, batch_id).reason == "edited"
    assert imports.undo_batch(store, batch_id, accepted_changes=1).removed_items == 2
    kept = repo.get_offer(store, offer_id)
    assert kept is not None
    assert kept.receptivity == ()


@pytest.mark.parametrize(("batch_id", "reason"), [(1, "already_undone"), (99, "unknown")])
def test_undoing_twice_or_an_unknown_batch_does_nothing(store: Store, batch_id: int,
                                                        reason: str) -> None:
    imports.import_offers(store, offer_rows({}), record())
    imports.import_offers(store, offer_rows({"title": "Gardée"}), record())
    assert imports.undo_batch(store, 1).done
    outcome = imports.undo_batch(store, batch_id)
    assert (outcome.done, outcome.reason) == (False, reason)
    assert list(repo.list_offers(store, repo.OfferQuery())["title"]) == ["Gardée"]


# --- Templates -----------------------------------------------------------------------------


def test_templates_are_saved_per_target_replaced_by_name_and_read_back(store: Store) -> None:
    imports.save_template(store, Template("offers", "CCI Cantal",
                                          {"Raison sociale": "title", "Divers": None},
                                          {"activity_kind": "reprise"}))
    imports.save_template(store, Template("receptivity", "Agence", {"Surface": "surface_m2"}))
    imports.save_template(store, Template("offers", "CCI Cantal", {"Enseigne": "title"}))
    [saved] = imports.templates(store, "offers")
    assert (saved.name, saved.mapping, saved.defaults) == ("CCI Cantal", {"Enseigne": "title"},
                                                           {})
    assert [t.name for t in imports.templates(store, "receptivity")] == ["Agence"]
    imports.delete_template(store, "offers", "CCI Cantal")
    assert imports.templates(store, "offers") == []


def test_a_template_given_with_an_import_is_saved_with_it(store: Store) -> None:
    imports.import_items(store, item_rows({}), record("receptivity"),
                         template=Template("receptivity", "Mairie", {"Loyer": "monthly_rent"}))
    assert [t.mapping for t in imports.templates(store, "receptivity")] == [
        {"Loyer": "monthly_rent"}]

