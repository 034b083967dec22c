"""Build synthetic stores of N offers for benchmarks: demo offers copied onto random communes.

Seeded, so that two runs measure the same data. Used by the bench scripts only.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from accueil.io.demo import load_demo_offers
from accueil.store.dashboard import communes
from accueil.store.db import Store
from accueil.store.offers import refresh_assessments, save_offers, seed_demo


def build_store(path: Path | str, n: int, seed: int = 42) -> Path | str:
    """A store at ``path`` (a DuckDB file, or a ``postgresql://`` URL on an empty schema)
    holding ``n`` offers spread over the whole Massif central."""
    if isinstance(path, Path) and path.exists():
        path.unlink()
    store = Store.open(path)
    refresh_assessments(store)  # records the rules version, as the app does on a new store
    seed_demo(store, [])  # mark as seeded: the bench controls every offer in the store
    rng = random.Random(seed)
    codes = list(communes(store)["code_insee"])
    templates = load_demo_offers()
    batch = 20_000
    for start in range(0, n, batch):
        offers = [replace(rng.choice(templates), is_demo=False,
                          title=f"{rng.choice(templates).title.split(' – ')[0]} n° {i}",
                          commune_insee=rng.choice(codes))
                  for i in range(start, min(n, start + batch))]
        save_offers(store, offers)
    store.close()
    return path
