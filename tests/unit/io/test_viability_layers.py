"""The viability exports sit below the services: ``accueil.io`` never imports
``accueil.services`` (house rule 1, issue #12), and the viability domain imports nothing but
the standard library, numpy and the pure French formatter."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((ROOT / "accueil" / "io").glob("viability*.py")),
                         ids=lambda p: p.name)
def test_viability_io_modules_do_not_import_services(path: Path) -> None:
    upward = sorted(m for m in imported_modules(path)
                    if m.startswith(("accueil.services", "accueil.ui", "accueil.store")))
    assert upward == []


@pytest.mark.parametrize("path", sorted((ROOT / "accueil" / "domain" / "viability").glob("*.py")),
                         ids=lambda p: p.name)
def test_the_viability_domain_imports_only_pure_modules(path: Path) -> None:
    outside = sorted(m for m in imported_modules(path)
                     if m.startswith("accueil.") and not m.startswith("accueil.domain")
                     and m != "accueil.fr")
    assert outside == []
