"""Which store engines a bench runs on, and a fresh store of each for every attempt.

``--db duckdb postgresql://postgres@/postgres?host=/tmp/pg&port=5432`` names the engines: the
word ``duckdb`` (a new file in a temporary folder each time), and PostgreSQL by its URL (a new
schema of that server each time, dropped afterwards). A bench starts no server: the word
``postgresql`` without a URL is answered with a message saying how to give one, and that
engine is left out. For a server on this machine, the CPU time of the server's processes is
read from ``/proc`` (the postmaster, the backends alive, and the ones it has reaped), so that
the figures of both engines count the same work: the app's process plus the database's.
Used by the bench scripts only.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class EngineChoice:
    label: str  # "DuckDB", "PostgreSQL"
    url: str | None = None  # None for DuckDB

    @property
    def is_postgres(self) -> bool:
        return self.url is not None


def chosen_engines(values: list[str]) -> list[EngineChoice]:
    """The engines named on the command line, in order; explains and skips a bare word."""
    engines: list[EngineChoice] = []
    for value in values:
        if value.lower() == "duckdb":
            engines.append(EngineChoice("DuckDB"))
        elif value.startswith(("postgresql://", "postgres://")):
            engines.append(EngineChoice("PostgreSQL", value))
        elif value.lower() in ("postgresql", "postgres", "pg"):
            print("PostgreSQL laissé de côté : aucune adresse donnée. Ce banc ne démarre "
                  "aucun serveur ; donnez l'adresse d'un serveur jetable, par ex. "
                  "--db duckdb 'postgresql://postgres@/postgres?host=/tmp/pg&port=5501' "
                  "(docs/performance.md, « Issue 12 », dit comment en démarrer un).")
        else:
            raise SystemExit(f"--db : « {value} » n'est ni duckdb ni une adresse "
                             "postgresql://…")
    if not engines:
        raise SystemExit("Aucun moteur à mesurer.")
    return engines


def _with_schema(url: str, schema: str) -> str:
    option = quote(f"-csearch_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


@contextmanager
def fresh_target(engine: EngineChoice, folder: Path, name: str) -> Iterator[str]:
    """Where a new, empty store of ``engine`` lives for one attempt: a DuckDB file path or a
    URL on a new schema (dropped on exit)."""
    if engine.url is None:
        yield str(folder / f"{name}.duckdb")
        return
    import psycopg

    schema = f"bench_{name.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(engine.url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield _with_schema(engine.url, schema)
    finally:
        with psycopg.connect(engine.url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def _ticks(pid: int, with_children: bool) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # Fields after the command: state ppid ... utime (12th) stime cutime cstime.
    utime, stime, cutime, cstime = (int(value) for value in fields[11:15])
    return utime + stime + ((cutime + cstime) if with_children else 0)


class ServerClock:
    """CPU seconds spent by a PostgreSQL server running on this machine, or None elsewhere."""

    def __init__(self, engine: EngineChoice) -> None:
        self._postmaster: int | None = None
        if engine.url is None:
            return
        import psycopg

        try:
            with psycopg.connect(engine.url) as connection:
                row = connection.execute("SELECT pg_backend_pid()").fetchone()
            assert row is not None
            parent = Path(f"/proc/{int(row[0])}/stat").read_text().rsplit(")", 1)[1].split()[1]
            self._postmaster = int(parent)
        except (OSError, AssertionError, ValueError, psycopg.Error):
            self._postmaster = None

    @property
    def local(self) -> bool:
        return self._postmaster is not None

    def seconds(self) -> float:
        """The server's CPU so far (postmaster, its live children, the reaped ones)."""
        if self._postmaster is None:
            return 0.0
        total = _ticks(self._postmaster, with_children=True)
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == self._postmaster:
                    total += _ticks(int(entry), with_children=False)
            except (OSError, ValueError, IndexError):
                continue  # a backend that ended meanwhile: counted in the reaped ones
        return total / os.sysconf("SC_CLK_TCK")
