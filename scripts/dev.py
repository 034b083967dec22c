"""Set everything up, then run the app or every test: the two commands of the README.

    python3 scripts/dev.py app     # installs into .venv, opens the dashboard on var/accueil.duckdb
    python3 scripts/dev.py tests   # installs the test tools (Chromium and PostgreSQL on Debian),
                                   # starts a throwaway PostgreSQL server, runs ruff, mypy,
                                   # import-linter and pytest (unit, integration, app, e2e),
                                   # the store's tests on DuckDB and on PostgreSQL

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
import tempfile
import venv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if platform.system() == "Windows" else "bin")
PYTHON = BIN / ("python.exe" if platform.system() == "Windows" else "python")
CHROMIUM = Path("/usr/bin/chromium")
PG_URL_VAR = "ACCUEIL_TEST_PG"  # read by tests/conftest.py
PG_PORT = "55433"  # on a unix socket in a folder of its own: no clash with a real server


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


def ensure_libreoffice() -> None:
    """The slide deck's test opens it with LibreOffice Impress (headless), as an officer would;
    install it where we can (root on Debian)."""
    if shutil.which("soffice"):
        return
    if shutil.which("apt-get") and _is_root():
        say("installation de LibreOffice Impress (apt-get) pour le test du diaporama")
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "libreoffice-impress")
    else:
        say("LibreOffice absent : le test d'ouverture du diaporama sera ignoré")


def _is_root() -> bool:
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def _pg_bin(name: str) -> str | None:
    """A PostgreSQL server program: on PATH, or in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return str(versions[-1]) if versions else None


def ensure_postgresql() -> bool:
    """The store's tests run on PostgreSQL too; install its server where we can (root on
    Debian: ``apt-get install postgresql``). True when initdb and pg_ctl are there."""
    if _pg_bin("initdb") and _pg_bin("pg_ctl"):
        return True
    if shutil.which("apt-get") and _is_root():
        say("installation de PostgreSQL (apt-get) pour les tests sur PostgreSQL")
        run("apt-get", "update", "-qq")
        run("apt-get", "install", "-y", "-qq", "postgresql")
        return bool(_pg_bin("initdb") and _pg_bin("pg_ctl"))
    say("PostgreSQL absent : les tests sur PostgreSQL seront ignorés")
    return False


@contextmanager
def throwaway_postgresql() -> Iterator[str | None]:
    """A PostgreSQL cluster in a temporary folder, listening only on a unix socket there,
    for the length of the tests; its URL, or None when there is no server to start. As root
    the server runs as the ``postgres`` user (initdb refuses root)."""
    if os.environ.get(PG_URL_VAR) or platform.system() == "Windows" or not ensure_postgresql():
        yield os.environ.get(PG_URL_VAR)
        return
    folder = Path(tempfile.mkdtemp(prefix="accueil-pg-"))
    data = folder / "data"
    as_postgres: list[str] = []
    if _is_root():
        shutil.chown(folder, user="postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    assert initdb is not None
    assert pg_ctl is not None
    say(f"démarrage d'un serveur PostgreSQL jetable ({folder})")
    subprocess.run([*as_postgres, initdb, "-D", str(data), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-locale"], check=True, stdout=subprocess.DEVNULL)
    options = f"-p {PG_PORT} -k {folder} -c listen_addresses='' -c fsync=off"
    subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-o", options, "-l",
                    str(folder / "server.log"), "-w", "start"], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        yield f"postgresql://postgres@/postgres?host={folder}&port={PG_PORT}"
    finally:
        subprocess.run([*as_postgres, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"],
                       check=False, stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


def app(extra: list[str]) -> None:
    ensure_environment("requirements.txt")
    say("ouverture du tableau de bord sur http://localhost:8501 (Ctrl+C pour arrêter)")
    run(PYTHON, "-m", "streamlit", "run", "app.py", *extra)


def tests(extra: list[str]) -> None:
    ensure_environment("requirements-dev.txt")
    ensure_chromium()
    ensure_libreoffice()
    say("ruff")
    run(PYTHON, "-m", "ruff", "check", ".")
    say("mypy (strict, package accueil)")
    run(PYTHON, "-m", "mypy")
    say("import-linter (sens des dépendances entre couches, pyproject.toml)")
    run(BIN / ("lint-imports.exe" if platform.system() == "Windows" else "lint-imports"))
    with throwaway_postgresql() as url:
        env = dict(os.environ)
        if url:
            env[PG_URL_VAR] = url
        say("pytest" + (" (DuckDB et PostgreSQL)" if url else " (DuckDB seulement)"))
        run(PYTHON, "-m", "pytest", *extra, env=env)


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
