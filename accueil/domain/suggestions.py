"""The aggregation assistant's rules: what réceptivité an offer needs and how well items fit.

:func:`needs_for` turns an offer (its kind of activity, its NAF sector) and the household to
house into :class:`Need`\\ s: somewhere to live with enough rooms, and for a creation premises
of the right type (a bakery needs a shop *and* a workshop) or land. :func:`rank` scores
candidate items for one need, all at once on numpy arrays, and returns the best with the
reasons a chargé de mission can read: same commune first, then the others within the chosen
distance, each group by fit. Pure: no store, no streamlit.

Fit, out of 100 (the weights are ours, chosen so that what blocks a qualification weighs most):

==========================  ======  ==================================================
criterion                   points  rule
==========================  ======  ==================================================
answers the need            40      rooms ≥ needed, or premises/land of the right type;
                                    unknown type or rooms: 15–20; one room short: 10
described enough to qualify 25      minus 10 per missing surface, rooms, cost, date
available in time           15      by the activity's target date, or within 6 months;
                                    unknown date: 8; later: 4
verified within the veille  10      verified on or after the veille cut-off
free                        10      not already linked to another offer
==========================  ======  ==================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from accueil.domain.inventory import LandType, PremisesType, premises_mask, veille_cutoff
from accueil.domain.offers import ActivityKind, Offer, ReceptivityKind
from accueil.domain.pillars import RECEPTIVITY_NEEDS, item_gaps

# Without a target date, an item is "in time" when available within this many days.
DEFAULT_HORIZON_DAYS = 183
DEFAULT_LIMIT = 10


@dataclass(frozen=True, slots=True)
class Household:
    """Who the offer would bring: adults and children to house."""

    adults: int = 2
    children: int = 1


def rooms_needed(household: Household) -> int:
    """Rooms (pièces) a household needs, after INSEE's *peuplement normal* of a dwelling.

    INSEE, définition « Indice de peuplement des logements »: one living room for the
    household, one room per couple or person of reference, one per other adult, and for
    children one room per two when they are of the same sex or under 7, else one each. We take
    the favourable case for children (two per room), and count a studio as enough for a
    person alone.
    """
    adults = max(household.adults, 1)
    children = max(household.children, 0)
    if adults == 1 and children == 0:
        return 1
    return 1 + 1 + max(adults - 2, 0) + (children + 1) // 2


# NAF prefix -> premises types wanted (all of them), land wanted, and why, in French. The
# longest matching prefix wins; sectors not listed take any premises or land.
PREMISES_BY_NAF: tuple[tuple[str, frozenset[PremisesType], LandType | None, str], ...] = (
    ("10.71", frozenset({PremisesType.COMMERCE, PremisesType.ATELIER}), None,
     "une boulangerie vend en boutique et cuit au fournil"),
    ("10.13", frozenset({PremisesType.COMMERCE, PremisesType.ATELIER}), None,
     "une charcuterie vend en boutique et transforme en laboratoire"),
    ("10", frozenset({PremisesType.ATELIER}), None,
     "la fabrication alimentaire demande un atelier (laboratoire)"),
    ("11", frozenset({PremisesType.ATELIER}), None, "la fabrication de boissons demande un atelier"),
    ("01", frozenset({PremisesType.BATIMENT_AGRICOLE}), LandType.TERRE_AGRICOLE,
     "une exploitation agricole demande des terres ou des bâtiments agricoles"),
    ("16", frozenset({PremisesType.ATELIER}), None, "le travail du bois demande un atelier"),
    ("25", frozenset({PremisesType.ATELIER}), None, "le travail des métaux demande un atelier"),
    ("31", frozenset({PremisesType.ATELIER}), None, "la fabrication de meubles demande un atelier"),
    ("33", frozenset({PremisesType.ATELIER}), None, "la réparation demande un atelier"),
    ("43", frozenset({PremisesType.ATELIER}), None,
     "un artisan du bâtiment a besoin d'un atelier et d'un dépôt"),
    ("45.2", frozenset({PremisesType.ATELIER}), None, "un garage demande un atelier"),
    ("95", frozenset({PremisesType.ATELIER}), None, "la réparation demande un atelier"),
    ("47", frozenset({PremisesType.COMMERCE}), None, "un commerce de détail demande une boutique"),
    ("56", frozenset({PremisesType.COMMERCE}), None,
     "un restaurant ou un café demande une salle ouverte au public"),
    ("96.02", frozenset({PremisesType.COMMERCE}), None, "un salon de coiffure reçoit en boutique"),
    ("62", frozenset({PremisesType.BUREAU}), None, "une activité de conseil travaille en bureau"),
    ("69", frozenset({PremisesType.BUREAU}), None, "une profession libérale reçoit en bureau"),
    ("70", frozenset({PremisesType.BUREAU}), None, "une activité de conseil travaille en bureau"),
    ("71", frozenset({PremisesType.BUREAU}), None, "un cabinet d'études travaille en bureau"),
    ("74", frozenset({PremisesType.BUREAU}), None, "une activité de service travaille en bureau"),
    ("82", frozenset({PremisesType.BUREAU}), None, "une activité de service travaille en bureau"),
    ("86", frozenset({PremisesType.BUREAU}), None, "un professionnel de santé reçoit en cabinet"),
)


@dataclass(frozen=True, slots=True)
class Need:
    """One thing of réceptivité an offer needs, with what makes an item fit it."""

    label: str  # as the pillar rules say it: "un logement"
    kinds: frozenset[ReceptivityKind]
    premises: frozenset[PremisesType] = field(default_factory=frozenset)
    land: LandType | None = None
    min_rooms: int | None = None
    why: str = ""  # French: why these types or rooms

    @property
    def is_housing(self) -> bool:
        return self.kinds == frozenset({ReceptivityKind.LOGEMENT})


def premises_profile(naf_code: str | None) -> tuple[frozenset[PremisesType], LandType | None,
                                                    str]:
    """Premises types, land and reason wanted for a NAF code (longest prefix wins)."""
    code = (naf_code or "").strip().upper()
    best: tuple[str, frozenset[PremisesType], LandType | None, str] | None = None
    for entry in PREMISES_BY_NAF:
        if code.startswith(entry[0]) and (best is None or len(entry[0]) > len(best[0])):
            best = entry
    if best is None:
        return frozenset(), None, ""
    return best[1], best[2], best[3]


def needs_for(offer: Offer, household: Household) -> tuple[Need, ...]:
    """What réceptivité ``offer`` needs, following the pillar rules (RECEPTIVITY_NEEDS)."""
    kind = offer.activity.kind if offer.activity else ActivityKind.EMPLOI
    naf = offer.activity.naf_code if offer.activity else None
    needs: list[Need] = []
    for kinds, label in RECEPTIVITY_NEEDS[kind]:
        if kinds == frozenset({ReceptivityKind.LOGEMENT}):
            rooms = rooms_needed(household)
            who = (f"{household.adults} adulte{'s' if household.adults > 1 else ''}"
                   + (f" et {household.children} enfant{'s' if household.children > 1 else ''}"
                      if household.children else ""))
            needs.append(Need(label, kinds, min_rooms=rooms,
                              why=f"{rooms} pièce{'s' if rooms > 1 else ''} pour {who}"))
        else:
            premises, land, why = premises_profile(naf)
            needs.append(Need(label, kinds, premises=premises, land=land, why=why))
    return tuple(needs)


def unmet(offer: Offer, needs: tuple[Need, ...]) -> tuple[Need, ...]:
    """The needs no item of the offer meets yet (an item meets a need once fully described)."""
    return tuple(need for need in needs
                 if not any(item.kind in need.kinds and not item_gaps(item)
                            for item in offer.receptivity))


@dataclass(frozen=True, slots=True)
class Candidates:
    """Items that could answer a need, as parallel arrays (one position per item).

    Missing numbers are NaN, missing dates NaT (``datetime64[D]``), a missing land type ``""``
    and premises types are packed with :func:`~accueil.domain.inventory.premises_mask`.
    """

    ids: np.ndarray
    kinds: np.ndarray
    communes: np.ndarray
    distance_km: np.ndarray
    rooms: np.ndarray
    surface_m2: np.ndarray
    monthly_rent: np.ndarray
    price: np.ndarray
    available_from: np.ndarray
    verified_on: np.ndarray
    premises: np.ndarray
    land: np.ndarray
    linked: np.ndarray  # how many other offers already use the item

    def __len__(self) -> int:
        return int(self.ids.shape[0])


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked item for a need: its position in the candidates, fit and reasons."""

    position: int
    item_id: int
    same_commune: bool
    distance_km: float
    fit: int
    reasons: tuple[str, ...]  # what speaks for it
    warnings: tuple[str, ...]  # what to check or complete


