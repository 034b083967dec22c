"""The presentation of a territory to elected officials, built once for deck, page and report.

:func:`build_deck` reads the territory's offers once (:func:`accueil.services.indicators.read_facts`,
through the audience's counted offers), and composes the slides of :mod:`accueil.domain.slides`:
title, key figures, coverage map, offers by kind and step, what is missing where, progress since
a date, featured qualified offers (only those the audience may see in detail,
:func:`accueil.services.audience.visible_offers`), next steps to decide. The PowerPoint file,
the *Présenter* page and the A4 report draw that same :class:`~accueil.domain.slides.Deck`.
The map is drawn from the offers the audience may see in detail only (a confidential offer
coloured on its commune would point at it); its caption says how many are left out.
No streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from accueil import fr
from accueil.domain.access import SMALL_COUNT_NOTE, Principal, protect_count
from accueil.domain.indicators import (
    OPEN_STATUSES,
    PROGRESS_NOTE,
    Indicator,
    count_text,
    glossary,
    pillar_words,
    progress,
)
from accueil.domain.offers import (
    AMENITY_LABELS,
    ActivityKind,
    Amenity,
    OfferStatus,
    ReceptivityKind,
)
from accueil.domain.pillars import Pillar, PillarStatus, Qualification
from accueil.domain.slides import (
    AreaSheet,
    Card,
    Chart,
    Deck,
    Figure,
    Report,
    Series,
    Slide,
    SlideKind,
    Table,
)
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.geo.export import ExportError, export_images
from accueil.geo.framing import framed
from accueil.geo.maps import LEVEL_WORDS, Metric, for_slides, map_figure
from accueil.services.audience import UNDISCLOSED, visible_offers
from accueil.services.charts import QUALIFICATION_COLOURS
from accueil.services.indicators import (
    AreaIndicators,
    TerritoryFacts,
    area_indicators,
    area_level,
    read_facts,
)
from accueil.store.amenities import territory_profiles
from accueil.store.db import Db
from accueil.store.indicators import featured_offers
from accueil.store.maps import MapFilters

SOURCES = ("Sources : Accueil (offres saisies et importées par le territoire) · INSEE, "
           "population municipale · IGN ADMIN EXPRESS (Licence Ouverte 2.0)")
MISSING_ROWS = 10
FEATURED = 6
STATUS_COLOUR = "#56B4E9"
MAP_METRIC = Metric.SHARE

MapRenderer = Callable[[go.Figure], bytes]


def render_png(figure: go.Figure) -> bytes:
    """The map as a PNG (kaleido, 1600 x 900 at scale 2); raises ExportError (French)."""
    return export_images(figure, ("png",))["png"]


def build_deck(db: Db, territory: Territory, audience: Principal, since: date,
               today: date | None = None, filters: MapFilters | None = None,
               render: MapRenderer | None = render_png) -> Deck:
    """Every slide of the presentation of ``territory`` to ``audience``.

    ``since``: the date progress is counted from. ``render``: draws the map figure to PNG
    (``None``: no image, the slide says so).
    """
    facts = read_facts(db, territory, audience, filters)
    return _deck(db, facts, area_indicators(facts), since, today or date.today(), render)


def _deck(db: Db, facts: TerritoryFacts, areas: list[AreaIndicators], since: date, day: date,
          render: MapRenderer | None) -> Deck:
    territory, audience = facts.territory, facts.audience
    figures = facts.indicators()
    slides = [
        Slide(SlideKind.TITLE, f"Les offres d'accueil qualifiées — {territory.label}",
              subtitle=f"Point au {fr.day(day)} · présenté aux {audience_words(audience)}",
              bullets=((f"{figures.text(Indicator.OPEN)} offres ouvertes, dont "
                       f"{figures.text(Indicator.QUALIFIED)} qualifiées "
                       f"({figures.text(Indicator.SHARE)})"),)),
        _figures_slide(facts),
        _map_slide(facts, render),
        _charts_slide(facts),
        _missing_slide(facts, areas),
        _progress_slide(facts, since),
        _featured_slide(db, facts),
        _next_steps_slide(facts, areas),
    ]
    return Deck(territory.label, audience_words(audience).capitalize(), day, since, SOURCES,
                tuple(slides), tuple(glossary()))


def audience_words(audience: Principal) -> str:
    return {"elu": "élus", "public": "grand public", "partenaire": "partenaires"}.get(
        audience.role.value, "équipes du territoire")


def _protection_note(facts: TerritoryFacts) -> str:
    return SMALL_COUNT_NOTE if bool(facts.offers[UNDISCLOSED].any()) else ""


# -- key figures -------------------------------------------------------------------------------


def _figures_slide(facts: TerritoryFacts) -> Slide:
    values = facts.indicators()
    shown = [Figure(i.label, values.text(i), i.definition) for i in Indicator]
    note = "Offres de démonstration comprises." if bool(facts.offers["is_demo"].any()) else ""
    if values.protected:
        note = " ".join(n for n in (note, SMALL_COUNT_NOTE) if n)
    return Slide(SlideKind.FIGURES, "Chiffres clés", subtitle=facts.territory.label,
                 figures=tuple(shown), note=note)


# -- map ---------------------------------------------------------------------------------------


def map_level(territory: Territory) -> TerritoryLevel:
    return TerritoryLevel.DEPARTEMENT if territory.level is TerritoryLevel.MASSIF \
        else TerritoryLevel.COMMUNE


def map_areas_of(facts: TerritoryFacts, level: TerritoryLevel) -> pd.DataFrame:
    """The map's areas (columns of :func:`accueil.store.maps.map_areas`) from the open offers
    the audience may see in detail."""
    communes = facts.communes
    offers = facts.offers[~facts.offers[UNDISCLOSED].to_numpy(dtype=bool)]
    offers = offers[offers["status"].isin([s.value for s in OPEN_STATUSES])]
    per_commune = pd.DataFrame({
        "code_insee": offers["commune_insee"].astype(str),
        "offers": 1,
        "qualified": (offers["qualification"] == Qualification.QUALIFIEE.value).astype(int),
        **{f"missing_{p.value}": (offers[f"pillar_{p.value}"] != PillarStatus.COMPLET.value
                                  ).astype(int) for p in Pillar},
    }).groupby("code_insee").sum()
    joined = communes.join(per_commune, on="code_insee").fillna(
        {c: 0 for c in per_commune.columns})
    if level is TerritoryLevel.COMMUNE:
        keys, names = joined["code_insee"], joined["nom"]
    elif level is TerritoryLevel.EPCI:
        keys, names = joined["code_epci"].fillna(""), joined["epci"].fillna("")
    else:
        keys, names = joined["code_departement"], joined["departement"]
    numbers = ["population", "offers", "qualified", *(f"missing_{p.value}" for p in Pillar)]
    grouped = joined.assign(code=keys, name=names).groupby("code", sort=False).agg(
        name=("name", "first"), departement=("code_departement", "first"),
        communes=("code_insee", "size"), **{c: (c, "sum") for c in numbers}).reset_index()
    for column in numbers:
        grouped[column] = grouped[column].astype("int64")
    return grouped[grouped["code"] != ""].reset_index(drop=True)


def map_slide_figure(facts: TerritoryFacts) -> tuple[go.Figure, str]:
    """The coverage map for a slide, framed on the territory, and its French caption."""
    level = map_level(facts.territory)
    areas = map_areas_of(facts, level)
    whole = facts.territory.level is TerritoryLevel.MASSIF
    figure = map_figure(areas, level, MAP_METRIC, str, whole_massif=whole)
    shown = int(areas["offers"].sum())
    left_out = int((facts.offers[UNDISCLOSED] & facts.offers["status"].isin(
        [s.value for s in OPEN_STATUSES])).sum())
    caption = (f"{MAP_METRIC.label} par {LEVEL_WORDS[level]} : "
               f"{fr.plural(shown, 'offre ouverte', 'offres ouvertes')}")
    if left_out:
        caption += (f" ; {fr.plural(left_out, 'offre confidentielle', 'offres confidentielles')}"
                    " comptée(s) dans les chiffres clés mais pas sur la carte")
    title = f"{MAP_METRIC.label} par {LEVEL_WORDS[level]} — {facts.territory.label}"
    slide = for_slides(figure, title, caption + "<br>" + SOURCES)
    if not whole:
        slide = framed(slide, areas, level)
    return slide, caption


def _map_slide(facts: TerritoryFacts, render: MapRenderer | None) -> Slide:
    figure, _caption = map_slide_figure(facts)
    image, note = None, "Carte non dessinée pour ce document."
    if render is not None:
        try:
            image, note = render(figure), ""
        except ExportError as error:
            note = error.message
    return Slide(SlideKind.MAP, "Couverture du territoire", image=image,
                 image_note=note)


# -- charts ------------------------------------------------------------------------------------


def _cell(mask: np.ndarray, undisclosed: np.ndarray) -> float:
    """A chart cell, 0 when small-count protection hides it (the note says so)."""
    shown = protect_count(int(mask.sum()), int((mask & undisclosed).sum()))
    return float(shown or 0)


def charts_of(facts: TerritoryFacts) -> tuple[Chart, Chart]:
    offers = facts.offers
    undisclosed = offers[UNDISCLOSED].to_numpy(dtype=bool)
    status = offers["status"].to_numpy(dtype=object)
    is_open = np.isin(status, [s.value for s in OPEN_STATUSES])
    kinds = offers["activity_kind"].to_numpy(dtype=object)
    qualification = offers["qualification"].to_numpy(dtype=object)
    by_kind = Chart(
        "Offres ouvertes par type d'activité", tuple(k.label for k in ActivityKind),
        tuple(Series(q.label, tuple(_cell(is_open & (kinds == k.value) & (qualification == q.value),
                                          undisclosed) for k in ActivityKind),
                     QUALIFICATION_COLOURS[q]) for q in Qualification),
        horizontal=True, stacked=True, value_title="Offres ouvertes")
    steps = [s for s in OfferStatus if s is not OfferStatus.ARCHIVEE]
    by_step = Chart(
        "Offres par étape", tuple(s.label for s in steps),
        (Series("Offres", tuple(_cell(status == s.value, undisclosed) for s in steps),
                STATUS_COLOUR),), horizontal=False, stacked=False)
    return by_kind, by_step


def _charts_slide(facts: TerritoryFacts) -> Slide:
    return Slide(SlideKind.CHARTS, "Les offres par type et par étape", charts=charts_of(facts),
                 note=" ".join(n for n in (
                     ("Étapes : de la veille à la publication, puis « pourvue » quand un "
                     "nouvel arrivant a repris l'offre."), _protection_note(facts)) if n))


# -- what is missing where ---------------------------------------------------------------------


def missing_table(facts: TerritoryFacts, areas: list[AreaIndicators],
                  limit: int | None = MISSING_ROWS) -> Table:
    level = area_level(facts.territory)
    with_offers = [a for a in areas if a.indicators.open != 0]
    shown = with_offers if limit is None else with_offers[:limit]
    rows = tuple(
        (a.name, a.indicators.text(Indicator.OPEN), a.indicators.text(Indicator.QUALIFIED),
         *(count_text(a.indicators.incomplete[p]) for p in Pillar),
         a.indicators.text(Indicator.MISSING_PILLAR))
        for a in shown)
    rest = len(with_offers) - len(shown)
    note = (f"Et {fr.plural(rest, LEVEL_WORDS[level])} de plus ayant des offres (rapport "
            "complet : une fiche par zone)." if rest > 0 else "")
    return Table((LEVEL_WORDS[level].capitalize(), "Ouvertes", "Qualifiées",
                  *(f"{p.label} à compléter" for p in Pillar), "Pilier le plus manquant"),
                 rows, note)


def _missing_slide(facts: TerritoryFacts, areas: list[AreaIndicators]) -> Slide:
    level = area_level(facts.territory)
    return Slide(SlideKind.MISSING, "Ce qui manque, et où",
                 subtitle=f"Offres ouvertes par {LEVEL_WORDS[level]}, les plus nombreuses "
                          "d'abord : combien ont chaque pilier partiel ou absent",
                 table=missing_table(facts, areas), note=_protection_note(facts))


# -- progress ----------------------------------------------------------------------------------


def _dates(column: pd.Series) -> np.ndarray:
    return pd.to_datetime(column).to_numpy(dtype="datetime64[s]")


def _progress_slide(facts: TerritoryFacts, since: date) -> Slide:
    offers = facts.offers
    found = progress(facts.arrays, _dates(offers["created_at"]),
                     _dates(offers["qualified_at"]), _dates(offers["updated_at"]),
                     np.datetime64(since.isoformat(), "s"), fr.day(since))
    return Slide(
        SlideKind.PROGRESS, f"Depuis le {found.since}",
        figures=(Figure("Offres nouvelles", count_text(found.created),
                        "Offres enregistrées depuis cette date (ouvertes ou pourvues)."),
                 Figure("Offres qualifiées", count_text(found.qualified),
                        "Offres ouvertes devenues qualifiées depuis cette date."),
                 Figure("Offres pourvues", count_text(found.filled),
                        "Offres pourvues dont la dernière modification date de la période.")),
        note=" ".join(n for n in (PROGRESS_NOTE, _protection_note(facts)) if n))


# -- featured offers ---------------------------------------------------------------------------


def _card(row: pd.Series) -> Card:
    kind = ActivityKind(row["activity_kind"]).label if row.get("activity_kind") else "Offre"
    lines = []
    label = row.get("naf_label")
    if isinstance(label, str) and label.strip():
        lines.append(f"Activité : {label.strip()}")
    qualified = row.get("qualified_at")
    if qualified is not None and not pd.isna(qualified):
        lines.append(f"Qualifiée le {fr.day(pd.Timestamp(qualified).date())}")
    description = row.get("description")
    if isinstance(description, str) and description.strip():
        text = " ".join(description.split())
        lines.append(text if len(text) <= 140 else text[:139].rstrip() + "…")
    return Card(str(row["title"]), f"{row['commune']} · {kind}", tuple(lines))


def featured_cards(db: Db, facts: TerritoryFacts, limit: int = FEATURED) -> tuple[Card, ...]:
    candidates = featured_offers(db, facts.territory, facts.filters)
    seen = visible_offers(candidates, facts.audience)
    return tuple(_card(row) for _, row in seen.head(limit).iterrows())


def _featured_slide(db: Db, facts: TerritoryFacts) -> Slide:
    cards = featured_cards(db, facts)
    return Slide(SlideKind.FEATURED, "Des offres qualifiées à faire connaître", cards=cards,
                 note=("Seules figurent les offres que ce public peut voir en détail ; les "
                       "offres confidentielles restent comptées dans les chiffres.")
                 if cards else "Aucune offre qualifiée ne peut être montrée en détail à ce "
                               "public pour l'instant.")


# -- next steps --------------------------------------------------------------------------------

_PILLAR_ASKS = {
    Pillar.ACTIVITE: "préciser l'activité (chiffres, calendrier, conditions) avec les cédants "
                     "et les employeurs",
    Pillar.RECEPTIVITE: "trouver un logement ou un local (" + ", ".join(
        k.label.lower() for k in ReceptivityKind) + ") pour chaque offre",
    Pillar.AMENITES: "décrire les services et le cadre de vie des communes concernées",
}


def next_steps(facts: TerritoryFacts, areas: list[AreaIndicators]) -> tuple[str, ...]:
    """Proposals to decide, from the gaps found: one per pillar missing, busiest areas named."""
    values = facts.indicators()
    steps = []
    for pillar in sorted(Pillar, key=lambda p: -(values.incomplete[p] or 0)):
        count = values.incomplete[pillar]
        if not count:
            continue
        where = [a.name for a in sorted(areas, key=lambda a: -(a.indicators.incomplete[pillar]
                                                               or 0))
                 if a.indicators.incomplete[pillar]][:3]
        steps.append(f"{pillar.label} : {_PILLAR_ASKS[pillar]} — "
                     f"{fr.plural(count, 'offre')} à compléter"
                     + (f", d'abord à {', '.join(where)}" if where else "") + ".")
    offers = facts.offers
    waiting = ((offers["qualification"] == Qualification.QUALIFIEE.value)
               & offers["status"].isin([OfferStatus.VEILLE.value,
                                        OfferStatus.EN_QUALIFICATION.value])).to_numpy(bool)
    unpublished = protect_count(int(waiting.sum()), int(
        (waiting & offers[UNDISCLOSED].to_numpy(dtype=bool)).sum()))
    if unpublished:
        steps.append(f"Publier {fr.plural(unpublished, 'offre qualifiée', 'offres qualifiées')}"
                     " pas encore diffusée(s).")
    if values.most_missing:
        steps.append(f"Désigner un référent pour le pilier « {pillar_words(values.most_missing)} "
                     "», le plus souvent manquant, et fixer une échéance.")
    steps.append("Fixer la date du prochain point d'étape avec les élus.")
    return tuple(steps)


def _next_steps_slide(facts: TerritoryFacts, areas: list[AreaIndicators]) -> Slide:
    return Slide(SlideKind.NEXT_STEPS, "Ce qu'il y a à décider",
                 bullets=next_steps(facts, areas),
                 note="Propositions tirées des manques constatés ; à discuter.")


# -- the territory report ----------------------------------------------------------------------


def _services(profiles: pd.DataFrame, codes: list[str], single: bool
              ) -> tuple[tuple[str, str], ...]:
    """Each service of the commune (present, absent, not known), or for an area how many of
    its communes have it."""
    chosen = profiles[profiles["code_insee"].isin(codes)]
    found = []
    for amenity in Amenity:
        values = chosen[amenity.value] if amenity.value in chosen.columns else pd.Series()
        known = values.dropna()
        if single:
            text = ("non renseigné" if known.empty
                    else "présent" if float(known.iloc[0]) > 0 else "absent")
        else:
            having = int((known > 0).sum())
            text = (f"{fr.number(having)} commune{'s' if having > 1 else ''} sur "
                    f"{fr.number(len(codes))}" + (
                        f" ({fr.number(len(codes) - len(known))} non renseignée(s))"
                        if len(known) < len(codes) else ""))
        found.append((AMENITY_LABELS[amenity], text))
    return tuple(found)


def area_sheets(db: Db, facts: TerritoryFacts, areas: list[AreaIndicators]
                ) -> tuple[AreaSheet, ...]:
    """One sheet per area of the territory (communes of an EPCI, EPCI of a département,
    départements of the massif), in the order of ``areas``."""
    level = area_level(facts.territory)
    profiles = territory_profiles(db, facts.territory)
    column = {TerritoryLevel.COMMUNE: "code_insee", TerritoryLevel.EPCI: "code_epci",
              TerritoryLevel.DEPARTEMENT: "code_departement"}[level]
    members = facts.communes.groupby(facts.communes[column].fillna("").astype(str))[
        "code_insee"].apply(list).to_dict()
    sheets = []
    for area in areas:
        values = area.indicators
        figures = tuple(Figure(i.label, values.text(i), i.definition) for i in (
            Indicator.OPEN, Indicator.QUALIFIED, Indicator.SHARE, Indicator.FILLED,
            Indicator.MISSING_PILLAR, Indicator.DENSITY))
        gaps = tuple((p.label, count_text(values.incomplete[p])) for p in Pillar)
        codes = [str(c) for c in members.get(area.code, [])]
        sheets.append(AreaSheet(
            area.name, f"{fr.number(values.population)} habitants"
            + (f" · {fr.plural(area.communes, 'commune')}" if area.communes > 1 else ""),
            figures, gaps, _services(profiles, codes, level is TerritoryLevel.COMMUNE),
            note=SMALL_COUNT_NOTE if values.protected else ""))
    return tuple(sheets)


def build_report(db: Db, territory: Territory, audience: Principal, since: date,
                 today: date | None = None, filters: MapFilters | None = None,
                 render: MapRenderer | None = render_png) -> Report:
    """The deck's content, every area in the table of gaps, one sheet per area."""
    facts = read_facts(db, territory, audience, filters)
    areas = area_indicators(facts)
    deck = _deck(db, facts, areas, since, today or date.today(), render)
    return Report(deck, area_sheets(db, facts, areas), LEVEL_WORDS[area_level(territory)],
                  missing_table(facts, areas, limit=None))
