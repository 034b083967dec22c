"""The headline indicators on a page: cached per territory, filters, audience and store revision,
drawn as metrics whose hover help is the indicator's one-line definition.

Every page that shows a headline figure draws it from here, so that the dashboard, the
*Qualifier* page and the map print the same value for the same territory and filters.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from accueil.domain.access import SMALL_COUNT_NOTE, Principal
from accueil.domain.indicators import Indicator, Indicators
from accueil.domain.territories import Territory
from accueil.services.indicators import territory_indicators
from accueil.store.db import Store
from accueil.store.maps import MapFilters

HEADLINE = (Indicator.OPEN, Indicator.QUALIFIED, Indicator.SHARE, Indicator.MISSING_PILLAR)
SECONDARY = (Indicator.DENSITY, Indicator.FILLED, Indicator.TIME_TO_QUALIFY)


def indicators(store: Store, territory: Territory, audience: Principal,
               filters: MapFilters | None = None) -> Indicators:
    """The indicators of ``territory`` for ``audience``, recomputed only after a write."""
    return _indicators(store, territory, audience, audience.cache_key, filters or MapFilters(),
                       store.revision())


@st.cache_data(show_spinner=False, max_entries=64)
def _indicators(_store: Store, territory: Territory, _audience: Principal,
                audience_key: tuple[str, str, str], filters: MapFilters,
                revision: int) -> Indicators:
    return territory_indicators(_store, territory, _audience, filters)


def metrics(values: Indicators, *rows: Sequence[Indicator]) -> None:
    """One ``st.metric`` per indicator, in rows of four, each with its definition on hover;
    the small-count note below when a count is hidden. Default: the headline row."""
    for shown in rows or (HEADLINE,):
        for column, indicator in zip(st.columns(4), shown, strict=False):
            column.metric(indicator.label, values.text(indicator), help=indicator.definition)
    if values.protected:
        st.caption(SMALL_COUNT_NOTE)
