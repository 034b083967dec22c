"""Plotly figures of a viability analysis, in French, in the Okabe-Ito colour-blind-safe palette.

Valuation range with the asking price marked, tornado of the stress tests, financing plan
(needs against resources) and the projection over the loan's life. Built from a
:class:`ViabilityReport` only; draws nothing itself and imports no streamlit, so the same
figures go into the PDF. A figure that cannot be drawn for lack of data is ``None``.
"""

from __future__ import annotations

import plotly.graph_objects as go

from accueil import fr
from accueil.domain.viability import ViabilityReport

# Okabe & Ito (2008), "Color Universal Design".
BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREEN = "#009E73"
GREY = "#999999"
BLACK = "#000000"


NEED_COLOURS = {"price": BLUE, "duties": SKY, "fees": GREY, "stock": ORANGE,
                "investments": GREEN, "vat": "#CC79A7", "working_capital": VERMILLION,
                "cash_cushion": "#F0E442", "guarantee_fee": BLACK}
RESOURCE_COLOURS = {"contribution": GREEN, "honour_loans": ORANGE, "subsidies": SKY,
                    "bank_loan": BLUE, "vat_bridge": "#CC79A7"}
"""One colour per line, whatever lines a plan has (a list zipped with the lines dropped the
ninth need and the VAT bridge)."""


def _layout(fig: go.Figure, height: int = 360) -> go.Figure:
    fig.update_layout(
        height=height, margin={"l": 10, "r": 20, "t": 40, "b": 10},
        separators="," + fr.NBSP,  # the tables' decimal comma and thousands separator
        font={"size": 13}, plot_bgcolor="white", paper_bgcolor="white",
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0})
    # automargin: the margins grow to hold whole category labels and tick values.
    fig.update_xaxes(gridcolor="#e6e6e6", zerolinecolor="#bbbbbb", automargin=True)
    fig.update_yaxes(gridcolor="#e6e6e6", zerolinecolor="#bbbbbb", automargin=True)
    return fig


def _legend_line(fig: go.Figure, name: str, colour: str, dash: str, *, width: float = 3,
                 opacity: float = 1.0) -> None:
    """A legend entry for a reference line drawn as a shape (shapes have no legend)."""
    fig.add_scatter(x=[None], y=[None], mode="lines", name=name, opacity=opacity,
                    line={"color": colour, "dash": dash, "width": width}, hoverinfo="skip")


def valuation_range(report: ViabilityReport) -> go.Figure | None:
    """One bar per method from its low to its high value, the retained range shaded and the
    asking price as a vertical line."""
    valuation = report.valuation
    if valuation is None:
        return None
    methods = [m for m in valuation.methods if m.low is not None and m.high is not None]
    if not methods:
        return None
    methods.reverse()  # plotly draws the first category at the bottom
    fig = go.Figure()
    labels = [m.label if m.retained else f"{m.label} (non retenue)" for m in methods]
    lows = [m.low or 0.0 for m in methods]
    spans = [max((m.high or 0.0) - (m.low or 0.0), 0.0) for m in methods]
    # A point value (ANCC, financeable price) gets a visible sliver rather than nothing.
    widest = max([*(m.high or 0.0 for m in methods), valuation.asking_price or 0.0, 1.0])
    spans = [s if s > 0 else widest * 0.006 for s in spans]
    fig.add_bar(
        y=labels, x=spans, base=lows, orientation="h", name="Fourchette",
        marker_color=[SKY if m.retained else GREY for m in methods],
        text=[f"{fr.euros(m.low)} – {fr.euros(m.high)}" if m.low != m.high
              else fr.euros(m.low) for m in methods],
        textposition="outside", cliponaxis=False, showlegend=False,
        hovertemplate="%{y} : %{text}<extra></extra>")
    if valuation.range_low is not None and valuation.range_high is not None:
        fig.add_vrect(x0=valuation.range_low, x1=valuation.range_high, fillcolor=BLUE,
                      opacity=0.12, line_width=0)
        _legend_line(fig, "Fourchette retenue : "
                     f"{fr.euros(valuation.range_low)} – {fr.euros(valuation.range_high)}",
                     BLUE, "solid", width=10, opacity=0.25)
    if valuation.asking_price is not None:
        fig.add_vline(x=valuation.asking_price, line_color=VERMILLION, line_width=3,
                      line_dash="dash")
        _legend_line(fig, f"Prix demandé : {fr.euros(valuation.asking_price)}", VERMILLION,
                     "dash")
    what = "du fonds" if valuation.sale_object.value == "goodwill" else "des titres"
    fig.update_layout(xaxis_title=f"Valeur {what} (€)",
                      xaxis={"tickformat": ",.0f", "range": [0, widest * 1.32]})
    return _layout(fig, height=120 + 48 * len(methods))


