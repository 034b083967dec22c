"""Map figures from hand-made area counts: classes, legends, hover texts, geometry choice."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

from accueil.domain.pillars import Pillar
from accueil.domain.territories import TerritoryLevel
from accueil.geo.maps import (
    NO_OFFER_COLOUR,
    SEQUENTIAL,
    Metric,
    areas_table,
    classify,
    count_bounds,
    density,
    for_slides,
    geometry_files,
    hover_texts,
    map_drawing,
    map_figure,
    missing_pillars,
    nice_ceiling,
    pillar_tops,
    qualified_share,
    rate_bounds,
)

COMMUNE = TerritoryLevel.COMMUNE


def area(code: str, offers: int = 0, qualified: int = 0, population: int = 1000,
         missing: tuple[int, int, int] = (0, 0, 0), name: str | None = None,
         departement: str = "15") -> dict[str, Any]:
    return {"code": code, "name": name or f"Commune {code}", "departement": departement,
            "population": population, "communes": 1, "offers": offers, "qualified": qualified,
            **{f"missing_{p.value}": n for p, n in zip(Pillar, missing, strict=True)}}


def frame(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def labels(areas: pd.DataFrame, metric: Metric) -> list[str]:
    found = classify(areas, metric)
    return [found.classes[i].label for i in found.index]


@pytest.mark.parametrize(("value", "nice"), [
    (1, 1), (1.2, 1.5), (2.5, 3), (7, 8), (9, 10), (28, 30), (56, 60), (0.27, 0.3),
    (0.05, 0.05), (120, 150),
])
def test_class_limits_are_round_numbers(value: float, nice: float) -> None:
    assert nice_ceiling(value) == pytest.approx(nice)


@pytest.mark.parametrize(("values", "bounds"), [
    ([], []),
    ([0, 0], []),
    ([44], [(44, 44)]),
    ([1, 2, 3], [(1, 1), (2, 2), (3, 3)]),
    ([0, 1, 1, 2, 5, 6], [(1, 1), (2, 2), (5, 5), (6, 6)]),
    (list(range(1, 140)), [(1, 30), (31, 60), (61, 100), (101, 139)]),
])
def test_counts_fall_into_at_most_five_classes_from_the_smallest_to_the_largest(
        values: list[int], bounds: list[tuple[int, int]]) -> None:
    assert count_bounds(values) == bounds


def test_count_classes_cover_every_positive_value_without_overlap() -> None:
    values = [1, 1, 2, 3, 3, 4, 8, 9, 15, 40, 41, 200]
    bounds = count_bounds(values)
    assert len(bounds) <= 5
    assert bounds[0][0] == 1
    assert bounds[-1][1] == 200
    for (_, high), (low, _) in pairwise(bounds):
        assert low == high + 1


def test_rate_limits_are_increasing_round_numbers_below_the_largest_rate() -> None:
    cuts = rate_bounds([0.1, 0.2, 0.5, 1.3, 2.2, 4.5])
    assert cuts == [0.3, 1.0, 2.0]
    assert rate_bounds([3.0]) == []


@pytest.mark.parametrize(("offers", "qualified", "share"), [(0, 0, None), (4, 1, 0.25), (3, 3, 1.0)])
def test_the_qualified_share_is_a_fraction_and_missing_without_offers(
        offers: int, qualified: int, share: float | None) -> None:
    assert qualified_share(offers, qualified) == share


@pytest.mark.parametrize(("offers", "population", "rate"), [
    (2, 1000, 2.0), (1, 250, 4.0), (0, 1000, 0.0), (3, 0, None)])
def test_density_is_per_thousand_inhabitants(offers: int, population: int,
                                             rate: float | None) -> None:
    assert density(offers, population) == rate


@pytest.mark.parametrize(("missing", "pillars", "count"), [
    ((0, 0, 0), (), 0),
    ((1, 4, 2), (Pillar.RECEPTIVITE,), 4),
    ((3, 1, 3), (Pillar.ACTIVITE, Pillar.AMENITES), 3),
])
def test_the_most_missing_pillar_reports_ties(missing: tuple[int, int, int],
                                              pillars: tuple[Pillar, ...], count: int) -> None:
    assert missing_pillars(area("1", 5, missing=missing)) == (pillars, count)
    assert pillar_tops(frame(area("1", 5, missing=missing))) == ([pillars], [count])


def test_areas_without_offers_are_grey_and_counts_get_plain_french_labels() -> None:
    areas = frame(area("a"), area("b", 1), area("c", 2), area("d", 2))
    assert labels(areas, Metric.OFFERS) == ["Aucune offre", "1 offre", "2 offres", "2 offres"]
    assert classify(areas, Metric.OFFERS).classes[0].colour == NO_OFFER_COLOUR


def test_counts_in_ranges_read_as_from_to() -> None:
    areas = frame(*(area(str(i), i) for i in range(1, 140)))
    found = {c.label for c in classify(areas, Metric.OFFERS).classes}
    assert found == {"1 à 30 offres", "31 à 60 offres", "61 à 100 offres", "101 à 139 offres"}


def test_more_offers_get_darker_colours() -> None:
    areas = frame(*(area(str(i), i) for i in range(1, 140)))
    colours = [c.colour for c in classify(areas, Metric.OFFERS).classes]
    assert colours == [SEQUENTIAL[0], SEQUENTIAL[1], SEQUENTIAL[3], SEQUENTIAL[4]]


def test_qualified_offers_tell_no_offer_from_none_qualified() -> None:
    areas = frame(area("a"), area("b", 3, 0), area("c", 3, 1))
    assert labels(areas, Metric.QUALIFIED) == [
        "Aucune offre", "Aucune offre qualifiée", "1 offre qualifiée"]


@pytest.mark.parametrize(("offers", "qualified", "label"), [
    (0, 0, "Aucune offre"), (10, 0, "Moins de 25\u00a0%"), (4, 1, "De 25 à 50\u00a0%"),
    (2, 1, "De 50 à 75\u00a0%"), (4, 3, "75\u00a0% ou plus"), (3, 3, "75\u00a0% ou plus"),
])
def test_shares_fall_into_quarters(offers: int, qualified: int, label: str) -> None:
    assert labels(frame(area("a", offers, qualified)), Metric.SHARE) == [label]


def test_the_pillar_map_names_the_pillar_or_says_tie_or_none_missing() -> None:
    areas = frame(area("a"), area("b", 4, 0, missing=(0, 3, 1)),
                  area("c", 4, 0, missing=(2, 2, 0)), area("d", 2, 2))
    assert labels(areas, Metric.PILLAR) == [
        "Aucune offre", "Réceptivité", "Plusieurs à égalité", "Aucun : toutes qualifiées"]


def test_density_classes_set_apart_an_unknown_population() -> None:
    areas = frame(area("a"), area("b", 1, population=0), area("c", 1, population=1000),
                  area("d", 5, population=1000), area("e", 1, population=100))
    found = labels(areas, Metric.DENSITY)
    assert found[:2] == ["Aucune offre", "Population inconnue"]
    assert found[2].startswith("Moins de")
    assert found[4].endswith("ou plus")


def test_hover_texts_speak_french_with_french_numbers() -> None:
    [text] = hover_texts(frame(area("15187", 12, 5, population=6_600, missing=(1, 7, 3),
                                    name="Saint-Flour")), COMMUNE)
    assert text.startswith("Saint-Flour (15)\n")
    assert "12 offres, dont 5 qualifiées (42\u00a0%)" in text
    assert "Pilier le plus souvent manquant : réceptivité, dans 7 offres" in text
    assert "1,8 offre pour 1\u00a0000 habitants (6\u00a0600 hab.)" in text


@pytest.mark.parametrize(("row", "expected"), [
    (area("1"), "Aucune offre"),
    (area("1", population=1_236), "Aucune offre\n1\u00a0236 habitants"),
    (area("1", 2, 0, missing=(1, 1, 0)), "2 offres, aucune qualifiée"),
    (area("1", 2, 0, missing=(1, 1, 0)), ("Piliers les plus souvent manquants : activité et "
                                          "réceptivité, dans 1 offre chacun")),
    (area("1", 2, 2), "Aucun pilier manquant"),
])
def test_hover_texts_cover_empty_unqualified_tied_and_complete_areas(
        row: dict[str, Any], expected: str) -> None:
    assert expected in hover_texts(frame(row), COMMUNE)[0]


def test_the_table_behind_the_map_has_french_headers_and_one_row_per_area() -> None:
    table = areas_table(frame(area("a", name="Allanche"), area("b", 4, 1, population=2000,
                                                               missing=(0, 3, 0))), COMMUNE)
    assert list(table.columns) == ["Commune", "Offres", "Qualifiées", "Part qualifiée",
                                   "Pilier le plus souvent manquant", "Population",
                                   "Offres pour 1 000 hab."]
    assert table.iloc[1].to_dict() == {
        "Commune": "Commune b (15)", "Offres": 4, "Qualifiées": 1, "Part qualifiée": 25,
        "Pilier le plus souvent manquant": "Réceptivité", "Population": 2000,
        "Offres pour 1 000 hab.": 2.0}
    assert table.iloc[0]["Pilier le plus souvent manquant"] == "—"


@pytest.mark.parametrize(("level", "departements", "whole", "files"), [
    (COMMUNE, ["15", "43"], True, {"communes.geojson": None}),
    (COMMUNE, ["15", "15"], False, {"communes_fin/15.geojson": frozenset({"15"})}),
    (COMMUNE, ["15", "43", "63", "12"], False, {"communes.geojson": None}),
    (TerritoryLevel.EPCI, ["15"], False, {"epci.geojson": None}),
    (TerritoryLevel.DEPARTEMENT, ["15"], True, {"departements.geojson": None}),
])
def test_fine_commune_outlines_only_for_a_territory_over_few_departements(
        level: TerritoryLevel, departements: list[str], whole: bool,
        files: dict[str, frozenset[str] | None]) -> None:
    assert geometry_files(level, departements, whole) == files


def url(name: str) -> str:
    return f"/app/static/geo/{name}"


def test_the_figure_has_one_legend_entry_per_class_and_outlines_fetched_by_url() -> None:
    areas = frame(area("15001"), area("15002", 1), area("15003", 2), area("15004", 2))
    fig = map_figure(areas, COMMUNE, Metric.OFFERS, url)
    shown = [t for t in fig.data if t.showlegend]
    assert [t.name for t in shown] == ["Aucune offre", "1 offre", "2 offres"]
    assert list(shown[2].locations) == ["15003", "15004"]
    assert {t.geojson for t in shown} == {"/app/static/geo/communes.geojson"}
    assert all(t.featureidkey == "properties.code_insee" for t in shown)
    outline = fig.data[-1]
    assert outline.geojson == "/app/static/geo/departements.geojson"
    assert outline.hoverinfo == "skip"
    assert fig.layout.geo.visible is False  # no base map, no tiles: works offline
    assert "Nombre d'offres" in fig.layout.legend.title.text


def test_a_territory_over_two_departements_draws_each_from_its_fine_file() -> None:
    areas = frame(area("15001", 1), area("43001", 1, departement="43"))
    fig = map_figure(areas, COMMUNE, Metric.OFFERS, url, whole_massif=False)
    drawn = {t.geojson: list(t.locations) for t in fig.data if t.name == "1 offre"}
    assert drawn == {"/app/static/geo/communes_fin/15.geojson": ["15001"],
                     "/app/static/geo/communes_fin/43.geojson": ["43001"]}
    assert [t.showlegend for t in fig.data if t.name == "1 offre"] == [True, False]


def test_the_chosen_area_gets_a_thick_outline_on_top() -> None:
    areas = frame(area("15001", 1), area("15002", 2))
    fig = map_figure(areas, COMMUNE, Metric.OFFERS, url, selected="15002")
    top = fig.data[-1]
    assert top.name == "Zone choisie"
    assert list(top.locations) == ["15002"]
    assert top.marker.line.width >= 2
    assert map_figure(areas, COMMUNE, Metric.OFFERS, url, selected="99999").data[-1].name \
        != "Zone choisie"


def test_departement_maps_use_their_code_as_feature_key_and_no_extra_outline() -> None:
    areas = frame(area("15", 3, name="Cantal"))
    fig = map_figure(areas, TerritoryLevel.DEPARTEMENT, Metric.OFFERS, url)
    assert [t.featureidkey for t in fig.data] == ["properties.code_departement"]
    assert list(fig.data[0].locations) == ["15"]


# -- the drawing the page's component gets ------------------------------------------------------


def test_the_drawing_gives_each_area_its_class_and_hover_text_and_names_its_files() -> None:
    areas = frame(area("15001"), area("15002", 1), area("15003", 2), area("15004", 2))
    drawing = map_drawing(areas, COMMUNE, Metric.OFFERS, url)
    assert drawing["layers"] == ["/app/static/geo/communes.geojson"]
    assert drawing["codes"] == ["15001", "15002", "15003", "15004"]
    assert drawing["classes"] == [["Aucune offre", NO_OFFER_COLOUR], ["1 offre", SEQUENTIAL[1]],
                                  ["2 offres", SEQUENTIAL[3]]]
    assert drawing["classOf"] == [0, 1, 2, 2]
    assert drawing["texts"][2].split("\n")[:2] == ["Commune 15003 (15)", "2 offres, aucune qualifiée"]
    assert drawing["outline"] == {"source": "/app/static/geo/departements.geojson",
                                  "codes": ["15"]}
    assert drawing["legendTitle"] == "Nombre d'offres"
    assert drawing["legendSubtitle"] == "par commune"
    assert drawing["selected"] is None
    json.dumps(drawing)  # plain data for the browser


def test_the_drawing_of_a_territory_uses_the_fine_files_and_keeps_a_known_selection() -> None:
    areas = frame(area("15001", 1), area("43001", 1, departement="43"))
    drawing = map_drawing(areas, COMMUNE, Metric.OFFERS, url, whole_massif=False,
                          selected="43001")
    assert drawing["layers"] == ["/app/static/geo/communes_fin/15.geojson",
                                 "/app/static/geo/communes_fin/43.geojson"]
    assert drawing["outline"]["codes"] == ["15", "43"]
    assert drawing["selected"] == "43001"
    assert map_drawing(areas, COMMUNE, Metric.OFFERS, url, selected="99999")["selected"] is None


def test_a_drawing_of_departements_has_no_outline_on_top_and_counts_communes() -> None:
    drawing = map_drawing(frame(area("15", 3, name="Cantal")), TerritoryLevel.DEPARTEMENT,
                          Metric.OFFERS, url)
    assert drawing["outline"] is None
    assert drawing["layers"] == ["/app/static/geo/departements.geojson"]
    assert drawing["texts"][0].split("\n")[0] == "Cantal (15)"
    assert "1 commune" in drawing["texts"][0]


@pytest.mark.parametrize("metric", list(Metric))
def test_screen_and_image_share_their_legend(metric: Metric) -> None:
    areas = frame(area("a"), area("b", 3, 1, missing=(0, 2, 1)), area("c", 8, 8))
    drawing = map_drawing(areas, COMMUNE, metric, url)
    fig = map_figure(areas, COMMUNE, metric, url)
    legend = [[t.name, t.colorscale[0][1]] for t in fig.data if t.showlegend]
    assert drawing["classes"] == legend


@pytest.mark.parametrize("metric", list(Metric))
@pytest.mark.parametrize("level", [COMMUNE, TerritoryLevel.EPCI, TerritoryLevel.DEPARTEMENT])
def test_every_figure_passes_plotly_s_own_checks(metric: Metric, level: TerritoryLevel) -> None:
    areas = frame(area("a"), area("b", 3, 1, missing=(0, 2, 1)), area("c", 8, 8))
    fig = map_figure(areas, level, metric, url, selected="b")
    go.Figure(fig.to_dict())  # built unchecked for speed: plotly raises on a wrong property
    assert len(fig.data) >= 3


def test_a_slide_copy_gets_a_title_a_source_and_a_16_9_size() -> None:
    fig = map_figure(frame(area("15001", 1)), COMMUNE, Metric.OFFERS, url)
    slide = for_slides(fig, "Nombre d'offres par commune — Cantal", "Source : Accueil")
    assert slide.layout.title.text == "Nombre d'offres par commune — Cantal"
    assert (slide.layout.width, slide.layout.height) == (1600, 900)
    assert slide.layout.annotations[0].text == "Source : Accueil"
    assert fig.layout.title.text is None  # the page's figure is left alone
