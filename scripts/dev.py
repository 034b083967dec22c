"""Set everything up, then run the app or every test: the two commands of the README.

    python3 scripts/dev.py app     # installs into .venv, opens the dashboard on var/accueil.duckdb
    python3 scripts/dev.py tests   # installs the test tools (and Chromium on Debian), runs
                                   # ruff, mypy and pytest (unit, integration, app, e2e)

Standard library only, so that it runs before anything is installed, on Linux, macOS and
Windows (``py scripts\\dev.py app``). Installation is skipped when the requirements file has
not changed since the last run (a stamp in ``.venv``).
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if platform.system() == "Windows" else "bin")
PYTHON = BIN / ("python.exe" if platform.system() == "Windows" else "python")
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"[accueil] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def requirements_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for line in path.read_text(encoding="utf-8").splitlines():
        digest.update(line.encode())
        if line.startswith("-r "):
            digest.update(requirements_digest(path.parent / line[3:].strip()).encode())
    return digest.hexdigest()


def ensure_environment(requirements: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must run on any python3
        sys.exit(f"Accueil demande Python 3.11 ou plus récent (ici {platform.python_version()}).")
    if not PYTHON.exists():
        say(f"création de l'environnement {VENV.name}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{requirements}"
    wanted = requirements_digest(ROOT / requirements)
    if stamp.exists() and stamp.read_text() == wanted:
        return
    say(f"installation des dépendances ({requirements})")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        "-r", ROOT / requirements)
    stamp.write_text(wanted)


def ensure_chromium() -> None:
    """End-to-end tests drive Debian's Chromium; install it where we can (root on Debian)."""
    if CHROMIUM.exists():
        return
    geteuid = getattr(os, "geteuid", None)
    if shutil.which("apt-get") and geteuid is not None and geteuid() == 0:
        say("installation de Chromium (apt-get) pour les tests de bout en bout")
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "chromium")
    else:
        say(f"{CHROMIUM} absent : les tests de bout en bout seront ignorés")


def app(extra: list[str]) -> None:
    ensure_environment("requirements.txt")
    say("ouverture du tableau de bord sur http://localhost:8501 (Ctrl+C pour arrêter)")
    run(PYTHON, "-m", "streamlit", "run", "app.py", *extra)


def tests(extra: list[str]) -> None:
    ensure_environment("requirements-dev.txt")
    ensure_chromium()
    say("ruff")
    run(PYTHON, "-m", "ruff", "check", ".")
    say("mypy (strict, package accueil)")
    run(PYTHON, "-m", "mypy")
    say("pytest")
    run(PYTHON, "-m", "pytest", *extra)


def main() -> None:
    commands = {"app": app, "tests": tests}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    try:
        commands[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as error:
        sys.exit(error.returncode)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