def tornado(report: ViabilityReport) -> go.Figure | None:
    """The lowest DSCR under each one-at-a-time shock, against the base case and the floor 1."""
    stress = report.sensitivity
    if stress is None or stress.base_min_dscr is None:
        return None
    shocks = [s for s in stress.shocks if s.min_dscr is not None]
    if not shocks:
        return None
    shocks.sort(key=lambda s: abs(s.min_dscr_change or 0.0))  # widest at the top
    base = stress.base_min_dscr
    fig = go.Figure()
    fig.add_bar(
        y=[s.label for s in shocks], x=[(s.min_dscr or 0.0) - base for s in shocks], base=base,
        orientation="h",
        marker_color=[VERMILLION if (s.min_dscr or 0.0) < base else BLUE for s in shocks],
        text=[fr.number(s.min_dscr, 2) for s in shocks], textposition="outside",
        cliponaxis=False, showlegend=False,
        hovertemplate="%{y} : DSCR minimal %{text}<extra></extra>")
    threshold = report.assumptions.thresholds.min_dscr
    for x, name, colour, dash in (
            (base, f"Cas de base : {fr.number(base, 2)}", BLACK, "solid"),
            (threshold, f"Seuil du verdict : {fr.number(threshold, 2)}", GREEN, "dash"),
            (1.0, "1 : échéances tout juste couvertes", VERMILLION, "dot")):
        fig.add_vline(x=x, line_color=colour, line_width=2, line_dash=dash)
        _legend_line(fig, name, colour, dash)
    low = min([0.0, *(s.min_dscr or 0.0 for s in shocks)])
    high = max([base, threshold, *(s.min_dscr or 0.0 for s in shocks)])
    room = 0.12 * (high - low or 1.0)  # the values printed beyond the bars' ends stay inside
    fig.update_layout(xaxis_title="DSCR minimal sur la durée du prêt",
                      xaxis={"range": [low - (room if low < 0 else 0.0), high + room]})
    return _layout(fig, height=140 + 42 * len(shocks))


def financing_plan(report: ViabilityReport) -> go.Figure | None:
    """Two stacked horizontal bars: what the project needs, and where the money comes from."""
    plan = report.financing_plan
    if plan is None or plan.total_needs <= 0:
        return None
    fig = go.Figure()
    for line in plan.needs:
        colour = NEED_COLOURS.get(line.key, GREY)
        if line.amount > 0:
            fig.add_bar(y=["Besoins"], x=[line.amount], name=line.label, marker_color=colour,
                        orientation="h", legendgroup="needs",
                        legendgrouptitle_text="Besoins",
                        hovertemplate=f"{line.label} : {fr.euros(line.amount)}<extra></extra>")
    for line in plan.resources:
        colour = RESOURCE_COLOURS.get(line.key, GREY)
        if line.amount > 0:
            fig.add_bar(y=["Ressources"], x=[line.amount], name=line.label, orientation="h",
                        marker={"color": colour, "pattern": {"shape": "/"}},
                        legendgroup="resources", legendgrouptitle_text="Ressources",
                        hovertemplate=f"{line.label} : {fr.euros(line.amount)}<extra></extra>")
    fig.update_layout(barmode="stack", xaxis_title="€", xaxis_tickformat=",.0f")
    fig.update_yaxes(autorange="reversed")
    fig = _layout(fig, height=400)
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top",
                              "traceorder": "grouped", "groupclick": "toggleitem",
                              "font": {"size": 12}})
    return fig


def projection(report: ViabilityReport) -> go.Figure | None:
    """EBE, CAF and annuities per year as bars, year-end cash as a line."""
    result = report.projection
    if result is None:
        return None
    years = [f"Année {y.year}" for y in result.years]
    fig = go.Figure()
    for name, values, colour in (
            ("EBE", [y.ebe for y in result.years], BLUE),
            ("CAF", [y.caf for y in result.years], SKY),
            ("Annuités d'emprunt", [y.annuity for y in result.years], ORANGE)):
        fig.add_bar(x=years, y=values, name=name, marker_color=colour,
                    hovertemplate="%{x} · " + name + " : %{y:,.0f} €<extra></extra>")
    fig.add_scatter(x=years, y=[y.cash_end for y in result.years], name="Trésorerie de fin "
                    "d'année", mode="lines+markers", line={"color": VERMILLION, "width": 3},
                    hovertemplate="%{x} · trésorerie : %{y:,.0f} €<extra></extra>")
    fig.update_layout(barmode="group", yaxis_title="€", yaxis_tickformat=",.0f")
    return _layout(fig, height=380)


def all_figures(report: ViabilityReport) -> dict[str, go.Figure]:
    """The figures that can be drawn, by name, in the order a report shows them."""
    figures = {"valuation": valuation_range(report), "plan": financing_plan(report),
               "projection": projection(report), "tornado": tornado(report)}
    return {name: fig for name, fig in figures.items() if fig is not None}
