"""Bad store files, opened by the real app (AppTest of app.py with ACCUEIL_DB on the file): a
truncated file, a damaged block, a read-only folder, a store of a newer schema. Each gets a
French message naming the file and what to do, never Streamlit's error page; a store that no
longer opens can be restored from its backups on that same page."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accueil.io.demo import load_demo_offers
from accueil.store import backup
from accueil.store.db import Store
from accueil.store.offers import seed_demo
from accueil.ui.resources import release_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
BACKUP_COMMAND = "python -m accueil.services.backups restaurer"


@pytest.fixture
def good_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A store with the demo offers, closed, that the app will open from ACCUEIL_DB."""
    path = tmp_path / "base" / "accueil.duckdb"
    store = Store.open(path)
    seed_demo(store, load_demo_offers())
    store.close()
    monkeypatch.setenv("ACCUEIL_DB", str(path))
    monkeypatch.delenv(backup.FOLDER_ENV, raising=False)
    release_store()
    yield path
    release_store()


def run_app() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def errors(app: AppTest) -> str:
    return " ".join(e.value for e in app.error)


def test_a_truncated_file_is_said_damaged_with_the_way_back(good_file: Path) -> None:
    good_file.write_bytes(good_file.read_bytes()[: good_file.stat().st_size // 2])
    said = errors(run_app())
    assert f"« {good_file} »" in said
    assert "endommagé" in said
    assert BACKUP_COMMAND in said
    assert "« Données »" in said


def test_a_damaged_block_is_said_damaged_when_the_app_reads_it(good_file: Path) -> None:
    data = bytearray(good_file.read_bytes())
    start = 2 * 262_144 + 5_000  # in the third block of 256 kB: the offers' (checksummed)
    data[start:start + 8] = bytes(b ^ 0xFF for b in data[start:start + 8])
    good_file.write_bytes(bytes(data))
    app = run_app()  # the file opens; the first read of the offers meets the damaged block
    said = errors(app)
    assert f"« {good_file} »" in said
    assert "endommagé" in said
    assert BACKUP_COMMAND in said


def test_a_store_of_a_newer_schema_is_refused_with_what_to_do(good_file: Path) -> None:
    store = Store.open(good_file)
    with store.writing() as tx:
        tx.execute("INSERT INTO schema_migrations VALUES (99, 'future', current_timestamp)")
    store.close()
    said = errors(run_app())
    assert f"« {good_file} »" in said
    assert "version plus récente" in said
    assert "Mettez l'application à jour" in said
    assert BACKUP_COMMAND in said


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """``folder`` made read-only for this process: its mode, or, for root (whom modes do not
    stop), the ext4 immutable attribute. Skips when neither holds."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.access(folder, os.W_OK):
            if shutil.which("chattr") is None or subprocess.run(
                    ["chattr", "+i", str(folder)], check=False, capture_output=True).returncode != 0:
                pytest.skip("cannot make a folder read-only for this user")
            immutable = True
        probe = folder / "essai"
        with contextlib.suppress(OSError):
            probe.write_bytes(b"")
            probe.unlink()
            pytest.skip("the folder stays writable")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_a_read_only_folder_is_said_at_once_not_at_every_save(good_file: Path) -> None:
    with read_only(good_file.parent):
        said = errors(run_app())
    assert f"« {good_file} »" in said
    assert "lecture seule" in said
    assert f"« {good_file.parent} »" in said


def test_a_file_that_no_longer_opens_is_restored_from_the_error_page(good_file: Path) -> None:
    store = Store.open(good_file)
    made = backup.snapshot(store, "manuelle")
    store.close()
    damaged = good_file.read_bytes()[:100_000]
    good_file.write_bytes(damaged)
    app = run_app()
    assert "endommagé" in errors(app)
    assert app.selectbox(key="secours_sauvegarde").value == made.path.name
    app.button(key="secours_restaurer").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert any("Base restaurée" in s.value for s in app.success)
    aside = [p for p in good_file.parent.iterdir() if ".mise-de-cote-" in p.name]
    assert [p.read_bytes() for p in aside] == [damaged]  # kept, never deleted
    app = run_app()
    assert not app.error
    assert {m.label: m.value for m in app.metric}["Offres ouvertes"] == "37"
