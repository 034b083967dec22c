"""Malformed files on the whole import path: a result or a French refusal, never a crash.

A sample of the corpus of :mod:`tests.fuzz` on every run (all the hand-made traps, and a
spread of the mutations), and property tests: any bytes, and any mutation of a real export,
given to the import end in ``imported``, ``nothing`` or ``refused`` with a French message,
and a commit writes all its rows or none (checked inside :func:`tests.fuzz.attempt`). The
whole corpus is run by ``python -m bench.bench_fuzz``, which prints its counts.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accueil.store.db import Store
from tests import fuzz
from tests.unit.io import messy

HAND_MADE = list(fuzz._hand_made())
MUTATIONS = list(itertools.islice(fuzz.corpus(320), len(HAND_MADE), None))
SAMPLE = HAND_MADE + MUTATIONS[::10]  # every tenth mutation: all three formats, all kinds


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = Store.open(Path(tmp_path_factory.mktemp("fuzz")) / "fuzz.duckdb")
    yield opened
    opened.close()


def test_the_corpus_is_the_same_for_the_same_seed_and_has_hundreds_of_files() -> None:
    names = [name for name, _ in fuzz.corpus(320)]
    assert len(names) == len(set(names)) == 320
    # Workbooks carry the time they were written; the CSV mutations are byte for byte equal.
    first = [data for name, data in fuzz.corpus(320) if name.endswith(".csv")]
    again = [data for name, data in fuzz.corpus(320) if name.endswith(".csv")]
    assert first == again


@pytest.mark.parametrize(("name", "data"), SAMPLE, ids=[name for name, _ in SAMPLE])
def test_a_malformed_file_ends_in_a_result_or_a_french_refusal(
        shared_store: Store, name: str, data: bytes) -> None:
    outcome = fuzz.attempt(shared_store, name, data)
    assert outcome.ending in {"imported", "nothing", "refused"}
    assert outcome.message
    for english in ("Error", "Exception", "Traceback", "field", "expected", "line "):
        assert english not in outcome.message, outcome.message


@pytest.mark.parametrize(("name", "expected"), [
    ("loin.xlsx", "compte 1\u202f048\u202f576 lignes"),
    ("larges.csv", "compte 10\u202f000 colonnes"),
    ("entete-geant.csv", "a une cellule de 1\u202f000\u202f000 caractères"),
    ("nul.csv", "ne contient pas du texte"),
])
def test_the_traps_that_once_crashed_or_hung_the_server_are_refused_by_name(
        shared_store: Store, name: str, expected: str) -> None:
    data = dict(HAND_MADE)[name]
    outcome = fuzz.attempt(shared_store, name, data)
    assert outcome.ending == "refused"
    assert expected in outcome.message


def test_figures_beyond_reason_refuse_their_row_and_write_nothing(shared_store: Store) -> None:
    for name in ("infini.csv", "effectif.csv"):
        outcome = fuzz.attempt(shared_store, name, dict(HAND_MADE)[name])
        assert (name, outcome.ending) == (name, "nothing")


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2_000),
       name=st.sampled_from(["offres.csv", "offres.xlsx", "offres.ods", "offres.xls", "x.txt"]))
def test_any_bytes_end_in_a_result_or_a_french_refusal(shared_store: Store, data: bytes,
                                                       name: str) -> None:
    outcome = fuzz.attempt(shared_store, name, data)
    assert outcome.ending in {"imported", "nothing", "refused"}


BASES = [("base.csv", fuzz.VALID_CSV.encode("cp1252")),
         ("base.xlsx", messy.workbook(fuzz.VALID_ROWS)),
         ("base.ods", messy.ods({"F": fuzz.VALID_ROWS}))]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(base=st.sampled_from(BASES), seed=st.integers(0, 2**32 - 1),
       flips=st.integers(1, 16), target=st.sampled_from(["offers", "receptivity"]))
def test_any_damage_to_a_real_export_ends_in_a_result_or_a_french_refusal(
        shared_store: Store, base: tuple[str, bytes], seed: int, flips: int,
        target: str) -> None:
    name, data = base
    damaged = fuzz._flip(data, random.Random(seed), flips)
    outcome = fuzz.attempt(shared_store, name, damaged, target)  # type: ignore[arg-type]
    assert outcome.ending in {"imported", "nothing", "refused"}


def test_a_valid_export_of_each_format_imports_its_rows(shared_store: Store) -> None:
    for name, data in BASES:
        outcome = fuzz.attempt(shared_store, name, data)
        assert (name, outcome.ending) == (name, "imported")
        assert outcome.rows >= 3
