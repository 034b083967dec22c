"""Which offers a query may count or list, as decided for one audience elsewhere.

The store never decides who sees what: :mod:`accueil.services.audience` applies
:func:`accueil.domain.access.visibility` to the distinct (confidentiality, commune, source
partner) of the stored offers (:func:`offer_triples`) and hands the answer back as a
:class:`Seen`. Queries then read offers through :func:`offers_source`, which joins that answer:
hidden offers are gone, offers the audience may only count carry ``undisclosed = true`` (and
are gone from lists). ``None`` means an audience that sees every offer in full.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd

from accueil.store.db import Db, Tx

TRIPLE_COLUMNS = ("confidentiality", "commune_insee", "source_partner")
_TABLE = "audience_seen"


@dataclass(frozen=True, slots=True, eq=False)
class Seen:
    """One row per (confidentiality, commune_insee, source_partner) the audience may count,
    with a boolean ``undisclosed`` (counted only, never listed); a triple absent is hidden."""

    triples: pd.DataFrame

    def __post_init__(self) -> None:
        missing = [c for c in (*TRIPLE_COLUMNS, "undisclosed") if c not in self.triples.columns]
        if missing:
            raise ValueError(f"Seen needs the columns {missing}")


def offer_triples(db: Db) -> pd.DataFrame:
    """The distinct (confidentiality, commune_insee, source_partner) of the stored offers."""
    with db.reading() as tx:
        return tx.frame(
            "SELECT DISTINCT confidentiality, commune_insee, coalesce(source_partner, '') "
            "AS source_partner FROM offers ORDER BY 1, 2, 3")


@contextmanager
def offers_source(tx: Tx, seen: Seen | None, alias: str = "o", *,
                  listing: bool = False) -> Iterator[str]:
    """A FROM item standing for ``offers {alias}``, restricted to what ``seen`` allows, with
    a boolean column ``undisclosed``; with ``listing``, undisclosed offers are left out too.

    Use it inside ``db.reading()``: the decision is readable as a table for that block only.
    """
    if seen is None:
        yield f"(SELECT x.*, false AS undisclosed FROM offers x) {alias}"
        return
    frame = seen.triples.loc[:, [*TRIPLE_COLUMNS, "undisclosed"]].astype(
        {"confidentiality": str, "commune_insee": str, "source_partner": str,
         "undisclosed": bool})
    if listing:
        frame = frame[~frame["undisclosed"]]
    with tx.frame_table(_TABLE, frame.reset_index(drop=True)):
        yield (f"(SELECT x.*, a.undisclosed FROM offers x JOIN {_TABLE} a "
               "ON a.confidentiality = x.confidentiality AND a.commune_insee = x.commune_insee "
               f"AND a.source_partner = coalesce(x.source_partner, '')) {alias}")
