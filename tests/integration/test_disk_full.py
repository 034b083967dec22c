"""A write that meets a full disk, on DuckDB: in a process of its own whose files may not grow
past a limit (RLIMIT_FSIZE, SIGXFSZ ignored, so the write fails with EFBIG as on a full disk).

The large write is refused in French and nothing of it is kept; the next read and the next
write of the same store work, without restarting (DuckDB invalidates a connection whose
checkpoint failed: the store reopens it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r'''
import json, resource, signal, sys
from pathlib import Path
from accueil.store.db import Store, StoreError
from accueil.store.offers import OfferQuery, list_offers, save_offer, save_offers
from tests.builders import qualified_offer

path = Path(sys.argv[1])
store = Store.open(path)
save_offer(store, qualified_offer(title="Avant"))
with store.writing() as tx:
    tx.execute("CHECKPOINT")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + int(sys.argv[2]), hard))
out = {"before": len(list_offers(store, OfferQuery()))}
try:
    save_offers(store, [qualified_offer(title=f"Offre {i}", description="x" * 3000)
                        for i in range(int(sys.argv[3]))])
    out["write"] = "saved"
except StoreError as error:
    out["write"] = "StoreError: " + str(error)
except Exception as error:
    out["write"] = f"{type(error).__name__}: {error}"
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))  # the disk has room again
try:
    out["after"] = len(list_offers(store, OfferQuery()))
    save_offer(store, qualified_offer(title="Après"))
    out["next_write"] = len(list_offers(store, OfferQuery()))
except Exception as error:
    out["next"] = f"{type(error).__name__}: {error}"
store.close()
print(json.dumps(out))
'''


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
@pytest.mark.parametrize(("room", "offers"), [
    (200_000, 30_000),  # the checkpoint fails: DuckDB invalidates the connection
    (200_000, 3_000),   # the commit's journal cannot grow: the transaction fails
])
def test_a_write_on_a_full_disk_is_undone_told_in_french_and_the_next_one_works(
        tmp_path: Path, room: int, offers: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "plein.duckdb"), str(room), str(offers)],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["write"].startswith("StoreError: L'enregistrement n'a pas abouti : le disque")
    assert f"« {tmp_path / 'plein.duckdb'} »" in out["write"]
    assert "Rien n'a été enregistré à moitié" in out["write"]
    assert out["before"] == out["after"] == 1
    assert out["next_write"] == 2
