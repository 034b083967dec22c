"""The outlines published as SVG paths where Streamlit serves them, and loaded inline."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from accueil.geo.assets import (
    SOURCE_DIR,
    load_geometry,
    paths_url,
    publish_geometry,
    published_bytes,
    source_files,
    svg_paths,
)

SQUARE = {"type": "FeatureCollection", "features": [{
    "type": "Feature", "properties": {"code_insee": "15001"},
    "geometry": {"type": "Polygon",
                 "coordinates": [[[3, 45], [3.1, 45], [3.1, 45.1], [3, 45.1], [3, 45]]]}}]}


def write(path: Path, content: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content), encoding="utf-8")


def test_publishing_derives_every_file_once_then_only_what_changed(tmp_path: Path) -> None:
    source, target = tmp_path / "geo", tmp_path / "static" / "geo"
    write(source / "communes.geojson", SQUARE)
    write(source / "communes_fin" / "15.geojson", SQUARE)
    assert publish_geometry(source, target) == 2
    [fine] = list((target / "communes_fin").glob("15.*.json"))
    assert json.loads(fine.read_text())["codes"] == ["15001"]
    assert publish_geometry(source, target) == 0
    moved = {**SQUARE, "features": [{**SQUARE["features"][0], "properties":  # type: ignore[index]
                                     {"code_insee": "15002"}}]}
    write(source / "communes.geojson", moved)
    assert publish_geometry(source, target) == 1
    assert len(list(target.glob("communes.*.json"))) == 2  # a running process may use both
    [former] = [p for p in target.glob("communes.*.json")
                if json.loads(p.read_text())["codes"] == ["15001"]]
    os.utime(former, (time.time() - 2 * 24 * 3600,) * 2)  # a build of the day before
    assert publish_geometry(source, target) == 0
    [coarse] = list(target.glob("communes.*.json"))  # the former build is gone now
    assert json.loads(coarse.read_text())["codes"] == ["15002"]
    assert not list(target.rglob("*.tmp"))


def test_the_reference_outlines_are_all_there_and_fit_the_browser_budget() -> None:
    names = [p.relative_to(SOURCE_DIR).as_posix() for p in source_files()]
    assert {"communes.geojson", "epci.geojson", "departements.geojson"} <= set(names)
    assert sum(n.startswith("communes_fin/") for n in names) == 22
    # Issue 6: the whole commune layer at most 3 MB (here before gzip, with the outlines).
    assert published_bytes(("communes.geojson", "departements.geojson")) <= 3_000_000


def test_every_reference_area_has_a_path_in_its_layer() -> None:
    communes = svg_paths("communes.geojson")
    assert len(communes["codes"]) == len(set(communes["codes"])) == 7310
    assert len(svg_paths("epci.geojson")["codes"]) == 284
    assert len(svg_paths("departements.geojson")["codes"]) == 22
    fine = [svg_paths(p.relative_to(SOURCE_DIR).as_posix())["codes"]
            for p in source_files() if p.parent.name == "communes_fin"]
    assert sorted(code for codes in fine for code in codes) == sorted(communes["codes"])


def test_urls_point_at_the_static_folder_and_name_each_file_by_its_digest() -> None:
    url = paths_url("epci.geojson")
    assert url.startswith("/app/static/geo/epci.")
    assert url.endswith(".json")
    assert paths_url("communes_fin/15.geojson").startswith("/app/static/geo/communes_fin/15.")
    assert url.split(".")[1] != paths_url("departements.geojson").split(".")[1]


def test_an_export_gets_only_the_features_it_draws() -> None:
    cantal = load_geometry("departements.geojson", frozenset({"15"}),
                           "properties.code_departement")
    assert [f["properties"]["nom"] for f in cantal["features"]] == ["Cantal"]
    whole = load_geometry("departements.geojson")
    assert len(whole["features"]) == 22
    json.dumps(cantal)  # plain data, ready for kaleido
