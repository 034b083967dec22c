"""Aménités of a commune: the BPE to category table, commune profiles, and the nearest service.

Three things, all pure (numpy arrays in, values out; no files, no store, no streamlit):

* :data:`BPE_CATEGORIES`, the documented table from INSEE's *Base permanente des équipements*
  (BPE) equipment types (``TYPEQU``) to our :class:`~accueil.domain.offers.Amenity` categories;
* :class:`AmenityProfile`, what a commune has (count per category, where the figure comes from)
  and its living environment, with the French summary an offer can take over;
* great-circle distances between commune centres (:func:`haversine_km`) and, for each service
  a commune lacks, the nearest commune that has it (:func:`nearest_with`).

Sources of the BPE codes: the nomenclature of equipment types of the BPE (INSEE, *Base
permanente des équipements*, millésimes 2023 and later, which renumbered health professions
and shops: médecin généraliste is ``D265``, boulangerie-pâtisserie ``B207``, hyper- and
supermarchés ``B104``/``B105``). Files of earlier millésimes use other codes (``D201``
omnipraticien, ``B203`` boulangerie, ``B101``/``B102``): they are recognised by
:func:`older_nomenclature_hint` and the user is told to download a recent file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import numpy as np

from accueil.domain.offers import AMENITY_LABELS, Amenity

# Mean Earth radius (IUGG), km: R1 = (2a + b) / 3 of WGS84 (Moritz, "Geodetic Reference
# System 1980", Bulletin Géodésique 54, 1980).
EARTH_RADIUS_KM = 6371.0088

# BPE TYPEQU -> (our category, the BPE's French label). One code maps to one category; codes
# that are not listed are ignored on import. Très haut débit is not a BPE equipment (its
# source is the ARCEP's map of fixed broadband) and transport à la demande neither: both are
# entered by hand.
BPE_CATEGORIES: dict[str, tuple[Amenity, str]] = {
    "C107": (Amenity.ECOLE, "École maternelle"),
    "C108": (Amenity.ECOLE, "École primaire"),
    "C109": (Amenity.ECOLE, "École élémentaire"),
    "C201": (Amenity.COLLEGE, "Collège"),
    "D265": (Amenity.MEDECIN, "Médecin généraliste"),
    "D307": (Amenity.PHARMACIE, "Pharmacie"),
    "B104": (Amenity.COMMERCE, "Hypermarché"),
    "B105": (Amenity.COMMERCE, "Supermarché"),
    "B201": (Amenity.COMMERCE, "Supérette"),
    "B202": (Amenity.COMMERCE, "Épicerie"),
    "B207": (Amenity.COMMERCE, "Boulangerie-pâtisserie"),
    "A206": (Amenity.POSTE, "Bureau de poste"),
    "A207": (Amenity.POSTE, "Relais poste"),
    "A208": (Amenity.POSTE, "Agence postale"),
    "D502": (Amenity.PETITE_ENFANCE, "Établissement d'accueil du jeune enfant"),
    "E107": (Amenity.TRANSPORT, "Gare de voyageurs d'intérêt national"),
    "E108": (Amenity.TRANSPORT, "Gare de voyageurs d'intérêt régional"),
    "E109": (Amenity.TRANSPORT, "Gare de voyageurs d'intérêt local"),
}
# The categories a BPE file can tell; the others only a person can.
BPE_AMENITIES: frozenset[Amenity] = frozenset(a for a, _ in BPE_CATEGORIES.values())
# Codes of the nomenclature before the 2023 renumbering, with what they meant.
OLDER_CODES: dict[str, str] = {"D201": "médecin omnipraticien", "B203": "boulangerie",
                               "B101": "hypermarché", "B102": "supermarché"}


def older_nomenclature_hint(codes: set[str] | frozenset[str]) -> str | None:
    """A French warning when a file's codes look like a millésime before the renumbering."""
    if "D265" in codes or "B207" in codes:
        return None
    old = sorted(code for code in OLDER_CODES if code in codes)
    if not old:
        return None
    listed = ", ".join(f"{code} ({OLDER_CODES[code]})" for code in old)
    return (f"Ce fichier contient les codes {listed} d'une ancienne nomenclature de la BPE, "
            "mais aucun des codes actuels D265 (médecin généraliste) ou B207 "
            "(boulangerie-pâtisserie) : médecins et boulangeries ne seront pas comptés. "
            "Téléchargez le millésime le plus récent sur insee.fr.")


class AmenitySource(StrEnum):
    BPE = "bpe"
    MANUEL = "manuel"
    DEMO = "demo"

    @property
    def label(self) -> str:
        return {"bpe": "BPE (INSEE)", "manuel": "Saisie", "demo": "Démonstration"}[self.value]


