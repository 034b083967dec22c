"""AppTest fixtures: every page test runs the real app on a store of its own, on each engine,
signed in as an administrator unless the test says otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from accueil.domain.access import Principal, Role
from accueil.ui.resources import release_store
from accueil.ui.session import KEY
from tests.conftest import pg_schema

ADMIN = Principal(login="admin.tests", role=Role.ADMINISTRATEUR, display_name="Admin des tests")


@pytest.fixture(autouse=True)
def signed_in_as_admin(request: pytest.FixtureRequest,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Every AppTest starts signed in as an administrator (a principal of no account, as a
    browser can never put there), so that page tests test pages; a test marked
    ``signed_out`` starts at the sign-in screen, and any test may put another principal under
    :data:`accueil.ui.session.KEY` before its first run."""
    if request.node.get_closest_marker("signed_out"):
        return
    original = AppTest.from_file

    def signed_in(*args: Any, **kwargs: Any) -> AppTest:
        app = original(*args, **kwargs)
        app.session_state[KEY] = ADMIN
        return app

    monkeypatch.setattr(AppTest, "from_file", signed_in)


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
