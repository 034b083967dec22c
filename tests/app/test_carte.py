"""The *Carte* page, run by Streamlit's AppTest on a fresh store holding the demo territory."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from accueil.domain.offers import ActivityKind
from accueil.domain.territories import TerritoryLevel
from accueil.geo.export import ExportError
from accueil.geo.maps import Metric
from accueil.ui import maps as ui

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/carte.py"


def run(territory: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if territory:
        app.session_state["territoire"] = territory
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def drawing(app: AppTest) -> dict[str, Any]:
    """What the map component got, as the browser will read it."""
    maps = [n for n in app.main if getattr(n, "type", None) == "bidi_component"]
    assert len(maps) == 1
    assert maps[0].proto.component_name == "accueil_carte"
    data: dict[str, Any] = json.loads(maps[0].proto.json)
    return data


def files(app: AppTest) -> set[str]:
    """The path files the map draws from, without their content digest."""
    data = drawing(app)
    urls = [*data["layers"], *([data["outline"]["source"]] if data["outline"] else [])]
    assert all(url.startswith("/app/static/geo/") for url in urls)  # served here: offline
    return {re.sub(r"\.[0-9a-f]{12}\.json$", "", url) for url in urls}


def legend(app: AppTest) -> list[str]:
    return [label for label, _ in drawing(app)["classes"]]


def captions(app: AppTest) -> str:
    return " ".join(c.value for c in app.caption)


def test_the_massif_opens_on_departements_drawn_from_a_static_file(db: Path) -> None:
    app = run()
    assert app.title[0].value == "Carte"
    assert app.button_group[0].value == TerritoryLevel.DEPARTEMENT
    assert files(app) == {"/app/static/geo/departements"}
    assert drawing(app)["codes"][:2] == ["03", "07"]
    assert legend(app) == ["Aucune offre", "37 offres"]
    assert "37 offres dans 1 département sur 22" in captions(app)
    assert "périmètre approché" in captions(app)


def test_communes_of_the_whole_massif_use_the_coarse_layer_and_the_chosen_metric(
        db: Path) -> None:
    app = run()
    app.button_group[0].set_value(TerritoryLevel.COMMUNE).run()
    app.selectbox(key="carte_indicateur").set_value(Metric.SHARE).run()
    assert not app.exception
    assert files(app) == {"/app/static/geo/communes", "/app/static/geo/departements"}
    assert len(drawing(app)["codes"]) == 7310
    assert legend(app)[0] == "Aucune offre"
    assert any(name.endswith("%") for name in legend(app))
    assert drawing(app)["legendTitle"] == "Part d'offres qualifiées"


def test_a_departement_gets_its_fine_commune_outlines(db: Path) -> None:
    app = run(territory="15")
    assert app.button_group[0].value == TerritoryLevel.COMMUNE
    assert files(app) == {"/app/static/geo/communes_fin/15", "/app/static/geo/departements"}
    assert "37 offres dans" in captions(app)
    assert "sur 250" in captions(app)


def test_filters_narrow_what_the_map_counts(db: Path) -> None:
    app = run()
    app.multiselect(key="carte_types").set_value([ActivityKind.EMPLOI]).run()
    assert not app.exception
    text = captions(app)
    assert "type : emploi salarié" in text
    assert "37 offres" not in text


def test_choosing_an_area_lists_its_offers_and_outlines_it(db: Path) -> None:
    app = run(territory="15")
    app.selectbox(key=ui.AREA_KEY).set_value("15187").run()
    assert not app.exception
    assert drawing(app)["selected"] == "15187"
    table = app.dataframe[0].value
    assert len(table) > 0
    assert set(table["Commune"]) == {"Saint-Flour"}


def test_a_failed_export_shows_a_french_message_and_no_traceback(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object, **__: object) -> dict[str, bytes]:
        raise ExportError("L'export d'image a besoin de Google Chrome ou de Chromium.")

    monkeypatch.setattr(ui, "map_images", fail)
    app = run()
    app.button(key="carte_exporter").click().run()
    assert not app.exception
    assert any("Chromium" in e.value for e in app.error)


def test_a_made_export_offers_png_and_svg_downloads(db: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ui, "map_images", lambda *_: {"png": b"png", "svg": b"<svg/>"})
    app = run()
    app.button(key="carte_exporter").click().run()
    assert not app.exception
    labels = [b.label for b in app.get("download_button")]
    assert labels == ["Télécharger en PNG (diaporama)",
                      "Télécharger en SVG (retouche, impression)"]
    app.button_group[0].set_value(TerritoryLevel.EPCI).run()  # another map: images made anew
    assert not app.get("download_button")


def test_the_level_can_be_asked_for_in_the_address(db: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["niveau"] = "epci"
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception
    assert app.button_group[0].value == TerritoryLevel.EPCI
    assert files(app) == {"/app/static/geo/epci", "/app/static/geo/departements"}


def test_choosing_an_area_without_offers_says_so_instead_of_listing_nothing(db: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["territoire"] = "15"
    app.session_state[ui.AREA_KEY] = "15001"  # Allanche, as a click on the map leaves it
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception
    assert any("Aucune offre à Allanche" in i.value for i in app.info)
    assert app.selectbox(key=ui.AREA_KEY).value is None


def test_where_static_cannot_be_written_the_map_carries_its_outlines_itself(
        db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*_: object) -> int:
        raise PermissionError("read-only installation")

    monkeypatch.setattr(ui, "publish_geometry", read_only)
    ui._published.clear()
    try:
        app = run()
        layer = drawing(app)["layers"][0]
        assert isinstance(layer, dict)  # the paths themselves, not a URL
        assert len(layer["codes"]) == 22
        assert layer["paths"][0].startswith("M")
    finally:
        ui._published.clear()