@dataclass(frozen=True, slots=True)
class AmenityCount:
    """How many of one service a commune has, and where the figure comes from."""

    amenity: Amenity
    count: int
    source: AmenitySource
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AmenityProfile:
    """What one commune offers: services (unknown ones are absent from ``counts``) and setting."""

    commune_insee: str
    counts: Mapping[Amenity, AmenityCount] = field(default_factory=dict)
    living_environment: str = ""
    version: int = 1  # the stored version it was read at (1 until first saved by hand)

    @property
    def present(self) -> frozenset[Amenity]:
        return frozenset(a for a, c in self.counts.items() if c.count > 0)

    @property
    def absent(self) -> frozenset[Amenity]:
        """Known to be missing (a count of 0)."""
        return frozenset(a for a, c in self.counts.items() if c.count == 0)

    @property
    def unknown(self) -> frozenset[Amenity]:
        return frozenset(a for a in Amenity if a not in self.counts)

    @property
    def is_empty(self) -> bool:
        return not self.counts and not self.living_environment.strip()

    def summary(self) -> str:
        """``École maternelle et élémentaire, Pharmacie`` (in the order of :class:`Amenity`)."""
        return ", ".join(AMENITY_LABELS[a] for a in Amenity if a in self.present)


def validate_counts(counts: Mapping[Amenity, object]) -> tuple[dict[Amenity, int | None],
                                                                 list[str]]:
    """Counts typed by hand: whole numbers from 0, or blank for "not known"; French errors."""
    clean: dict[Amenity, int | None] = {}
    errors: list[str] = []
    for amenity, raw in counts.items():
        label = AMENITY_LABELS[amenity]
        if raw is None or (isinstance(raw, float) and math.isnan(raw)) or str(raw).strip() == "":
            clean[amenity] = None
            continue
        try:
            number = float(str(raw).replace(",", "."))
        except ValueError:
            errors.append(f"{label} : « {raw} » n'est pas un nombre ; saisissez un nombre "
                          "entier (0 si la commune n'en a pas), ou laissez vide si vous ne "
                          "savez pas.")
            continue
        if number < 0 or number != int(number):
            errors.append(f"{label} : {raw} n'est pas un nombre entier positif ; saisissez 0, "
                          "1, 2…")
            continue
        clean[amenity] = int(number)
    return clean, errors


# -- distances -------------------------------------------------------------------------------


def haversine_km(lat1: np.ndarray | float, lon1: np.ndarray | float,
                 lat2: np.ndarray | float, lon2: np.ndarray | float) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (vectorised).

    The haversine formula, d = 2R·asin(√(sin²(Δφ/2) + cos φ1·cos φ2·sin²(Δλ/2))), from
    R. W. Sinnott, "Virtues of the Haversine", *Sky and Telescope* 68 (2), 1984, p. 159; it
    stays accurate for short distances, unlike the spherical law of cosines. On a sphere of
    the mean Earth radius the error against the ellipsoid is under 0.5 %: a few hundred
    metres over the distances between communes, below what we show.
    """
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi = phi2 - phi1
    dlambda = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlambda / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


@dataclass(frozen=True, slots=True)
class Centres:
    """Commune centres as parallel arrays: ``codes[i]`` is at (``latitude[i]``, ``longitude[i]``)."""

    codes: np.ndarray  # of str
    latitude: np.ndarray
    longitude: np.ndarray

    def index(self) -> dict[str, int]:
        return {str(code): i for i, code in enumerate(self.codes)}

    def distances_from(self, code: str) -> np.ndarray | None:
        """Distance in km from commune ``code`` to every commune, or ``None`` if unknown."""
        where = np.flatnonzero(self.codes == code)
        if where.size == 0:
            return None
        i = int(where[0])
        return haversine_km(self.latitude[i], self.longitude[i], self.latitude, self.longitude)

    def within(self, code: str, radius_km: float) -> dict[str, float]:
        """Communes whose centre is within ``radius_km`` of ``code``'s, with their distance.

        The commune itself is always included (distance 0).
        """
        distances = self.distances_from(code)
        if distances is None:
            return {}
        keep = np.flatnonzero(distances <= radius_km)
        found = {str(self.codes[i]): float(distances[i]) for i in keep}
        found[code] = 0.0
        return found


@dataclass(frozen=True, slots=True)
class Nearest:
    """The closest commune offering a service the reference commune lacks."""

    amenity: Amenity
    commune_insee: str | None  # None: no commune with known data has it
    distance_km: float | None


def nearest_with(code: str, amenity: Amenity, having: set[str] | frozenset[str],
                 centres: Centres) -> Nearest:
    """The commune of ``having`` whose centre is closest to ``code``'s (ties: smaller code).

    ``having`` holds the communes known to have ``amenity``; ``code`` itself is skipped.
    """
    distances = centres.distances_from(code)
    if distances is None or not having:
        return Nearest(amenity, None, None)
    mask = np.isin(centres.codes, np.array(sorted(having - {code}), dtype=object))
    candidates = np.flatnonzero(mask)
    if candidates.size == 0:
        return Nearest(amenity, None, None)
    # lexsort: last key is primary; the code breaks ties so that the answer is stable.
    order = np.lexsort((centres.codes[candidates].astype(str), distances[candidates]))
    best = int(candidates[order[0]])
    return Nearest(amenity, str(centres.codes[best]), float(distances[best]))
