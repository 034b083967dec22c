"""GeoJSON to SVG paths: the frame, the relative steps, dropped points and rings, boxes."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from accueil.geo.paths import UNIT, svg_layer
from accueil.geo.projection import LAMBERT_93


def feature(code: str, geometry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": {"code_insee": code}, "geometry": geometry}


def layer(*features: dict[str, Any]) -> dict[str, Any]:
    return svg_layer({"type": "FeatureCollection", "features": list(features)},
                     "properties.code_insee")


def absolute(path: str) -> list[list[tuple[int, int]]]:
    """The rings of a path as absolute points, by replaying its M, l and z."""
    rings = []
    for ring in re.findall(r"M([^l]+)l([^z]*)z", path):
        x, y = map(int, ring[0].split())
        points = [(x, y)]
        steps = list(map(int, ring[1].split()))
        for dx, dy in zip(steps[::2], steps[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


SQUARE = [[3.0, 45.0], [3.1, 45.0], [3.1, 45.1], [3.0, 45.1], [3.0, 45.0]]


def test_a_square_is_projected_rounded_and_walked_in_relative_steps() -> None:
    done = layer(feature("15001", {"type": "Polygon", "coordinates": [SQUARE]}))
    assert done["codes"] == ["15001"]
    assert done["unit"] == UNIT
    [ring] = absolute(done["paths"][0])
    east, north = LAMBERT_93.project(np.array([p[0] for p in SQUARE[:-1]]),
                                     np.array([p[1] for p in SQUARE[:-1]]))
    expected = [(round(e / UNIT), round(-n / UNIT)) for e, n in zip(east, north, strict=True)]
    assert ring == expected  # the closing point is left to "z"
    xs, ys = zip(*ring, strict=True)
    assert done["boxes"][0] == [min(xs), min(ys), max(xs), max(ys)]
    assert ring[2][1] < ring[1][1]  # north is up: y decreases northwards


def test_multipolygons_keep_every_ring_and_their_box_covers_them_all() -> None:
    far = [[x + 1, y + 1] for x, y in SQUARE]
    hole = [[3.03, 45.03], [3.06, 45.03], [3.06, 45.06], [3.03, 45.03]]
    done = layer(feature("15002", {"type": "MultiPolygon",
                                   "coordinates": [[SQUARE, hole], [far]]}))
    rings = absolute(done["paths"][0])
    assert len(rings) == 3
    points = [p for ring in rings for p in ring]
    xs, ys = zip(*points, strict=True)
    assert done["boxes"][0] == [min(xs), min(ys), max(xs), max(ys)]


def test_points_rounding_onto_the_previous_one_and_tiny_rings_are_dropped() -> None:
    step = UNIT / 1e6  # far below one unit
    crowded = [[3.0, 45.0], [3.0 + step, 45.0], [3.1, 45.0], [3.1, 45.1], [3.0, 45.0]]
    islet = [[3.5, 45.5], [3.5 + step, 45.5], [3.5, 45.5 + step], [3.5, 45.5]]
    done = layer(feature("15003", {"type": "MultiPolygon",
                                   "coordinates": [[crowded], [islet]]}),
                 feature("15004", {"type": "Polygon", "coordinates": [islet]}))
    assert done["codes"] == ["15003"]  # 15004 is smaller than a unit: nothing to draw
    [ring] = absolute(done["paths"][0])
    assert len(ring) == 3


def test_a_feature_without_its_code_is_refused() -> None:
    with pytest.raises(ValueError, match="code_insee"):
        svg_layer({"features": [{"properties": {}, "geometry": {
            "type": "Polygon", "coordinates": [SQUARE]}}]}, "properties.code_insee")
