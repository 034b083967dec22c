"""What the audience rule costs (issue 13): the same reads for an administrator (who sees
everything, no filtering at all) and for an elected official or a partner (the rule applied to
every distinct confidentiality × commune × partner, then joined by the store).

    python -m bench.bench_audience [--offers 100000] [--repeat 3]

Prints median milliseconds per read. The store holds copies of the demo offers (6 of 44
confidential) spread over the whole Massif central.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from accueil.domain.access import Principal, Role, elected_officials
from accueil.domain.territories import MASSIF_CENTRAL, Territory, TerritoryLevel
from accueil.geo.maps import Metric
from accueil.services.audience import seen_by, visible_offers
from accueil.services.dashboard import dashboard_for
from accueil.services.listing import offers_list
from accueil.services.maps import MapFilters, map_view
from accueil.store.dashboard import communes
from accueil.store.db import Store
from accueil.store.offers import OfferQuery, list_offers
from bench.stores import build_store

CANTAL = Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal")


def median_ms(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = build_store(Path(folder) / "bench.duckdb", args.offers)
        store = Store.open(path)
        cantal = [c for c, d in zip(communes(store)["code_insee"],
                                    communes(store)["code_departement"], strict=True)
                  if d == "15"]
        audiences = {
            "administrateur": Principal("admin", Role.ADMINISTRATEUR),
            "élu (Cantal)": elected_officials(cantal),
            "partenaire": Principal("cci", Role.PARTENAIRE, organisation="CCI du Cantal"),
        }
        frame = list_offers(store, OfferQuery(limit=None))
        print(f"{args.offers} offres, {len(frame)} lues ; médiane de {args.repeat} (ms)")
        print(f"{'lecture':<34}" + "".join(f"{name:>18}" for name in audiences))
        reads: dict[str, Callable[[Principal], object]] = {
            "décision (seen_by)": lambda who: seen_by(store, who),
            "visible_offers (toutes)": lambda who: visible_offers(frame, who),
            "liste Offres (massif)": lambda who: offers_list(
                store, OfferQuery(territory=MASSIF_CENTRAL), audience=who),
            "liste Offres, recherche « n° 1 »": lambda who: offers_list(
                store, OfferQuery(territory=MASSIF_CENTRAL, text="n° 1"), audience=who),
            "tableau de bord (massif)": lambda who: dashboard_for(
                store, MASSIF_CENTRAL, audience=who),
            "carte par commune (Cantal)": lambda who: map_view(
                store, CANTAL, TerritoryLevel.COMMUNE, Metric.OFFERS, MapFilters(), str,
                audience=who),
            "carte par département (massif)": lambda who: map_view(
                store, MASSIF_CENTRAL, TerritoryLevel.DEPARTEMENT, Metric.OFFERS,
                MapFilters(), str, audience=who),
        }
        for label, read in reads.items():
            cells = [median_ms(lambda who=who, read=read: read(who), args.repeat)
                     for who in audiences.values()]
            print(f"{label:<34}" + "".join(f"{ms:>18.0f}" for ms in cells))
        store.close()


if __name__ == "__main__":
    main()
