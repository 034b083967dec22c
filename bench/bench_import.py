"""Benchmark of the whole bulk import, beside DuckDB's own read_csv of the same file, on each
store engine.

Generates the realistic French offers file of :mod:`bench.bench_import_parse` (Windows-1252,
``;``, decimal comma, two title lines, real communes with lost zeros and typos, about 1 % of
bad cells), then times what the *Importer* page does with it, through
:mod:`accueil.services.importing`: read the file, guess the mapping (checked on the cells),
check every row and look for duplicates (the preview), then commit the valid rows as one batch
into a fresh store (a new DuckDB file, or a new schema of the PostgreSQL server given). Beside
it, in the same attempt, DuckDB's ``read_csv`` of the same file into a table of a fresh
database file: the raw read the budget compares with. Each attempt starts with a commune
index that has resolved nothing yet, as in a process that just started. Then, on the last
attempt's store, the second import of the same file, whose preview finds every row as a
probable duplicate, and the undo of the 100k-row batch. Wall-clock and CPU times are both
printed: on a shared machine the wall clock swings with the load, the CPU time much less. On
PostgreSQL the CPU counts the server's processes too (read from ``/proc`` for a server on this
machine), so that both engines are charged the same work. Asserts nothing (house rule: no
timed assertions in tests). Starts no server.

    .venv/bin/python -m bench.bench_import [rows] [--repeat 3]
        [--db duckdb 'postgresql://postgres@/postgres?host=/tmp/pg&port=5501']
"""

from __future__ import annotations

import argparse
import os
import resource
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
from bench.engines import EngineChoice, ServerClock, chosen_engines, fresh_target

T = TypeVar("T")
TODAY = date(2026, 11, 26)
STEPS = ("raw", "read", "map", "preview", "commit")


@dataclass(frozen=True, slots=True)
class Took:
    wall: float
    cpu: float  # this process and, on PostgreSQL, the server's processes
    server: float = 0.0  # the server's part of ``cpu``


def timed(action: Callable[[], T], server: ServerClock | None = None) -> tuple[Took, T]:
    before = server.seconds() if server else 0.0
    cpu, wall = time.process_time(), time.perf_counter()
    outcome = action()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    spent = (server.seconds() - before) if server else 0.0
    return Took(wall, cpu + spent, spent), outcome


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
    again: tuple[Took, importing.Preview] | None = None
    undo: tuple[Took, int] | None = None


def attempt(data: bytes, utf8: Path, folder: Path, number: int, engine: EngineChoice,
            server: ServerClock, last: bool) -> Attempt:
    """One raw read and one whole import, back to back so that both meet the same load; on
    the ``last`` attempt, the second preview of the same file and the undo of the batch."""
    took = {"raw": raw_read(utf8, folder / f"raw-{engine.label}-{number}.duckdb")}
    cold_resolver()
    with fresh_target(engine, folder, f"store-{number}") as target:
        store = Store.open(target)  # migrations: not timed
        try:
            draft = importing.ImportDraft("offres.csv", data, "offers")
            took["read"], outcome = timed(draft.read, server)
            table = outcome.table
            assert table is not None, outcome.error
            # What the page does: the guess from the headers, checked against the cells.
            took["map"], mapping = timed(lambda: draft.guess(table), server)
            took["preview"], preview = timed(lambda: importing.build_preview(
                store, draft, table, mapping, {}, today=TODAY), server)
            took["commit"], result = timed(lambda: importing.commit(
                store, draft, preview, source="Banc d'essai", by=ADMIN), server)
            assert result.done, result.message
            if not last:
                return Attempt(took, preview, result)
            again = timed(lambda: importing.build_preview(
                store, draft, table, mapping, {}, today=TODAY), server)
            batch_id = result.batch_id
            assert batch_id is not None
            undo_took, undone = timed(lambda: imports.undo_batch(store, batch_id), server)
            return Attempt(took, preview, result, again, (undo_took, undone.removed_offers))
        finally:
            store.close()


@dataclass(frozen=True, slots=True)
class Summary:
    best: dict[str, Took]
    total: Took
    ratios: list[float]  # whole import / raw read, attempt by attempt (wall clock)
    last: Attempt


def summarise(attempts: list[Attempt]) -> Summary:
    best = {step: Took(min(a.took[step].wall for a in attempts),
                       min(a.took[step].cpu for a in attempts),
                       min(a.took[step].server for a in attempts)) for step in STEPS}
    totals = [Took(sum(a.took[s].wall for s in STEPS[1:]), sum(a.took[s].cpu for s in STEPS[1:]),
                   sum(a.took[s].server for s in STEPS[1:])) for a in attempts]
    total = min(totals, key=lambda t: t.cpu)
    total = Took(min(t.wall for t in totals), total.cpu, total.server)
    ratios = sorted(t.wall / a.took["raw"].wall for t, a in zip(totals, attempts, strict=True))
    return Summary(best, total, ratios, attempts[-1])


