"""The *Carte* page: aggregation at 100k offers, bytes sent, and time to a drawn map.

1. Aggregation: :func:`accueil.store.maps.map_areas` on a store of N offers (default 100k)
   for each level over the whole massif, median of several runs; then the whole
   :func:`accueil.services.maps.map_view` (aggregation, classes, hover texts, figure).
2. In the browser: ``streamlit run`` serving the app on that store, Debian's headless
   Chromium opening ``/carte?niveau=...`` in a fresh context (empty browser cache) until
   every area of the level is drawn (``path.zone``), beside a one-line page
   served the same way in the same run. Pages are loaded in rounds (dashboard, the three
   maps, again), after one warm-up round, each just after a load of the bare page; the
   ratio is the median of the ratios of these pairs (their range is printed too). The bytes are counted on the wire: the SVG
   paths as received (gzipped), and the websocket messages (the map's colours and hover
   texts travel there). The *Données* page (the app's sidebar and a few metrics, no chart)
   and the *Tableau de bord* (four Vega-Lite charts) are measured too: what any page of the
   app costs beside the bare one.

Budget (issue 6): whole perimeter at commune level within 3x the bare page, EPCI or
département within 2x; geometry sent at most 3 MB; aggregation at most 100 ms.

Usage: ``python -m bench.bench_map [--size 100000] [--repeat 5] [--no-browser]``
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from accueil.domain.access import Principal, Role
from accueil.domain.territories import MASSIF_CENTRAL, TerritoryLevel
from accueil.geo.assets import paths_url, publish_geometry
from accueil.geo.maps import Metric
from accueil.services.maps import MapFilters, map_view
from accueil.store.db import Store
from accueil.store.maps import map_areas
from bench.bench_pages import BARE, FLAGS, server
from bench.stores import build_store

ADMIN = Principal("bench", Role.ADMINISTRATEUR)

ROOT = Path(__file__).resolve().parents[1]
LEVELS = {TerritoryLevel.COMMUNE: 7310, TerritoryLevel.EPCI: 284,
          TerritoryLevel.DEPARTEMENT: 22}  # areas drawn
NAMES = {TerritoryLevel.COMMUNE: "communes", TerritoryLevel.EPCI: "EPCI",
         TerritoryLevel.DEPARTEMENT: "départements"}


def median_time(action, repeat: int) -> float:  # type: ignore[no-untyped-def]
    action()  # warm-up: first query plans, caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def server_section(path: Path, repeat: int) -> None:
    store = Store.open(path)
    print(f"{'agrégation (massif)':<24} {'médiane (ms)':>12} {'zones':>7}")
    for level in LEVELS:
        elapsed = median_time(lambda lv=level: map_areas(store, MASSIF_CENTRAL, lv), repeat)
        rows = len(map_areas(store, MASSIF_CENTRAL, level))
        print(f"{NAMES[level]:<24} {elapsed * 1000:>12.1f} {rows:>7}")
    print(f"\n{'carte complète (serveur)':<24} {'médiane (ms)':>12} {'données (Mo)':>12}")
    for level in LEVELS:
        def build(lv: TerritoryLevel = level) -> object:
            return map_view(store, MASSIF_CENTRAL, lv, Metric.OFFERS, MapFilters(), paths_url,
                            audience=ADMIN)
        elapsed = median_time(build, repeat)
        view = map_view(store, MASSIF_CENTRAL, level, Metric.OFFERS, MapFilters(), paths_url,
                        audience=ADMIN)
        size = len(json.dumps(view.drawing, separators=(",", ":"))) / 1e6
        print(f"{NAMES[level]:<24} {elapsed * 1000:>12.1f} {size:>12.2f}")
    store.close()


@dataclass
class Load:
    seconds: float
    geometry: int = 0  # bytes on the wire: the SVG paths
    websocket: int = 0
    files: set[str] = field(default_factory=set)


def load(browser: Browser, url: str, ready: str) -> Load:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="fr-FR")
    page = context.new_page()
    found = Load(0.0)

    def on_finished(request) -> None:  # type: ignore[no-untyped-def]
        if "/app/static/" in request.url:
            found.geometry += request.sizes()["responseBodySize"]
            found.files.add(request.url.split("/app/static/")[1])

    def on_socket(socket) -> None:  # type: ignore[no-untyped-def]
        def count(payload: str | bytes) -> None:
            found.websocket += len(payload)
        socket.on("framereceived", count)

    page.on("requestfinished", on_finished)
    page.on("websocket", on_socket)
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(ready, timeout=120_000)
    found.seconds = time.perf_counter() - start
    context.close()
    return found


def browser_section(path: Path, repeat: int, folder: Path) -> None:
    bare_script = folder / "bare.py"
    bare_script.write_text(BARE)
    board_ready = ("document.querySelectorAll('[data-testid=stVegaLiteChart] .mark-rect')"
                   ".length >= 4")
    data_ready = "document.querySelectorAll('[data-testid=stMetricValue]').length >= 4"
    pages = {"page nue": (None, "document.body.innerText.includes('Bonjour')"),
             "page Données (réf.)": ("/donnees", data_ready),
             "tableau de bord (réf.)": ("", board_ready)}
    for level, areas in LEVELS.items():
        pages[f"carte · {NAMES[level]}"] = (
            f"/carte?niveau={level.value}",
            f"document.querySelectorAll('path.zone').length >= {areas}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        with server(bare_script, None) as bare_url, server(ROOT / "app.py", path) as app_url:
            def url(suffix: str | None) -> str:
                return bare_url if suffix is None else app_url + suffix
            for suffix, ready in pages.values():  # warms both servers and their caches
                load(browser, url(suffix), ready)
            # Rounds rather than blocks, and the bare page loaded just before each page: a
            # load burst on the machine then slows both pages of a pair alike, and each
            # ratio compares two loads a few seconds apart.
            loads: dict[str, list[Load]] = {name: [] for name in pages}
            ratios: dict[str, list[float]] = {name: [] for name in pages}
            bare_ready = pages["page nue"][1]
            for _ in range(repeat):
                for name, (suffix, ready) in pages.items():
                    if name == "page nue":
                        continue
                    bare = load(browser, url(None), bare_ready)
                    measured = load(browser, url(suffix), ready)
                    loads["page nue"].append(bare)
                    loads[name].append(measured)
                    ratios[name].append(measured.seconds / bare.seconds)
        browser.close()
    ratios["page nue"] = [1.0]
    print(f"\n{'navigateur':<24} {'médiane (s)':>11} {'÷ page nue':>11} "
          f"{'géométrie (Mo)':>15} {'websocket (Mo)':>15}")
    for name, measured in loads.items():
        seconds = statistics.median(x.seconds for x in measured)
        ratio = statistics.median(ratios[name])
        spread = (f"{min(ratios[name]):.2f}-{max(ratios[name]):.2f}"
                  if name != "page nue" else "")
        geometry = max(x.geometry for x in measured)
        files = sorted(set().union(*(x.files for x in measured)))
        websocket = statistics.median(x.websocket for x in measured)
        print(f"{name:<24} {seconds:>11.2f} {ratio:>11.2f} {geometry / 1e6:>15.2f} "
              f"{websocket / 1e6:>15.2f}   {spread:<10} {', '.join(files)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    os.environ.pop("ACCUEIL_RAISE", None)
    publish_geometry()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"bench-{args.size}.duckdb"
        start = time.perf_counter()
        build_store(path, args.size)
        print(f"== {args.size:,} offres (base construite en ".replace(",", " ")
              + f"{time.perf_counter() - start:.1f} s)")
        server_section(path, args.repeat)
        if not args.no_browser:
            browser_section(path, args.repeat, Path(folder))


if __name__ == "__main__":
    main()
