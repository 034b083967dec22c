"""The commune centres file: one point per reference commune, inside the massif's box."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from accueil.geo.centroids import load_centres
from accueil.geo.reference import load_communes


def test_every_reference_commune_has_a_centre_in_the_massif() -> None:
    centres = load_centres()
    assert set(centres.codes) == set(load_communes()["code_insee"])
    assert list(centres.codes) == sorted(centres.codes)
    # the 22 départements lie between the Pyrenees' foothills and Burgundy
    assert 42.6 < centres.latitude.min() < centres.latitude.max() < 48.5
    assert 0.6 < centres.longitude.min() < centres.longitude.max() < 5.6
    assert np.all(np.round(centres.latitude, 5) == centres.latitude)


def test_the_centres_are_read_only() -> None:
    with pytest.raises(ValueError, match="read-only"):
        load_centres().latitude[0] = 0.0


def test_a_file_with_another_header_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "centres.csv"
    path.write_text("code,lat,lon\n15187,45.0,3.0\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected"):
        load_centres(path)