def _day(value: np.datetime64) -> str:
    """``numpy.datetime64('2027-01-05')`` → ``05/01/2027``."""
    day: date = value.astype("datetime64[D]").item()
    return day.strftime("%d/%m/%Y")


def _km(value: float) -> str:
    if value < 10:
        return f"{value:.1f}".replace(".", ",") + " km"
    return f"{value:.0f} km"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def rank(need: Need, candidates: Candidates, origin: str, *, today: date,
         needed_by: date | None = None, veille_months: int = 6,
         limit: int = DEFAULT_LIMIT) -> list[Suggestion]:
    """The ``limit`` best candidates for ``need``: same commune (``origin``) first, then by fit.

    Within each group, ties go to the nearer item, then the smaller id, so that the order is
    stable. Items of the wrong kind, and premises or land of a known type that cannot serve
    (an office for a bakery), are left out.
    """
    if len(candidates) == 0 or limit <= 0:
        return []
    c = candidates
    horizon = np.datetime64(needed_by or today + timedelta(days=DEFAULT_HORIZON_DAYS), "D")
    today64 = np.datetime64(today, "D")
    cutoff = np.datetime64(veille_cutoff(today, veille_months), "D")
    kinds = np.array([k.value for k in need.kinds], dtype=object)
    keep = np.isin(c.kinds, kinds)
    housing = c.kinds == ReceptivityKind.LOGEMENT.value
    local = c.kinds == ReceptivityKind.LOCAL.value
    land = c.kinds == ReceptivityKind.FONCIER.value

    answer = np.zeros(len(c), dtype=np.int64)
    if need.min_rooms is not None:
        rooms = c.rooms
        answer = np.where(housing & np.isnan(rooms), 20, answer)
        answer = np.where(housing & (rooms >= need.min_rooms), 40, answer)
        answer = np.where(housing & (rooms == need.min_rooms - 1), 10, answer)
    else:
        answer = np.where(housing, 40, answer)
    required = premises_mask(need.premises)
    if required:
        mask = c.premises.astype(np.int64)
        full = (mask & required) == required
        partial = ((mask & required) != 0) & ~full
        answer = np.where(local & (mask == 0), 15, answer)
        answer = np.where(local & partial, 20, answer)
        answer = np.where(local & full, 40, answer)
        keep &= ~(local & (mask != 0) & ((mask & required) == 0))
    else:
        answer = np.where(local, 40, answer)
    if need.land is not None:
        answer = np.where(land & (c.land == ""), 15, answer)
        answer = np.where(land & (c.land == need.land.value), 40, answer)
        keep &= ~(land & (c.land != "") & (c.land != need.land.value))
    elif required:
        answer = np.where(land, 10, answer)  # bare land: one would have to build
    else:
        answer = np.where(land, 40, answer)

    gaps = (np.isnan(c.surface_m2).astype(np.int64)
            + (housing & np.isnan(c.rooms)).astype(np.int64)
            + (np.isnan(c.monthly_rent) & np.isnan(c.price)).astype(np.int64)
            + np.isnat(c.available_from).astype(np.int64))
    described = np.maximum(25 - 10 * gaps, 0)
    available = np.where(np.isnat(c.available_from), 8,
                         np.where(c.available_from <= horizon, 15, 4))
    verified = np.where(~np.isnat(c.verified_on) & (c.verified_on >= cutoff), 10, 0)
    free = np.where(c.linked > 0, 0, 10)
    fit = answer + described + available + verified + free

    positions = np.flatnonzero(keep)
    if positions.size == 0:
        return []
    same = c.communes[positions] == origin
    order = np.lexsort((c.ids[positions], c.distance_km[positions], -fit[positions], ~same))
    chosen = positions[order[:limit]]
    return [_suggestion(need, c, int(i), origin, int(fit[i]), int(gaps[i]), horizon, today64,
                        cutoff) for i in chosen]


