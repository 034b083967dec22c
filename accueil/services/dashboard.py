"""What the *Tableau de bord* shows, for one audience: counts with small cells withheld.

The store counts (:func:`accueil.store.dashboard.dashboard`) what the audience may count, and
how much of each count it may not see in detail; here every count goes through
:func:`accueil.domain.access.protect_count`. A withheld cell never reaches a chart or a
sentence: its row is dropped (a status bar says « < 3 »), and the page shows the French note.
No streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from accueil.domain.access import SMALL_COUNT_NOTE, Principal
from accueil.domain.territories import Territory
from accueil.services.audience import protected, seen_by
from accueil.store import dashboard as queries
from accueil.store.dashboard import DashboardData
from accueil.store.db import Store


@dataclass(frozen=True, slots=True)
class DashboardView:
    """The dashboard for one audience. ``data`` holds only cells that may be shown (no
    ``u`` column left); ``total`` and ``qualified`` are ``None`` when withheld."""

    data: DashboardData
    total: int | None
    qualified: int | None
    withheld_statuses: tuple[str, ...]  # statuses whose count is withheld (« < 3 »)
    note: str  # SMALL_COUNT_NOTE when any cell is withheld, else ""

    @property
    def qualified_share(self) -> float | None:
        if self.total is None or self.qualified is None or not self.total:
            return None
        return self.qualified / self.total


def _keep(frame: pd.DataFrame, pairs: dict[str, str]) -> tuple[pd.DataFrame, bool]:
    """Rows of ``frame`` none of whose counts (count → undisclosed column) is withheld,
    without the undisclosed columns; and whether any row was dropped."""
    keep = pd.Series(True, index=frame.index)
    for count, undisclosed in pairs.items():
        keep &= pd.Series([protected(n, u) is not None for n, u in zip(
            frame[count], frame[undisclosed], strict=True)], index=frame.index, dtype=bool)
    dropped = bool((~keep).any())
    return frame.loc[keep].drop(columns=list(pairs.values())).reset_index(drop=True), dropped


def protect_dashboard(data: DashboardData) -> DashboardView:
    """``data`` (counted for an audience) with every small cell withheld."""
    by_status, status_hidden = data.by_status.copy(), False
    withheld = tuple(str(s) for s, n, u in zip(by_status["status"], by_status["n"],
                                                by_status["u"], strict=True)
                     if protected(n, u) is None)
    by_status = by_status[~by_status["status"].isin(withheld)].drop(columns=["u"])
    status_hidden = bool(withheld)
    by_kind, kind_hidden = _keep(data.by_kind_qualification, {"n": "u"})
    by_area, area_hidden = _keep(data.by_area, {"n": "u", "qualified": "u_qualified"})
    pillars, pillar_hidden = _keep(data.missing_pillars,
                                   {"partiel": "u_partiel", "absent": "u_absent", "n": "u"})
    top_missing, top_hidden = _keep(data.top_missing, {"n": "u"})
    total = protected(data.total, data.undisclosed_total)
    qualified = protected(data.qualified, data.undisclosed_qualified)
    shown = DashboardData(
        total if total is not None else 0, qualified if qualified is not None else 0,
        data.demo, by_status.reset_index(drop=True), by_kind, by_area, data.area_level,
        pillars, top_missing)
    hidden = (status_hidden or kind_hidden or area_hidden or pillar_hidden or top_hidden
              or total is None or qualified is None)
    return DashboardView(shown, total, qualified, withheld, SMALL_COUNT_NOTE if hidden else "")


def dashboard_for(store: Store, territory: Territory | None, *,
                  audience: Principal) -> DashboardView:
    """The dashboard of ``territory`` as ``audience`` may see it."""
    return protect_dashboard(queries.dashboard(store, territory, seen=seen_by(store, audience)))
