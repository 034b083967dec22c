"""The whole corpus of malformed files through the import path, with its counts printed.

Writes the files of :func:`tests.fuzz.corpus` (320 by default) and imports each into one
fresh store as the *Importer* page does (:func:`tests.fuzz.attempt`): how many were imported,
read with nothing to write, or refused with a French message, how many crashed (must be 0),
the slowest files and the peak memory of the process. Asserts nothing.

    .venv/bin/python -m bench.bench_fuzz [count] [seed]      (from the repository root)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

from accueil.store.db import Store
from tests.fuzz import attempt, corpus


def main(count: int = 320, seed: int = 10) -> None:
    endings: Counter[str] = Counter()
    slowest: list[tuple[float, str]] = []
    crashes: list[str] = []
    started = time.process_time()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "fuzz.duckdb")
        files = 0
        for name, data in corpus(count, seed):
            files += 1
            before = time.perf_counter()
            try:
                endings[attempt(store, name, data).ending] += 1
            except Exception:  # noqa: BLE001 - a crash is what this bench looks for
                endings["crash"] += 1
                crashes.append(f"{name}: {traceback.format_exc(limit=3)}")
            slowest.append((time.perf_counter() - before, name))
        store.close()
    cpu = time.process_time() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{files} fichiers malformés (graine {seed}), {cpu:.1f} s CPU, "
          f"pic de mémoire {peak:.0f} Mo")
    for ending in ("imported", "nothing", "refused", "crash"):
        print(f"  {ending:<9} {endings[ending]:>4}")
    print("  les plus lents : " + ", ".join(
        f"{name} {seconds:.2f} s" for seconds, name in sorted(slowest, reverse=True)[:5]))
    for crash in crashes:
        print(crash)


if __name__ == "__main__":
    arguments = [int(argument) for argument in sys.argv[1:3]]
    main(*arguments)
