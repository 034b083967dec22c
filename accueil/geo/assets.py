"""The reference outlines as the browser and the image export get them.

The GeoJSON files built by ``scripts/build_geometry.py`` live in ``data/reference/geo/``, the
single source. The browser does not get them as they are: :func:`publish_geometry` turns each
into ready-made SVG paths (:func:`accueil.geo.paths.svg_layer`, under a second for all 25
files) and writes them into ``static/geo/`` (ignored by git), the folder Streamlit serves. The
browser fetches each file once, gzipped, and keeps it in its cache instead of receiving the
outlines with every map. The published name carries a digest of the source and of the path
format (``communes.3f9a….json``): a rebuilt source gets a new address, and a file already
published is never derived twice. :func:`svg_paths` gives the same document in memory, for a
read-only installation where nothing can be published. :func:`load_geometry` parses a GeoJSON
file for an image export, which plotly draws from the outlines themselves. File access only:
no streamlit, no store.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from accueil.geo.paths import FORMAT, svg_layer

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIR = ROOT / "data" / "reference" / "geo"
STATIC_DIR = ROOT / "static"
PUBLISHED_DIR = STATIC_DIR / "geo"
URL_PREFIX = "/app/static/geo/"
# plotly's world outline, which plotly.js fetches even when the base map is hidden: read from
# here by the image export (accueil.geo.export).
TOPOJSON_DIR = STATIC_DIR / "plotly"
STALE_AFTER = 24 * 3600  # seconds before the files of a former build are removed
FEATURE_KEYS = {"communes": "properties.code_insee", "epci": "properties.code_epci",
                "departements": "properties.code_departement"}


def source_files(source: Path = SOURCE_DIR) -> list[Path]:
    """Every GeoJSON file of the reference geometry, coarse layers and fine per département."""
    return sorted([*source.glob("*.geojson"), *source.glob("communes_fin/*.geojson")])


def feature_key(name: str) -> str:
    """Where a feature of file ``name`` keeps its code: ``properties.code_insee``…"""
    return FEATURE_KEYS.get(PurePosixPath(name).stem, "properties.code_insee")


def _digest_of(path: Path) -> str:
    content = path.read_bytes() + f"\nformat {FORMAT}".encode()
    return hashlib.sha256(content).hexdigest()[:12]


def _published_name(name: str, digest: str) -> str:
    """``communes_fin/15.geojson`` → ``communes_fin/15.<digest>.json``."""
    return str(PurePosixPath(name).with_suffix(f".{digest}.json"))


def _derive(path: Path, name: str) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return svg_layer(json.load(handle), feature_key(name))


def publish_geometry(source: Path = SOURCE_DIR, target: Path = PUBLISHED_DIR) -> int:
    """Write the SVG paths of every GeoJSON file of ``source`` into ``target``, where missing.

    Each file is written beside its destination then renamed, so a browser never reads half
    a file and two processes starting together do not trip over each other (when the other
    one won the rename, its identical file stays). Files of former builds are removed once
    a day old: a process started before a rebuild still serves its own for that long.
    Returns the number of files written (0 when all were up to date).
    """
    written = 0
    wanted: set[Path] = set()
    for path in source_files(source):
        name = path.relative_to(source).as_posix()
        destination = target / _published_name(name, _digest_of(path))
        wanted.add(destination)
        if destination.is_file():
            continue
        content = json.dumps(_derive(path, name), separators=(",", ":"))
        destination.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=destination.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(content)
            os.replace(temporary, destination)
        except PermissionError:  # Windows: another process has just put it there, and holds it
            Path(temporary).unlink(missing_ok=True)
            if not destination.is_file():
                raise
            continue
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        written += 1
    day_ago = time.time() - STALE_AFTER
    for stale in [*target.glob("*.*json"), *target.glob("communes_fin/*.*json")]:
        try:
            if stale not in wanted and stale.stat().st_mtime < day_ago:
                stale.unlink()
        except OSError:  # gone already, or still open elsewhere: next start will see
            continue
    return written


@lru_cache(maxsize=64)
def _digest(name: str) -> str:
    return _digest_of(SOURCE_DIR / name)


def paths_url(name: str) -> str:
    """The URL of the SVG paths of ``name`` (``"epci.geojson"``), versioned by content."""
    return URL_PREFIX + _published_name(name, _digest(name))


@lru_cache(maxsize=32)
def svg_paths(name: str) -> dict[str, Any]:
    """The SVG paths of ``name``, derived in memory (for a read-only installation)."""
    return _derive(SOURCE_DIR / name, name)


def published_bytes(names: list[str] | tuple[str, ...]) -> int:
    """Size of the published paths of these files: what the browser downloads at most
    (before gzip). Derived in memory when not published."""
    total = 0
    for name in set(names):
        published = PUBLISHED_DIR / _published_name(name, _digest(name))
        total += (published.stat().st_size if published.is_file()
                  else len(json.dumps(svg_paths(name), separators=(",", ":"))))
    return total


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
