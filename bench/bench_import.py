"""Benchmark of the whole bulk import, beside DuckDB's own read_csv of the same file.

Generates the realistic French offers file of :mod:`bench.bench_import_parse` (Windows-1252,
``;``, decimal comma, two title lines, real communes with lost zeros and typos, about 1 % of
bad cells), then times what the *Importer* page does with it, through
:mod:`accueil.services.importing`: read the file, guess the mapping (checked on the cells), check every row and look for
duplicates (the preview), then commit the valid rows as one batch into a fresh store. Beside
it, in the same attempt, DuckDB's ``read_csv`` of the same file into a table of a fresh
database file: the raw read the budget compares with. Each attempt starts with a commune
index that has resolved nothing yet, as in a process that just started. Then the second
import of the same file, whose preview finds every row as a probable duplicate, and the undo
of the 100k-row batch. Wall-clock and CPU times are both printed: on a shared machine the
wall clock swings with the load, the CPU time much less. Asserts nothing (house rule: no
timed assertions in tests).

    .venv/bin/python -m bench.bench_import [rows]      (from the repository root)
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import duckdb

from accueil.io.communes import name_keys
from accueil.io.text import fold
from accueil.services import importing
from accueil.services.backups import COMMAND_LINE as ADMIN
from accueil.store import imports
from accueil.store.db import Store
from bench.bench_import_parse import make_csv

T = TypeVar("T")
REPEATS = 5
TODAY = date(2026, 11, 26)
STEPS = ("raw", "read", "map", "preview", "commit")


@dataclass(frozen=True, slots=True)
class Took:
    wall: float
    cpu: float


def timed(action: Callable[[], T]) -> tuple[Took, T]:
    cpu, wall = time.process_time(), time.perf_counter()
    outcome = action()
    return Took(time.perf_counter() - wall, time.process_time() - cpu), outcome


def cold_resolver() -> None:
    """A commune index that has resolved nothing yet, as in a process that just started:
    the best of several runs must not be the one that found every answer in a cache."""
    fold.cache_clear()
    name_keys.cache_clear()
    importing.commune_resolver.cache_clear()
    importing.commune_resolver()


def raw_read(path: Path, database: Path) -> Took:
    """DuckDB's read_csv of ``path`` into a table of a new database file."""
    connection = duckdb.connect(str(database))
    try:
        took, _ = timed(lambda: connection.execute(
            "CREATE TABLE raw AS FROM read_csv(?, delim = ';', skip = 2, header = true, "
            "all_varchar = true)", [str(path)]))
    finally:
        connection.close()
    return took


@dataclass(frozen=True, slots=True)
class Attempt:
    took: dict[str, Took]
    preview: importing.Preview
    result: importing.CommitResult


def attempt(data: bytes, utf8: Path, folder: Path, number: int) -> Attempt:
    """One raw read and one whole import, back to back so that both meet the same load."""
    took = {"raw": raw_read(utf8, folder / f"raw-{number}.duckdb")}
    cold_resolver()
    store = Store.open(folder / f"store-{number}.duckdb")  # migrations: not timed
    try:
        draft = importing.ImportDraft("offres.csv", data, "offers")
        took["read"], outcome = timed(draft.read)
        table = outcome.table
        assert table is not None, outcome.error
        # What the page does: the guess from the headers, checked against the cells.
        took["map"], mapping = timed(lambda: draft.guess(table))
        took["preview"], preview = timed(lambda: importing.build_preview(
            store, draft, table, mapping, {}, today=TODAY))
        took["commit"], result = timed(lambda: importing.commit(store, draft, preview,
                                                                source="Banc d'essai", by=ADMIN))
        assert result.done, result.message
    finally:
        store.close()
    return Attempt(took, preview, result)


