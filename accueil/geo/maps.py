"""Choropleth maps of the offers, in French, for people who do not read maps every day.

From the store's per-area counts (:func:`accueil.store.maps.map_areas`) this module computes
the metric shown (offers, qualified offers and their share, the pillar most often missing,
offers per 1,000 inhabitants), sorts the areas into a few classes with plain-French legend
entries ("2 à 3 offres", "Moins de 25 %"), and describes the map: for the page, plain data
the map component draws as SVG paths (:func:`map_drawing`); for the image export, a plotly
``go.Choropleth`` figure with one trace per class so the legend lists each class with its
colour (:func:`map_figure`). Plain outlines on a white background, no tiles. Colours are colour-blind safe: lightness ramps on Okabe & Ito's blue,
their orange against blue for shares, their categorical hues for pillars, and grey for areas
without offers. The geometry is not read here: the caller says, for each GeoJSON file of
``data/reference/geo/``, what the drawing gets (a URL the browser fetches and caches, or the
data itself). Pure: no I/O, no streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from accueil import fr
from accueil.domain.pillars import Pillar
from accueil.domain.territories import TerritoryLevel

NO_OFFER_COLOUR = "#e4e4e4"
BORDER_COLOUR = "#ffffff"
OUTLINE_COLOUR = "#4d4d4d"
SELECTED_COLOUR = "#000000"
# Okabe-Ito blue (#0072B2) and sky blue (#56B4E9), with lighter and darker steps: one hue
# whose lightness alone says "more", readable with any colour vision and in grey print.
SEQUENTIAL = ("#cde6f5", "#8ec9ec", "#56B4E9", "#0072B2", "#00456b")
# Okabe-Ito orange to blue: few qualified offers in orange, many in blue.
SHARE_COLOURS = ("#E69F00", "#f3cf80", "#8ec9ec", "#0072B2")
NONE_QUALIFIED_COLOUR = "#f3cf80"
PILLAR_COLOURS = {Pillar.ACTIVITE: "#E69F00", Pillar.RECEPTIVITE: "#CC79A7",
                  Pillar.AMENITES: "#009E73"}
TIE_COLOUR = "#56B4E9"
ALL_COMPLETE_COLOUR = "#0072B2"
FEATURE_KEYS = {TerritoryLevel.COMMUNE: "properties.code_insee",
                TerritoryLevel.EPCI: "properties.code_epci",
                TerritoryLevel.DEPARTEMENT: "properties.code_departement"}
COARSE_FILES = {TerritoryLevel.COMMUNE: "communes.geojson",
                TerritoryLevel.EPCI: "epci.geojson",
                TerritoryLevel.DEPARTEMENT: "departements.geojson"}
OUTLINE_FILE = "departements.geojson"
# Fine commune outlines come one file per département (0.16 to 0.49 MB): worth it for a
# territory spread over a few of them, not for the whole massif.
FINE_MAX_DEPARTEMENTS = 3
MAX_CLASSES = 5
_NICE = (1, 1.5, 2, 3, 4, 5, 6, 8)

GeoSource = Callable[[str], Any]  # file name under data/reference/geo -> URL or data


class Metric(StrEnum):
    OFFERS = "offres"
    QUALIFIED = "qualifiees"
    SHARE = "part"
    PILLAR = "pilier"
    DENSITY = "densite"

    @property
    def label(self) -> str:
        return {"offres": "Nombre d'offres", "qualifiees": "Offres qualifiées",
                "part": "Part d'offres qualifiées",
                "pilier": "Pilier le plus souvent manquant",
                "densite": "Offres pour 1 000 habitants"}[self.value]

    @property
    def help(self) -> str:
        return {
            "offres": "Offres en cours (hors archivées) répondant aux filtres.",
            "qualifiees": "Offres dont les trois piliers sont complets : activité, "
                          "réceptivité, aménités.",
            "part": "Offres qualifiées parmi les offres de la zone.",
            "pilier": "Le pilier partiel ou absent dans le plus grand nombre d'offres "
                      "de la zone.",
            "densite": "Nombre d'offres rapporté à la population de la zone (communes du "
                       "territoire choisi), pour 1 000 habitants.",
        }[self.value]


LEVEL_WORDS = {TerritoryLevel.COMMUNE: "commune", TerritoryLevel.EPCI: "intercommunalité",
               TerritoryLevel.DEPARTEMENT: "département"}
LEVEL_ARTICLES = {TerritoryLevel.COMMUNE: "une", TerritoryLevel.EPCI: "une",
                  TerritoryLevel.DEPARTEMENT: "un"}


@dataclass(frozen=True, slots=True)
class MapClass:
    """One legend entry: its French label and colour."""

    label: str
    colour: str


@dataclass(frozen=True, slots=True)
class Classes:
    """The legend, and for each area (in the order of the frame) the index of its class."""

    classes: tuple[MapClass, ...]
    index: tuple[int, ...]


# -- small counts ------------------------------------------------------------------------------

# Columns an audience-filtered frame may carry (accueil.services.maps.protect_areas): True where
# a count is not shown (fewer than 3 offers, one of them confidential). The count itself is 0
# there, so that nothing downstream can print it; these flags make the texts say why.
PROTECTED_OFFERS = "protected_offers"
PROTECTED_QUALIFIED = "protected_qualified"
PROTECTED_MISSING = "protected_missing"
PROTECTED_LABEL = "Moins de 3 offres (non diffusé)"
PROTECTED_COLOUR = "#b8c4cc"


def flags(areas: pd.DataFrame, column: str) -> list[bool]:
    """The protection flag ``column`` of every area, False when the frame has none."""
    if column not in areas.columns:
        return [False] * len(areas)
    return [bool(v) for v in areas[column].tolist()]


# -- metrics -----------------------------------------------------------------------------------


def qualified_share(offers: int, qualified: int) -> float | None:
    """Qualified offers as a fraction of the offers, ``None`` where there are none."""
    return qualified / offers if offers else None


def density(offers: int, population: int) -> float | None:
    """Offers per 1,000 inhabitants, ``None`` when the population is unknown or zero."""
    return offers * 1000 / population if population and population > 0 else None


def missing_pillars(row: Any) -> tuple[tuple[Pillar, ...], int]:
    """The pillars incomplete in the most offers of an area, and in how many.

    Several pillars come back when they tie; none when every offer is complete (or there is
    no offer). ``row``: a mapping or a namedtuple with ``missing_<pillar>`` counts.
    """
    get = row.get if hasattr(row, "get") else lambda name: getattr(row, name)
    counts = {p: int(get(f"missing_{p.value}")) for p in Pillar}
    top = max(counts.values())
    if top == 0:
        return (), 0
    return tuple(p for p in Pillar if counts[p] == top), top


def pillar_tops(areas: pd.DataFrame) -> tuple[list[tuple[Pillar, ...]], list[int]]:
    """:func:`missing_pillars` for every row of ``areas`` at once."""
    counts = areas[[f"missing_{p.value}" for p in Pillar]].to_numpy(dtype="int64")
    if counts.size == 0:
        return [], []
    top = counts.max(axis=1)
    ties = (counts == top[:, None]) & (top[:, None] > 0)
    pillars = tuple(Pillar)
    chosen: dict[tuple[bool, ...], tuple[Pillar, ...]] = {}
    found = []
    for row in map(tuple, ties.tolist()):
        if row not in chosen:
            chosen[row] = tuple(p for p, tied in zip(pillars, row, strict=True) if tied)
        found.append(chosen[row])
    return found, [int(v) for v in top.tolist()]


@lru_cache(maxsize=16)
def pillar_words(pillars: tuple[Pillar, ...]) -> str:
    """``(RECEPTIVITE, AMENITES)`` → ``"réceptivité et aménités"``."""
    words = [p.label.lower() for p in pillars]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


# -- classes -----------------------------------------------------------------------------------


def nice_ceiling(value: float) -> float:
    """The smallest round number (1, 1.5, 2, 3, 4, 5, 6 or 8 times a power of ten) that is at
    least ``value`` (> 0)."""
    exponent = math.floor(math.log10(value))
    for step in (*_NICE, 10):
        candidate = round(step * 10.0 ** exponent, 10)
        if candidate >= value * (1 - 1e-12):
            return candidate
    return 10.0 ** (exponent + 1)  # pragma: no cover - the loop always returns


def _quantile(sorted_values: Sequence[float], q: float) -> float:
    position = q * (len(sorted_values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)


def count_bounds(values: Sequence[int], classes: int = MAX_CLASSES) -> list[tuple[int, int]]:
    """Classes of positive counts as ``(low, high)`` integer ranges from the smallest count
    to the largest.

    Up to five: one per value when there are few distinct counts, otherwise cut at quantiles
    rounded up to round numbers (1, 2, 3, 5, 10, 20…) so that each class holds areas.
    """
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    first, top = positive[0], positive[-1]
    if len(set(positive)) <= classes:
        return [(v, v) for v in sorted(set(positive))]
    cuts: list[int] = []
    for k in range(1, classes):
        cut = int(nice_ceiling(max(1.0, _quantile(positive, k / classes))))
        if first <= cut < top and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    bounds, low = [], first
    for cut in cuts:
        bounds.append((low, cut))
        low = cut + 1
    bounds.append((low, top))
    return bounds


def rate_bounds(values: Sequence[float], classes: int = MAX_CLASSES - 1) -> list[float]:
    """Upper limits separating classes of positive rates: round numbers at quantiles."""
    positive = sorted(v for v in values if v > 0)
    if len(positive) < 2:
        return []
    cuts: list[float] = []
    for k in range(1, classes):
        cut = nice_ceiling(_quantile(positive, k / classes))
        if cut < positive[-1] and (not cuts or cut > cuts[-1] * (1 + 1e-9)):
            cuts.append(cut)
    return cuts


def _ramp(count: int) -> list[str]:
    """``count`` colours of the sequential ramp, spread from light to dark."""
    if count <= 0:
        return []
    if count == 1:
        return [SEQUENTIAL[3]]
    if count == 2:
        return [SEQUENTIAL[1], SEQUENTIAL[3]]
    step = (len(SEQUENTIAL) - 1) / (count - 1)
    return [SEQUENTIAL[round(i * step)] for i in range(count)]


def _count_label(low: int, high: int, singular: str, plural: str) -> str:
    if low == high:
        return fr.plural(low, singular, plural)
    return f"{fr.number(low)} à {fr.number(high)} {plural}"


def _decimals(value: float) -> int:
    """Decimals enough to write a round number: 2 → 0, 0.5 → 1, 0.05 → 2."""
    return 0 if value >= 1 else -math.floor(math.log10(value))


def classify(areas: pd.DataFrame, metric: Metric) -> Classes:
    """Sort the areas into legend classes for ``metric``; areas without offers apart, in grey;
    areas whose figure is protected (small counts) in a class of their own."""
    found = _classify(areas, metric)
    hidden = flags(areas, PROTECTED_OFFERS)
    if metric in (Metric.QUALIFIED, Metric.SHARE):
        hidden = [h or q for h, q in zip(hidden, flags(areas, PROTECTED_QUALIFIED), strict=True)]
    elif metric is Metric.PILLAR:
        hidden = [h or m for h, m in zip(hidden, flags(areas, PROTECTED_MISSING), strict=True)]
    if not any(hidden):
        return found
    classes = [*found.classes, MapClass(PROTECTED_LABEL, PROTECTED_COLOUR)]
    index = [len(found.classes) if h else i for i, h in zip(found.index, hidden, strict=True)]
    return _used(classes, index)


def _classify(areas: pd.DataFrame, metric: Metric) -> Classes:
    offers = [int(v) for v in areas["offers"]]
    none = MapClass("Aucune offre", NO_OFFER_COLOUR)
    if metric in (Metric.OFFERS, Metric.QUALIFIED):
        column = "offers" if metric is Metric.OFFERS else "qualified"
        values = [int(v) for v in areas[column]]
        bounds = count_bounds(values)
        singular, plural = (("offre", "offres") if metric is Metric.OFFERS
                            else ("offre qualifiée", "offres qualifiées"))
        labels = [_count_label(low, high, singular, plural) for low, high in bounds]
        classes = [none] + [MapClass(label, colour)
                            for label, colour in zip(labels, _ramp(len(bounds)), strict=True)]
        if metric is Metric.QUALIFIED:
            classes.insert(1, MapClass("Aucune offre qualifiée", NONE_QUALIFIED_COLOUR))
        index = []
        for n, v in zip(offers, values, strict=True):
            if n == 0:
                index.append(0)
            elif v == 0:
                index.append(1)
            else:
                position = next(i for i, (_, hi) in enumerate(bounds) if v <= hi)
                index.append(position + (2 if metric is Metric.QUALIFIED else 1))
        return _used(classes, index)
    if metric is Metric.SHARE:
        share_labels = ("Moins de 25 %", "De 25 à 50 %", "De 50 à 75 %", "75 % ou plus")
        classes = [none] + [MapClass(label.replace(" %", f"{fr.NBSP}%"), colour)
                            for label, colour in zip(share_labels, SHARE_COLOURS, strict=True)]
        index = []
        for n, q in zip(offers, areas["qualified"], strict=True):
            share = qualified_share(n, int(q))
            index.append(0 if share is None else 1 + min(3, int(share * 4 + 1e-9)))
        return _used(classes, index)
    if metric is Metric.PILLAR:
        classes = [none, *(MapClass(p.label, PILLAR_COLOURS[p]) for p in Pillar),
                   MapClass("Plusieurs à égalité", TIE_COLOUR),
                   MapClass("Aucun : toutes qualifiées", ALL_COMPLETE_COLOUR)]
        index = []
        for n, pillars in zip(offers, pillar_tops(areas)[0], strict=True):
            if n == 0:
                index.append(0)
            elif not pillars:
                index.append(len(Pillar) + 2)
            elif len(pillars) > 1:
                index.append(len(Pillar) + 1)
            else:
                index.append(1 + list(Pillar).index(pillars[0]))
        return _used(classes, index)
    rates = [density(n, int(p)) for n, p in zip(offers, areas["population"], strict=True)]
    cuts = rate_bounds([r for r in rates if r is not None])
    unknown = MapClass("Population inconnue", NO_OFFER_COLOUR)
    decimals = max((_decimals(c) for c in cuts), default=0)
    edges = [fr.number(c, decimals) for c in cuts]
    if edges:
        bounds_labels = [f"Moins de {edges[0]}",
                         *(f"De {low} à {high}" for low, high in pairwise(edges)),
                         f"{edges[-1]} ou plus"]
    else:
        bounds_labels = ["Au moins une offre"]
    classes = [none, unknown] + [MapClass(label, colour) for label, colour in
                                 zip(bounds_labels, _ramp(len(bounds_labels)), strict=True)]
    index = []
    for n, rate in zip(offers, rates, strict=True):
        if n == 0:
            index.append(0)
        elif rate is None:
            index.append(1)
        else:
            index.append(2 + sum(rate >= c for c in cuts))
    return _used(classes, index)


def _used(classes: list[MapClass], index: list[int]) -> Classes:
    """Drop legend entries no area falls in, renumbering the areas' classes."""
    kept = sorted(set(index))
    renumber = {old: new for new, old in enumerate(kept)}
    return Classes(tuple(classes[i] for i in kept), tuple(renumber[i] for i in index))