def cell(took: Took | None, raw: Took | None = None) -> str:
    if took is None:
        return f"{'—':>30}"
    ratio = f"{took.cpu / raw.cpu:5.1f}×" if raw else " " * 6
    return f"{took.wall * 1000:8.0f} ms {took.cpu * 1000:8.0f} ms {ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("rows", type=int, nargs="?", default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="essais par moteur (meilleur de)")
    parser.add_argument("--db", nargs="+", default=["duckdb"],
                        help="duckdb et/ou une adresse postgresql://… (aucun serveur lancé)")
    args = parser.parse_args()
    engines = chosen_engines(args.db)
    rows = args.rows
    data = make_csv(rows)
    summaries: dict[str, Summary] = {}
    clocks: dict[str, ServerClock] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # DuckDB reads Windows-1252 only through an extension it downloads: it gets the same
        # file transcoded to UTF-8, which flatters it slightly.
        utf8 = folder / "offres-utf8.csv"
        utf8.write_bytes(data.decode("cp1252").encode("utf-8"))
        index, _ = timed(cold_resolver)
        for engine in engines:
            clocks[engine.label] = clock = ServerClock(engine)
            summaries[engine.label] = summarise([
                attempt(data, utf8, folder, number, engine, clock, number == args.repeat - 1)
                for number in range(args.repeat)])

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    first = next(iter(summaries.values()))
    print(f"Fichier : {rows:,} lignes, {len(data) / 1024 / 1024:.1f} Mo (Windows-1252, « ; »); "
          f"{args.repeat} essais par moteur, base neuve et index des communes vierge à chaque "
          f"essai; {os.cpu_count()} cœurs, charge {load:.1f}")
    print(f"Valides : {first.last.preview.valid_rows:,} ; refusées : "
          f"{first.last.preview.invalid_rows:,} ; importées : {first.last.result.imported:,} "
          "(un lot)")
    labels = list(summaries)
    print(f"{'(meilleur de chaque étape)':<44}" + "".join(
        f"{label:>30}  " for label in labels))
    print(f"{'':<44}" + "".join(f"{'horloge':>11} {'CPU':>11} {'÷ réf.':>6}  " for _ in labels))

    def row(label: str, pick: Callable[[Summary], Took | None], ratio: bool = True) -> None:
        print(f"{label:<44}" + "".join(
            cell(pick(summary), summary.best["raw"] if ratio else None) + "  "
            for summary in summaries.values()))

    row("DuckDB read_csv vers une table (référence)", lambda s: s.best["raw"], ratio=False)
    print(f"{'Index des communes (une fois par processus)':<44}{cell(index)}")
    row("Lecture du fichier", lambda s: s.best["read"])
    row("Association des colonnes", lambda s: s.best["map"])
    row("Vérification + doublons (aperçu)", lambda s: s.best["preview"])
    row("Écriture en un lot (une transaction)", lambda s: s.best["commit"])
    row("Import complet, lecture → écriture", lambda s: s.total)
    row("Même fichier une 2e fois : aperçu",
        lambda s: s.last.again[0] if s.last.again else None, ratio=False)
    row("Annulation du lot", lambda s: s.last.undo[0] if s.last.undo else None, ratio=False)
    for label, summary in summaries.items():
        again = summary.last.again
        undo = summary.last.undo
        print(f"{label} : doublons probables au 2e passage : "
              f"{len(again[1].duplicates) if again else 0:,} ; déjà importé : "
              f"{'oui' if again and again[1].previous else 'non'} ; lot annulé : "
              f"{undo[1] if undo else 0:,} offres")
        if clocks[label].local:
            total = summary.total
            print(f"{label} : CPU de l'import complet = {(total.cpu - total.server) * 1000:.0f} ms "
                  f"dans ce processus + {total.server * 1000:.0f} ms dans le serveur")
        elif label == "PostgreSQL":
            print(f"{label} : serveur distant, son temps CPU n'est pas compté")
        cpu_ratio = summary.total.cpu / summary.best["raw"].cpu
        within = summary.total.wall < 10 and cpu_ratio <= 5
        print(f"{label} : rapport import complet / lecture DuckDB, essai par essai (horloge) : "
              f"{', '.join(f'{r:.1f}×' for r in summary.ratios)} ; budget (moins de 10 s, 5× la "
              f"lecture brute en CPU) : {'tenu' if within else 'DÉPASSÉ'} "
              f"({summary.total.wall:.2f} s au mieux ; {cpu_ratio:.1f}× en temps CPU)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Pic de mémoire du processus (tous les essais) : {peak:,.0f} Mo")


if __name__ == "__main__":
    main()
