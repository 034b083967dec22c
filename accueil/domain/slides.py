"""What a presentation to elected officials says, slide by slide, as plain data.

One :class:`Deck` is built by :func:`accueil.services.present.build_deck`, then drawn three
ways: as an editable PowerPoint file (:mod:`accueil.io.deck`), as the *Présenter* page one
slide at a time (:mod:`accueil.ui.present`) and as the A4 territory report
(:mod:`accueil.io.territory_report`). So the three show the same figures, words and order.
Everything here is already French text (numbers formatted by :mod:`accueil.fr`) except chart
values, which stay numbers so that the deck's charts remain editable. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class SlideKind(StrEnum):
    TITLE = "titre"
    FIGURES = "chiffres"
    MAP = "carte"
    CHARTS = "graphiques"
    MISSING = "manques"
    PROGRESS = "progres"
    FEATURED = "offres"
    NEXT_STEPS = "decisions"


@dataclass(frozen=True, slots=True)
class Figure:
    """One key figure: its label, its value as printed, and its one-line definition."""

    label: str
    value: str
    definition: str = ""


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]
    colour: str  # "#RRGGBB"


@dataclass(frozen=True, slots=True)
class Chart:
    """A bar chart: ``categories`` along one axis, one bar segment per series."""

    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    horizontal: bool = False
    stacked: bool = True
    value_title: str = "Offres"

    @property
    def total(self) -> float:
        return float(sum(sum(s.values) for s in self.series))


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""  # e.g. "et 12 autres communes"


@dataclass(frozen=True, slots=True)
class Card:
    """A featured offer, as the audience may see it."""

    title: str
    place: str  # "Saint-Flour · Reprise d'entreprise"
    lines: tuple[str, ...]  # short facts: "Logement : maison 4 pièces", "Qualifiée le …"


@dataclass(frozen=True, slots=True)
class Slide:
    kind: SlideKind
    title: str
    subtitle: str = ""
    figures: tuple[Figure, ...] = ()
    charts: tuple[Chart, ...] = ()
    table: Table | None = None
    cards: tuple[Card, ...] = ()
    bullets: tuple[str, ...] = ()
    image: bytes | None = None  # PNG (the map)
    image_note: str = ""  # said instead of the image when it could not be drawn
    note: str = ""  # a caption under the content (small-count note, what is counted)


@dataclass(frozen=True, slots=True)
class Deck:
    territory: str
    audience: str  # "Élus", in French
    day: date
    since: date
    sources: str  # one French line, printed on every slide
    slides: tuple[Slide, ...] = field(default_factory=tuple)
    glossary: tuple[tuple[str, str], ...] = ()

    def footer(self, number: int) -> str:
        """The line under every slide: territory, date, sources, slide number."""
        return (f"{self.territory} · {self.day.strftime('%d/%m/%Y')} · {self.sources} · "
                f"{number}/{len(self.slides)}")


@dataclass(frozen=True, slots=True)
class AreaSheet:
    """One commune (or EPCI, or département) of the territory report's per-area sheets."""

    name: str
    population: str  # "6 391 habitants"
    figures: tuple[Figure, ...]  # open, qualified, filled, most missing pillar
    gaps: tuple[tuple[str, str], ...]  # (pillar, open offers where it is incomplete: "3")
    services: tuple[tuple[str, str], ...]  # (service, "présent" / "absent" / "4 communes sur 9")
    note: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """The A4 territory report: the deck's content, a sheet per area, the glossary."""

    deck: Deck
    sheets: tuple[AreaSheet, ...]
    area_word: str  # "commune", "intercommunalité", "département"
    missing: Table  # every area, not only the busiest
