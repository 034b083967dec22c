"""Plotly figures of the dashboard, in French, with a colour-blind-safe palette (Okabe-Ito).

Builds figures from the store's aggregates; draws nothing itself and imports no streamlit,
so the same figures can go into exported reports.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from accueil.domain.offers import ActivityKind, OfferStatus
from accueil.domain.pillars import Pillar, Qualification

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


def _layout(fig: go.Figure, height: int = 320) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                "traceorder": "normal"},
        separators=", ", font={"size": 14}, plot_bgcolor="white",
    )
    fig.update_xaxes(gridcolor="#e6e6e6")
    return fig


def offers_by_kind(by_kind_qualification: pd.DataFrame) -> go.Figure:
    """Horizontal stacked bars: for each kind of activity, offers by qualification."""
    fig = go.Figure()
    kinds = list(ActivityKind)
    for qualification in Qualification:
        counts = by_kind_qualification[by_kind_qualification["qualification"] == qualification]
        n = [int(counts.loc[counts["activity_kind"] == k, "n"].sum()) for k in kinds]
        fig.add_bar(
            y=[k.label for k in kinds], x=n, name=qualification.label, orientation="h",
            marker_color=QUALIFICATION_COLOURS[qualification], text=n, textposition="inside",
            hovertemplate="%{y} · " + qualification.label + " : %{x} offre(s)<extra></extra>")
    fig.update_layout(barmode="stack", xaxis_title="Nombre d'offres")
    fig.update_yaxes(autorange="reversed")
    return _layout(fig)


def missing_pillars(missing: pd.DataFrame) -> go.Figure:
    """For each pillar, how many offers have it partial or absent."""
    labels = [Pillar(p).label for p in missing["pillar"]]
    fig = go.Figure()
    for column, name, colour in (("partiel", "Partiel", PARTIAL_COLOUR),
                                 ("absent", "Absent", ABSENT_COLOUR)):
        values = [int(v) for v in missing[column]]
        fig.add_bar(x=labels, y=values, name=name, marker_color=colour, text=values,
                    textposition="inside",
                    hovertemplate="%{x} " + name.lower() + " : %{y} offre(s)<extra></extra>")
    fig.update_layout(barmode="stack", yaxis_title="Offres non complètes")
    return _layout(fig)


def offers_by_area(by_area: pd.DataFrame, area_level: str, limit: int = 15) -> go.Figure:
    """Offers per département, EPCI or commune, with the qualified ones shown apart."""
    top = by_area.head(limit).iloc[::-1]
    others = [int(n - q) for n, q in zip(top["n"], top["qualified"], strict=True)]
    fig = go.Figure()
    fig.add_bar(y=top["area"], x=top["qualified"], orientation="h", name="Qualifiées",
                marker_color=QUALIFICATION_COLOURS[Qualification.QUALIFIEE],
                hovertemplate="%{y} : %{x} offre(s) qualifiée(s)<extra></extra>")
    fig.add_bar(y=top["area"], x=others, orientation="h", name="Pas encore qualifiées",
                marker_color=NEUTRAL_COLOUR,
                hovertemplate="%{y} : %{x} offre(s) à qualifier<extra></extra>")
    fig.update_layout(barmode="stack", xaxis_title=f"Offres par {area_level.lower()}")
    return _layout(fig, height=max(260, 34 * len(top) + 80))


def offers_by_status(by_status: pd.DataFrame) -> go.Figure:
    """Offers along the workflow, from veille to pourvue."""
    order = [s for s in OfferStatus if s is not OfferStatus.ARCHIVEE]
    n = [int(by_status.loc[by_status["status"] == s, "n"].sum()) for s in order]
    fig = go.Figure(go.Bar(x=[s.label for s in order], y=n, text=n, textposition="outside",
                           marker_color=NEUTRAL_COLOUR,
                           hovertemplate="%{x} : %{y} offre(s)<extra></extra>"))
    fig.update_layout(yaxis_title="Offres")
    return _layout(fig)
