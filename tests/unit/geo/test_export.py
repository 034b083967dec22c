"""Image export: outlines inlined for the headless browser, failures told in French."""

from __future__ import annotations

from typing import Any, Self

import pytest

from accueil.domain.territories import TerritoryLevel
from accueil.geo import export
from accueil.geo.export import ExportError, export_images, inline_geometry
from accueil.geo.maps import Metric, map_figure
from tests.unit.geo.test_maps import area, frame


def figure() -> Any:
    return map_figure(frame(area("15", 3, name="Cantal"), area("43", 1, name="Haute-Loire")),
                      TerritoryLevel.DEPARTEMENT, Metric.OFFERS, str)


def test_outlines_named_by_file_go_inline_with_only_the_drawn_features() -> None:
    fig = figure()
    inlined = inline_geometry(fig)
    for trace in inlined.data:
        assert isinstance(trace.geojson, dict)
        drawn = {f["properties"]["code_departement"] for f in trace.geojson["features"]}
        assert drawn == set(trace.locations)
    assert fig.data[0].geojson == "departements.geojson"  # the figure itself is left alone


def test_an_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unsupported"):
        export_images(figure(), ("jpeg",))


class _Broken:
    """Stands for kaleido.Kaleido, failing the way asked."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def __call__(self, **_: Any) -> _Broken:
        return self

    async def __aenter__(self) -> Self:
        raise self.error

    async def __aexit__(self, *_: object) -> None:
        return None


@pytest.mark.parametrize(("error", "message"), [
    ("chrome", "besoin de Google Chrome ou de Chromium"),
    (RuntimeError("boom"), "n'a pas pu être fabriquée"),
    (TimeoutError(), "trop de temps"),
])
def test_a_failing_browser_becomes_a_french_message_naming_a_fallback(
        monkeypatch: pytest.MonkeyPatch, error: Exception | str, message: str) -> None:
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    failure = ChromeNotFoundError("no chrome") if error == "chrome" else error
    assert isinstance(failure, Exception)
    monkeypatch.setattr(kaleido, "Kaleido", _Broken(failure))
    monkeypatch.setattr(export, "_LOG", _Silent())
    with pytest.raises(ExportError) as raised:
        export_images(figure())
    assert message in raised.value.message
    assert "capture d'écran" in raised.value.message


class _Silent:
    def warning(self, *_: object, **__: object) -> None:
        return None
