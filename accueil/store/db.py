"""The DuckDB store: opening the file, migrations, cursors and transactions.

This package is the only code that imports duckdb (a ruff rule keeps it so), and this module
is the only one that opens a connection. One connection per process, one cursor per query or
transaction: a DuckDB connection is not thread-safe, and Streamlit serves each browser session
on its own thread. Schema changes come only from numbered files in ``migrations/``, applied in
order on open and recorded in ``schema_migrations``; a file that has landed is never edited.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
DEFAULT_PATH = REPO_ROOT / "var" / "accueil.duckdb"
ENV_VAR = "ACCUEIL_DB"

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class StoreError(Exception):
    """A store that cannot be used, with a French message for the user that says what to do."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def default_path() -> Path:
    """The store file: ``$ACCUEIL_DB`` if set, else ``var/accueil.duckdb`` in the repository."""
    value = os.environ.get(ENV_VAR, "").strip()
    return Path(value).expanduser() if value else DEFAULT_PATH


def migrations() -> list[Migration]:
    """All migration files, in order. Gaps or duplicates in the numbering are a bug."""
    found: list[Migration] = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise RuntimeError(f"migration file badly named: {path.name}")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps: {versions}")
    return found


class Store:
    """An open store file. Create with :meth:`open`; share one per process."""

    def __init__(self, path: Path, connection: duckdb.DuckDBPyConnection) -> None:
        self.path = path
        self._connection = connection
        self._lock = threading.Lock()
        # Bumped by every committed transaction. This process holds the file's lock, so no
        # one else writes: equal revisions mean equal data, and the UI caches on it.
        self.revision = 0

    @classmethod
    def open(cls, path: Path | str | None = None, *, up_to: int | None = None) -> Store:
        """Open (creating if needed) the store at ``path`` and bring its schema up to date.

        ``up_to`` stops the migrations at that version; tests use it to build a store of an
        earlier schema. Raises :class:`StoreError` with a French message when the file is
        locked by another process, is not a DuckDB file, or comes from a newer version.
        """
        target = Path(path) if path is not None else default_path()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            connection = duckdb.connect(str(target))
        except duckdb.IOException as error:
            raise StoreError(_explain_open_error(target, str(error))) from error
        except (duckdb.Error, OSError) as error:
            raise StoreError(
                f"Impossible d'ouvrir la base « {target} » : {error}. Vérifiez que le dossier "
                "existe et que vous avez le droit d'y écrire, ou choisissez un autre fichier "
                f"avec la variable d'environnement {ENV_VAR}."
            ) from error
        store = cls(target, connection)
        try:
            store._migrate(up_to)
            if up_to is None:
                store._sync_reference()
        except Exception:
            connection.close()
            raise
        return store

    def close(self) -> None:
        self._connection.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one read; closed afterwards."""
        cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed on success, rolled back on any error."""
        cursor = self._connection.cursor()
        try:
            cursor.begin()
            try:
                yield cursor
            except BaseException:
                cursor.rollback()
                raise
            cursor.commit()
            with self._lock:
                self.revision += 1
        finally:
            cursor.close()

    # -- schema -----------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.cursor() as cur:
            row = cur.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                ["schema_migrations"]).fetchone()
            if row is None or row[0] == 0:
                return 0
            version = cur.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(version[0]) if version and version[0] is not None else 0

    def _migrate(self, up_to: int | None) -> None:
        known = migrations()
        current = self.schema_version()
        if current > len(known):
            raise StoreError(
                f"La base « {self.path} » a été créée par une version plus récente d'Accueil "
                f"(schéma {current}, cette version connaît {len(known)}). Mettez l'application "
                "à jour avant de l'ouvrir."
            )
        for migration in known[current:up_to]:
            with self.transaction() as cur:
                cur.execute(migration.sql)
                cur.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) "
                    "VALUES (?, ?, current_timestamp)", [migration.version, migration.name])

    # -- store metadata -----------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self.cursor() as cur:
            row = cur.execute("SELECT value FROM store_meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    @staticmethod
    def set_meta(cur: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
        cur.execute("DELETE FROM store_meta WHERE key = ?", [key])
        cur.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", [key, value])

    # -- reference geography ----------------------------------------------------------------

    def _sync_reference(self) -> None:
        """Reload the reference tables when the committed CSV files changed."""
        files = {name: REFERENCE_DIR / f"{name}.csv"
                 for name in ("departements", "epci", "communes")}
        digest = hashlib.sha256()
        for path in files.values():
            digest.update(path.read_bytes())
        if self.get_meta("reference_sha256") == digest.hexdigest():
            return
        with self.transaction() as cur:
            cur.execute("DELETE FROM ref_communes")
            cur.execute("DELETE FROM ref_epci")
            cur.execute("DELETE FROM ref_departements")
            cur.execute(
                "INSERT INTO ref_departements SELECT code_departement, nom, code_region, region, "
                "massif FROM read_csv(?, header = true, all_varchar = true)",
                [str(files["departements"])])
            cur.execute(
                "INSERT INTO ref_epci SELECT code_epci, nom, type, "
                "TRY_CAST(population AS INTEGER), code_departement "
                "FROM read_csv(?, header = true, all_varchar = true)", [str(files["epci"])])
            cur.execute(
                "INSERT INTO ref_communes SELECT code_insee, nom, code_departement, code_region, "
                "NULLIF(code_epci, ''), TRY_CAST(population AS INTEGER), codes_postaux "
                "FROM read_csv(?, header = true, all_varchar = true)", [str(files["communes"])])
            self.set_meta(cur, "reference_sha256", digest.hexdigest())


def _explain_open_error(path: Path, detail: str) -> str:
    if "lock" in detail.lower():
        return (
            f"La base « {path} » est déjà ouverte par un autre programme (une autre fenêtre "
            "d'Accueil, ou un outil qui lit le fichier). Fermez-le, puis rechargez la page. "
            f"Pour travailler sur une copie, indiquez un autre fichier avec {ENV_VAR}."
        )
    if "not a valid duckdb database" in detail.lower() or "corrupt" in detail.lower():
        return (
            f"Le fichier « {path} » n'est pas une base Accueil lisible : il est endommagé ou "
            "d'un autre format. Restaurez une sauvegarde, ou déplacez ce fichier : une base "
            "neuve avec la démonstration sera créée à sa place au prochain lancement."
        )
    return (
        f"Impossible d'ouvrir la base « {path} » : {detail}. Vérifiez que le fichier n'est pas "
        "en lecture seule et que le disque n'est pas plein."
    )