# -- texts -------------------------------------------------------------------------------------


def area_title(row: Any, level: TerritoryLevel) -> str:
    """``Saint-Flour (15)`` for a commune, the plain name otherwise."""
    if level is TerritoryLevel.COMMUNE:
        return f"{row['name']} ({row['departement']})"
    if level is TerritoryLevel.DEPARTEMENT:
        return f"{row['name']} ({row['code']})"
    return str(row["name"])


def area_titles(areas: pd.DataFrame, level: TerritoryLevel) -> list[str]:
    """:func:`area_title` of every row."""
    names = [str(n) for n in areas["name"].tolist()]
    if level is TerritoryLevel.EPCI:
        return names
    codes = areas["departement" if level is TerritoryLevel.COMMUNE else "code"].tolist()
    return [f"{name} ({code})" for name, code in zip(names, codes, strict=True)]


def _int(value: int) -> str:
    """fr.number for an int, without its general checks: called for every area."""
    return f"{value:,}".replace(",", fr.NBSP)


def _offers(count: int) -> str:
    return f"{_int(count)} offre{'s' if count > 1 else ''}"


def hover_texts(areas: pd.DataFrame, level: TerritoryLevel) -> list[str]:
    """The French text shown when the pointer rests on each area (rows of ``areas``): plain
    lines separated by a line feed, the area's name first (the map writes it in bold)."""
    titles = area_titles(areas, level)
    tops, top_counts = pillar_tops(areas)
    texts = []
    for title, offers, qualified, population, communes, pillars, count, hidden, hidden_q, \
            hidden_m in zip(
            titles, areas["offers"].tolist(), areas["qualified"].tolist(),
            areas["population"].tolist(), areas["communes"].tolist(), tops, top_counts,
            flags(areas, PROTECTED_OFFERS), flags(areas, PROTECTED_QUALIFIED),
            flags(areas, PROTECTED_MISSING), strict=True):
        lines = [title]
        if hidden:
            lines.append("Moins de 3 offres : chiffres non diffusés (secret statistique)")
            if population:
                lines.append(f"{_int(population)} habitants")
            if level is not TerritoryLevel.COMMUNE:
                lines.append(f"{_int(communes)} commune{'s' if communes > 1 else ''}")
            texts.append("\n".join(lines))
            continue
        if offers == 0:
            lines.append("Aucune offre")
        else:
            if hidden_q:
                lines.append(f"{_offers(offers)}, dont moins de 3 qualifiées (non diffusé)")
            elif qualified == 0:
                lines.append(f"{_offers(offers)}, aucune qualifiée")
            else:
                lines.append(f"{_offers(offers)}, dont {_int(qualified)} "
                             f"qualifiée{'s' if qualified > 1 else ''} "
                             f"({fr.percent(qualified / offers)})")
            if hidden_m:
                lines.append("Pilier le plus souvent manquant : non diffusé (moins de 3 offres)")
            elif len(pillars) > 1:
                lines.append(f"Piliers les plus souvent manquants : {pillar_words(pillars)}, "
                             f"dans {_offers(count)} chacun")
            elif pillars:
                lines.append(f"Pilier le plus souvent manquant : {pillar_words(pillars)}, "
                             f"dans {_offers(count)}")
            else:
                lines.append("Aucun pilier manquant : toutes les offres sont qualifiées")
        if population and offers == 0:
            lines.append(f"{_int(population)} habitants")
        elif population:
            rate = offers * 1000 / population
            lines.append(f"{fr.number(rate, 1 if rate < 10 else 0)} offre"
                         f"{'s' if rate >= 2 else ''} pour 1{fr.NBSP}000 habitants "
                         f"({_int(population)} hab.)")
        if level is not TerritoryLevel.COMMUNE:
            lines.append(f"{_int(communes)} commune{'s' if communes > 1 else ''}")
        texts.append("\n".join(lines))
    return texts


