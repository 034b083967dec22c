"""Backups of the DuckDB store: consistent snapshots while the app runs, daily ones kept for a
set number of days, a preview of what a backup holds, restore with a safety snapshot first,
and every table as a DataFrame for the full open-format export.

A snapshot is a copy of the store file taken while no write can start (the engine's write
lock) and after ``CHECKPOINT`` has moved the write-ahead log into the file: copying the file
alone while the app runs would miss the last saves, still in ``.wal``. The copy is written to
``….part``, flushed to disk, then renamed: a backup file either is complete or does not exist,
so a process killed in the middle leaves the previous backups and the store as they were.
From the command line, while the app holds the file's lock, the file and its WAL are copied
as they are and the copy is opened once (DuckDB replays the log up to the last complete
commit) and checked before it takes its final name. PostgreSQL deployments back up with the
server's own tools (``pg_dump``); the full export works on both engines.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from accueil.store.db import REVISION_KEY, Store, StoreError, get_meta, set_meta
from accueil.store.engines import DuckEngine

FOLDER_ENV = "ACCUEIL_SAUVEGARDES"
KEEP_ENV = "ACCUEIL_SAUVEGARDES_JOURS"
KEEP_META = "backup_keep_days"
DEFAULT_KEEP = 14
KIND_LABELS = {"auto": "automatique (quotidienne)", "manuelle": "manuelle",
               "securite": "avant restauration", "ligne": "ligne de commande"}
_NAME = re.compile(r"^accueil-(\d{8})-(\d{6})(?:-(\d+))?-([a-z]+)\.duckdb$")
# Counted in a backup's preview, with the words shown for them.
PREVIEW_TABLES = {"offers": "offres", "receptivity_items": "logements, fonciers et locaux",
                  "user_territories": "territoires personnalisés",
                  "viability_analyses": "analyses de viabilité", "import_batches": "imports"}


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    kind: str
    created: datetime
    size: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class Contents:
    """What a backup holds, for the preview before a restore."""

    schema_version: int
    counts: dict[str, int]  # French words → rows
    demo_offers: int
    last_change: datetime | None


def folder_of(store: Store) -> Path:
    """Where the backups of ``store`` go (see :func:`folder_of_path`)."""
    return folder_of_path(_duck_path(store))


def folder_of_path(path: Path) -> Path:
    """``$ACCUEIL_SAUVEGARDES``, else ``sauvegardes/`` beside the store file ``path``."""
    value = os.environ.get(FOLDER_ENV, "").strip()
    if value:
        return Path(value).expanduser()
    return path.parent / "sauvegardes"


def _duck_path(store: Store) -> Path:
    if store.path is None or not isinstance(store._engine, DuckEngine):
        raise StoreError(
            f"La base « {store.location} » est sur un serveur PostgreSQL : sauvegardez-la avec "
            "les outils du serveur (pg_dump), ou utilisez l'export complet des données.")
    return store.path


def keep_days(store: Store) -> int:
    """How many daily backups are kept: the Données page's setting, else ``$…_JOURS``, else 14."""
    stored = get_meta(store, KEEP_META)
    for value in (stored, os.environ.get(KEEP_ENV)):
        if value and value.strip().isdigit() and int(value) > 0:
            return int(value)
    return DEFAULT_KEEP


def set_keep_days(store: Store, days: int) -> None:
    if not 1 <= days <= 3650:
        raise StoreError(f"Nombre de sauvegardes quotidiennes à garder : {days} ; attendu un "
                         "nombre entre 1 et 3 650.")
    with store.writing() as tx:
        set_meta(tx, KEEP_META, str(days))


def list_backups(folder: Path) -> list[Backup]:
    """The backups in ``folder``, newest first (files being written, ``.part``, left out)."""
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match is None:
                continue
            created = datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S")
            found.append(Backup(path, match[4], created, path.stat().st_size))
    return sorted(found, key=lambda b: (b.created, b.path.name), reverse=True)


