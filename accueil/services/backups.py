"""Backups and the full export, for the Données page and the command line.

The snapshots themselves are :mod:`accueil.store.backup`; here are what the page shows of
them, in French, and the full export of all data as a ``.zip`` of open formats (one Parquet
and one CSV file per table, ``schema.json``, a ``LISEZMOI.txt``; see ``docs/export.md``).
Command line::

    python -m accueil.services.backups sauvegarder   # a snapshot now, even while the app runs
    python -m accueil.services.backups lister
    python -m accueil.services.backups exporter export.zip
    python -m accueil.services.backups restaurer FICHIER   # the app must be stopped
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from accueil import fr
from accueil.domain.access import Action, Principal, Role, require
from accueil.io import cells
from accueil.io.demo import load_demo_offers
from accueil.store import backup, journal
from accueil.store.accounts import administrators
from accueil.store.db import Store, StoreError, default_target
from accueil.store.offers import delete_demo, seed_demo

README = """Export complet d'une base Accueil ({when})

Un dossier par format, un fichier par table de la base :
- parquet/<table>.parquet : les données exactes, avec leurs types (lisible par Python, R,
  DuckDB, QGIS, LibreOffice via une extension, et la plupart des outils de données) ;
- csv/<table>.csv : les mêmes données pour un tableur (UTF-8 avec BOM, séparateur « ; »,
  virgule décimale, dates jj/mm/aaaa). Une cellule qui commence par = + - @ reçoit une
  apostrophe devant, pour qu'aucun tableur ne l'exécute comme une formule ;
- schema.json : pour chaque table, ses colonnes, leur type et si elles peuvent être vides.

Ce que contient chaque table est décrit dans docs/export.md du dépôt d'Accueil.
Version du schéma : {version}.
"""


@dataclass(frozen=True, slots=True)
class BackupRow:
    """One backup as the Données page lists it."""

    key: str
    label: str
    path: Path


def backup_rows(store: Store) -> list[BackupRow]:
    return [BackupRow(str(b.path), f"{b.created:%d/%m/%Y à %H:%M:%S} · {b.kind_label} · "
                      f"{_size(b.size)}", b.path)
            for b in backup.list_backups(backup.folder_of(store))]


def _size(size: int) -> str:
    return f"{fr.number(size / 1_000_000, 1)} Mo" if size >= 100_000 \
        else f"{fr.number(size / 1000, 0)} ko"


def describe_contents(contents: backup.Contents) -> list[str]:
    """French lines: what restoring this backup would bring back."""
    lines = [f"{fr.number(n)} {words}" for words, n in contents.counts.items()]
    if contents.demo_offers:
        lines.append(f"dont {fr.plural(contents.demo_offers, 'offre')} de démonstration")
    if contents.last_change is not None:
        lines.append(f"dernière offre modifiée le {fr.day(contents.last_change)} à "
                     f"{contents.last_change:%H:%M}")
    lines.append(f"schéma version {contents.schema_version}")
    return lines


def export_zip(store: Store, now: datetime | None = None, *, by: Principal) -> bytes:
    """All data as a ``.zip`` of Parquet and CSV files with their schema (see README); every
    offer in full, confidential ones too: administrators only. No password hash."""
    require(by, Action.BACKUP)
    frames, schema = backup.all_tables(store)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, frame in frames.items():
            archive.writestr(f"parquet/{table}.parquet", _parquet(frame))
            archive.writestr(f"csv/{table}.csv", cells.csv_bytes(frame))
        archive.writestr("schema.json", json.dumps(schema, ensure_ascii=False, indent=2))
        archive.writestr("LISEZMOI.txt", README.format(
            when=f"{(now or datetime.now()):%d/%m/%Y %H:%M}", version=store.schema_version()))
    return buffer.getvalue()


def take_backup(store: Store, *, by: Principal) -> backup.Backup:
    require(by, Action.BACKUP)
    return backup.snapshot(store)


def set_keep_days(store: Store, days: int, *, by: Principal) -> None:
    require(by, Action.BACKUP)
    backup.set_keep_days(store, days)


def restore(store: Store, path: Path, *, by: Principal) -> backup.Backup:
    """Replace the store by the backup at ``path`` (a safety copy first); journaled in the
    restored store, which would otherwise not know it was put back."""
    require(by, Action.RESTORE)
    safety = backup.restore(store, path)
    now = datetime.now().replace(microsecond=0)
    with store.writing() as tx:
        journal.record(tx, by.login, "backup", path.name, "restored", now,
                       [("safety_copy", None, safety.path.name)])
    return safety


# Whoever runs the command line on the server can read the store's file anyway: they act as
# its administrator (and the journal says it was the command line).
COMMAND_LINE = Principal(login="ligne-de-commande", role=Role.ADMINISTRATEUR,
                         display_name="Ligne de commande")


class DemoAccountLeft(Exception):
    """Removing the demo would remove the only administrator account."""


def remove_demo(store: Store, *, by: Principal) -> tuple[int, int]:
    """Remove the demo's offers, items and account. Refused while the demo's account is the
    only administrator (create yours first), since nobody could administer afterwards."""
    require(by, Action.MANAGE_DATA)
    if not administrators(store):
        raise DemoAccountLeft(
            "Créez d'abord votre propre compte administrateur (page Comptes) : le compte de "
            "démonstration est retiré avec la démonstration, et la base n'aurait plus "
            "d'administrateur.")
    return delete_demo(store, author=by.login)


def reinstall_demo(store: Store, *, by: Principal) -> int:
    """Put the demo's offers back (never its account: real accounts exist by then)."""
    require(by, Action.MANAGE_DATA)
    return seed_demo(store, load_demo_offers(), force=True)


def _parquet(frame: pd.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.to_parquet(out, index=False)
    return out.getvalue()


def main(argv: list[str]) -> int:
    """The command line; returns the exit status. Messages in French."""
    if not argv or argv[0] not in {"sauvegarder", "lister", "exporter", "restaurer"}:
        print(__doc__)
        return 2
    command, target = argv[0], default_target()
    try:
        if command == "sauvegarder":
            path = Path(target)
            try:
                store = Store.open(path)
            except StoreError:
                # The app holds the file: copy it hot, replayed and checked.
                made = backup.hot_copy(path, backup.folder_of_path(path))
            else:
                try:
                    made = backup.snapshot(store, "ligne")
                finally:
                    store.close()
            print(f"Sauvegarde écrite : {made.path} ({_size(made.size)}).")
        elif command == "lister":
            folder = backup.folder_of_path(Path(target))
            found = backup.list_backups(folder)
            print(f"{fr.plural(len(found), 'sauvegarde')} dans {folder} :")
            for item in found:
                print(f"  {item.path.name}  {item.created:%d/%m/%Y %H:%M:%S}  {item.kind_label}")
        elif command == "exporter":
            if len(argv) < 2:
                print("Indiquez le fichier .zip à écrire : … exporter export.zip")
                return 2
            store = Store.open(target)
            try:
                Path(argv[1]).write_bytes(export_zip(store, by=COMMAND_LINE))
            finally:
                store.close()
            print(f"Export complet écrit : {argv[1]}.")
        else:
            if len(argv) < 2:
                print("Indiquez la sauvegarde à restaurer : … restaurer FICHIER")
                return 2
            store = Store.open(target)
            try:
                safety = backup.restore(store, Path(argv[1]))
            finally:
                store.close()
            print(f"Base restaurée depuis {argv[1]}. Sauvegarde de l'état d'avant : "
                  f"{safety.path}.")
    except StoreError as error:
        print(str(error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