def areas_table(areas: pd.DataFrame, level: TerritoryLevel) -> pd.DataFrame:
    """The map's figures as a table with French headers, one row per area, same order."""
    offers = areas["offers"].astype(int).tolist()
    qualified = areas["qualified"].astype(int).tolist()
    population = areas["population"].astype(int).tolist()
    hidden = flags(areas, PROTECTED_OFFERS)
    hidden_q = [h or q for h, q in zip(hidden, flags(areas, PROTECTED_QUALIFIED), strict=True)]
    hidden_m = [h or m for h, m in zip(hidden, flags(areas, PROTECTED_MISSING), strict=True)]
    pillars = ["non diffusé" if hm else
               pillar_words(found).capitalize() if found else ("—" if n == 0 else "Aucun")
               for found, n, hm in zip(pillar_tops(areas)[0], offers, hidden_m, strict=True)]
    shares = [None if hq else qualified_share(n, q)
              for n, q, hq in zip(offers, qualified, hidden_q, strict=True)]
    rates = [None if h else density(n, p)
             for n, p, h in zip(offers, population, hidden, strict=True)]
    return pd.DataFrame({
        LEVEL_WORDS[level].capitalize(): area_titles(areas, level),
        "Offres": pd.array([None if h else n for n, h in zip(offers, hidden, strict=True)],
                           dtype="Int64"),
        "Qualifiées": pd.array([None if h else n for n, h in zip(qualified, hidden_q,
                                                                 strict=True)], dtype="Int64"),
        "Part qualifiée": [None if s is None else round(s * 100) for s in shares],
        "Pilier le plus souvent manquant": pillars,
        "Population": population,
        "Offres pour 1 000 hab.": [None if r is None else round(r, 2) for r in rates],
    })