def line(label: str, took: Took, rows: int, raw: Took | None = None) -> None:
    ratio = f"{took.wall / raw.wall:5.1f}× {took.cpu / raw.cpu:5.1f}×" if raw else ""
    print(f"{label:<46} {took.wall * 1000:8.0f} ms {took.cpu * 1000:8.0f} ms "
          f"{rows / took.wall:10,.0f}/s  {ratio}")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    data = make_csv(rows)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # DuckDB reads Windows-1252 only through an extension it downloads: it gets the same
        # file transcoded to UTF-8, which flatters it slightly.
        utf8 = folder / "offres-utf8.csv"
        utf8.write_bytes(data.decode("cp1252").encode("utf-8"))
        index, _ = timed(cold_resolver)
        attempts = [attempt(data, utf8, folder, number) for number in range(REPEATS)]
        store = Store.open(folder / f"store-{REPEATS - 1}.duckdb")
        try:
            last = attempts[-1]
            draft = importing.ImportDraft("offres.csv", data, "offers")
            table = draft.read().table
            assert table is not None
            mapping = importing.initial_mapping("offers", list(table.frame.columns))
            again_took, again = timed(lambda: importing.build_preview(
                store, draft, table, mapping, {}, today=TODAY))
            assert last.result.batch_id is not None
            undo_took, undone = timed(lambda: imports.undo_batch(store, last.result.batch_id))
        finally:
            store.close()

    best = {step: Took(min(a.took[step].wall for a in attempts),
                       min(a.took[step].cpu for a in attempts)) for step in STEPS}
    totals = [Took(sum(a.took[s].wall for s in STEPS[1:]), sum(a.took[s].cpu for s in STEPS[1:]))
              for a in attempts]
    total = Took(min(t.wall for t in totals), min(t.cpu for t in totals))
    ratios = sorted(t.wall / a.took["raw"].wall for t, a in zip(totals, attempts, strict=True))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Fichier : {rows:,} lignes, {len(data) / 1024 / 1024:.1f} Mo (Windows-1252, « ; »); "
          f"{REPEATS} essais, base neuve et index des communes vierge à chaque essai; "
          f"{os.cpu_count()} cœurs, charge {load:.1f}")
    print(f"Valides : {last.preview.valid_rows:,} ; refusées : {last.preview.invalid_rows:,} ; "
          f"importées : {last.result.imported:,} (un lot)")
    print(f"{'(meilleur de chaque étape)':<46} {'horloge':>11} {'CPU':>11} {'lignes':>12}  "
          "rapport horloge, CPU")
    line("DuckDB read_csv vers une table (référence)", best["raw"], rows)
    line("Index des communes (une fois par processus)", index, rows)
    line("Lecture du fichier", best["read"], rows, best["raw"])
    line("Association des colonnes", best["map"], rows, best["raw"])
    line("Vérification + doublons (aperçu)", best["preview"], rows, best["raw"])
    line("Écriture en un lot (une transaction)", best["commit"], last.result.imported,
         best["raw"])
    line("Import complet, lecture → écriture", total, rows, best["raw"])
    line("Même fichier une 2e fois : aperçu", again_took, rows)
    line("Annulation du lot", undo_took, undone.removed_offers)
    print(f"Doublons probables au 2e passage : {len(again.duplicates):,} ; déjà importé : "
          f"{'oui' if again.previous else 'non'}")
    print(f"Rapport import complet / lecture DuckDB, essai par essai (horloge) : "
          f"{', '.join(f'{r:.1f}×' for r in ratios)} ; médiane {ratios[len(ratios) // 2]:.1f}×")
    cpu_ratio = total.cpu / best["raw"].cpu
    within = total.wall < 10 and cpu_ratio <= 5
    print(f"Budget (moins de 10 s, 5× la lecture brute) : {'tenu' if within else 'DÉPASSÉ'} "
          f"({total.wall:.2f} s au mieux ; {cpu_ratio:.1f}× en temps CPU, la mesure que la "
          "charge de la machine fausse le moins)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Pic de mémoire du processus (tous les essais) : {peak:,.0f} Mo")


if __name__ == "__main__":
    main()
