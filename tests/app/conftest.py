"""AppTest fixtures: every page test runs the real app on a store of its own, on each engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accueil.ui.resources import release_store
from tests.conftest import pg_schema


@pytest.fixture
def db(engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path | str]:
    """A fresh store for the app (the demo is installed on first open), released after: the
    app's connection holds a DuckDB file's lock, and st.cache_resource outlives an AppTest.
    A DuckDB file path, or a PostgreSQL URL on a schema of its own."""
    if engine == "duckdb":
        path = tmp_path / "app.duckdb"
        monkeypatch.setenv("ACCUEIL_DB", str(path))
        release_store()
        yield path
        release_store()
        return
    with pg_schema() as url:
        monkeypatch.setenv("ACCUEIL_DB", url)
        release_store()
        yield url
        release_store()
