"""Suggestions of the aggregation assistant for one offer among 100k réceptivité items.

Builds (seeded) a store of N items spread over every commune of the massif, with their
inventory fields, plus one bakery creation in Saint-Flour; then times, median of several runs:

* baseline: reading that one offer back (``get_offer``), a trivial query of the same store;
* ``suggest``: what the Qualifier page asks (communes within the radius, candidate items from
  DuckDB, ranking, cards) at 20, 50 and 80 km;
* ``assistant``: the whole view of the offer (checklist, suggestions, aménités, nearest
  services) at the default 20 km;
* ``rank`` alone on every item of the store at once (the worst case of the domain rule).

Budget (issue 5): suggestions for one offer among 100k items under 200 ms.

Usage: ``python -m bench.bench_suggestions [--items 100000] [--repeat 7]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from accueil.domain.access import Principal, Role
from accueil.domain.inventory import HousingType, InventoryItem, LandType, PremisesType, Tenure
from accueil.domain.offers import Activity, ActivityKind, Offer, ReceptivityItem, ReceptivityKind
from accueil.domain.suggestions import Household, needs_for, rank
from accueil.geo.centroids import load_centres
from accueil.services import qualify
from accueil.store import inventory as inventory_store
from accueil.store.dashboard import communes
from accueil.store.db import Store
from accueil.store.offers import get_offer, save_offer

ADMIN = Principal("bench", Role.ADMINISTRATEUR)

SAINT_FLOUR = "15187"
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 12, 0)


def build(path: Path, n: int, seed: int = 5) -> int:
    """A store with ``n`` random items and one bakery creation; returns the offer's id."""
    store = Store.open(path)
    rng = random.Random(seed)
    codes = list(communes(store)["code_insee"])
    entries: list[InventoryItem] = []
    for _ in range(n):
        kind = rng.choices(list(ReceptivityKind), weights=(6, 1, 3))[0]
        rooms = rng.randint(1, 7) if kind is ReceptivityKind.LOGEMENT else None
        item = ReceptivityItem(
            kind=kind, description="Bien de test",
            surface_m2=None if rng.random() < 0.1 else float(rng.randint(20, 400)),
            rooms=rooms, monthly_rent=float(rng.randint(200, 1200)) if rng.random() < 0.7
            else None, price=None if rng.random() < 0.7 else float(rng.randint(20, 400) * 1000),
            available_from=None if rng.random() < 0.1
            else TODAY + timedelta(days=rng.randint(-60, 400)))
        entries.append(InventoryItem(
            item=item, commune_insee=rng.choice(codes), tenure=rng.choice(list(Tenure)),
            housing_type=rng.choice(list(HousingType)) if kind is ReceptivityKind.LOGEMENT
            else None,
            land_type=rng.choice(list(LandType)) if kind is ReceptivityKind.FONCIER else None,
            premises_types=frozenset(rng.sample(list(PremisesType), rng.randint(0, 2)))
            if kind is ReceptivityKind.LOCAL else frozenset(),
            verified_on=TODAY - timedelta(days=rng.randint(0, 500))))
    batch = 20_000
    for start in range(0, n, batch):
        inventory_store.write_items(store, entries[start:start + batch], NOW)
    offer_id = save_offer(store, Offer(
        title="Boulangerie", commune_insee=SAINT_FLOUR,
        activity=Activity(kind=ActivityKind.CREATION, naf_code="10.71C", need="Boulangerie")))
    store.close()
    return offer_id


def median_ms(action: Callable[[], object], repeat: int) -> float:
    action()  # warm: caches of the centres and DuckDB's first plan
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        start = time.perf_counter()
        offer_id = build(path, args.items)
        print(f"store of {args.items:,} items built in {time.perf_counter() - start:.1f} s")
        store = Store.open(path)
        offer = get_offer(store, offer_id)
        assert offer is not None
        needs = needs_for(offer, Household())
        months = inventory_store.veille_months(store)
        rows: list[tuple[str, float, str]] = []
        baseline = median_ms(lambda: get_offer(store, offer_id), args.repeat)
        rows.append(("baseline: get_offer (one offer by id)", baseline, ""))
        for radius in (20, 50, 80):
            considered = qualify.suggest(store, offer, needs, radius, TODAY, months)
            found = sum(v.considered for v in considered)
            ms = median_ms(lambda r=radius: qualify.suggest(store, offer, needs, r, TODAY,
                                                            months), args.repeat)
            rows.append((f"suggest within {radius} km", ms, f"{found:,} candidates ranked"))
        ms = median_ms(lambda: qualify.assistant(store, offer_id, Household(), 20, TODAY,
                                                     audience=ADMIN),
                       args.repeat)
        rows.append(("assistant (whole view, 20 km)", ms, ""))
        every = inventory_store.suggestion_candidates(
            store, list(ReceptivityKind), list(load_centres().codes), None)
        arrays = qualify.candidates_from(every, {c: 1.0 for c in load_centres().codes})
        ms = median_ms(lambda: rank(needs[1], arrays, SAINT_FLOUR, today=TODAY), args.repeat)
        rows.append(("rank alone, every item at once", ms, f"{len(arrays):,} candidates"))
        store.close()
    width = max(len(name) for name, _, _ in rows)
    print(f"median of {args.repeat} runs")
    for name, ms, note in rows:
        ratio = f"{ms / baseline:5.1f}x baseline" if baseline else ""
        print(f"  {name:<{width}}  {ms:8.1f} ms  {ratio}  {note}")


if __name__ == "__main__":
    main()
