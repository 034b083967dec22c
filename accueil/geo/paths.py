"""Outlines as ready-made SVG paths: what the browser draws the map from.

A GeoJSON layer (WGS84 longitudes and latitudes) becomes, once per build of the reference
geometry, a small JSON document the map component reads as it is: for each area its code,
its SVG path (Lambert-93, see :mod:`accueil.geo.projection`) and its bounding box. Drawing
the 7,310 communes of the massif then costs the browser one ``innerHTML`` and no projection:
plotly.js took about a second to project and draw the same polygons, and 1.4 MB of script to
do it (measured in ``docs/performance.md``).

Coordinates are whole multiples of :data:`UNIT` metres, x to the east and y to the south
(SVG's y points down): ``x = E / UNIT``, ``y = −N / UNIT`` for an easting E and northing N.
Every layer shares this frame, so fine and coarse layers, and the départements' outlines
drawn on top, line up exactly. Each ring is written ``M x y`` then relative ``l`` steps and
``z``; points that round onto the previous one are dropped, and a ring left with fewer than
three points (an islet smaller than the unit) is dropped too. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

import numpy as np

from accueil.geo.projection import LAMBERT_93

UNIT = 20  # metres: finer than the finest outlines kept (about 100 m), coarse enough for ints
FORMAT = 1  # bump when the document below changes: published copies are then rebuilt


def _rings(geometry: dict[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        yield from geometry["coordinates"]
    elif kind == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon
    elif kind == "GeometryCollection":
        for part in geometry.get("geometries", []):
            yield from _rings(part)


def _code(feature: dict[str, Any], key: str) -> str:
    found: Any = feature
    for part in key.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    if found is None:
        raise ValueError(f"feature without {key}")
    return str(found)


def svg_layer(collection: dict[str, Any], key: str) -> dict[str, Any]:
    """The SVG paths of a GeoJSON FeatureCollection, one per feature, keyed by ``key``
    (``"properties.code_insee"``).

    Returns ``{"format", "unit", "codes", "paths", "boxes"}``; ``boxes[i]`` is
    ``[xmin, ymin, xmax, ymax]`` of ``paths[i]`` in the same units.
    """
    features = collection.get("features", [])
    rings_of = [list(_rings(f.get("geometry") or {})) for f in features]
    sizes = [len(ring) for rings in rings_of for ring in rings]
    points = [point for rings in rings_of for ring in rings for point in ring]
    lon = np.array([p[0] for p in points], dtype=np.float64)
    lat = np.array([p[1] for p in points], dtype=np.float64)
    east, north = LAMBERT_93.project(lon, lat)
    xs = np.rint(east / UNIT).astype(np.int64).tolist()
    ys = np.rint(-north / UNIT).astype(np.int64).tolist()
    codes, paths, boxes = [], [], []
    start = 0
    ring_number = 0
    for feature, rings in zip(features, rings_of, strict=True):
        parts: list[str] = []
        box = [0, 0, 0, 0]
        for _ in rings:
            size = sizes[ring_number]
            ring_number += 1
            ring_x, ring_y = xs[start:start + size], ys[start:start + size]
            start += size
            kept = [(x, y) for i, (x, y) in enumerate(zip(ring_x, ring_y, strict=True))
                    if i == 0 or (x, y) != (ring_x[i - 1], ring_y[i - 1])]
            if len(kept) > 1 and kept[-1] == kept[0]:
                kept.pop()  # the closing point: "z" draws that side
            if len(kept) < 3:
                continue
            steps = " ".join(f"{x - px} {y - py}" for (px, py), (x, y) in pairwise(kept))
            parts.append(f"M{kept[0][0]} {kept[0][1]}l{steps}z")
            ring_xs = [x for x, _ in kept]
            ring_ys = [y for _, y in kept]
            ring_box = [min(ring_xs), min(ring_ys), max(ring_xs), max(ring_ys)]
            box = ring_box if len(parts) == 1 else [
                min(box[0], ring_box[0]), min(box[1], ring_box[1]),
                max(box[2], ring_box[2]), max(box[3], ring_box[3])]
        if not parts:
            continue
        codes.append(_code(feature, key))
        paths.append("".join(parts))
        boxes.append(box)
    return {"format": FORMAT, "unit": UNIT, "codes": codes, "paths": paths, "boxes": boxes}
