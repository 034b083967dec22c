"""The outlines copied where Streamlit serves them, versioned URLs, and inline loading."""

from __future__ import annotations

import json
import re
from pathlib import Path

from accueil.geo.assets import (
    SOURCE_DIR,
    geometry_bytes,
    geometry_url,
    load_geometry,
    publish_geometry,
    source_files,
)


def test_publishing_copies_every_file_once_then_only_what_changed(tmp_path: Path) -> None:
    source, target = tmp_path / "geo", tmp_path / "static" / "geo"
    (source / "communes_fin").mkdir(parents=True)
    (source / "epci.geojson").write_text('{"a": 1}')
    (source / "communes_fin" / "15.geojson").write_text('{"b": 2}')
    assert publish_geometry(source, target) == 2
    assert (target / "communes_fin" / "15.geojson").read_text() == '{"b": 2}'
    assert publish_geometry(source, target) == 0
    (source / "epci.geojson").write_text('{"a": 3}')
    assert publish_geometry(source, target) == 1
    assert (target / "epci.geojson").read_text() == '{"a": 3}'
    assert not list(target.rglob("*.tmp"))


def test_the_reference_outlines_are_all_there_and_fit_the_browser_budget() -> None:
    names = [p.relative_to(SOURCE_DIR).as_posix() for p in source_files()]
    assert {"communes.geojson", "epci.geojson", "departements.geojson"} <= set(names)
    assert sum(n.startswith("communes_fin/") for n in names) == 22
    assert geometry_bytes(("communes.geojson", "departements.geojson")) <= 3_000_000


def test_urls_point_at_the_static_folder_and_change_with_the_content() -> None:
    url = geometry_url("epci.geojson")
    assert url.startswith("/app/static/geo/epci.geojson?v=")
    assert url != geometry_url("departements.geojson").replace("departements", "epci")


def test_an_export_gets_only_the_features_it_draws() -> None:
    cantal = load_geometry("departements.geojson", frozenset({"15"}),
                           "properties.code_departement")
    assert [f["properties"]["nom"] for f in cantal["features"]] == ["Cantal"]
    whole = load_geometry("departements.geojson")
    assert len(whole["features"]) == 22
    json.dumps(cantal)  # plain data, ready for kaleido


def test_the_page_draws_with_the_plotly_js_version_the_image_export_uses() -> None:
    import plotly

    from accueil.geo.assets import PLOTLY_GEO_URL, STATIC_DIR

    served = STATIC_DIR / PLOTLY_GEO_URL.removeprefix("/app/static/")
    shipped = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    version = re.compile(r"plotly\.js(?: \(geo - minified\))? v(\d+\.\d+\.\d+)")
    found = version.search(served.read_text(encoding="utf-8")[:300])
    expected = version.search(shipped.read_text(encoding="utf-8")[:300])
    assert found is not None
    assert expected is not None
    assert found[1] == expected[1], "run scripts/fetch_plotly_geo.py after upgrading plotly"
