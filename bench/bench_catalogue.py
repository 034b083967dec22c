"""The public catalogue of issue 16: generating it for 10 000 published offers.

A store of N offers (default 10 000, demo offers copied onto random communes of the massif,
:mod:`bench.stores`), every one made *publique* and *publiée*; then, timed separately:

1. :func:`accueil.services.diffusion.prepare`: candidates, audience rule, anonymisation,
   services around (the preview the page shows);
2. :func:`accueil.services.diffusion.generate` without sheets: the static site (list, one page
   per offer, map), the JSON, Atom and RSS feeds, the zip and the publication record;
3. the printable sheets of 20 offers (one PDF each), to give the cost per sheet.

Budget (issue 16): the catalogue of 10 000 published offers within 20 s (steps 1 + 2).
Each step prints its wall time and its CPU time (this process): on the shared 2-core machine
the wall time grows with the others' load, the CPU time much less.

Usage: ``python -m bench.bench_catalogue [--size 10000]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from accueil.domain.access import Principal, Role
from accueil.io.fiche import sheets_pdf
from accueil.store.db import Store
from bench.stores import build_store

BUDGET_SECONDS = 20.0


def publish_everything(store: Store) -> int:
    """Every offer *publique* and in status *publiée* (what an officer would have marked)."""
    with store.writing() as tx:
        tx.execute("UPDATE offers SET confidentiality = 'publique', status = 'publiee'")
        return int(tx.scalar("SELECT count(*) FROM offers"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    from accueil.services import diffusion  # after argparse: --help stays instant

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        build_store(root / "bench.duckdb", args.size)
        store = Store.open(root / "bench.duckdb")
        count = publish_everything(store)
        print(f"store of {count} offers built in {time.perf_counter() - started:.1f} s")

        started, cpu = time.perf_counter(), time.process_time()
        preview = diffusion.prepare(store)
        prepared, prepared_cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"1. prepare (audience, rules, services around): {prepared:.2f} s "
              f"(CPU {prepared_cpu:.2f} s) for {len(preview.offers)} offers")

        started, cpu = time.perf_counter(), time.process_time()
        made = diffusion.generate(store, Principal("bench", Role.ADMINISTRATEUR), preview,
                                  root / "pub", confirmed=preview.fingerprint, sheets=False)
        generated, generated_cpu = time.perf_counter() - started, time.process_time() - cpu
        size = sum(p.stat().st_size for p in made.folder.rglob("*") if p.is_file())
        print(f"2. generate (site, feeds, zip, record): {generated:.2f} s "
              f"(CPU {generated_cpu:.2f} s), "
              f"{len(made.files)} files, {size / 1e6:.1f} MB, zip "
              f"{made.zip_path.stat().st_size / 1e6:.1f} MB")
        total = prepared + generated
        verdict = "within" if total <= BUDGET_SECONDS else "OVER"
        print(f"catalogue of {len(preview.offers)} offers: {total:.2f} s "
              f"(CPU {prepared_cpu + generated_cpu:.2f} s; {verdict} the "
              f"{BUDGET_SECONDS:.0f} s budget in wall time)")

        sample = list(preview.offers[:20])
        started = time.perf_counter()
        for offer in sample:
            sheets_pdf([offer], preview.settings)
        each = (time.perf_counter() - started) / len(sample)
        started = time.perf_counter()
        brochure = sheets_pdf(sample, preview.settings)
        print(f"3. sheets: {each:.2f} s per one-page PDF; a brochure of {len(sample)} sheets in "
              f"{time.perf_counter() - started:.2f} s ({len(brochure) / 1e3:.0f} kB)")
        store.close()


if __name__ == "__main__":
    main()
