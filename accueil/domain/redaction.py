"""What a *restreinte* offer loses when it is shown to an audience that may not see it in
detail (:attr:`accueil.domain.access.Visibility.REDACTED`): the rules, as pure functions.

Issue 13: a business for sale is sensitive; partners and officers outside its territory see a
restricted offer "without the seller's identity and with figures in bands". Here:

- which fields are the seller's identity or free text that may name them (title, trade name,
  description, living environment, sale reason, contact…): they are removed;
- which figures become bands (turnover, net result, asking price, an item's price or rent,
  the headcount) and the French label of each band;
- the title shown instead of the seller's: kind · activity · commune, e.g.
  « Reprise · boulangerie-pâtisserie · Saint-Flour ».

No I/O, no pandas: :mod:`accueil.services.audience` applies these rules to frames, and every
output goes through it. Bands of amounts are those of
:data:`accueil.domain.access.AMOUNT_BANDS`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from accueil import fr
from accueil.domain.access import amount_band
from accueil.domain.offers import Offer

# Fields that are the seller's identity, or free text that may name the seller or the business.
IDENTITY_FIELDS = ("title", "description", "living_environment", "sale_reason", "salary_note",
                   "trade_name", "enseigne", "contact")
# Any field whose name starts with one of these is identity too (contact_email, seller_name…),
# so that a column added later is removed by default rather than leaked.
IDENTITY_PREFIXES = ("contact", "seller", "trade_name", "enseigne", "siret", "siren")

BAND_SUFFIX = "_band"

RENT_BANDS = (0, 300, 500, 800, 1_200, 2_000)  # euros a month
# Full-time equivalents; after INSEE's « tranches d'effectif salarié » (0, 1-2, 3-5, 6-9,
# 10-19, 20-49, 50+), written as half-open intervals since a headcount may be 2,5 ETP.
HEADCOUNT_BANDS = (0, 3, 6, 10, 20, 50)


def is_identity_field(name: str) -> bool:
    """Whether the column ``name`` holds the seller's identity or identifying free text."""
    return name in IDENTITY_FIELDS or name.startswith(IDENTITY_PREFIXES)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _band_text(low: float, high: float | None, unit: str) -> str:
    if high is None:
        return f"{fr.number(low)}{fr.NBSP}{unit} ou plus"
    if low == 0:
        return f"moins de {fr.number(high)}{fr.NBSP}{unit}"
    return f"{fr.number(low)} à {fr.number(high)}{fr.NBSP}{unit}"


def _edges_band(value: float, edges: tuple[float, ...]) -> tuple[float, float | None]:
    low = edges[0]
    for edge in edges[1:]:
        if value < edge:
            return (low, edge)
        low = edge
    return (low, None)


def amount_band_label(amount: float | None) -> str | None:
    """``130 000`` → « 100 000 à 200 000 € »; ``None`` when there is no amount."""
    if _missing(amount):
        return None
    assert amount is not None
    if amount < 0:
        return "négatif"
    band = amount_band(amount)
    assert band is not None
    return _band_text(band[0], band[1], "€")


def rent_band_label(rent: float | None) -> str | None:
    """A monthly rent: ``450`` → « 300 à 500 €/mois »."""
    if _missing(rent) or (rent is not None and rent < 0):
        return None
    assert rent is not None
    low, high = _edges_band(rent, RENT_BANDS)
    return _band_text(low, high, "€/mois")


def headcount_band_label(headcount: float | None) -> str | None:
    """``2.5`` → « moins de 3 ETP »; ``0`` → « aucun salarié »."""
    if _missing(headcount) or (headcount is not None and headcount < 0):
        return None
    assert headcount is not None
    if headcount == 0:
        return "aucun salarié"
    low, high = _edges_band(headcount, HEADCOUNT_BANDS)
    return _band_text(low, high, "ETP")


# The figures shown as bands, and the label of the band of each.
BANDED_FIELDS: dict[str, Callable[[float | None], str | None]] = {
    "turnover": amount_band_label,
    "net_result": amount_band_label,
    "asking_price": amount_band_label,
    "price": amount_band_label,  # a réceptivité item's sale price
    "monthly_rent": rent_band_label,
    "headcount": headcount_band_label,
}


def band_field(name: str) -> str:
    """The column holding the band of figure ``name``: ``turnover`` → ``turnover_band``."""
    return name + BAND_SUFFIX


_KIND_SHORT = {"reprise": "Reprise", "creation": "Création", "emploi": "Emploi"}


def redacted_title(kind: str | None, activity: str | None, commune: str | None) -> str:
    """The title shown instead of the seller's: « Reprise · boulangerie-pâtisserie · Saint-Flour ».

    ``kind`` is an :class:`~accueil.domain.offers.ActivityKind` value, ``activity`` the NAF
    label (or a sector), ``commune`` the commune's name; missing parts are left out.
    """
    parts = [_KIND_SHORT.get((kind or "").strip(), "Offre")]
    label = (activity or "").strip() if isinstance(activity, str) else ""
    if label:
        # "Boulangerie et pâtisserie" → "boulangerie et pâtisserie"; keep acronyms ("BTP").
        if len(label) > 1 and not label[1].isupper():
            label = label[0].lower() + label[1:]
        parts.append(label)
    place = (commune or "").strip() if isinstance(commune, str) else ""
    if place:
        parts.append(place)
    return " · ".join(parts)




@dataclass(frozen=True, slots=True)
class RedactedOffer:
    """An offer as a REDACTED audience gets it: ``offer`` without the seller's identity, free
    text or exact figures, and the bands of its figures (field name → French label)."""

    offer: Offer
    bands: dict[str, str]  # activity figures: turnover, net_result, asking_price, headcount
    item_bands: tuple[dict[str, str], ...]  # per réceptivité item: price, monthly_rent


def redact_offer(offer: Offer, commune_name: str | None) -> RedactedOffer:
    """``offer`` with the rules of this module applied (see :class:`RedactedOffer`)."""
    bands: dict[str, str] = {}
    activity = offer.activity
    if activity is not None:
        for name in ("turnover", "net_result", "asking_price", "headcount"):
            label = BANDED_FIELDS[name](getattr(activity, name))
            if label is not None:
                bands[name] = label
        activity = replace(activity, turnover=None, net_result=None, asking_price=None,
                           headcount=None, sale_reason=None, salary_note=None)
    item_bands: list[dict[str, str]] = []
    items = []
    for item in offer.receptivity:
        found = {name: label for name in ("price", "monthly_rent")
                 if (label := BANDED_FIELDS[name](getattr(item, name))) is not None}
        item_bands.append(found)
        items.append(replace(item, description="", price=None, monthly_rent=None))
    title = redacted_title(activity.kind.value if activity else None,
                           activity.naf_label if activity else None, commune_name)
    return RedactedOffer(
        replace(offer, title=title, description="", living_environment="",
                activity=activity, receptivity=tuple(items)),
        bands, tuple(item_bands))
