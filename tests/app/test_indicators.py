"""One definition per indicator: the dashboard, the Qualifier page and the map's headline show
the same figures for the same territory and filters, and they are the service's."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accueil.domain.access import Principal, Role
from accueil.domain.indicators import Indicator
from accueil.domain.offers import ActivityKind
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.services.indicators import territory_indicators
from accueil.store.db import Store
from accueil.store.maps import MapFilters, map_areas
from accueil.ui.resources import release_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SAINT_FLOUR_CC = Territory(TerritoryLevel.EPCI, "200066660", "CC de Saint-Flour")
HEADLINE = (Indicator.OPEN, Indicator.QUALIFIED, Indicator.SHARE, Indicator.MISSING_PILLAR)


def metrics_of(page: str, **state: object) -> dict[str, str]:
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["territoire"] = SAINT_FLOUR_CC.code
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return {m.label: m.value for m in app.metric}


def expected(db: Path | str, filters: MapFilters | None = None) -> tuple[dict[str, str], int]:
    release_store()
    store = Store.open(str(db))
    try:
        figures = territory_indicators(store, SAINT_FLOUR_CC,
                                       Principal("admin", Role.ADMINISTRATEUR), filters)
        mapped = int(map_areas(store, SAINT_FLOUR_CC, TerritoryLevel.COMMUNE, filters)[
            "offers"].sum())
    finally:
        store.close()
    return {i.label: figures.text(i) for i in HEADLINE}, mapped


def test_every_surface_shows_the_same_headline_for_the_same_territory(db: Path) -> None:
    dashboard = metrics_of("pages/tableau_de_bord.py")
    qualifier = metrics_of("pages/qualifier.py")
    carte = metrics_of("pages/carte.py")
    figures, mapped = expected(db)
    for surface in (dashboard, qualifier, carte):
        assert {label: surface[label] for label in figures} == figures
    # the demo: 44 offers, 7 of them filled, all in the CC de Saint-Flour
    assert figures[Indicator.OPEN.label] == "37"
    assert dashboard[Indicator.FILLED.label] == "7"
    assert mapped == 37  # the map colours exactly the open offers of the headline


@pytest.mark.parametrize("kind", [ActivityKind.REPRISE, ActivityKind.EMPLOI])
def test_the_maps_headline_follows_its_filters_like_the_service(db: Path,
                                                                 kind: ActivityKind) -> None:
    carte = metrics_of("pages/carte.py", carte_types=[kind])
    figures, mapped = expected(db, MapFilters(kinds=(kind,)))
    assert {label: carte[label] for label in figures} == figures
    assert int(figures[Indicator.OPEN.label]) == mapped < 37
