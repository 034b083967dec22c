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
:data:`accueil.store.offers.OFFER_COLUMNS`). No streamlit, no store: frames in, frames out.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from accueil.domain.access import Principal, Visibility, visibility
from accueil.domain.offers import Confidentiality
from accueil.domain.redaction import (
    BANDED_FIELDS,
    band_field,
    is_identity_field,
    redacted_title,
)
from accueil.geo.reference import load_communes

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
