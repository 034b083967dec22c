"""The *Offres* page's reads, for one audience: the filtered list and one offer.

Lists hold only the offers the audience may list (:func:`accueil.services.audience.seen_by`),
restricted ones redacted; a text search over a list that holds redacted offers runs on what
the audience sees (the redacted title), never on the seller's title it may not read.
No streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from accueil.domain.access import Principal
from accueil.services.audience import listed, seen_by
from accueil.services.tables import offers_table
from accueil.store.db import Store
from accueil.store.offers import OfferQuery, list_offers


@dataclass(frozen=True, slots=True, eq=False)
class OffersList:
    offers: pd.DataFrame  # rows as the audience may see them (accueil.services.audience)
    table: pd.DataFrame  # the same rows with French headers (accueil.services.tables)
    total: int  # how many match in all (the list holds at most the query's limit)


def _search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose shown title, commune or partner contains ``text`` (any case), as the
    store's ILIKE search does."""
    needle = text.strip().casefold()
    if not needle:
        return frame
    hit = pd.Series(False, index=frame.index)
    for column in ("title", "commune", "source_partner"):
        hit |= frame[column].astype(str).str.casefold().str.contains(needle, regex=False)
    return frame[hit]


def offers_list(store: Store, query: OfferQuery, *, audience: Principal) -> OffersList:
    """The offers matching ``query`` that ``audience`` may list, newest first."""
    seen = seen_by(store, audience)
    if seen is None:
        found = list_offers(store, query)
        total = int(found["total"].iloc[0]) if len(found) else 0
        return OffersList(found, offers_table(found), total)
    if query.text.strip():
        every = listed(list_offers(store, replace(query, text="", limit=None), seen=seen),
                       audience)
        every = _search(every, query.text)
        total = len(every)
        found = every.head(query.limit) if query.limit is not None else every
    else:
        found = listed(list_offers(store, query, seen=seen), audience)
        total = int(found["total"].iloc[0]) if len(found) else 0
    found = found.assign(total=total)
    return OffersList(found, offers_table(found), total)
