"""A click on any cell of the offers list opens that offer, as its caption promises."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.mark.parametrize(("page", "key"), [("pages/offres.py", "liste_offres"),
                                           ("pages/qualifier.py", "file_qualification")])
def test_a_click_on_a_cell_opens_the_offer_of_its_row(db: Path, page: str, key: str) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.header  # nothing opened yet
    first_title = str(app.dataframe[0].value.iloc[0]["Offre"]).removesuffix(" (démo)")
    app.session_state[key] = {"selection": {"rows": [], "columns": [],
                                            "cells": [(0, "Commune")]}}
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.header
    assert app.header[0].value.startswith(first_title[:20])


def test_the_dashboards_recheck_list_is_complete_and_opens_an_offer(db: Path) -> None:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    table = next(t for t in app.dataframe if "Dernière vérification" in t.value.columns)
    caption = next(c.value for c in app.caption if "non vérifiés depuis" in c.value)
    assert f"{len(table.value)} élément" in caption.replace("\u00a0", " ")  # every one listed
    assert len(table.value) > 10  # more than the ten the list used to stop at
    offer_row = list(table.value["Type"]).index("Offre")
    app.session_state["a_reverifier"] = {"selection": {"rows": [], "columns": [],
                                                       "cells": [(offer_row, "Libellé")]}}
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.query_params.get("offre")  # sent to the offers page, this offer open
