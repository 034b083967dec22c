"""What the *Carte* page asks for: the map of a territory, its figures, and its images.

:func:`map_view` runs the store's aggregation and builds everything the page draws in one
call: the drawing, the table of figures behind it, the areas one can pick, the captions.
:func:`map_images` turns the same map into PNG and SVG files for slides (a plotly figure drawn
by kaleido, made only then). The drawing gets its outlines through a ``geo`` function chosen
by the caller (a URL for the browser, the SVG paths themselves otherwise). No streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from accueil import fr
from accueil.domain.access import SMALL_COUNT_NOTE, Principal
from accueil.domain.pillars import Pillar
from accueil.domain.sectors import sector_label
from accueil.domain.territories import MASSIF_CENTRAL, MASSIF_NOTE, Territory, TerritoryLevel
from accueil.geo.assets import published_bytes
from accueil.geo.export import export_images
from accueil.geo.maps import (
    LEVEL_WORDS,
    PROTECTED_MISSING,
    PROTECTED_OFFERS,
    PROTECTED_QUALIFIED,
    GeoSource,
    Metric,
    area_titles,
    areas_table,
    for_slides,
    geometry_files,
    map_drawing,
    map_figure,
)
from accueil.services.audience import listed, protected, seen_by
from accueil.services.tables import offers_table
from accueil.store.db import Store
from accueil.store.maps import COUNT_COLUMNS, MapFilters, area_offers, map_areas, sectors_in_use

__all__ = ["AreaOffers", "MapFilters", "MapView", "area_offers_of", "default_level", "map_images",
           "map_view", "protect_areas", "sector_choices"]


@dataclass(frozen=True, slots=True, eq=False)
class MapView:
    """One map as the page shows it."""

    territory: Territory
    level: TerritoryLevel
    metric: Metric
    filters: MapFilters
    areas: pd.DataFrame  # rows of accueil.store.maps.map_areas
    drawing: dict[str, Any]  # what the map component draws (accueil.geo.maps.map_drawing)
    # areas holding offers: code -> label, the most offers first
    choices: dict[str, str] = field(default_factory=dict)
    geometry_files: tuple[str, ...] = ()
    geometry_bytes: int = 0  # the SVG paths the browser downloads at most, before gzip
    selected: str | None = None
    audience: Principal | None = None  # whom the figures were counted for (area lists too)

    @property
    def protected(self) -> int:
        """How many areas have their figures withheld (small counts)."""
        return int(self.areas[PROTECTED_OFFERS].sum()) if PROTECTED_OFFERS in self.areas else 0

    @property
    def note(self) -> str:
        """The French note on withheld figures, or "" when none is withheld."""
        if PROTECTED_OFFERS not in self.areas:
            return ""
        withheld = any(bool(self.areas[c].any()) for c in
                       (PROTECTED_OFFERS, PROTECTED_QUALIFIED, PROTECTED_MISSING))
        return SMALL_COUNT_NOTE if withheld else ""

    @property
    def offers(self) -> int:
        return int(self.areas["offers"].sum())

    @property
    def areas_with_offers(self) -> int:
        return int((self.areas["offers"] > 0).sum())

    @property
    def title(self) -> str:
        return f"{self.metric.label} par {LEVEL_WORDS[self.level]} — {self.territory.label}"

    @property
    def caption(self) -> str:
        """What the map counts, in one French sentence, for the page and the exported image."""
        where = self.territory.label + (f" ({MASSIF_NOTE})"
                                        if self.territory == MASSIF_CENTRAL else "")
        withheld = (f" (et moins de 3 dans chacune de "
                    f"{fr.plural(self.protected, LEVEL_WORDS[self.level])} au chiffre "
                    "non diffusé)" if self.protected else "")
        return (f"{where} · {fr.plural(self.offers, 'offre')} dans "
                f"{fr.plural(self.areas_with_offers, LEVEL_WORDS[self.level])} sur "
                f"{fr.number(len(self.areas))}{withheld} · {filters_text(self.filters)}")

    def table(self) -> pd.DataFrame:
        """The figures behind the map, French headers, one row per area (made on demand)."""
        return areas_table(self.areas, self.level)

    def area(self, code: str) -> Territory | None:
        """The area ``code`` of this map as a territory, to list its offers."""
        found = self.areas[self.areas["code"] == code]
        if found.empty:
            return None
        return Territory(self.level, code, str(found.iloc[0]["name"]))

    def fingerprint(self) -> tuple[object, ...]:
        """What identifies this map: its exported images belong to it and to no other."""
        return (self.territory.code, self.level.value, self.metric.value, self.filters,
                self.audience.cache_key if self.audience is not None else None)


def filters_text(filters: MapFilters) -> str:
    """``"offres en cours, archivées exclues"`` or the filters chosen, in French."""
    parts = []
    if filters.statuses:
        parts.append("étape : " + ", ".join(s.label.lower() for s in filters.statuses))
    else:
        parts.append("offres en cours, archivées exclues")
    if filters.kinds:
        parts.append("type : " + ", ".join(k.label.lower() for k in filters.kinds))
    if filters.sectors:
        parts.append("secteur : " + ", ".join(sector_label(s) for s in filters.sectors))
    return " ; ".join(parts)


def sector_choices(store: Store, territory: Territory, *, audience: Principal) -> list[str]:
    """The sectors worth offering in the map's filter: those of the offers ``audience`` may
    list (a sector only a confidential offer has would point at it)."""
    return sectors_in_use(store, territory, seen=seen_by(store, audience))


def default_level(territory: Territory) -> TerritoryLevel:
    """The level one step below the territory: départements for the massif, else communes."""
    return TerritoryLevel.DEPARTEMENT if territory.level is TerritoryLevel.MASSIF \
        else TerritoryLevel.COMMUNE


def protect_areas(areas: pd.DataFrame) -> pd.DataFrame:
    """``areas`` (of :func:`map_areas` with an audience) with small counts withheld.

    An area whose offer count isolates an offer the audience may not see
    (:func:`accueil.domain.access.protect_count`) gets all its counts set to 0 and
    ``protected_offers``; a withheld qualified count, or pillar count, sets it to 0 and
    ``protected_qualified`` / ``protected_missing``. The ``undisclosed_*`` columns are dropped:
    nothing downstream can print a withheld figure, the flags say why it is missing.
    """
    out = areas.copy()
    missing = [f"missing_{p.value}" for p in Pillar]

    def withheld(column: str) -> pd.Series:
        return pd.Series([protected(n, u) is None for n, u in zip(
            out[column], out[f"undisclosed_{column}"], strict=True)], index=out.index)

    hidden = withheld("offers")
    hidden_q = withheld("qualified") & ~hidden
    hidden_m = pd.Series(False, index=out.index)
    for column in missing:
        hidden_m |= withheld(column)
    hidden_m &= ~hidden
    out.loc[hidden, list(COUNT_COLUMNS)] = 0
    out.loc[hidden_q, "qualified"] = 0
    out.loc[hidden_m, missing] = 0
    out[PROTECTED_OFFERS] = hidden.astype(bool)
    out[PROTECTED_QUALIFIED] = hidden_q.astype(bool)
    out[PROTECTED_MISSING] = hidden_m.astype(bool)
    return out.drop(columns=[f"undisclosed_{c}" for c in COUNT_COLUMNS])


def map_view(store: Store, territory: Territory, level: TerritoryLevel, metric: Metric,
             filters: MapFilters, geo: GeoSource, selected: str | None = None, *,
             audience: Principal) -> MapView:
    """Aggregate the offers of ``territory`` by ``level`` and draw them for ``metric``, as
    ``audience`` may see them (hidden offers not counted, small counts withheld).

    ``selected``: the code of an area to outline on the map (its offers are listed below).
    """
    areas = protect_areas(map_areas(store, territory, level, filters,
                                    seen=seen_by(store, audience)))
    whole = territory.level is TerritoryLevel.MASSIF
    drawing = map_drawing(areas, level, metric, geo, whole_massif=whole, selected=selected)
    files = tuple(geometry_files(level, list(areas["departement"].astype(str)), whole))
    if level is not TerritoryLevel.DEPARTEMENT:
        files += ("departements.geojson",)
    ordered = areas[(areas["offers"] > 0) | areas[PROTECTED_OFFERS]].sort_values(
        "offers", ascending=False, kind="stable")
    choices = {str(code): f"{title} · "
               + ("moins de 3 offres" if hidden else fr.plural(int(n), 'offre'))
               for code, title, n, hidden in zip(
                   ordered["code"].tolist(), area_titles(ordered, level),
                   ordered["offers"].tolist(), ordered[PROTECTED_OFFERS].tolist(), strict=True)}
    return MapView(territory, level, metric, filters, areas, drawing, choices, files,
                   published_bytes(files), drawing["selected"], audience)


@dataclass(frozen=True, slots=True, eq=False)
class AreaOffers:
    """The offers of one area, as the page lists them."""

    table: pd.DataFrame  # French headers (accueil.services.tables.offers_table)
    note: str  # says when only the newest are listed; empty otherwise


def area_offers_of(store: Store, view: MapView, code: str, limit: int = 500, *,
                   audience: Principal) -> AreaOffers:
    """Offers of one area of ``view`` (same territory and filters) that ``audience`` may
    list, newest first, restricted offers redacted."""
    area = view.area(code)
    found = (listed(area_offers(store, view.territory, area, view.filters, limit,
                                seen=seen_by(store, audience)), audience)
             if area is not None else pd.DataFrame())
    total = int(found["total"].max()) if len(found) else 0
    note = (f"Les {fr.number(len(found))} offres les plus récentes sur {fr.number(total)} : "
            "affinez les filtres pour voir les autres." if total > len(found) else "")
    return AreaOffers(offers_table(found) if len(found) else pd.DataFrame(), note)


def map_images(view: MapView, today: date | None = None) -> dict[str, bytes]:
    """PNG and SVG of the map, titled and sourced for a slide; raises ``ExportError``."""
    source = (f"{view.caption}<br>Source : Accueil, offres au {fr.day(today or date.today())}"
              " · contours : IGN ADMIN EXPRESS (Licence Ouverte 2.0)")
    # The traces name their GeoJSON files; the export puts the outlines drawn inline.
    figure = map_figure(view.areas, view.level, view.metric, str,
                        whole_massif=view.territory.level is TerritoryLevel.MASSIF,
                        selected=view.selected)
    return export_images(for_slides(figure, view.title, source))

