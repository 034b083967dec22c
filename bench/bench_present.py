"""Presenting the whole Massif central at 100 000 offers: the deck and the report, timed.

On a synthetic store of N offers (default 100 000, :func:`bench.stores.build_store`), for
elected officials (the default audience):

1. one map image (the coverage map of the deck, framed, drawn by kaleido in Chromium);
2. the deck: :func:`accueil.services.present.build_deck` (reading, audience, indicators, areas,
   charts, featured offers, the map image) then :func:`accueil.io.deck.deck_pptx`;
3. the report: :func:`accueil.services.present.build_report` then
   :func:`accueil.io.territory_report.report_pdf`;
4. the same deck and report with the map image taken as given (what the *Présentation* page
   does for the report: the deck's image is reused), to separate the map's share.

Budget (issue 15): deck and report under 10 s each. Median of ``--repeat`` runs (default 3).

Usage: ``python -m bench.bench_present [--size 100000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from accueil.domain.access import elected_officials
from accueil.domain.territories import MASSIF_CENTRAL
from accueil.io.deck import deck_pptx
from accueil.io.territory_report import report_pdf
from accueil.services.indicators import read_facts
from accueil.services.present import build_deck, build_report, map_slide_figure, render_png
from accueil.store.db import Store
from bench.stores import build_store

SINCE = date(2026, 1, 1)
BUDGET_S = 10.0


def median_time(work: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    audience = elected_officials(None)
    with tempfile.TemporaryDirectory() as folder:
        path = build_store(Path(folder) / "bench.duckdb", args.size)
        store = Store.open(path)
        try:
            facts = read_facts(store, MASSIF_CENTRAL, audience)
            print(f"{args.size:,} offres, Massif central, public : élus "
                  f"({len(facts.communes):,} communes)")
            read_s, _ = median_time(lambda: read_facts(store, MASSIF_CENTRAL, audience),
                                    args.repeat)
            figure, _ = map_slide_figure(facts)
            map_s, png = median_time(lambda: render_png(figure), args.repeat)
            image = png if isinstance(png, bytes) else b""

            def deck() -> bytes:
                return deck_pptx(build_deck(store, MASSIF_CENTRAL, audience, SINCE))

            def report() -> bytes:
                return report_pdf(build_report(store, MASSIF_CENTRAL, audience, SINCE))

            def deck_given_map() -> bytes:
                return deck_pptx(build_deck(store, MASSIF_CENTRAL, audience, SINCE,
                                            render=lambda _f: image))

            def report_given_map() -> bytes:
                return report_pdf(build_report(store, MASSIF_CENTRAL, audience, SINCE,
                                               render=lambda _f: image))

            deck_s, pptx = median_time(deck, args.repeat)
            report_s, pdf = median_time(report, args.repeat)
            deck_map_s, _ = median_time(deck_given_map, args.repeat)
            report_map_s, _ = median_time(report_given_map, args.repeat)
        finally:
            store.close()
    size = {"pptx": len(pptx) if isinstance(pptx, bytes) else 0,
            "pdf": len(pdf) if isinstance(pdf, bytes) else 0}
    print(f"lecture des offres et droits (read_facts)   {read_s:6.2f} s")
    print(f"une image de carte (kaleido, 3200x1800)     {map_s:6.2f} s")
    print(f"diaporama (.pptx, {size['pptx'] / 1e6:.1f} Mo)                {deck_s:6.2f} s"
          f"   budget {BUDGET_S:.0f} s : {'tenu' if deck_s < BUDGET_S else 'DÉPASSÉ'}")
    print(f"rapport (.pdf, {size['pdf'] / 1e6:.1f} Mo)                   {report_s:6.2f} s"
          f"   budget {BUDGET_S:.0f} s : {'tenu' if report_s < BUDGET_S else 'DÉPASSÉ'}")
    print(f"diaporama, image de carte fournie           {deck_map_s:6.2f} s")
    print(f"rapport, image de carte fournie             {report_map_s:6.2f} s")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"(charge moyenne de la machine pendant la mesure : {load:.1f} pour "
          f"{os.cpu_count()} cœurs)")


if __name__ == "__main__":
    main()