# -- geometry and figure -----------------------------------------------------------------------


def geometry_files(level: TerritoryLevel, departements: Sequence[str],
                   whole_massif: bool) -> dict[str, frozenset[str] | None]:
    """Which GeoJSON files draw the areas, each with the départements it is used for.

    Communes of a territory spread over at most :data:`FINE_MAX_DEPARTEMENTS` départements
    get their fine outlines, one file per département; the whole massif, EPCI and
    départements use the coarse layers (``None``: every area).
    """
    if (level is TerritoryLevel.COMMUNE and not whole_massif
            and 0 < len(set(departements)) <= FINE_MAX_DEPARTEMENTS):
        return {f"communes_fin/{d}.geojson": frozenset({d}) for d in sorted(set(departements))}
    return {COARSE_FILES[level]: None}


def map_drawing(areas: pd.DataFrame, level: TerritoryLevel, metric: Metric, geo: GeoSource,
                *, whole_massif: bool = True, selected: str | None = None,
                height: int = 700) -> dict[str, Any]:
    """What the map component draws for ``areas`` (rows of :func:`accueil.store.maps.map_areas`),
    as plain JSON-ready data.

    ``geo`` turns a GeoJSON file name of ``data/reference/geo`` into where the browser gets
    its SVG paths (a URL, or the paths themselves). ``layers``: the path files holding the
    areas; ``codes``, ``classOf`` and ``texts``: each area, the index of its legend class and
    its hover text; ``outline``: the départements drawn on top, unless the areas are
    départements; ``selected``: the area outlined in black, if it is on this map.
    """
    classes = classify(areas, metric)
    codes = [str(c) for c in areas["code"].tolist()]
    departements = [str(d) for d in areas["departement"].tolist()]
    files = geometry_files(level, departements, whole_massif)
    outline = None
    if level is not TerritoryLevel.DEPARTEMENT:
        outline = {"source": geo(OUTLINE_FILE), "codes": sorted(set(departements))}
    return {
        "layers": [geo(file) for file in files],
        "codes": codes,
        "classOf": list(classes.index),
        "classes": [[c.label, c.colour] for c in classes.classes],
        "texts": hover_texts(areas, level),
        "outline": outline,
        "selected": selected if selected in codes else None,
        "legendTitle": metric.label,
        "legendSubtitle": f"par {LEVEL_WORDS[level]}",
        "border": 0.4 if level is TerritoryLevel.COMMUNE else 1.0,
        "colours": {"border": BORDER_COLOUR, "outline": OUTLINE_COLOUR,
                    "selected": SELECTED_COLOUR},
        "height": height,
    }


