"""Shared fixtures: stores in temporary folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from accueil.store.db import Store

# Pages turn unexpected errors into a French message for users; tests want to see them.
os.environ["ACCUEIL_RAISE"] = "1"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "accueil.duckdb"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = Store.open(store_path)
    yield opened
    opened.close()
