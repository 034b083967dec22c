"""The store: opening it on either engine, migrations, transactions and the unit of work.

This package is the only code that imports a database driver (a ruff rule and an import-linter
contract keep it so), and this module is the only one that opens a connection. ``ACCUEIL_DB``
chooses the engine: unset or a file path, the embedded DuckDB file (the default); a
``postgresql://`` URL, a PostgreSQL server that several app processes can share. Schema changes
come only from numbered files, ``migrations/NNNN_name.sql`` for DuckDB and the file of the same
name in ``migrations/postgres/`` for PostgreSQL, applied in order on open and recorded in
``schema_migrations``; a file that has landed is never edited.

Store modules take a :data:`Db`: the :class:`Store` itself (each call its own transaction) or a
:class:`UnitOfWork` handed out by :meth:`Store.write`, so that a service can read then write
several aggregates in one transaction without ever holding a cursor. Every committed write bumps
a change counter kept in the store itself (:meth:`Store.revision`): caches of every process key
on it, so an edit made in one app process shows in the others.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from accueil.store.engines import (
    RESTORE_ADVICE,
    DuckEngine,
    Engine,
    EngineName,
    PgEngine,
    StoreError,
    Tx,
    explain_fault,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PG_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgres"
REFERENCE_DIR = REPO_ROOT / "data" / "reference"
DEFAULT_PATH = REPO_ROOT / "var" / "accueil.duckdb"
ENV_VAR = "ACCUEIL_DB"
REVISION_KEY = "revision"

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
_PG_PREFIXES = ("postgresql://", "postgres://")
# pg_advisory_lock key held while one process migrates: "accueil" in ASCII.
_MIGRATION_LOCK = 0x616363756569

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def default_target() -> str:
    """``$ACCUEIL_DB`` if set (a path or a ``postgresql://`` URL), else ``var/accueil.duckdb``."""
    value = os.environ.get(ENV_VAR, "").strip()
    return value or str(DEFAULT_PATH)


def default_path() -> Path:
    """The DuckDB file the app opens when ``$ACCUEIL_DB`` names no PostgreSQL server."""
    target = default_target()
    return DEFAULT_PATH if is_postgres(target) else Path(target).expanduser()


def is_postgres(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(_PG_PREFIXES)


def migrations(engine: EngineName = "duckdb") -> list[Migration]:
    """All migration files of ``engine``, in order. Gaps or duplicates are a bug."""
    folder = MIGRATIONS_DIR if engine == "duckdb" else PG_MIGRATIONS_DIR
    found: list[Migration] = []
    for path in sorted(folder.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise RuntimeError(f"migration file badly named: {path.name}")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..n without gaps: {versions}")
    return found


def set_meta(tx: Tx, key: str, value: str) -> None:
    """Write one ``store_meta`` entry inside the caller's transaction."""
    tx.execute("DELETE FROM store_meta WHERE key = ?", [key])
    tx.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)", [key, value])


def get_meta(db: Db, key: str) -> str | None:
    """One ``store_meta`` entry, or ``None``."""
    with db.reading() as tx:
        value = tx.scalar("SELECT value FROM store_meta WHERE key = ?", [key])
    return None if value is None else str(value)


class UnitOfWork:
    """One write transaction in progress (see :meth:`Store.write`).

    Pass it to store functions in place of the store: their reads see the transaction's own
    writes, and everything commits together or not at all. It offers no SQL of its own.
    """

    def __init__(self, store: Store, tx: Tx) -> None:
        self.store = store
        self._tx = tx

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        yield self._tx

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        yield self._tx

    def write(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run ``work`` inside this same transaction (so store functions compose)."""
        return work(self)

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        return work(self)


class Store:
    """An open store on one engine. Create with :meth:`open`; share one per process."""

    def __init__(self, engine: Engine, location: str, path: Path | None) -> None:
        self._engine = engine
        self.location = location  # for people: the file, or the server without password
        self.path = path  # the DuckDB file; None on PostgreSQL

    @property
    def engine(self) -> EngineName:
        return self._engine.name

    @classmethod
    def open(cls, target: Path | str | None = None, *, up_to: int | None = None) -> Store:
        """Open (creating if needed) the store at ``target`` and bring its schema up to date.

        ``target`` is a DuckDB file path or a ``postgresql://`` URL (default:
        :func:`default_target`). ``up_to`` stops the migrations at that version; tests use it
        to build a store of an earlier schema. Raises :class:`StoreError` with a French
        message when the file is locked by another process, is not a DuckDB file, the server
        cannot be reached, or the store comes from a newer version.
        """
        chosen = target if target is not None else default_target()
        store = _open_postgres(str(chosen)) if is_postgres(chosen) else _open_duckdb(
            Path(chosen).expanduser())
        try:
            with store.exclusive():
                store._migrate(up_to)
                if up_to is None:
                    store._sync_reference()
                    with store._engine.writing() as tx:
                        tx.execute("INSERT INTO store_meta (key, value) SELECT ?, '0' WHERE NOT "
                                   "EXISTS (SELECT 1 FROM store_meta WHERE key = ?)",
                                   [REVISION_KEY, REVISION_KEY])
        except duckdb.Error as error:  # a file that connects but cannot be read through
            store.close()
            assert store.path is not None
            raise StoreError(_explain_open_error(store.path, str(error))) from error
        except Exception:
            store.close()
            raise
        return store

    def close(self) -> None:
        self._engine.close()

    # -- transactions ---------------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Tx]:
        """One consistent read; for store modules."""
        with self._engine.reading() as tx:
            yield tx

    @contextmanager
    def writing(self) -> Iterator[Tx]:
        """One write transaction, committed on success, rolled back on any error; for store
        modules. The change counter moves in the same transaction."""
        with self._engine.writing() as tx:
            yield tx
            tx.execute("UPDATE store_meta SET value = CAST(CAST(value AS BIGINT) + 1 AS VARCHAR) "
                       "WHERE key = ?", [REVISION_KEY])

    def write(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run ``work`` in one write transaction and return what it returns.

        ``work`` receives a :class:`UnitOfWork` to pass to store functions; if it raises,
        nothing it wrote is kept. (As datasette's ``Database.execute_write_fn``.)
        """
        with self.writing() as tx:
            return work(UnitOfWork(self, tx))

    def read(self, work: Callable[[UnitOfWork], T]) -> T:
        """Run ``work`` on one consistent snapshot (reads only)."""
        with self.reading() as tx:
            return work(UnitOfWork(self, tx))

    def revision(self) -> int:
        """The store's change counter: it moves with every committed write, whichever process
        made it. Equal revisions mean equal data, so caches key on it."""
        with self.reading() as tx:
            value = tx.scalar("SELECT value FROM store_meta WHERE key = ?", [REVISION_KEY])
        return int(value) if value is not None else 0

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """One process at a time in the block: migrating, installing the demo (PostgreSQL:
        an advisory lock; DuckDB: the file's lock already keeps other processes out)."""
        if isinstance(self._engine, PgEngine):
            with self._engine.session_lock(_MIGRATION_LOCK):
                yield
        else:
            yield

    # -- schema -------------------------------------------------------------------------------

    def schema_version(self) -> int:
        with self.reading() as tx:
            found = tx.scalar(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
                "AND table_schema = current_schema()", ["schema_migrations"])
            if not found:
                return 0
            version = tx.scalar("SELECT max(version) FROM schema_migrations")
        return int(version) if version is not None else 0

    def _migrate(self, up_to: int | None) -> None:
        known = migrations(self.engine)
        current = self.schema_version()
        if current > len(known):
            raise StoreError(
                f"La base « {self.location} » a été créée par une version plus récente "
                f"d'Accueil (schéma {current}, cette version connaît {len(known)}) : cette "
                "version ne peut pas l'ouvrir sans risquer de l'abîmer. Mettez l'application "
                "à jour, ou ouvrez une sauvegarde faite par cette version : "
                + RESTORE_ADVICE.removeprefix("Pour repartir de la dernière sauvegarde : ")
            )
        for migration in known[current:up_to]:
            with self._engine.writing() as tx:
                tx.execute(migration.sql)
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) "
                    "VALUES (?, ?, current_timestamp)", [migration.version, migration.name])

    # -- store metadata -----------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        with self.reading() as tx:
            value = tx.scalar("SELECT value FROM store_meta WHERE key = ?", [key])
        return None if value is None else str(value)

    @staticmethod
    def set_meta(tx: Tx, key: str, value: str) -> None:
        set_meta(tx, key, value)

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
        tables = {name: _read_reference(path) for name, path in files.items()}
        departements = tables["departements"][
            ["code_departement", "nom", "code_region", "region", "massif"]]
        epci = tables["epci"][["code_epci", "nom", "type", "population", "code_departement"]]
        communes = tables["communes"][["code_insee", "nom", "code_departement", "code_region",
                                       "code_epci", "population", "codes_postaux"]]
        with self.writing() as tx:
            tx.execute("DELETE FROM ref_communes")
            tx.execute("DELETE FROM ref_epci")
            tx.execute("DELETE FROM ref_departements")
            tx.insert_frame("ref_departements", departements)
            tx.insert_frame("ref_epci", epci)
            tx.insert_frame("ref_communes", communes)
            set_meta(tx, "reference_sha256", digest.hexdigest())


