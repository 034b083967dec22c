"""Which offers a query may count or list, as decided for one audience elsewhere.

The store never decides who sees what: :mod:`accueil.services.audience` applies
:func:`accueil.domain.access.visibility` to the distinct (confidentiality, commune, source
partner) of the stored offers (:func:`offer_triples`) and hands the answer back as a
:class:`Seen`. Queries then read offers through :func:`offers_source`, which joins that answer:
hidden offers are gone, offers the audience may only count carry ``undisclosed = true`` (and
are gone from lists). ``None`` means an audience that sees every offer in full.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from accueil.store.db import Db, Tx

TRIPLE_COLUMNS = ("confidentiality", "commune_insee", "source_partner")
_TABLE = "audience_seen"


@dataclass(frozen=True, slots=True, eq=False)
class Seen:
    """One row per (confidentiality, commune_insee, source_partner) the audience may count,
    with a boolean ``undisclosed`` (counted only, never listed); a triple absent is hidden."""

    triples: pd.DataFrame
    # an offer counted only is not counted where its commune has fewer offers than this
    isolation: int = 0

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
    with tx.frame_table(_TABLE, _frame(seen, listing)):
        yield (f"(SELECT x.*, a.undisclosed FROM offers x JOIN {_TABLE} a "
               "ON a.confidentiality = x.confidentiality AND a.commune_insee = x.commune_insee "
               f"AND a.source_partner = coalesce(x.source_partner, '')) {alias}")


@contextmanager
def counted_source(tx: Tx, seen: Seen | None, condition: str = "true",
                   params: Sequence[Any] = (), alias: str = "o") -> Iterator[tuple[str, list[Any]]]:
    """A FROM item standing for the offers an aggregate counts, and its parameters.

    ``condition`` (on alias ``x``, with ``params``) selects the offers counted, e.g. a map's
    filters. With ``seen``, an offer the audience may only count is left out wherever it is
    one of fewer than ``seen.isolation`` offers of its commune so selected: no total, and no
    difference of totals, can then point at it. Rows carry ``undisclosed``.
    """
    if seen is None:
        yield (f"(SELECT x.*, false AS undisclosed FROM offers x WHERE {condition}) {alias}",
               list(params))
        return
    frame = _frame(seen)
    with tx.frame_table(_TABLE, frame):
        source = (
            "(SELECT * FROM (SELECT x.*, a.undisclosed, "
            "count(*) OVER (PARTITION BY x.commune_insee) AS commune_offers "
            f"FROM offers x JOIN {_TABLE} a ON a.confidentiality = x.confidentiality "
            "AND a.commune_insee = x.commune_insee "
            f"AND a.source_partner = coalesce(x.source_partner, '') WHERE {condition}) y "
            f"WHERE NOT (y.undisclosed AND y.commune_offers < {int(seen.isolation)})) {alias}")
        yield source, list(params)


def _frame(seen: Seen, listing: bool = False) -> pd.DataFrame:
    frame = seen.triples.loc[:, [*TRIPLE_COLUMNS, "undisclosed"]].astype(
        {"confidentiality": str, "commune_insee": str, "source_partner": str,
         "undisclosed": bool})
    if listing:
        frame = frame[~frame["undisclosed"]]
    return frame.reset_index(drop=True)
