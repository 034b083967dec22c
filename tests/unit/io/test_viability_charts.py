"""The viability figures: the asking price marked on the value range, a tornado bar per shock,
Okabe-Ito colours, and no figure at all when the data do not allow one."""

from __future__ import annotations

import dataclasses

import pytest

from accueil.domain.viability import (
    Assumptions,
    MonteCarloSettings,
    ViabilityInputs,
    ViabilityReport,
    analyse,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.io import viability_charts as charts

QUICK = Assumptions(monte_carlo=MonteCarloSettings(draws=300))
OKABE_ITO = {"#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#009E73", "#999999", "#000000",
             "#CC79A7", "#F0E442"}


@pytest.fixture(scope="module")
def bakery() -> ViabilityReport:
    return analyse(demo_inputs(), QUICK)


def test_the_valuation_chart_marks_the_asking_price(bakery: ViabilityReport) -> None:
    fig = charts.valuation_range(bakery)
    assert fig is not None
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [line.x0 for line in lines] == [260_000.0]
    assert any("Prix demandé : 260" in (trace.name or "") for trace in fig.data)


def test_the_tornado_has_one_bar_per_shock_widest_at_the_top(bakery: ViabilityReport) -> None:
    fig = charts.tornado(bakery)
    assert fig is not None
    bars = fig.data[0]
    assert len(bars.y) == len(bakery.sensitivity.shocks)
    widths = [abs(x) for x in bars.x]
    assert widths == sorted(widths)  # plotly draws the last category at the top
    assert bars.y[-1] == "Chiffre d'affaires −20 %"


@pytest.mark.parametrize("name", ["valuation", "plan", "projection", "tornado"])
def test_every_figure_uses_the_colour_blind_safe_palette(bakery: ViabilityReport,
                                                         name: str) -> None:
    fig = charts.all_figures(bakery)[name]
    colours: set[str] = set()
    for trace in fig.data:
        marker = getattr(trace, "marker", None)
        colour = getattr(marker, "color", None) if marker is not None else None
        if isinstance(colour, str):
            colours.add(colour)
        elif colour is not None:
            colours.update(colour)
        line = getattr(trace, "line", None)
        if line is not None and line.color:
            colours.add(line.color)
    assert colours
    assert colours <= OKABE_ITO


def test_a_creation_has_no_valuation_chart_but_its_plan_and_projection() -> None:
    figures = charts.all_figures(analyse(demo_creation_inputs(), QUICK))
    assert set(figures) == {"plan", "projection", "tornado"}


def test_without_data_no_figure_is_drawn() -> None:
    assert charts.all_figures(analyse(ViabilityInputs(), QUICK)) == {}


def test_every_line_of_the_plan_is_drawn_even_nine_needs_and_the_vat_bridge() -> None:
    from accueil.domain.viability import demo_inputs

    base = demo_inputs()
    inputs = dataclasses.replace(base, balance_sheet=dataclasses.replace(
        base.balance_sheet, trade_receivables=30_000.0))  # a positive BFR: nine needs
    report = analyse(inputs)
    assert report.financing_plan is not None
    figure = charts.financing_plan(report)
    assert figure is not None
    drawn = {trace.name for trace in figure.data}
    expected = {line.label for line in (*report.financing_plan.needs,
                                        *report.financing_plan.resources) if line.amount > 0}
    assert len(report.financing_plan.needs) == 9
    assert drawn == expected
    stacked = {bar: sum(t.x[0] for t in figure.data if t.y[0] == bar)
               for bar in ("Besoins", "Ressources")}
    assert stacked["Besoins"] == pytest.approx(stacked["Ressources"])


def test_charts_grow_their_margins_to_hold_whole_labels_and_mark_unkept_methods() -> None:
    from accueil.domain.viability import demo_inputs

    report = analyse(demo_inputs())
    for figure in charts.all_figures(report).values():
        assert figure.layout.yaxis.automargin is True
        assert figure.layout.xaxis.automargin is True
        assert figure.layout.separators == ",\u00a0"
    valuation = charts.valuation_range(report)
    assert valuation is not None
    labels = list(valuation.data[0].y)
    assert "Actif net comptable corrigé (ANCC) (non retenue)" in labels
    assert valuation.layout.xaxis.title.text == "Valeur du fonds (€)"
