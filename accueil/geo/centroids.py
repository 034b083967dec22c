"""Commune centres of the massif, read from ``data/reference/communes_centres.csv``.

The file is written by ``scripts/build_centroids.py`` from the commune shapes (centroid of each
polygon, WGS84 degrees). Read once per process and shared: callers get a
:class:`~accueil.domain.amenities.Centres` of read-only arrays. Reading only: no store, no
streamlit, no shapely.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import numpy as np

from accueil.domain.amenities import Centres

CENTRES_PATH = Path(__file__).resolve().parents[2] / "data" / "reference" / "communes_centres.csv"
_HEADER = ["code_insee", "latitude", "longitude"]


@lru_cache(maxsize=4)
def load_centres(path: Path = CENTRES_PATH) -> Centres:
    """Every commune centre of the file, in its (code) order."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != _HEADER:
            raise ValueError(f"{path.name}: header {header}, expected {_HEADER}")
        rows = list(reader)
    codes = np.array([row[0] for row in rows], dtype=object)
    latitude = np.array([float(row[1]) for row in rows])
    longitude = np.array([float(row[2]) for row in rows])
    for array in (codes, latitude, longitude):
        array.setflags(write=False)
    return Centres(codes, latitude, longitude)