def _target(folder: Path, kind: str, now: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"accueil-{now:%Y%m%d-%H%M%S}"
    path = folder / f"{stem}-{kind}.duckdb"
    counter = 1
    while path.exists():
        path = folder / f"{stem}-{counter}-{kind}.duckdb"
        counter += 1
    return path


def _copy_durably(source: Path, target: Path) -> None:
    with source.open("rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, length=1 << 20)
        dst.flush()
        os.fsync(dst.fileno())


def _publish(part: Path, final: Path) -> None:
    """Give a complete, flushed file its final name, atomically."""
    os.replace(part, final)
    try:
        handle = os.open(final.parent, os.O_RDONLY)
    except OSError:  # a folder cannot be opened on every system (Windows); rename is enough
        return
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def snapshot(store: Store, kind: str = "manuelle", folder: Path | None = None,
             now: datetime | None = None) -> Backup:
    """A consistent copy of the running store in ``folder`` (default :func:`folder_of`)."""
    source = _duck_path(store)
    folder = folder or folder_of(store)
    now = now or datetime.now()
    final = _target(folder, kind, now)
    part = final.with_name(final.name + ".part")
    engine = store._engine
    assert isinstance(engine, DuckEngine)
    try:
        with engine.quiesced():
            _copy_durably(source, part)
        _publish(part, final)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise StoreError(
            f"La sauvegarde n'a pas pu être écrite dans « {folder} » : {error.strerror or error}"
            ". Vérifiez qu'il reste de la place sur le disque et que vous avez le droit "
            f"d'écrire dans ce dossier (ou choisissez-en un autre avec {FOLDER_ENV}). La base "
            "n'a pas été touchée.") from error
    return Backup(final, kind, now.replace(microsecond=0), final.stat().st_size)


def prune(folder: Path, keep: int) -> list[Path]:
    """Remove the daily backups beyond the ``keep`` newest; other kinds are kept."""
    daily = [b for b in list_backups(folder) if b.kind == "auto"]
    removed = []
    for backup in daily[keep:]:
        backup.path.unlink(missing_ok=True)
        removed.append(backup.path)
    return removed


def daily(store: Store, today: date | None = None) -> Backup | None:
    """Today's automatic backup, if none was made yet today; older ones pruned to the setting.
    Nothing on PostgreSQL."""
    if store.path is None:
        return None
    folder = folder_of(store)
    today = today or date.today()
    if any(b.kind == "auto" and b.created.date() == today for b in list_backups(folder)):
        return None
    made = snapshot(store, "auto", folder)
    prune(folder, keep_days(store))
    return made


def preview(path: Path) -> Contents:
    """What the backup ``path`` holds, read without changing it."""
    try:
        connection = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as error:
        raise StoreError(
            f"Le fichier « {path} » n'est pas une sauvegarde Accueil lisible ({error}). "
            "Choisissez une autre sauvegarde.") from error
    try:
        tables = {row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        if "schema_migrations" not in tables or "offers" not in tables:
            raise StoreError(f"Le fichier « {path} » est une base DuckDB, mais pas une base "
                             "Accueil : choisissez une autre sauvegarde.")
        row = connection.execute("SELECT max(version) FROM schema_migrations").fetchone()
        version = int(row[0]) if row and row[0] is not None else 0
        counts = {}
        for table, words in PREVIEW_TABLES.items():
            if table in tables:
                found = connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()
                counts[words] = int(found[0]) if found else 0
        demo = connection.execute("SELECT count(*) FROM offers WHERE is_demo").fetchone()
        last = connection.execute("SELECT max(updated_at) FROM offers").fetchone()
    except duckdb.Error as error:
        raise StoreError(f"La sauvegarde « {path} » est endommagée ({error}) : choisissez-en "
                         "une autre.") from error
    finally:
        connection.close()
    return Contents(version, counts, int(demo[0]) if demo else 0,
                    last[0] if last and last[0] is not None else None)


def restore(store: Store, path: Path) -> Backup:
    """Replace the store's contents by the backup ``path``; returns the safety snapshot taken
    just before, which undoes the restore. The backup file itself is not changed."""
    target = _duck_path(store)
    preview(path)  # refuses, in French, a file that is not a readable Accueil backup
    safety = snapshot(store, "securite")
    part = target.with_name(target.name + ".restauration.part")
    try:
        _copy_durably(path, part)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise StoreError(f"La restauration n'a pas pu copier « {path} » : "
                         f"{error.strerror or error}. La base n'a pas été touchée.") from error
    engine = store._engine
    assert isinstance(engine, DuckEngine)
    before = store.revision()
    with engine.swapping(lambda: duckdb.connect(str(target))):
        Path(f"{target}.wal").unlink(missing_ok=True)  # closed cleanly: checkpointed already
        _publish(part, target)
    store._migrate(None)  # a backup of an older version is brought up to date
    store._sync_reference()
    with store.writing() as tx:
        # Caches key on the counter: it must not come back to a value they have seen.
        tx.execute("DELETE FROM store_meta WHERE key = ?", [REVISION_KEY])
        tx.execute("INSERT INTO store_meta (key, value) VALUES (?, ?)",
                   [REVISION_KEY, str(before + 1)])
    return safety


def hot_copy(source: Path, folder: Path, now: datetime | None = None) -> Backup:
    """A backup of a store file that another process holds open (the command line while the
    app runs): the file and its WAL copied, the copy opened once to replay the log and
    checked, then given its final name."""
    now = now or datetime.now()
    final = _target(folder, "ligne", now)
    part = final.with_name(final.name + ".part")
    work = folder / f".copie-{os.getpid()}"
    work.mkdir(exist_ok=True)
    copy = work / "copie.duckdb"
    try:
        _copy_durably(source, copy)
        wal = Path(f"{source}.wal")
        if wal.exists():
            _copy_durably(wal, Path(f"{copy}.wal"))
        connection = duckdb.connect(str(copy))
        try:
            connection.execute("SELECT count(*) FROM offers").fetchone()
            connection.execute("CHECKPOINT")
        finally:
            connection.close()
        os.replace(copy, part)
        _publish(part, final)
    except duckdb.Error as error:
        raise StoreError(f"La copie de « {source} » n'est pas lisible ({error}) : relancez la "
                         "sauvegarde, ou faites-la depuis la page Données.") from error
    finally:
        part.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    return Backup(final, "ligne", now.replace(microsecond=0), final.stat().st_size)


def all_tables(store: Store) -> tuple[dict[str, pd.DataFrame], dict[str, list[dict[str, object]]]]:
    """Every table of the store as a DataFrame, read in one consistent snapshot, and its
    columns (name, type, nullable): the material of the full export, on either engine."""
    schema: dict[str, list[dict[str, object]]] = {}
    frames = {}
    with store.reading() as tx:
        for table, column, kind, nullable in tx.all(
                "SELECT table_name, column_name, data_type, is_nullable = 'YES' "
                "FROM information_schema.columns WHERE table_schema = current_schema() "
                "AND table_name IN (SELECT table_name FROM information_schema.tables WHERE "
                "table_schema = current_schema() AND table_type = 'BASE TABLE') "
                "ORDER BY table_name, ordinal_position"):
            schema.setdefault(str(table), []).append(
                {"colonne": str(column), "type": str(kind), "vide_permis": bool(nullable)})
        for table in schema:
            # Names from the database's own catalogue, quoted; never user text.
            frames[table] = tx.frame(f'SELECT * FROM "{table}"')
        # A password hash never leaves in an export (a backup file keeps it, to restore).
        if "accounts" in frames:
            frames["accounts"] = frames["accounts"].drop(columns=["password_hash"])
            schema["accounts"] = [c for c in schema["accounts"]
                                  if c["colonne"] != "password_hash"]
    return frames, schema


__all__ = ["DEFAULT_KEEP", "FOLDER_ENV", "KEEP_ENV", "KIND_LABELS", "Backup", "Contents",
           "all_tables", "daily", "folder_of", "folder_of_path", "hot_copy", "keep_days", "list_backups",
           "preview", "prune", "restore", "set_keep_days", "snapshot"]
