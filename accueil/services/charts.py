"""Vega-Lite (altair) charts of the dashboard, in French, on a colour-blind-safe palette.

Builds chart specifications from the store's aggregates; draws nothing itself and imports no
streamlit. Vega-Lite rather than plotly here: Streamlit's plotly bundle (4.7 MB) took about
two seconds more to load in the browser than its Vega one for the same bar chart
(docs/performance.md, § 1). Numbers are shown without thousands separators (format ``d``):
the English ``30,000`` would read as thirty in French.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import altair as alt
import pandas as pd

from accueil.domain.access import SMALL_COUNT
from accueil.domain.offers import ActivityKind, OfferStatus
from accueil.domain.pillars import Pillar, Qualification
from accueil.fr import NBSP

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour
# vision deficiency.
QUALIFICATION_COLOURS = {
    Qualification.QUALIFIEE: "#0072B2",
    Qualification.A_COMPLETER: "#E69F00",
    Qualification.NON_QUALIFIEE: "#D55E00",
}
PARTIAL_COLOUR = "#E69F00"
ABSENT_COLOUR = "#D55E00"
NEUTRAL_COLOUR = "#56B4E9"
FONT_SIZE = 13


def _finish(chart: alt.Chart | alt.LayerChart, height: int | alt.Step = 300) -> alt.Chart:
    return cast("alt.Chart", chart.properties(height=height)
                .configure_axis(labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE,
                                labelLimit=260)
                .configure_legend(orient="top", title=None, labelFontSize=FONT_SIZE)
                .configure_view(stroke=None))


def _stacked(frame: pd.DataFrame, *, category: str, category_title: str, order: list[str],
             series_order: list[str], colours: list[str], horizontal: bool,
             value_title: str) -> alt.Chart:
    """Stacked bars of ``frame`` (columns: category, serie, n) with fixed orders and colours."""
    frame = frame.assign(rank=frame["serie"].map({s: i for i, s in enumerate(series_order)}))
    value = alt.X if horizontal else alt.Y
    group = alt.Y if horizontal else alt.X
    return cast("alt.Chart", alt.Chart(frame).mark_bar().encode(
        value("n:Q", title=value_title, axis=alt.Axis(format="d", tickMinStep=1)),
        group(f"{category}:N", title=None if horizontal else category_title, sort=order,
              axis=alt.Axis(labelAngle=0)),
        color=alt.Color("serie:N", scale=alt.Scale(domain=series_order, range=colours)),
        order=alt.Order("rank:Q"),
        tooltip=[alt.Tooltip(f"{category}:N", title=category_title),
                 alt.Tooltip("serie:N", title="État"),
                 alt.Tooltip("n:Q", title="Offres", format="d")],
    ))


def offers_by_kind(by_kind_qualification: pd.DataFrame) -> alt.Chart:
    """Horizontal stacked bars: for each kind of activity, offers by qualification."""
    labels = {k.value: k.label for k in ActivityKind}
    frame = pd.DataFrame({
        "kind": by_kind_qualification["activity_kind"].map(labels).fillna("Non renseignée"),
        "serie": by_kind_qualification["qualification"].map(
            {q.value: q.label for q in Qualification}),
        "n": by_kind_qualification["n"].astype(int)})
    return _finish(_stacked(
        frame, category="kind", category_title="Activité", order=list(labels.values()),
        series_order=[q.label for q in Qualification],
        colours=list(QUALIFICATION_COLOURS.values()), horizontal=True,
        value_title="Nombre d'offres"), height=alt.Step(40))


def missing_pillars(missing: pd.DataFrame) -> alt.Chart:
    """For each pillar, how many offers have it partial or absent."""
    long = missing[["pillar", "partiel", "absent"]].melt(
        id_vars="pillar", value_vars=["partiel", "absent"], var_name="state", value_name="n")
    frame = pd.DataFrame({
        "pillar": long["pillar"].map(lambda p: Pillar(p).label),
        "serie": long["state"].map({"partiel": "Partiel", "absent": "Absent"}),
        "n": long["n"].astype(int)})
    return _finish(_stacked(
        frame, category="pillar", category_title="Pilier", order=[p.label for p in Pillar],
        series_order=["Partiel", "Absent"], colours=[PARTIAL_COLOUR, ABSENT_COLOUR],
        horizontal=False, value_title="Offres non complètes"))


def offers_by_area(by_area: pd.DataFrame, area_level: str, limit: int = 15) -> alt.Chart:
    """Offers per département, EPCI or commune (the busiest first), qualified ones apart."""
    top = by_area.head(limit)
    frame = pd.concat([
        pd.DataFrame({"area": top["area"], "serie": "Qualifiées",
                      "n": top["qualified"].astype(int)}),
        pd.DataFrame({"area": top["area"], "serie": "Pas encore qualifiées",
                      "n": (top["n"] - top["qualified"]).astype(int)}),
    ], ignore_index=True)
    return _finish(_stacked(
        frame, category="area", category_title=area_level, order=list(top["area"]),
        series_order=["Qualifiées", "Pas encore qualifiées"],
        colours=[QUALIFICATION_COLOURS[Qualification.QUALIFIEE], NEUTRAL_COLOUR],
        horizontal=True, value_title=f"Offres par {area_level.lower()}"),
        height=alt.Step(32))


def offers_by_status(by_status: pd.DataFrame, withheld: Sequence[str] = ()) -> alt.Chart:
    """Offers along the workflow, from veille to pourvue; a ``withheld`` status (a small count
    the audience may not see) has no bar and reads « < 3 »."""
    order = [s for s in OfferStatus if s is not OfferStatus.ARCHIVEE]
    counts = [int(by_status.loc[by_status["status"] == s, "n"].sum()) for s in order]
    frame = pd.DataFrame({
        "status": [s.label for s in order], "n": counts,
        "text": [f"<{NBSP}{SMALL_COUNT}" if s.value in withheld else str(n)
                 for s, n in zip(order, counts, strict=True)]})
    base = alt.Chart(frame).encode(
        x=alt.X("status:N", title=None, sort=[s.label for s in order],
                axis=alt.Axis(labelAngle=0)),
        y=alt.Y("n:Q", title="Offres", axis=alt.Axis(format="d", tickMinStep=1)),
        tooltip=[alt.Tooltip("status:N", title="Étape"),
                 alt.Tooltip("text:N", title="Offres")])
    bars = base.mark_bar(color=NEUTRAL_COLOUR)
    labels = base.mark_text(dy=-8, fontSize=FONT_SIZE).encode(text=alt.Text("text:N"))
    return _finish(bars + labels)
