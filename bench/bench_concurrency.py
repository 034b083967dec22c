"""Lost updates, before and after issue 14: officers editing one offer at the same time.

For 2 and 4 sessions, 200 saves interleaved at random (``tests/concurrency.py``: each session
opens the offer, adds a line of its own to the description, saves), first without naming the
version the form started from (every save before issue 14), then with it. Then 6 threads
saving one offer at the same instant. Prints saves told "enregistrée", saves refused as
conflicts, edits lost, errors; on DuckDB, and on PostgreSQL when ``ACCUEIL_TEST_PG`` names a
server (a throw-away schema is made and dropped).

    python -m bench.bench_concurrency
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

from accueil.services import forms
from accueil.services.backups import COMMAND_LINE as ADMIN
from accueil.services.offers import submit_offer
from accueil.store.db import Store
from accueil.store.offers import get_offer
from tests.concurrency import KNOWN, interleave, new_offer


def simultaneous(store: Store, officers: int = 6) -> tuple[int, int, int]:
    """(saved, conflicts, errors) when ``officers`` threads save one offer at once."""
    offer_id = new_offer(store)
    seen = get_offer(store, offer_id)
    assert seen is not None
    start = threading.Barrier(officers)
    outcomes: list[str] = []

    def officer(n: int) -> None:
        values = forms.values_from_offer(seen) | {"title": f"Titre n° {n}"}
        start.wait()
        try:
            result = submit_offer(store, values, offer_id, known=KNOWN, by=ADMIN, seen=seen)
        except Exception:  # noqa: BLE001 - counted: the generic error page
            outcomes.append("error")
            return
        outcomes.append("saved" if result.saved else "conflict")

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(officers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes.count("saved"), outcomes.count("conflict"), outcomes.count("error")


def measure(store: Store, label: str) -> None:
    print(f"\n{label}")
    print(f"{'sessions':>8} {'version':>9} {'essais':>7} {'enregistrées':>13} "
          f"{'conflits':>9} {'perdues':>8} {'erreurs':>8} {'s':>6}")
    for sessions in (2, 4):
        for checked in (False, True):
            began = time.perf_counter()
            outcome = interleave(store, new_offer(store), sessions, 200, checked=checked)
            took = time.perf_counter() - began
            print(f"{sessions:>8} {'oui' if checked else 'non':>9} {outcome.attempts:>7} "
                  f"{outcome.saved:>13} {outcome.conflicts:>9} {outcome.lost:>8} "
                  f"{outcome.errors:>8} {took:>6.1f}")
    saved, conflicts, errors = simultaneous(store)
    print(f"6 enregistrements au même instant : {saved} enregistré, {conflicts} conflits, "
          f"{errors} erreurs")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.duckdb")
        try:
            measure(store, "DuckDB")
        finally:
            store.close()
    url = os.environ.get("ACCUEIL_TEST_PG")
    if url:
        from tests.conftest import pg_schema

        with pg_schema() as schema_url:
            store = Store.open(schema_url)
            try:
                measure(store, "PostgreSQL")
            finally:
                store.close()


if __name__ == "__main__":
    main()
