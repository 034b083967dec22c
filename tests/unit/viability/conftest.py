"""Shared builders for the viability engine's unit tests."""

from __future__ import annotations

import math
from typing import Any

import pytest

from accueil.domain.viability import Assumptions, MonteCarloSettings, ViabilityInputs, demo_inputs


def non_finite_paths(value: Any, path: str = "") -> list[str]:
    """Paths of every NaN or infinite float inside a JSON-ready tree."""
    if isinstance(value, float):
        return [] if math.isfinite(value) else [path]
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in non_finite_paths(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [
            p
            for index, item in enumerate(value)
            for p in non_finite_paths(item, f"{path}[{index}]")
        ]
    return []


@pytest.fixture
def bakery() -> ViabilityInputs:
    return demo_inputs()


@pytest.fixture
def quick_assumptions() -> Assumptions:
    """Default assumptions with a small Monte Carlo, for tests that do not study it."""
    return Assumptions(monte_carlo=MonteCarloSettings(draws=200))
