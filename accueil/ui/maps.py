"""Streamlit glue of the *Carte* page: drawing the map, clicks, outlines, image downloads.

The map is a small Streamlit component (``carte.js``) drawing ready-made SVG paths:
``st.plotly_chart`` would load plotly.js (4.7 MB) and project thousands of polygons in the
browser, the largest part of the wait (see ``docs/performance.md``). The paths are published
once per process into ``static/geo/``; when that folder cannot be written (a read-only
installation), the drawing carries them inline instead, slower but still offline. A click on the map becomes the chosen area; the
images for slides are made on request, kept for the map they belong to, and any failure is a
French message. Numbers and figures come from :mod:`accueil.services.maps`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from accueil.domain.territories import Territory, TerritoryLevel
from accueil.geo.assets import paths_url, publish_geometry, svg_paths
from accueil.geo.export import ExportError
from accueil.geo.maps import COARSE_FILES, OUTLINE_FILE, GeoSource
from accueil.services.maps import MapView, map_images
from accueil.store.maps import MAP_LEVELS

CHART_KEY = "carte"
AREA_KEY = "carte_zone"
IMAGES_KEY = "carte_images"
FAILURE = ("La carte n'a pas pu être dessinée : les contours n'ont pas été trouvés sur le "
           "serveur. Rechargez la page ; les chiffres restent lisibles dans le tableau "
           "ci-dessous.")
EMPTY = "Aucune zone à dessiner pour ce territoire."
_renderer: list[Any] = []
_LOG = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _published() -> bool:
    try:
        publish_geometry()
    except OSError:
        _LOG.warning("cannot publish the outlines into static/: inlining them", exc_info=True)
        return False
    return True


def geo_source() -> GeoSource:
    """How the map gets its outlines: a URL when published, else the paths themselves."""
    if _published():
        return paths_url
    return svg_paths


def level_asked(default: TerritoryLevel) -> TerritoryLevel:
    """The level named in the page's address (``/carte?niveau=commune``), else ``default``:
    a link to a map by communes can be bookmarked or sent before a meeting."""
    asked = st.query_params.get("niveau", "")
    return next((level for level in MAP_LEVELS if level.value == asked), default)


def _component() -> Any:
    """The map component, registered once per process."""
    if not _renderer:
        script = Path(__file__).with_name("carte.js").read_text(encoding="utf-8")
        _renderer.append(st.components.v2.component("accueil_carte", js=script,
                                                    isolate_styles=False))
    return _renderer[0]


def level_key(territory: Territory) -> str:
    """Key of the level picker: one per territory, so each opens at its natural level."""
    return f"carte_niveau_{territory.code}"


def preload_map(territory: Territory, default: TerritoryLevel) -> None:
    """Start, from the sidebar, fetching the outlines the map will need: the départements and
    the coarse layer of the level about to be shown. The sidebar reaches the browser before
    the rest of the page, so the map draws as soon as its figures arrive."""
    level = st.session_state.get(level_key(territory)) or level_asked(default)
    files = [OUTLINE_FILE, *([COARSE_FILES[level]] if level in COARSE_FILES else [])]
    with st.sidebar:
        _component()(
            data={"preload": True,
                  "urls": [paths_url(f) for f in dict.fromkeys(files)] if _published()
                  else []},
            key="carte_prechargement", height="content")


def draw_map(view: MapView) -> None:
    """Draw the map of ``view``; a click on an area makes it the chosen one."""
    _component()(
        data={**view.drawing, "title": view.title, "failure": FAILURE, "empty": EMPTY},
        key=CHART_KEY, on_clicked_change=on_map_click, height="content")


def on_map_click() -> None:
    """Callback of the map: the clicked area becomes the chosen one."""
    state = st.session_state.get(CHART_KEY)
    clicked = state.get("clicked") if state is not None else None
    if clicked:
        st.session_state[AREA_KEY] = str(clicked)


def chosen_area(view: MapView) -> str | None:
    """Keep the chosen area only if it has offers on this map (the list offers no other).

    Returns a French note when the area clicked has none, so the click is not lost in
    silence; forgets an area of another map without a word.
    """
    code = st.session_state.get(AREA_KEY)
    if code is None or code in view.choices:
        return None
    st.session_state.pop(AREA_KEY, None)
    area = view.area(str(code))
    if area is None:
        return None
    return f"Aucune offre à {area.label} avec les filtres choisis."


def image_downloads(view: MapView) -> None:
    """A button making the PNG and SVG of this map, then a download button for each."""
    kept = st.session_state.get(IMAGES_KEY)
    if kept is not None and kept[0] == view.fingerprint():
        images: dict[str, bytes] = kept[1]
        left, right = st.columns(2)
        name = "carte_accueil"
        left.download_button("Télécharger en PNG (diaporama)", images["png"], f"{name}.png",
                             "image/png", icon=":material/image:", key="carte_png",
                             on_click="ignore")
        right.download_button("Télécharger en SVG (retouche, impression)", images["svg"],
                              f"{name}.svg", "image/svg+xml", icon=":material/draw:",
                              key="carte_svg", on_click="ignore")
        return
    if st.button("Préparer les images de la carte (PNG et SVG)", icon=":material/photo_camera:",
                 key="carte_exporter",
                 help="Une image titrée et sourcée, au format d'une diapositive (16:9)."):
        with st.spinner("Dessin des images… (quelques secondes)"):
            try:
                made = map_images(view)
            except ExportError as error:
                st.error(error.message, icon=":material/error:")
                return
        st.session_state[IMAGES_KEY] = (view.fingerprint(), made)
        st.rerun()
