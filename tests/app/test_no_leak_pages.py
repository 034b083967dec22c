"""Every page, run as an elected official: no element shows a marker of an offer they may not
see in detail (issue 13, item 6; the service outputs are in tests/integration/test_no_leak.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.ui import maps as map_ui
from accueil.ui.resources import release_store
from accueil.ui.session import KEY as PRINCIPAL_KEY
from tests.integration.test_no_leak import (
    ELU,
    OFFERS,
    PUBLIC_TAGS,
    SECRET_TAGS,
    found_in,
    marker_offer,
)

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGES = ["pages/tableau_de_bord.py", "pages/offres.py", "pages/qualifier.py",
         "pages/carte.py", "pages/receptivite.py", "pages/amenites.py", "pages/viabilite.py",
         "pages/territoires.py", "pages/offre.py"]


def seeded(db: Path | str) -> list[int]:
    """Write the marker offers into the app's store; their ids."""
    release_store()
    store = Store.open(db)
    try:
        return repo.save_offers(store, [marker_offer(tag) for tag in OFFERS])
    finally:
        store.close()


def everything(app: AppTest) -> str:
    """Every element of the page as its protocol message: labels, values, tables' data."""
    found: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            found.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return "\n".join(found)


def run_as_elected(page: str, *, offer: int | None = None, state: dict[str, Any] | None = None,
                   then: Any = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state[PRINCIPAL_KEY] = ELU
    app.session_state["territoire"] = "15"
    for key, value in (state or {}).items():
        app.session_state[key] = value
    if offer is not None:
        app.query_params["offre"] = str(offer)
    app.run()
    app.switch_page(page)
    app.run()
    if then is not None:
        then(app)
    assert not app.exception, [e.value for e in app.exception]
    return app


def leaks(app: AppTest) -> dict[str, list[str]]:
    text = everything(app)
    return {tag: found for tag in SECRET_TAGS if (found := found_in(text, tag))}


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_an_elected_official_what_they_may_not_see(db: Path | str,
                                                                 page: str) -> None:
    ids = seeded(db)
    assert not leaks(run_as_elected(page)), page
    for offer_id in ids:  # each marker offer asked for by its address, or to be edited
        if page in ("pages/offres.py", "pages/qualifier.py", "pages/viabilite.py"):
            assert not leaks(run_as_elected(page, offer=offer_id)), (page, offer_id)
        if page == "pages/offre.py":
            app = run_as_elected(page, state={"offre_a_modifier": offer_id})
            assert not leaks(app), (page, offer_id)


def test_the_map_page_with_its_table_and_an_area_list_shows_no_marker(db: Path | str) -> None:
    seeded(db)

    def open_all(app: AppTest) -> None:
        app.toggle(key="carte_tableau").set_value(True).run()
        app.selectbox(key=map_ui.AREA_KEY).set_value("15187").run()

    app = run_as_elected("pages/carte.py", then=open_all)
    assert not leaks(app)
    assert found_in(everything(app), PUBLIC_TAGS[0])  # the public offer is listed: not blind


def test_the_offers_page_lists_only_the_public_offer_to_an_elected_official(
        db: Path | str) -> None:
    seeded(db)
    app = run_as_elected("pages/offres.py")
    titles = list(app.dataframe[0].value["Offre"])
    assert "Boulangerie QZPUBSFT" in titles
    assert not [t for t in titles if "QZ" in t and "PUBSF" not in t]


def test_an_administrator_sees_the_markers_on_the_same_pages(db: Path | str) -> None:
    """What the tests above look for is findable in the page: they could fail."""
    ids = seeded(db)
    confidential = ids[list(OFFERS).index("CONSF")]
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state["territoire"] = "15"
    app.query_params["offre"] = str(confidential)
    app.run()
    app.switch_page("pages/offres.py")
    app.run()
    assert not app.exception
    shown = leaks(app)
    assert "CONSF" in shown
    assert len(shown["CONSF"]) > 3  # title, texts, and figures written in French
