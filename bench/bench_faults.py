"""Crashes on bad store files and full disks, before and after issue 14.

Each scenario runs in a process of its own against the code of a source tree (this one by
default; ``--tree`` another, e.g. ``git archive 6b12895 | tar -x -C /tmp/avant``): a truncated
file, a damaged block, a read-only folder (mode bits, or the ext4 immutable attribute for
root), a store of a newer schema, a write that meets a full disk at the checkpoint and at the
commit (RLIMIT_FSIZE). Prints, per scenario, what a person would get: ``message français``
(the store's French error), ``plantage`` (any other exception: Streamlit's error page or the
generic message), or ``silence`` (the fault went unnoticed); and for the full disk, whether
the next request works.

    python -m bench.bench_faults [--tree DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = r'''
import json, os, resource, signal, sys
from dataclasses import replace
from pathlib import Path
from accueil.store.db import Store, StoreError
from accueil.store.offers import OfferQuery, list_offers, load_offers, save_offer, save_offers
from accueil.io.demo import load_demo_offers

def outcome(action):
    try:
        action()
        return "silence"
    except StoreError as error:
        return "message français"
    except Exception as error:
        return "plantage: " + type(error).__name__

path = Path(sys.argv[1])
scenario = sys.argv[2]
one = replace(load_demo_offers()[0], id=None, is_demo=False)
'''

SCENARIOS = {
    "fichier tronqué": r'''
path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
print(json.dumps({"ouverture": outcome(lambda: Store.open(path).close())}))
''',
    "bloc endommagé": r'''
data = bytearray(path.read_bytes())
start = 2 * 262_144 + 5_000
data[start:start + 8] = bytes(b ^ 0xFF for b in data[start:start + 8])
path.write_bytes(bytes(data))
result = {}
try:
    store = Store.open(path)
except StoreError:
    result["ouverture"] = "message français"
else:
    result["ouverture"] = "silence"
    result["liste des offres"] = outcome(lambda: list_offers(store, OfferQuery()))
    result["lecture des offres"] = outcome(lambda: load_offers(store))
print(json.dumps(result))
''',
    "schéma plus récent": r'''
store = Store.open(path)
with store.writing() as tx:
    tx.execute("INSERT INTO schema_migrations VALUES (99, 'future', current_timestamp)")
store.close()
print(json.dumps({"ouverture": outcome(lambda: Store.open(path).close())}))
''',
    "dossier en lecture seule": r'''
result = {}
try:
    store = Store.open(path)
except StoreError:
    result["ouverture"] = "message français"
else:
    result["ouverture"] = "silence"
    result["enregistrement"] = outcome(lambda: save_offer(store, one))
print(json.dumps(result))
''',
    "disque plein (checkpoint)": r'''
store = Store.open(path)
with store.writing() as tx:
    tx.execute("CHECKPOINT")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + 200_000, hard))
many = [replace(one, title=f"Offre {i}", description="x" * 3000) for i in range(30_000)]
result = {"enregistrement": outcome(lambda: save_offers(store, many))}
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
result["requête suivante"] = outcome(lambda: save_offer(store, one)).replace(
    "silence", "fonctionne")
print(json.dumps(result))
''',
    "disque plein (journal)": r'''
store = Store.open(path)
with store.writing() as tx:
    tx.execute("CHECKPOINT")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size + 200_000, hard))
many = [replace(one, title=f"Offre {i}", description="x" * 3000) for i in range(3_000)]
result = {"enregistrement": outcome(lambda: save_offers(store, many))}
resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
result["requête suivante"] = outcome(lambda: save_offer(store, one)).replace(
    "silence", "fonctionne")
print(json.dumps(result))
''',
}


def _good_store(tree: Path, path: Path) -> None:
    code = ("import sys; from pathlib import Path; from accueil.store.db import Store; "
            "from accueil.store.offers import seed_demo; from accueil.io.demo import "
            "load_demo_offers; s = Store.open(Path(sys.argv[1])); "
            "seed_demo(s, load_demo_offers()); s.close()")
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=tree, check=True,
                   env={**os.environ, "PYTHONPATH": str(tree)})


def _read_only(folder: Path) -> bool:
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):
        return subprocess.run(["chattr", "+i", str(folder)], check=False,
                              capture_output=True).returncode == 0
    return True


def run(tree: Path) -> dict[str, dict[str, str]]:
    results: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as work:
        for name, body in SCENARIOS.items():
            folder = Path(work) / name.replace(" ", "_").replace("(", "").replace(")", "")
            folder.mkdir()
            path = folder / "base.duckdb"
            _good_store(tree, path)
            locked = name == "dossier en lecture seule" and _read_only(folder)
            try:
                done = subprocess.run(
                    [sys.executable, "-c", PRELUDE + body, str(path), name], cwd=tree,
                    env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                    text=True, check=False, timeout=900)
            finally:
                if locked:
                    subprocess.run(["chattr", "-i", str(folder)], check=False)
                    folder.chmod(0o755)
            lines = done.stdout.strip().splitlines()
            results[name] = (json.loads(lines[-1]) if done.returncode == 0 and lines
                             else {"processus": f"plantage (code {done.returncode})"})
            shutil.rmtree(folder, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tree", type=Path, default=ROOT, help="the source tree to measure")
    args = parser.parse_args()
    results = run(args.tree.resolve())
    print(f"Arbre mesuré : {args.tree}")
    crashes = 0
    for name, steps in results.items():
        for step, said in steps.items():
            crashes += said.startswith("plantage")
            print(f"  {name:<27} {step:<20} {said}")
    print(f"Plantages : {crashes}")


if __name__ == "__main__":
    main()
