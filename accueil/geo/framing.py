"""Map images worth showing: framed on the territory, its places named, a scale bar.

:func:`framed` takes a slide figure of :func:`accueil.geo.maps.map_figure` and sets its view
on the bounding box of the areas drawn (not on their départements' outlines, which made the
CC de Saint-Flour a corner of the Cantal), writes the names of the areas in the map without
overlaps, the most populated first (:func:`place_labels`), and adds a scale bar with a round
length (:func:`scale_length_km`). Pure but for reading the reference outlines; no streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from accueil.domain.territories import TerritoryLevel
from accueil.geo.assets import load_geometry
from accueil.geo.maps import FEATURE_KEYS, geometry_files

KM_PER_DEGREE = 111.32
LABEL_FONT = 13
MARGIN = 0.06  # of the box's size, on each side
_ROUND_KM = (1, 2, 5, 10, 20, 25, 50, 100, 200)


@dataclass(frozen=True, slots=True)
class Box:
    west: float
    south: float
    east: float
    north: float

    @property
    def centre_latitude(self) -> float:
        return (self.south + self.north) / 2

    def widened(self, fraction: float) -> Box:
        dx, dy = (self.east - self.west) * fraction, (self.north - self.south) * fraction
        return Box(self.west - dx, self.south - dy, self.east + dx, self.north + dy)

    def width_km(self) -> float:
        return (self.east - self.west) * KM_PER_DEGREE * math.cos(
            math.radians(self.centre_latitude))


def _points(coordinates: Any) -> Iterable[tuple[float, float]]:
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield float(coordinates[0]), float(coordinates[1])
        return
    for part in coordinates:
        yield from _points(part)


@dataclass(frozen=True, slots=True)
class Shape:
    code: str
    box: Box
    centre: tuple[float, float]  # lon, lat: the centre of the box of its largest ring


def shapes(level: TerritoryLevel, codes: Sequence[str], departements: Sequence[str]
           ) -> list[Shape]:
    """The outline boxes of ``codes`` (areas of ``level``) read from the reference files."""
    wanted = frozenset(codes)
    found: list[Shape] = []
    for file in geometry_files(level, list(departements), whole_massif=False):
        geometry = load_geometry(file, wanted, FEATURE_KEYS[level])
        key = FEATURE_KEYS[level].split(".")[-1]
        for feature in geometry["features"]:
            points = list(_points(feature["geometry"]["coordinates"]))
            if not points:
                continue
            lons, lats = [p[0] for p in points], [p[1] for p in points]
            box = Box(min(lons), min(lats), max(lons), max(lats))
            found.append(Shape(str(feature["properties"][key]), box,
                               ((box.west + box.east) / 2, (box.south + box.north) / 2)))
    return found


def union(boxes: Iterable[Box]) -> Box | None:
    boxes = list(boxes)
    if not boxes:
        return None
    return Box(min(b.west for b in boxes), min(b.south for b in boxes),
               max(b.east for b in boxes), max(b.north for b in boxes))


def scale_length_km(width_km: float) -> int:
    """A round length close to a fifth of the map's width."""
    target = width_km / 5
    return max([k for k in _ROUND_KM if k <= target], default=_ROUND_KM[0])


def place_labels(candidates: Sequence[tuple[str, float, float, float]], box: Box,
                 width_px: float, height_px: float, font: float = LABEL_FONT
                 ) -> list[tuple[str, float, float]]:
    """The labels that fit without overlapping, the largest first.

    ``candidates``: (text, lon, lat, weight), weight being the population; positions are
    compared in pixels of a ``width_px`` x ``height_px`` view of ``box`` (an equirectangular
    approximation, close enough on a territory's scale).
    """
    kx = width_px / max(box.east - box.west, 1e-9)
    ky = height_px / max(box.north - box.south, 1e-9)
    taken: list[tuple[float, float, float, float]] = []
    kept = []
    for text, lon, lat, _ in sorted(candidates, key=lambda c: (-c[3], c[0])):
        x, y = (lon - box.west) * kx, (box.north - lat) * ky
        half_w, half_h = 0.3 * font * len(text) + 2, 0.65 * font + 1
        rect = (x - half_w, y - half_h, x + half_w, y + half_h)
        if rect[0] < 0 or rect[2] > width_px or rect[1] < 0 or rect[3] > height_px:
            continue
        if any(rect[0] < r[2] and r[0] < rect[2] and rect[1] < r[3] and r[1] < rect[3]
               for r in taken):
            continue
        taken.append(rect)
        kept.append((text, lon, lat))
    return kept


def framed(figure: go.Figure, areas: pd.DataFrame, level: TerritoryLevel) -> go.Figure:
    """``figure`` viewed on the areas drawn, with their names and a scale bar."""
    codes = [str(c) for c in areas["code"]]
    found = shapes(level, codes, [str(d) for d in areas["departement"]])
    box = union(s.box for s in found)
    if box is None:
        return figure
    view = box.widened(MARGIN)
    # Keep the slide's proportions (the map takes four fifths of 1600 x 900 minus margins),
    # so that the territory fills it whichever its shape.
    width_px = float(figure.layout.width or 1600) * 0.8 - 40
    height_px = float(figure.layout.height or 900) - 150
    cos = math.cos(math.radians(view.centre_latitude))
    wide = (view.east - view.west) * cos / (view.north - view.south)
    if wide < width_px / height_px:
        extra = ((view.north - view.south) * width_px / height_px / cos
                 - (view.east - view.west)) / 2
        view = Box(view.west - extra, view.south, view.east + extra, view.north)
    else:
        extra = ((view.east - view.west) * cos * height_px / width_px
                 - (view.north - view.south)) / 2
        view = Box(view.west, view.south - extra, view.east, view.north + extra)
    # The départements' outline, clipped by the frame, would only draw a box around the map.
    copy = go.Figure(figure)
    copy.data = tuple(t for t in copy.data if t.name != "Limites des départements")
    copy.update_geos(fitbounds=False, lonaxis_range=[view.west, view.east],
                     lataxis_range=[view.south, view.north],
                     projection_type="mercator")
    by_code = {s.code: s for s in found}
    names = dict(zip(codes, (str(n) for n in areas["name"]), strict=True))
    weights = dict(zip(codes, (float(p) for p in areas["population"]), strict=True))
    labels = place_labels([(names[c], *by_code[c].centre, weights.get(c, 0.0))
                           for c in codes if c in by_code], view, width_px, height_px)
    copy.add_trace(go.Scattergeo(
        lon=[lon for _, lon, _ in labels], lat=[lat for _, _, lat in labels],
        text=[t for t, _, _ in labels], mode="text", showlegend=False, hoverinfo="skip",
        textfont={"size": LABEL_FONT, "color": "#1a1a1a",
                  "family": "Source Sans, Arial, sans-serif"}))
    km = scale_length_km(view.width_km())
    lon0 = view.west + (view.east - view.west) * 0.04
    lat0 = view.south + (view.north - view.south) * 0.04
    lon1 = lon0 + km / (KM_PER_DEGREE * cos)
    copy.add_trace(go.Scattergeo(
        lon=[lon0, lon1], lat=[lat0, lat0], mode="lines", showlegend=False, hoverinfo="skip",
        line={"color": "#1a1a1a", "width": 4}))
    copy.add_trace(go.Scattergeo(
        lon=[(lon0 + lon1) / 2], lat=[lat0 + (view.north - view.south) * 0.025],
        text=[f"{km} km"], mode="text", showlegend=False, hoverinfo="skip",
        textfont={"size": 14, "color": "#1a1a1a"}))
    return copy
