"""Build ``data/reference/communes_centres.csv``: one centre point per commune of the massif.

Build-time only (shapely is a dev dependency): reads the commune shapes that
``scripts/build_geometry.py`` wrote into ``data/reference/geo/communes.geojson`` and writes, per
commune, the centroid of its polygon (``code_insee, latitude, longitude``, WGS84 degrees rounded
to 5 decimals, about one metre), sorted by code. The app reads the CSV to measure distances
between communes (:mod:`accueil.geo.centroids`) and never needs shapely. The centroid is
computed in longitude/latitude degrees: at the scale of a commune (a few km) the distortion of
that plane is far below the rounding of a distance shown in km. Running it twice gives
identical bytes.

Usage: ``.venv/bin/python scripts/build_centroids.py``
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "reference" / "geo" / "communes.geojson"
OUT = ROOT / "data" / "reference" / "communes_centres.csv"


def centres(geojson: dict[str, object]) -> list[tuple[str, float, float]]:
    """(code_insee, latitude, longitude) of every feature, sorted by code."""
    rows: list[tuple[str, float, float]] = []
    features = geojson["features"]
    assert isinstance(features, list)
    for feature in features:
        geometry = shape(feature["geometry"])
        if not shapely.is_valid(geometry):
            geometry = shapely.make_valid(geometry)
        point = geometry.centroid
        rows.append((str(feature["properties"]["code_insee"]), round(point.y, 5),
                     round(point.x, 5)))
    rows.sort()
    codes = [code for code, _, _ in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("communes.geojson holds a commune twice")
    return rows


def main() -> None:
    rows = centres(json.loads(SOURCE.read_text(encoding="utf-8")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code_insee", "latitude", "longitude"])
    for code, latitude, longitude in rows:
        writer.writerow([code, f"{latitude:.5f}", f"{longitude:.5f}"])
    OUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"{len(rows)} communes -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