def map_figure(areas: pd.DataFrame, level: TerritoryLevel, metric: Metric, geo: GeoSource,
               *, whole_massif: bool = True, selected: str | None = None,
               height: int = 700) -> go.Figure:
    """The choropleth of ``areas`` as a plotly figure, for the image export (kaleido).

    The page draws :func:`map_drawing` instead; both take their classes and colours from
    :func:`classify`, so the image matches the screen. ``geo`` turns a file name of
    ``data/reference/geo`` into what plotly's ``geojson`` takes. Each trace's points carry
    the area code as ``location``; the ``selected`` area, if any, is drawn with a thick dark
    outline.
    """
    classes = classify(areas, metric)
    codes = [str(c) for c in areas["code"].tolist()]
    departements = [str(d) for d in areas["departement"].tolist()]
    files = geometry_files(level, departements, whole_massif)
    border = 0.3 if level is TerritoryLevel.COMMUNE else 0.8
    # Plain dicts, checked against plotly's schema by the tests rather than on every run.
    traces: list[dict[str, Any]] = []
    for number, map_class in enumerate(classes.classes):
        first = True
        for file, scope in files.items():
            chosen = [i for i, c in enumerate(classes.index)
                      if c == number and (scope is None or departements[i] in scope)]
            if not chosen:
                continue
            traces.append(_choropleth(
                geo(file), level, [codes[i] for i in chosen], map_class.colour,
                name=map_class.label, legendgroup=map_class.label, showlegend=first,
                hoverinfo="skip", marker={"line": {"color": BORDER_COLOUR, "width": border}}))
            first = False
    if level is not TerritoryLevel.DEPARTEMENT:
        traces.append(_choropleth(
            geo(OUTLINE_FILE), TerritoryLevel.DEPARTEMENT, sorted(set(departements)),
            _TRANSPARENT, name="Limites des départements", showlegend=False, hoverinfo="skip",
            marker={"line": {"color": OUTLINE_COLOUR, "width": 1.2}}))
    if selected is not None and selected in codes:
        position = codes.index(selected)
        file = next(f for f, scope in files.items()
                    if scope is None or departements[position] in scope)
        traces.append(_choropleth(
            geo(file), level, [selected], _TRANSPARENT, name="Zone choisie", showlegend=False,
            hoverinfo="skip", marker={"line": {"color": SELECTED_COLOUR, "width": 3}}))
    layout = go.Layout(
        height=height, margin={"l": 0, "r": 0, "t": 10, "b": 0}, paper_bgcolor="white",
        separators=", ", font={"size": 14, "family": "Source Sans, Arial, sans-serif",
                               "color": "#31333f"},
        dragmode=False,
        # The map keeps the left four fifths, the legend the rest: it never hides an area.
        geo={"visible": False, "fitbounds": "locations", "bgcolor": "white",
             "domain": {"x": [0, 0.8], "y": [0, 1]},
             "projection": {"type": "conic conformal", "parallels": [44, 49]}},
        legend={"title": {"text": f"<b>{metric.label}</b><br>par {LEVEL_WORDS[level]}"},
                "itemclick": False, "itemdoubleclick": False, "bgcolor": "rgba(255,255,255,0.85)",
                "x": 0.99, "xanchor": "right", "y": 0.9, "yanchor": "top"})
    return go.Figure(data=traces, layout=layout, _validate=False)


_TRANSPARENT = "rgba(0,0,0,0)"


def _choropleth(geojson: Any, level: TerritoryLevel, locations: list[str], colour: str,
                **props: Any) -> dict[str, Any]:
    """One single-colour choropleth trace: every location drawn in ``colour``."""
    return {"type": "choropleth", "geojson": geojson, "featureidkey": FEATURE_KEYS[level],
            "locations": locations, "z": [0] * len(locations), "zmin": 0, "zmax": 1,
            "colorscale": [[0, colour], [1, colour]], "showscale": False, **props}


def for_slides(fig: go.Figure, title: str, source: str) -> go.Figure:
    """A copy of ``fig`` titled and sourced for a slide (16:9), the legend beside the map."""
    slide = go.Figure(fig)
    slide.update_layout(
        title={"text": title, "x": 0.02, "font": {"size": 22}}, width=1600, height=900,
        margin={"l": 20, "r": 20, "t": 80, "b": 70},
        annotations=[{"text": source, "xref": "paper", "yref": "paper", "x": 0, "y": -0.02,
                      "showarrow": False, "xanchor": "left", "yanchor": "top",
                      "align": "left", "font": {"size": 13, "color": "#555"}}])
    return slide
