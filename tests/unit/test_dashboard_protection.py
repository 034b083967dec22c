"""Small counts on the dashboard: which cells an audience that may only count some offers gets."""

from __future__ import annotations

import pandas as pd
import pytest

from accueil.domain.access import SMALL_COUNT_NOTE
from accueil.services.dashboard import protect_dashboard, withheld_cells
from accueil.store.dashboard import DashboardData


@pytest.mark.parametrize(("counts", "undisclosed", "hidden"), [
    ([10, 5, 4], [0, 0, 0], [False, False, False]),   # nothing undisclosed: all shown
    ([10, 5, 2], [3, 0, 0], [False, False, False]),   # the small cell holds no secret
    ([10, 5, 1], [0, 0, 1], [False, True, True]),     # one secret cell: the smallest other too
    ([10, 2, 1], [0, 1, 1], [False, True, True]),     # two secret cells: enough
    ([10, 0, 1], [0, 0, 1], [True, False, True]),     # empty cells give nothing away
    ([1], [1], [True]),                                # a lone cell, nothing else to hide
])
def test_a_breakdown_withholds_small_secret_cells_and_one_more_when_alone(
        counts: list[int], undisclosed: list[int], hidden: list[bool]) -> None:
    assert withheld_cells(counts, undisclosed) == hidden


def _data(status_n: list[int], status_u: list[int], total: int, undisclosed: int
          ) -> DashboardData:
    statuses = ["veille", "en_qualification", "publiee"][:len(status_n)]
    return DashboardData(
        total=total, qualified=0, demo=0,
        by_status=pd.DataFrame({"status": statuses, "n": status_n, "u": status_u}),
        by_kind_qualification=pd.DataFrame({"activity_kind": ["reprise"],
                                            "qualification": ["a_completer"], "n": [total],
                                            "u": [undisclosed]}),
        by_area=pd.DataFrame({"code": ["15"], "area": ["Cantal"], "n": [total],
                              "qualified": [0], "u": [undisclosed], "u_qualified": [0]}),
        area_level="Département",
        missing_pillars=pd.DataFrame({"pillar": ["activite"], "partiel": [0], "absent": [0],
                                      "n": [0], "u_partiel": [0], "u_absent": [0], "u": [0]}),
        top_missing=pd.DataFrame({"item": ["x"], "n": [1], "u": [min(1, undisclosed)]}),
        undisclosed_total=undisclosed, undisclosed_qualified=0)


def test_a_dashboard_withholds_the_status_of_one_confidential_offer_and_says_why() -> None:
    view = protect_dashboard(_data([6, 5, 1], [0, 0, 1], 12, 1))
    assert view.total == 12
    assert set(view.withheld_statuses) == {"publiee", "en_qualification"}
    assert list(view.data.by_status["status"]) == ["veille"]
    assert "u" not in view.data.by_status.columns
    assert view.data.top_missing.empty  # « 1 offre » missing x, that one confidential
    assert view.note == SMALL_COUNT_NOTE


def test_a_dashboard_of_visible_offers_only_withholds_nothing() -> None:
    view = protect_dashboard(_data([6, 5, 1], [0, 0, 0], 12, 0))
    assert view.withheld_statuses == ()
    assert len(view.data.by_status) == 3
    assert view.note == ""
