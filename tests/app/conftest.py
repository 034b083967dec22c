"""AppTest fixtures: every page test runs the real app on a store of its own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accueil.ui.resources import release_store


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh store file for the app (the demo is installed on first open), released after:
    the app's connection holds the file's lock, and st.cache_resource outlives an AppTest."""
    path = tmp_path / "app.duckdb"
    monkeypatch.setenv("ACCUEIL_DB", str(path))
    release_store()
    yield path
    release_store()
