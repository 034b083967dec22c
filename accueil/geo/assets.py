"""The reference outlines as the browser and the image export get them.

The GeoJSON files built by ``scripts/build_geometry.py`` live in ``data/reference/geo/``, the
single source. Streamlit serves files to the browser only from the top-level ``static/``
folder, so :func:`publish_geometry` copies them into ``static/geo/`` (ignored by git) when
missing or different: the browser then fetches each file once, gzipped where the server
compresses, and keeps it in its cache, instead of receiving the outlines inside every figure.
A copy rather than a symbolic link, because a fresh clone on Windows turns links into text
files. :func:`geometry_url` adds a digest of the content to the URL, so a rebuilt file is
fetched anew. :func:`load_geometry` parses a file for an image export, which needs the
outlines inline. File access only: no streamlit, no store.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = ROOT / "data" / "reference" / "geo"
STATIC_DIR = ROOT / "static"
PUBLISHED_DIR = STATIC_DIR / "geo"
URL_PREFIX = "/app/static/geo/"
TOPOJSON_URL = "/app/static/plotly/"  # plotly's world outline, fetched even when hidden
TOPOJSON_DIR = STATIC_DIR / "plotly"
# plotly.js's geo-only bundle, the version plotly.py ships (scripts/fetch_plotly_geo.py).
PLOTLY_GEO_URL = "/app/static/plotly/plotly-geo.min.js"


def source_files() -> list[Path]:
    """Every GeoJSON file of the reference geometry, coarse layers and fine per département."""
    return sorted([*SOURCE_DIR.glob("*.geojson"), *SOURCE_DIR.glob("communes_fin/*.geojson")])


def publish_geometry(source: Path = SOURCE_DIR, target: Path = PUBLISHED_DIR) -> int:
    """Copy the GeoJSON files of ``source`` into ``target`` where missing or different.

    Each file is written beside its destination then renamed, so a browser never reads half
    a file and two processes starting together do not trip over each other. Returns the
    number of files written (0 when all were up to date).
    """
    written = 0
    for path in sorted([*source.glob("*.geojson"), *source.glob("communes_fin/*.geojson")]):
        destination = target / path.relative_to(source)
        content = path.read_bytes()
        if destination.is_file() and destination.read_bytes() == content:
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, destination)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written += 1
    return written


@lru_cache(maxsize=64)
def _digest(name: str) -> str:
    return hashlib.sha256((SOURCE_DIR / name).read_bytes()).hexdigest()[:12]


def geometry_url(name: str) -> str:
    """The URL the browser fetches ``name`` (``"epci.geojson"``) from, versioned by content."""
    return f"{URL_PREFIX}{name}?v={_digest(name)}"


def geometry_bytes(names: list[str] | tuple[str, ...]) -> int:
    """Size on disk of these files: what the browser downloads at most (before gzip)."""
    return sum((SOURCE_DIR / name).stat().st_size for name in set(names))


@lru_cache(maxsize=32)
def _parsed(name: str) -> dict[str, Any]:
    with (SOURCE_DIR / name).open(encoding="utf-8") as handle:
        parsed: dict[str, Any] = json.load(handle)
    return parsed


def load_geometry(name: str, keep: frozenset[str] | None = None,
                  key: str = "properties.code_insee") -> dict[str, Any]:
    """The parsed file ``name``, reduced to the features whose ``key`` is in ``keep``."""
    parsed = _parsed(name)
    if keep is None:
        return parsed
    path = key.split(".")

    def value(feature: dict[str, Any]) -> str:
        found: Any = feature
        for part in path:
            found = found.get(part, {}) if isinstance(found, dict) else {}
        return str(found)

    return {"type": "FeatureCollection",
            "features": [f for f in parsed["features"] if value(f) in keep]}
