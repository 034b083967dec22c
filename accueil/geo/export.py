"""The current map as PNG and SVG files for slides, drawn by kaleido in a headless Chrome.

The drawing itself is :func:`accueil.images.draw` (the package's one kaleido wrapper). The
figure's traces name their GeoJSON files of
``data/reference/geo/`` (:func:`accueil.services.maps.map_images`); :func:`inline_geometry` puts the
outlines themselves in their place (only the features drawn), plotly's world outline is read
from ``static/plotly/`` and MathJax is not loaded: nothing is fetched from the internet.
Every failure becomes an :class:`ExportError` with a French message saying what to do; the
technical cause goes to the log. No streamlit, no store.
"""

from __future__ import annotations

import concurrent.futures
import logging

import plotly.graph_objects as go

from accueil.geo.assets import SOURCE_DIR, TOPOJSON_DIR, load_geometry
from accueil.images import BrowserMissing, Drawing, draw

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
_LOG = logging.getLogger(__name__)
_SCREENSHOT_HINT = ("En attendant, une capture d'écran de la carte (sous Windows, touches "
                    "Windows + Maj + S) fait l'affaire pour une présentation.")


class ExportError(Exception):
    """An image that could not be made; ``message`` is French and says what to do."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def inline_geometry(fig: go.Figure) -> go.Figure:
    """A copy of ``fig`` whose traces carry their outlines rather than a file name."""
    copy = go.Figure(fig)
    for trace in copy.data:
        name = getattr(trace, "geojson", None)
        if isinstance(name, str) and (SOURCE_DIR / name).is_file():
            keep = frozenset(str(code) for code in (trace.locations or ()))
            trace.geojson = load_geometry(name, keep, trace.featureidkey or "id")
    return copy


def export_images(fig: go.Figure, formats: tuple[str, ...] = ("png", "svg"),
                  timeout: float = 90) -> dict[str, bytes]:
    """The figure drawn in each of ``formats``, by one browser started for the occasion.

    Raises :class:`ExportError` (French) when kaleido or a browser is missing, or the drawing
    fails or takes longer than ``timeout`` seconds.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unsupported formats: {unknown}")
    spec = inline_geometry(fig).to_plotly_json()
    layout = spec.get("layout", {})
    size = {"width": layout.get("width") or 1600, "height": layout.get("height") or 900}
    drawings = {fmt: Drawing(spec, {**size, "format": fmt, "scale": 2 if fmt == "png" else 1})
                for fmt in formats}
    try:
        return draw(drawings, timeout=timeout, topojson=TOPOJSON_DIR.as_uri() + "/")
    except ImportError:
        raise ExportError(
            "L'export d'image n'est pas installé sur ce poste (module « kaleido » absent) : "
            "relancez l'installation avec « python scripts/dev.py app ». "
            + _SCREENSHOT_HINT) from None
    except BrowserMissing:
        _LOG.warning("image export: no Chrome or Chromium found", exc_info=True)
        raise ExportError(
            "L'export d'image a besoin de Google Chrome ou de Chromium, introuvable sur cet "
            "ordinateur : installez l'un des deux, puis réessayez. " + _SCREENSHOT_HINT) from None
    except Exception as error:  # noqa: BLE001 - whatever breaks, the user gets French
        _LOG.warning("image export failed", exc_info=True)
        raise ExportError(
            "L'image de la carte n'a pas pu être fabriquée (" + _reason(error) + "). "
            "Réessayez ; si cela se reproduit, réduisez le territoire affiché. "
            + _SCREENSHOT_HINT) from None


def _reason(error: BaseException) -> str:
    if isinstance(error, TimeoutError | concurrent.futures.TimeoutError):
        return "le navigateur a mis trop de temps à dessiner"
    return "le navigateur chargé de dessiner l'image a signalé une erreur"