Db = Store | UnitOfWork


def _read_reference(path: Path) -> pd.DataFrame:
    """A reference CSV as text, empty cells as NULL, populations as integers."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame = frame.astype(object).where(frame != "", None)
    if "population" in frame.columns:
        frame["population"] = pd.to_numeric(frame["population"], errors="coerce").astype("Int64")
    return frame


def _open_duckdb(target: Path) -> Store:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _check_writable(target)
        connection = duckdb.connect(str(target))
    except duckdb.IOException as error:
        raise StoreError(_explain_open_error(target, str(error))) from error
    except (duckdb.Error, OSError) as error:
        raise StoreError(
            f"Impossible d'ouvrir la base « {target} » : {error}. Vérifiez que le dossier "
            "existe et que vous avez le droit d'y écrire, ou choisissez un autre fichier "
            f"avec la variable d'environnement {ENV_VAR}."
        ) from error
    return Store(DuckEngine(connection, lambda: duckdb.connect(str(target)), str(target)),
                 str(target), target)


def _check_writable(target: Path) -> None:
    """A DuckDB file opens in a read-only folder, and then every save fails (its journal,
    the ``.wal`` beside it, cannot be created): say so at once, in French."""
    folder = target.parent
    probe = folder / f".{target.name}.ecriture"
    try:
        probe.write_bytes(b"")
        probe.unlink()
        if target.exists():
            with target.open("r+b"):
                pass
    except OSError as error:
        raise StoreError(
            f"La base « {target} » ne peut pas être modifiée : le dossier « {folder} » ou le "
            f"fichier est en lecture seule ({error.strerror or error}). Donnez le droit "
            "d'écriture sur ce dossier et ce fichier, ou copiez la base dans un dossier où "
            f"vous pouvez écrire et indiquez-la avec la variable {ENV_VAR}.") from error


def _open_postgres(url: str) -> Store:
    shown = _public_url(url)
    try:
        engine = PgEngine(url)
    except ImportError as error:
        raise StoreError(
            f"{ENV_VAR} désigne un serveur PostgreSQL ({shown}) mais le pilote psycopg n'est pas "
            "installé : installez les dépendances (requirements.txt) puis relancez.") from error
    except Exception as error:  # psycopg.OperationalError and friends: the server's words
        raise StoreError(
            f"Impossible de joindre la base PostgreSQL « {shown} » : {str(error).strip()}. "
            f"Vérifiez l'adresse donnée dans {ENV_VAR}, que le serveur est démarré et que "
            "l'utilisateur a le droit de s'y connecter.") from error
    return Store(engine, shown, None)


def _public_url(url: str) -> str:
    """The URL without its password, to show on screen and in messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:•••@", url)


