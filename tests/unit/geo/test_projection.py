"""Lambert conformal conic: Snyder's worked example, Lambert-93's definition, and PROJ."""

from __future__ import annotations

import numpy as np
import pytest
from pyproj import Transformer

from accueil.geo.projection import LAMBERT_93, ConicConformal


def test_snyder_worked_example() -> None:
    # J. P. Snyder, Map Projections - A Working Manual (USGS PP 1395, 1987), p. 296:
    # Clarke 1866, standard parallels 33° and 45° N, origin 23° N 96° W; 35° N 75° W gives
    # x = 1,894,410.9 m, y = 1,564,649.5 m.
    clarke = ConicConformal(6_378_206.4, 294.9786982, 33, 45, 23, -96)
    x, y = clarke.project(np.array([-75.0]), np.array([35.0]))
    assert x[0] == pytest.approx(1_894_410.9, abs=0.1)
    assert y[0] == pytest.approx(1_564_649.5, abs=0.1)


def test_lambert_93_origin_is_its_false_easting_and_northing() -> None:
    x, y = LAMBERT_93.project(np.array([3.0]), np.array([46.5]))
    assert (x[0], y[0]) == pytest.approx((700_000.0, 6_600_000.0), abs=1e-6)


@pytest.mark.parametrize(("lon", "lat"), [
    (3.0833, 45.0333),  # Saint-Flour
    (3.0863, 45.7772),  # Clermont-Ferrand
    (1.2611, 45.8336),  # Limoges
    (4.8357, 45.7640),  # Lyon
    (3.8767, 43.6108),  # Montpellier
    (5.0415, 47.3220),  # Dijon
    (0.5, 44.0), (6.0, 48.9),
])
def test_lambert_93_matches_proj_to_the_millimetre(lon: float, lat: float) -> None:
    expected = Transformer.from_crs("EPSG:4326", "EPSG:2154", always_xy=True).transform(lon, lat)
    x, y = LAMBERT_93.project(np.array([lon]), np.array([lat]))
    assert (x[0], y[0]) == pytest.approx(expected, abs=1e-3)
