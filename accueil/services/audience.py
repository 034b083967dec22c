"""The audience of every output, applied to frames of offers: who sees which rows, and what of them.

:func:`accueil.domain.access.visibility` says, offer by offer, how much an audience may see
(FULL, REDACTED, COUNTED, HIDDEN); the redaction rules are in :mod:`accueil.domain.redaction`.
This module applies both to a DataFrame of offers, once, for every output (pages, map, dashboard,
exports, decks, publications):

- :func:`visible_offers`: the rows an audience may see in detail, REDACTED rows stripped of the
  seller's identity and free text, their figures replaced by bands;
- :func:`counted_offers`: the rows that may be counted in aggregates, with an ``undisclosed``
  column for :func:`accueil.domain.access.protect_count`.

Never re-implement the rule elsewhere: filter through here. A frame needs at least the columns
``confidentiality``, ``commune_insee`` and ``source_partner`` (see
:data:`accueil.store.offers.OFFER_COLUMNS`).

For the store's own queries (lists, dashboard and map aggregates), :func:`seen_by` hands the
same decision over the distinct (confidentiality, commune, partner) of the stored offers, so that
SQL leaves out what must not be counted and flags what may only be counted; the rule itself is
applied here only. Small counts: :func:`protect_columns`, :func:`count_text`. One offer:
:func:`offer_for`. No streamlit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from accueil import fr
from accueil.domain.access import (
    SMALL_COUNT,
    Action,
    Principal,
    Refused,
    Role,
    Visibility,
    protect_count,
    visibility,
)
from accueil.domain.offers import Confidentiality, Offer
from accueil.domain.redaction import (
    BANDED_FIELDS,
    band_field,
    is_identity_field,
    redact_offer,
    redacted_title,
)
from accueil.geo.reference import load_communes
from accueil.store.db import Db
from accueil.store.inventory import item_offer_triples
from accueil.store.offers import get_offer
from accueil.store.seen import Seen, offer_triples

REQUIRED_COLUMNS = ("confidentiality", "commune_insee", "source_partner")
VISIBILITY = "visibility"  # column added to both frames: the row's Visibility value
UNDISCLOSED = "undisclosed"  # column added by counted_offers
_LEVELS = frozenset(c.value for c in Confidentiality)


class AudienceColumnsMissing(ValueError):
    """A frame given to this module lacks a column the audience rule needs (a programming error)."""


def _check(offers: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in offers.columns]
    if missing:
        raise AudienceColumnsMissing(
            "Tableau d'offres incomplet pour appliquer les droits de lecture : colonnes "
            f"{', '.join(missing)} absentes (colonnes trouvées : {', '.join(map(str, offers.columns))}).")


def visibilities(offers: pd.DataFrame, audience: Principal) -> pd.Series:
    """The :class:`Visibility` value (as a string) of each row of ``offers`` for ``audience``.

    Computed once per distinct (confidentiality, commune, source partner), not row by row:
    100 000 offers have a few thousand such triples.
    """
    _check(offers)
    if offers.empty:
        return pd.Series([], index=offers.index, dtype=object, name=VISIBILITY)
    keys = offers[list(REQUIRED_COLUMNS)].astype(object).where(
        offers[list(REQUIRED_COLUMNS)].notna(), None)
    triples = list(zip(keys["confidentiality"], keys["commune_insee"], keys["source_partner"],
                       strict=True))
    decided: dict[tuple[object, object, object], str] = {}
    values = []
    for triple in triples:
        found = decided.get(triple)
        if found is None:
            level, commune, partner = triple
            # An empty or unknown level is treated as the strictest one.
            known = str(level) if str(level) in _LEVELS else Confidentiality.CONFIDENTIELLE
            found = visibility(audience, known,
                               str(commune) if commune is not None else None,
                               str(partner) if partner is not None else None).value
            decided[triple] = found
        values.append(found)
    return pd.Series(values, index=offers.index, dtype=object, name=VISIBILITY)


@lru_cache(maxsize=1)
def _commune_names() -> dict[str, str]:
    communes = load_communes()
    return dict(zip(communes["code_insee"], communes["nom"], strict=True))


def _commune_names_of(frame: pd.DataFrame) -> list[str | None]:
    """The commune name of each row: the frame's ``commune`` column, else the reference's."""
    names = _commune_names()
    given = frame["commune"] if "commune" in frame.columns else [None] * len(frame)
    return [name if isinstance(name, str) and name.strip()
            else names.get(code) if isinstance(code, str) else None
            for name, code in zip(given, frame["commune_insee"], strict=True)]


def _column(frame: pd.DataFrame, name: str) -> list[object]:
    return list(frame[name]) if name in frame.columns else [None] * len(frame)


def _redact(frame: pd.DataFrame, mask: pd.Series, *, keep_bands: bool) -> pd.DataFrame:
    """``frame`` with the rows of ``mask`` stripped of identity and exact figures.

    With ``keep_bands`` each banded figure gets a ``<field>_band`` label column; without, the
    figure is only removed (rows counted in aggregates, never shown).
    """
    out = frame.copy()
    if "title" in out.columns and mask.any():
        rows = out.loc[mask]
        titles = [redacted_title(kind, activity, commune)  # type: ignore[arg-type]
                  for kind, activity, commune in zip(
                      _column(rows, "activity_kind"), _column(rows, "naf_label"),
                      _commune_names_of(rows), strict=True)]
        out["title"] = out["title"].astype(object)
        out.loc[mask, "title"] = titles
    for column in out.columns:
        if column != "title" and isinstance(column, str) and is_identity_field(column):
            out[column] = out[column].astype(object)
            out.loc[mask, column] = None
    for field, label in BANDED_FIELDS.items():
        if field not in out.columns:
            continue
        if keep_bands:
            bands = pd.Series(None, index=out.index, dtype=object)
            bands.loc[mask] = [label(_number(v)) for v in out.loc[mask, field]]
            if band_field(field) in out.columns:
                bands = bands.where(mask, out[band_field(field)])
            out[band_field(field)] = bands
        out[field] = pd.to_numeric(out[field], errors="coerce").astype("float64")
        out.loc[mask, field] = float("nan")
    return out


def _number(value: object) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def visible_offers(offers: pd.DataFrame, audience: Principal) -> pd.DataFrame:
    """The rows of ``offers`` that ``audience`` may see in detail.

    FULL rows as they are; REDACTED rows with the title replaced by kind · activity · commune,
    identity and free-text columns emptied, and each banded figure (turnover, net result,
    asking price, price, rent, headcount) emptied with its band in ``<field>_band``. COUNTED and
    HIDDEN rows are dropped. Adds a ``visibility`` column; keeps the index of the kept rows.
    A ``total`` column computed before filtering is the caller's to recompute.
    """
    seen = visibilities(offers, audience)
    keep = seen.isin([Visibility.FULL.value, Visibility.REDACTED.value])
    kept = offers.loc[keep].copy()
    kept[VISIBILITY] = seen.loc[keep]
    return _redact(kept, kept[VISIBILITY] == Visibility.REDACTED.value, keep_bands=True)


def counted_offers(offers: pd.DataFrame, audience: Principal) -> pd.DataFrame:
    """The rows of ``offers`` that may be counted in aggregates shown to ``audience``.

    FULL, REDACTED and COUNTED rows (HIDDEN dropped), with a boolean ``undisclosed`` column,
    True for COUNTED rows (the audience may not see them in any form: an aggregate cell must go
    through :func:`accueil.domain.access.protect_count`). REDACTED rows are redacted as in
    :func:`visible_offers`; COUNTED rows lose identity and figures entirely (no band: a sum or a
    histogram of figures must not reveal an offer the audience cannot see).
    """
    seen = visibilities(offers, audience)
    keep = seen != Visibility.HIDDEN.value
    kept = offers.loc[keep].copy()
    kept[VISIBILITY] = seen.loc[keep]
    kept[UNDISCLOSED] = (kept[VISIBILITY] == Visibility.COUNTED.value).astype(bool)
    kept = _redact(kept, kept[VISIBILITY] == Visibility.REDACTED.value, keep_bands=True)
    counted = kept[VISIBILITY] == Visibility.COUNTED.value
    stripped = _redact(kept, counted, keep_bands=False)
    for field in BANDED_FIELDS:
        if band_field(field) in stripped.columns:
            stripped.loc[counted, band_field(field)] = None
    return stripped


# -- what the store is told -------------------------------------------------------------------


def seen_by(store: Db, audience: Principal) -> Seen | None:
    """The decision for ``audience`` over the stored offers, for the store's queries
    (:mod:`accueil.store.seen`); ``None`` when the audience sees every stored offer in full."""
    if audience.role is Role.ADMINISTRATEUR:
        return None
    triples = offer_triples(store)
    seen = visibilities(triples, audience)
    if bool((seen == Visibility.FULL.value).all()):
        return None
    kept = triples.loc[seen != Visibility.HIDDEN.value].copy()
    kept[UNDISCLOSED] = (seen.loc[kept.index] == Visibility.COUNTED.value).astype(bool)
    return Seen(kept.reset_index(drop=True))


# -- réceptivité items ------------------------------------------------------------------------

FULL_OR_REDACTED = frozenset({Visibility.FULL.value, Visibility.REDACTED.value})
_RANK = {Visibility.FULL.value: 3, Visibility.REDACTED.value: 2, Visibility.COUNTED.value: 1,
         Visibility.HIDDEN.value: 0}


def item_visibilities(store: Db, item_ids: list[int], audience: Principal
                      ) -> dict[int, tuple[str, int]]:
    """How much of each réceptivité item ``audience`` may see, and how many of the offers
    it serves the audience may list. An item serving offers is seen as the most visible of
    them (its description and price belong to those offers); an item serving none is
    inventory, seen in full. Visibilities are :class:`Visibility` values."""
    links = item_offer_triples(store, item_ids) if item_ids else pd.DataFrame(
        columns=["item_id", *REQUIRED_COLUMNS])
    seen = (pd.Series([Visibility.FULL.value] * len(links), index=links.index, dtype=object)
            if audience.role is Role.ADMINISTRATEUR else visibilities(links, audience))
    best: dict[int, str] = {}
    listable: dict[int, int] = {}
    for item, value in zip(links["item_id"], seen, strict=True):
        key = int(item)
        if key not in best or _RANK[value] > _RANK[best[key]]:
            best[key] = value
        listable[key] = listable.get(key, 0) + (_RANK[value] >= 2)
    return {int(i): (best.get(int(i), Visibility.FULL.value), listable.get(int(i), 0))
            for i in item_ids}


def visible_items(items: pd.DataFrame, store: Db, audience: Principal) -> pd.DataFrame:
    """The rows of ``items`` (inventory rows with an ``id``) ``audience`` may see: items of
    offers it may only count, or not see, dropped; items of restricted offers without their
    description, their price and rent in bands (``price_band``, ``monthly_rent_band``). An
    ``offers`` column (offers served) becomes the number of those offers it may list."""
    if items.empty:
        return items
    seen = item_visibilities(store, [int(i) for i in items["id"]], audience)
    values = pd.Series([seen[int(i)][0] for i in items["id"]], index=items.index, dtype=object)
    keep = values.isin([Visibility.FULL.value, Visibility.REDACTED.value])
    kept = items.loc[keep].copy()
    if "offers" in kept.columns:
        kept["offers"] = [seen[int(i)][1] for i in kept["id"]]
    redacted = values.loc[keep] == Visibility.REDACTED.value
    if not redacted.any():
        return kept
    kept["description"] = kept["description"].astype(object)
    kept.loc[redacted, "description"] = ""
    for field in ("price", "monthly_rent"):
        if field in kept.columns:
            label = BANDED_FIELDS[field]
            bands = pd.Series(None, index=kept.index, dtype=object)
            bands.loc[redacted] = [label(_number(v)) for v in kept.loc[redacted, field]]
            kept[band_field(field)] = bands
            kept[field] = pd.to_numeric(kept[field], errors="coerce").astype("float64")
            kept.loc[redacted, field] = float("nan")
    return kept


# -- small counts ------------------------------------------------------------------------------


def protected(total: int, undisclosed: int) -> int | None:
    """:func:`accueil.domain.access.protect_count` for numpy or pandas integers too."""
    return protect_count(int(total), int(undisclosed))


def count_text(value: int | None) -> str:
    """A protected count in French: ``12``, or ``< 3`` when it is hidden."""
    return f"<{fr.NBSP}{SMALL_COUNT}" if value is None else fr.number(value)


def protect_columns(frame: pd.DataFrame, pairs: dict[str, str]) -> tuple[pd.DataFrame, bool]:
    """``frame`` with each count column of ``pairs`` (count → its undisclosed column)
    replaced by a nullable integer, missing where :func:`protect_count` hides it; and whether
    any cell was hidden (then the page shows :data:`SMALL_COUNT_NOTE`)."""
    out = frame.copy()
    hidden = False
    for count, undisclosed in pairs.items():
        values = [protected(n, u) for n, u in zip(out[count], out[undisclosed], strict=True)]
        hidden = hidden or any(v is None for v in values)
        out[count] = pd.array(values, dtype="Int64")
    return out, hidden


# -- one offer ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfferAccess:
    """One offer as an audience may see it: ``offer`` is ``None`` when it may not see it at all
    (``message`` then says so, in French, without a word of its content)."""

    visibility: Visibility
    offer: Offer | None
    bands: dict[str, str]
    item_bands: tuple[dict[str, str], ...]
    message: str = ""

    @property
    def full(self) -> bool:
        return self.visibility is Visibility.FULL


NOT_SHOWN = ("Cette offre n'est pas consultable avec votre compte : elle est confidentielle ou "
             "réservée à d'autres partenaires. Adressez-vous au chargé de mission du "
             "territoire concerné.")
GONE = "Cette offre n'existe plus : elle a peut-être été supprimée entre-temps."


def offer_for(store: Db, offer_id: int, *, audience: Principal) -> OfferAccess:
    """The stored offer ``offer_id`` as ``audience`` may see it: in full, redacted, or not."""
    offer = get_offer(store, offer_id)
    if offer is None:
        return OfferAccess(Visibility.HIDDEN, None, {}, (), GONE)
    return access_to(offer, audience)


def access_to(offer: Offer, audience: Principal) -> OfferAccess:
    """``offer`` as ``audience`` may see it (see :func:`offer_for`)."""
    seen = visibility(audience, offer.confidentiality, offer.commune_insee, offer.source_partner)
    if seen is Visibility.FULL:
        return OfferAccess(seen, offer, {}, ())
    if seen is Visibility.REDACTED:
        redacted = redact_offer(offer, _commune_names().get(offer.commune_insee))
        return OfferAccess(seen, redacted.offer, redacted.bands, redacted.item_bands)
    return OfferAccess(seen, None, {}, (), NOT_SHOWN)


def require_full(offer: Offer, audience: Principal) -> None:
    """Raise :class:`Refused` unless ``audience`` sees ``offer`` in full: what analysing or
    exporting an offer's figures (viability, its PDF and workbook) needs."""
    if access_to(offer, audience).visibility is not Visibility.FULL:
        raise Refused("L'analyse de viabilité et ses exports demandent d'accéder à tous les "
                      "chiffres de l'offre, que votre compte ne permet pas de voir "
                      "(offre confidentielle ou réservée).", Action.EXPORT)


# -- lists of offers ---------------------------------------------------------------------------


def listed(frame: pd.DataFrame, audience: Principal) -> pd.DataFrame:
    """A list read from the store with ``seen_by(audience)``: its rows redacted as
    :func:`visible_offers` does, and anything it should not hold dropped (a second guard)."""
    shown = visible_offers(frame, audience)
    return shown.drop(columns=[c for c in shown.columns if str(c).endswith("_band")
                               and shown[c].isna().all()])