def _suggestion(need: Need, c: Candidates, i: int, origin: str, fit: int, gaps: int,
                horizon: np.datetime64, today: np.datetime64,
                cutoff: np.datetime64) -> Suggestion:
    reasons: list[str] = []
    warnings: list[str] = []
    same = bool(c.communes[i] == origin)
    distance = float(c.distance_km[i])
    reasons.append("Dans la commune de l'offre" if same else f"À {_km(distance)}")
    kind = c.kinds[i]
    if kind == ReceptivityKind.LOGEMENT.value and need.min_rooms is not None:
        rooms = c.rooms[i]
        if np.isnan(rooms):
            warnings.append(f"Nombre de pièces inconnu ({need.min_rooms} nécessaires)")
        elif rooms >= need.min_rooms:
            reasons.append(f"{_plural(int(rooms), 'pièce')} pour {need.min_rooms} nécessaires")
        else:
            warnings.append(f"{_plural(int(rooms), 'pièce')} seulement : "
                            f"{need.min_rooms} seraient nécessaires")
    elif kind == ReceptivityKind.LOCAL.value and need.premises:
        mask = int(c.premises[i])
        have = [t for t in PremisesType if t.bit & mask]
        lacking = [t for t in PremisesType if t in need.premises and not t.bit & mask]
        if not mask:
            warnings.append("Type de local non précisé")
        elif not lacking:
            reasons.append(" + ".join(t.label for t in have) + " : ce qu'il faut")
        else:
            warnings.append(" + ".join(t.label for t in have) + " : il manque "
                            + ", ".join(t.label.lower() for t in lacking))
    elif kind == ReceptivityKind.FONCIER.value:
        if need.land is not None:
            if c.land[i] == need.land.value:
                reasons.append(need.land.label)
            else:
                warnings.append("Type de terrain non précisé")
        elif need.premises:
            warnings.append("Terrain nu : il faudrait construire")
    if gaps == 0:
        reasons.append("Fiche complète")
    else:
        missing = []
        if np.isnan(c.surface_m2[i]):
            missing.append("surface")
        if kind == ReceptivityKind.LOGEMENT.value and np.isnan(c.rooms[i]):
            missing.append("nombre de pièces")
        if np.isnan(c.monthly_rent[i]) and np.isnan(c.price[i]):
            missing.append("loyer ou prix")
        if np.isnat(c.available_from[i]):
            missing.append("date de disponibilité")
        warnings.append("À compléter pour qualifier l'offre : " + ", ".join(missing))
    available = c.available_from[i]
    if not np.isnat(available):
        if available <= today:
            reasons.append("Disponible dès maintenant")
        elif available <= horizon:
            reasons.append(f"Disponible le {_day(available)}")
        else:
            warnings.append(f"Disponible seulement le {_day(available)}")
    verified = c.verified_on[i]
    if np.isnat(verified):
        warnings.append("Jamais vérifié")
    elif verified >= cutoff:
        reasons.append(f"Vérifié le {_day(verified)}")
    else:
        warnings.append(f"À revérifier (vérifié le {_day(verified)})")
    linked = int(c.linked[i])
    if linked:
        warnings.append(f"Déjà rattaché à {linked} autres offres" if linked > 1
                        else "Déjà rattaché à une autre offre")
    return Suggestion(i, int(c.ids[i]), same, distance, fit, tuple(reasons), tuple(warnings))
