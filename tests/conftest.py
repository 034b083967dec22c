"""Shared fixtures: stores in temporary folders (DuckDB) or schemas (PostgreSQL).

Every test that takes ``store`` or ``store_target`` runs on both engines. The PostgreSQL runs
need a server: ``ACCUEIL_TEST_PG`` holds its URL (``scripts/dev.py tests`` starts a throwaway
one and sets it). Without it they are skipped, except when ``ACCUEIL_PG_REQUIRED=1`` (CI, see
``.ci/run``), where a missing server fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from accueil.store.db import Store

# Pages turn unexpected errors into a French message for users; tests want to see them.
os.environ["ACCUEIL_RAISE"] = "1"

PG_URL_VAR = "ACCUEIL_TEST_PG"
PG_REQUIRED_VAR = "ACCUEIL_PG_REQUIRED"
ENGINES = ("duckdb", "postgres")


def pg_server() -> str:
    """The test server's URL, or skip (fail in CI) when there is none."""
    url = os.environ.get(PG_URL_VAR, "").strip()
    if not url:
        message = f"no PostgreSQL server for the tests ({PG_URL_VAR} is not set)"
        if os.environ.get(PG_REQUIRED_VAR) == "1":
            pytest.fail(message + f", and {PG_REQUIRED_VAR}=1 requires one")
        pytest.skip(message)
    return url


def with_schema(url: str, schema: str) -> str:
    """``url`` whose sessions work in ``schema`` (libpq's ``options``)."""
    option = quote(f"-csearch_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={option}"


@contextmanager
def pg_schema() -> Iterator[str]:
    """A URL on an empty schema of the test server of its own, dropped afterwards."""
    import psycopg

    url = pg_server()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_schema(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store_target(engine: str, tmp_path: Path) -> Iterator[str]:
    """Where a fresh store lives: a DuckDB file path, or a PostgreSQL URL on its own schema."""
    if engine == "duckdb":
        yield str(tmp_path / "accueil.duckdb")
        return
    with pg_schema() as url:
        yield url


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A DuckDB file, for what only a file has (locks, damaged bytes)."""
    return tmp_path / "accueil.duckdb"


@pytest.fixture
def store(store_target: str) -> Iterator[Store]:
    opened = Store.open(store_target)
    yield opened
    opened.close()
