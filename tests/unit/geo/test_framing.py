"""Map images framed on the territory, with names that do not overlap and a scale bar."""

from __future__ import annotations

import pandas as pd
import pytest

from accueil.domain.territories import TerritoryLevel
from accueil.geo.framing import Box, framed, place_labels, scale_length_km, shapes, union
from accueil.geo.maps import Metric, map_figure


@pytest.mark.parametrize(("width", "expected"), [(3, 1), (60, 10), (110, 20), (700, 100)])
def test_the_scale_bar_has_a_round_length_near_a_fifth_of_the_width(width: float,
                                                                     expected: int) -> None:
    assert scale_length_km(width) == expected


def test_labels_never_overlap_and_the_most_populated_place_wins() -> None:
    box = Box(0.0, 0.0, 1.0, 1.0)
    kept = place_labels([("Petiteville", 0.5, 0.5, 100), ("Grande-Ville", 0.51, 0.5, 9000),
                         ("Loin", 0.1, 0.9, 50), ("Dehors", 1.5, 0.5, 10**6)],
                        box, width_px=400, height_px=400)
    assert [text for text, _, _ in kept] == ["Grande-Ville", "Loin"]


def test_a_territory_is_framed_on_its_communes_not_on_its_departement() -> None:
    saint_flour, andelat = "15187", "15004"
    found = union(s.box for s in shapes(TerritoryLevel.COMMUNE, [saint_flour, andelat],
                                        ["15", "15"]))
    assert found is not None
    assert found.width_km() < 30  # the Cantal is about 110 km wide
    areas = pd.DataFrame({"code": [saint_flour, andelat], "name": ["Saint-Flour", "Andelat"],
                          "departement": ["15", "15"], "population": [6600, 480],
                          "communes": [1, 1], "offers": [3, 1], "qualified": [1, 0],
                          "missing_activite": [0, 0], "missing_receptivite": [2, 1],
                          "missing_amenites": [0, 1]})
    figure = framed(map_figure(areas, TerritoryLevel.COMMUNE, Metric.OFFERS, str,
                               whole_massif=False), areas, TerritoryLevel.COMMUNE)
    west, east = figure.layout.geo.lonaxis.range
    assert found.west > west > found.west - 0.3
    assert found.east < east < found.east + 0.3
    texts = [t for trace in figure.data if trace.type == "scattergeo" for t in trace.text or ()]
    assert "Saint-Flour" in texts
    assert any(t.endswith(" km") for t in texts)
    assert not any(trace.name == "Limites des départements" for trace in figure.data)
