"""Streamlit glue of the *Présenter* page: one slide of the deck at a time, readable from the
back of a room.

The slides are :class:`accueil.domain.slides.Deck`'s, built by
:func:`accueil.services.present.build_deck` (the same the PowerPoint file and the report draw).
Each slide is drawn as HTML through ``st.html`` (no Markdown: every text is escaped with
:func:`html.escape`, the offers' titles included), its charts as Vega-Lite bars in large type,
its map as the same PNG as the deck's. In presentation mode the sidebar, the header and the
toolbar are hidden; ←/→ (and Page up/down, as presentation remotes send) move between slides
through a tiny component (``touches.js``) that listens to the keyboard of the page.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from accueil.domain.access import Principal
from accueil.domain.slides import Chart, Deck, Slide, SlideKind
from accueil.domain.territories import Territory
from accueil.io.deck import deck_pptx
from accueil.io.territory_report import report_pdf
from accueil.services.present import build_deck, build_report
from accueil.store.db import Store

SLIDE_KEY = "presenter_diapo"
MODE_KEY = "presenter_plein_ecran"
KEYS_KEY = "presenter_touches"
_keys: list[Any] = []

CSS = """
<style>
.diapo { font-family: "Source Sans", "Source Sans Pro", Arial, sans-serif; color: #1a1a1a; }
.diapo h1 { font-size: 3rem; line-height: 1.1; color: #0072B2; margin: 0 0 .3rem 0; }
.diapo .sous-titre { font-size: 1.6rem; color: #555; margin: 0 0 1rem 0; }
.diapo .accroche { font-size: 2.2rem; margin-top: 2.5rem; }
.diapo .tuiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 1rem; }
.diapo .tuile { background: #e8f2f9; border-radius: 8px; padding: .8rem 1rem; }
.diapo .tuile .libelle { font-size: 1.25rem; font-weight: 600; color: #444; }
.diapo .tuile .valeur { font-size: 3.2rem; font-weight: 700; line-height: 1.15; }
.diapo .tuile .definition { font-size: 1rem; color: #555; }
.diapo table { border-collapse: collapse; width: 100%; font-size: 1.3rem; }
.diapo th { background: #0072B2; color: #fff; padding: .35rem .5rem; text-align: center; }
.diapo td { border-bottom: 1px solid #cfd8de; padding: .3rem .5rem; text-align: center; }
.diapo td:first-child, .diapo th:first-child { text-align: left; }
.diapo ul.points { font-size: 1.65rem; line-height: 1.35; }
.diapo ul.points li { margin-bottom: .6rem; }
.diapo .cartes { display: grid; grid-template-columns: repeat(3, 1fr); gap: 1rem; }
.diapo .carte-offre { background: #e8f2f9; border-radius: 8px; padding: .8rem 1rem; }
.diapo .carte-offre .titre { font-size: 1.35rem; font-weight: 700; }
.diapo .carte-offre .lieu { font-size: 1.1rem; color: #0072B2; margin: .2rem 0; }
.diapo .carte-offre .ligne { font-size: 1rem; color: #444; }
.diapo .note { font-size: 1.05rem; color: #555; margin-top: .6rem; }
.pied { font-size: .95rem; color: #666; border-top: 1px solid #ddd; padding-top: .3rem; }
</style>
"""

FULL_SCREEN_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stMainMenu"], [data-testid="stElementToolbar"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"] { padding-top: 1rem !important;
  max-width: 100% !important; }
</style>
"""


@st.cache_data(show_spinner="Préparation des diapositives…", max_entries=8)
def deck_for(_store: Store, territory: Territory, _audience: Principal,
             audience_key: tuple[str, str, str], since: date, today: date,
             revision: int) -> Deck:
    """The deck of ``territory`` for the audience, rebuilt only after a write."""
    return build_deck(_store, territory, _audience, since, today)


@st.cache_data(show_spinner="Fabrication du fichier PowerPoint…", max_entries=4)
def pptx_of(_deck: Deck, fingerprint: tuple[object, ...]) -> bytes:
    return deck_pptx(_deck)


@st.cache_data(show_spinner="Fabrication du rapport (une fiche par zone)…", max_entries=4)
def report_of(_store: Store, territory: Territory, _audience: Principal, _deck: Deck,
              fingerprint: tuple[object, ...]) -> bytes:
    """The A4 report of the deck's territory and audience; its map is the deck's image."""
    map_slide = next((s for s in _deck.slides if s.kind is SlideKind.MAP), None)
    image = map_slide.image if map_slide is not None else None
    report = build_report(_store, territory, _audience, _deck.since, _deck.day,
                          render=(lambda _figure: image) if image else None)
    return report_pdf(report)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _figures_html(slide: Slide) -> str:
    return '<div class="tuiles">' + "".join(
        f'<div class="tuile"><div class="libelle">{_e(f.label)}</div>'
        f'<div class="valeur">{_e(f.value)}</div>'
        f'<div class="definition">{_e(f.definition)}</div></div>' for f in slide.figures
    ) + "</div>"


def _table_html(slide: Slide) -> str:
    table = slide.table
    assert table is not None
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>"
                   for row in table.rows)
    note = f'<p class="note">{_e(table.note)}</p>' if table.note else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


def _cards_html(slide: Slide) -> str:
    return '<div class="cartes">' + "".join(
        f'<div class="carte-offre"><div class="titre">{_e(c.title)}</div>'
        f'<div class="lieu">{_e(c.place)}</div>'
        + "".join(f'<div class="ligne">{_e(line)}</div>' for line in c.lines)
        + "</div>" for c in slide.cards) + "</div>"


def chart_of(chart: Chart) -> alt.Chart:
    """A deck chart as large-type Vega-Lite bars (the same numbers as the PowerPoint chart)."""
    rows = [{"categorie": c, "serie": s.name, "n": v, "rang": i}
            for s in chart.series for c, v in zip(chart.categories, s.values, strict=True)
            for i in [list(chart.series).index(s)]]
    frame = pd.DataFrame(rows)
    value = alt.X if chart.horizontal else alt.Y
    group = alt.Y if chart.horizontal else alt.X
    drawn = alt.Chart(frame, title=alt.Title(chart.title, fontSize=24)).mark_bar().encode(
        value("n:Q", title=chart.value_title, stack="zero" if chart.stacked else None,
              axis=alt.Axis(format="d", tickMinStep=1)),
        group("categorie:N", title=None, sort=list(chart.categories),
              axis=alt.Axis(labelAngle=0, labelLimit=400)),
        color=alt.Color("serie:N", scale=alt.Scale(domain=[s.name for s in chart.series],
                                                  range=[s.colour for s in chart.series]),
                        legend=alt.Legend(orient="bottom", title=None, columns=2, labelLimit=0)
                        if len(chart.series) > 1
                        else None),
        order=alt.Order("rang:Q"),
        tooltip=[alt.Tooltip("categorie:N", title=""), alt.Tooltip("serie:N", title=""),
                 alt.Tooltip("n:Q", title="Offres", format="d")])
    # Category labels sized so that four steps side by side stay whole on a 1280 px screen.
    finished: alt.Chart = drawn.properties(height=420).configure_axis(
        labelFontSize=20 if chart.horizontal else 16, titleFontSize=18).configure_legend(
        labelFontSize=20)
    return finished


def draw_slide(deck: Deck, number: int) -> None:
    """Slide ``number`` (from 1) of ``deck``, full width."""
    slide = deck.slides[number - 1]
    st.html(CSS)
    head = f'<div class="diapo"><h1>{_e(slide.title)}</h1>'
    if slide.subtitle:
        head += f'<p class="sous-titre">{_e(slide.subtitle)}</p>'
    body = ""
    if slide.kind is SlideKind.TITLE:
        body += "".join(f'<p class="accroche">{_e(b)}</p>' for b in slide.bullets)
    elif slide.bullets:
        body += '<ul class="points">' + "".join(f"<li>{_e(b)}</li>" for b in slide.bullets) \
            + "</ul>"
    if slide.figures:
        body += _figures_html(slide)
    if slide.table is not None:
        body += _table_html(slide)
    if slide.cards:
        body += _cards_html(slide)
    st.html(head + body + "</div>")
    if slide.charts:
        for column, chart in zip(st.columns(len(slide.charts)), slide.charts, strict=True):
            column.altair_chart(chart_of(chart), width="stretch")
    if slide.kind is SlideKind.MAP:
        if slide.image:
            st.image(slide.image, width="stretch")
        else:
            st.info(slide.image_note, icon=":material/map:")
    if slide.note:
        st.html(f'<div class="diapo"><p class="note">{_e(slide.note)}</p></div>')
    st.html(f'<div class="pied">{_e(deck.footer(number))}</div>')


def _keys_component() -> Any:
    if not _keys:
        script = Path(__file__).with_name("touches.js").read_text(encoding="utf-8")
        _keys.append(st.components.v2.component("accueil_touches", js=script,
                                                isolate_styles=False))
    return _keys[0]


def current_slide(count: int) -> int:
    """The slide shown (from 1), kept within a deck of ``count`` slides."""
    return min(max(int(st.session_state.get(SLIDE_KEY, 1)), 1), count)


def move(step: int, count: int) -> None:
    """Go ``step`` slides on or back, staying within the deck."""
    current = int(st.session_state.get(SLIDE_KEY, 1))
    st.session_state[SLIDE_KEY] = min(max(current + step, 1), count)


def listen_to_keys(count: int) -> None:
    """← and → (Page up/down, space) move between slides; Échap leaves full screen."""
    def pressed() -> None:
        state = st.session_state.get(KEYS_KEY)
        key = state.get("key") if state is not None else None
        if key == "next":
            move(1, count)
        elif key == "prev":
            move(-1, count)
        elif key == "exit":
            st.session_state[MODE_KEY] = False

    _keys_component()(data={}, key=KEYS_KEY, on_key_change=pressed, height=0)


def full_screen() -> None:
    st.html(FULL_SCREEN_CSS)