def _explain_open_error(path: Path, detail: str) -> str:
    if "lock" in detail.lower():
        return (
            f"La base « {path} » est déjà ouverte par un autre programme (une autre fenêtre "
            "d'Accueil, ou un outil qui lit le fichier). Fermez-le, puis rechargez la page. "
            f"Pour travailler sur une copie, indiquez un autre fichier avec {ENV_VAR}. "
            "Pour plusieurs instances de l'application sur une même base, utilisez "
            "PostgreSQL (voir le README, « Déploiement »)."
        )
    if "not a valid duckdb database" in detail.lower() or "corrupt" in detail.lower() \
            or "could not read enough bytes" in detail.lower() or "checksum" in detail.lower():
        return (
            f"Le fichier « {path} » n'est pas une base Accueil lisible : il est endommagé "
            "(tronqué, abîmé) ou d'un autre format. " + RESTORE_ADVICE + " Ou déplacez ce "
            "fichier : une base neuve avec la démonstration sera créée à sa place au "
            "prochain lancement."
        )
    if (known := explain_fault(str(path), detail, writing=False)) is not None:
        return known
    return (
        f"Impossible d'ouvrir la base « {path} » : {detail}. Vérifiez que le fichier n'est pas "
        "en lecture seule et que le disque n'est pas plein."
    )


__all__ = ["Db", "Migration", "Store", "StoreError", "Tx", "UnitOfWork", "get_meta",
           "migrations", "set_meta"]
