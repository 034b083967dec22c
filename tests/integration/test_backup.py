"""Backups on a real DuckDB file: consistent while the store is open, daily ones pruned, a
preview, a restore with its safety snapshot, the full export, and a backup killed with
SIGKILL half-way leaves the previous backup and the store intact."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from accueil.services import backups as service
from accueil.store import backup
from accueil.store import offers as repo
from accueil.store.db import Store, StoreError
from tests.builders import ADMIN, qualified_offer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.delenv(backup.FOLDER_ENV, raising=False)
    monkeypatch.delenv(backup.KEEP_ENV, raising=False)
    opened = Store.open(tmp_path / "accueil.duckdb")
    yield opened
    opened.close()


def titles_in(path: Path) -> list[str]:
    copy = Store.open(path)
    try:
        return sorted(repo.list_offers(copy, repo.OfferQuery())["title"])
    finally:
        copy.close()


def test_a_snapshot_holds_the_last_save_although_it_is_still_in_the_wal(store: Store) -> None:
    repo.save_offer(store, qualified_offer(title="Saisie à l'instant"))
    assert Path(f"{store.path}.wal").exists()  # the save is not in the main file yet
    made = backup.snapshot(store)
    assert made.path.parent == store.path.parent / "sauvegardes"
    assert titles_in(made.path) == ["Saisie à l'instant"]
    repo.save_offer(store, qualified_offer(title="Après la sauvegarde"))  # the store goes on


def test_daily_backups_are_made_once_a_day_and_the_oldest_pruned(store: Store) -> None:
    backup.set_keep_days(store, 3)
    folder = backup.folder_of(store)
    for day in range(5):
        backup.snapshot(store, "auto", now=datetime(2026, 11, 1 + day, 3, 0))
    backup.snapshot(store, "manuelle", now=datetime(2026, 11, 1, 9, 0))
    made = backup.daily(store, today=date.today())
    assert made is not None
    assert backup.daily(store, today=date.today()) is None  # once a day
    kinds = [(b.kind, b.created.date()) for b in backup.list_backups(folder)]
    assert [k for k, _ in kinds].count("auto") == 3
    assert ("manuelle", date(2026, 11, 1)) in kinds  # only daily ones are pruned
    assert min(d for k, d in kinds if k == "auto") == date(2026, 11, 4)


def test_the_retention_setting_is_checked(store: Store) -> None:
    with pytest.raises(StoreError, match="entre 1 et 3 650"):
        backup.set_keep_days(store, 0)


def test_a_restore_shows_its_contents_first_and_can_be_undone(store: Store) -> None:
    repo.save_offer(store, qualified_offer(title="Avant"))
    saved = backup.snapshot(store)
    repo.save_offer(store, qualified_offer(title="Après"))
    contents = backup.preview(saved.path)
    assert contents.counts["offres"] == 1
    assert service.describe_contents(contents)[0] == "1 offres"
    revision = store.revision()
    safety = backup.restore(store, saved.path)
    assert sorted(repo.list_offers(store, repo.OfferQuery())["title"]) == ["Avant"]
    assert store.revision() > revision  # caches keyed on the counter see the change
    assert safety.kind == "securite"
    assert titles_in(safety.path) == ["Après", "Avant"]
    repo.save_offer(store, qualified_offer(title="Encore"))  # the store works on


def test_a_file_that_is_not_a_backup_is_refused_in_french(store: Store, tmp_path: Path) -> None:
    junk = tmp_path / "photo.duckdb"
    junk.write_bytes(b"\x89PNG" + os.urandom(4000))
    with pytest.raises(StoreError, match="n'est pas une sauvegarde Accueil lisible"):
        backup.restore(store, junk)
    assert not backup.list_backups(backup.folder_of(store))  # no safety snapshot for nothing


def test_the_full_export_holds_every_table_in_parquet_and_csv(store: Store) -> None:
    repo.save_offer(store, qualified_offer(title="=HYPERLINK(\"http://x\")"))
    data = service.export_zip(store, by=ADMIN)
    archive = zipfile.ZipFile(io.BytesIO(data))
    schema = json.loads(archive.read("schema.json"))
    assert {"offers", "receptivity_items", "user_territories", "ref_communes"} <= set(schema)
    for table in schema:
        assert f"parquet/{table}.parquet" in archive.namelist()
        assert f"csv/{table}.csv" in archive.namelist()
    offers = pd.read_parquet(io.BytesIO(archive.read("parquet/offers.parquet")))
    assert list(offers["title"]) == ["=HYPERLINK(\"http://x\")"]  # exact in Parquet
    csv_text = archive.read("csv/offers.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text  # inert in the CSV a spreadsheet opens
    assert "LISEZMOI.txt" in archive.namelist()


def test_the_command_line_backs_up_a_store_the_app_holds_open(
        store: Store, tmp_path: Path) -> None:
    repo.save_offer(store, qualified_offer(title="Pendant que l'app tourne"))
    env = {**os.environ, "ACCUEIL_DB": str(store.path)}
    done = subprocess.run([sys.executable, "-m", "accueil.services.backups", "sauvegarder"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Sauvegarde écrite" in done.stdout
    (made,) = backup.list_backups(backup.folder_of(store))
    assert made.kind == "ligne"
    assert titles_in(made.path) == ["Pendant que l'app tourne"]


KILLED = """
import sys
from pathlib import Path
from accueil.store import backup
from accueil.store.db import Store
store = Store.open(Path(sys.argv[1]))
while True:
    backup.snapshot(store, "manuelle")
"""


def offers_in(path: Path) -> int:
    copy = Store.open(path)
    try:
        return int(repo.list_offers(copy, repo.OfferQuery())["total"].iloc[0])
    finally:
        copy.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_killed_half_way_leaves_the_previous_backup_and_the_store_intact(
        tmp_path: Path) -> None:
    path = tmp_path / "gros.duckdb"
    store = Store.open(path)
    repo.save_offers(store, [qualified_offer(title=f"Offre {i}", description="x" * 2000)
                             for i in range(3000)])
    previous = backup.snapshot(store)
    previous_digest = digest(previous.path)
    store.close()
    folder = previous.path.parent
    killed = 0
    for _ in range(3):
        child = subprocess.Popen([sys.executable, "-c", KILLED, str(path)], cwd=ROOT)
        deadline = time.monotonic() + 60
        while not list(folder.glob("*.part")) and time.monotonic() < deadline:
            time.sleep(0.001)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        killed += child.returncode == -signal.SIGKILL
    assert killed == 3
    assert digest(previous.path) == previous_digest
    for made in backup.list_backups(folder):  # every published backup is whole
        assert offers_in(made.path) == 3000
    assert offers_in(path) == 3000
    reopened = Store.open(path)
    try:
        repo.save_offer(reopened, qualified_offer(title="Après l'arrêt brutal"))
    finally:
        reopened.close()


def test_backups_are_listed_newest_first_with_french_labels(store: Store) -> None:
    backup.snapshot(store, "auto", now=datetime(2026, 11, 2, 3, 0))
    backup.snapshot(store, "manuelle", now=datetime(2026, 11, 3, 14, 5))
    rows = service.backup_rows(store)
    assert rows[0].label.startswith("03/11/2026 à 14:05:00 · manuelle")
    assert "automatique" in rows[1].label
