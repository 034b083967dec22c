"""The completeness rules of the three pillars and the resulting qualification of an offer.

One place for the rules: each pillar is *complet*, *partiel* or *absent* with the French list
of what is missing, and an offer is *qualifiée* only when all three pillars are complete. An
offer whose only complete part is economic is *non qualifiée*; one that has begun to gather
housing or amenities is *à compléter*. Pure functions, no I/O.

When these rules change, bump :data:`RULES_VERSION`: the store recomputes the statuses it
keeps for fast dashboards.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accueil.domain.blank import is_blank
from accueil.domain.offers import (
    Activity,
    ActivityKind,
    Amenity,
    Offer,
    ReceptivityItem,
    ReceptivityKind,
)

RULES_VERSION = 1


class Pillar(StrEnum):
    ACTIVITE = "activite"
    RECEPTIVITE = "receptivite"
    AMENITES = "amenites"

    @property
    def label(self) -> str:
        return {"activite": "Activité", "receptivite": "Réceptivité",
                "amenites": "Aménités"}[self.value]


class PillarStatus(StrEnum):
    COMPLET = "complet"
    PARTIEL = "partiel"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return {"complet": "Complet", "partiel": "Partiel", "absent": "Absent"}[self.value]


class Qualification(StrEnum):
    QUALIFIEE = "qualifiee"
    A_COMPLETER = "a_completer"
    NON_QUALIFIEE = "non_qualifiee"

    @property
    def label(self) -> str:
        return {"qualifiee": "Qualifiée", "a_completer": "À compléter",
                "non_qualifiee": "Non qualifiée"}[self.value]


@dataclass(frozen=True, slots=True)
class PillarAssessment:
    pillar: Pillar
    status: PillarStatus
    missing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Assessment:
    """The verdict on one offer: its three pillars, its qualification and why."""

    activite: PillarAssessment
    receptivite: PillarAssessment
    amenites: PillarAssessment
    qualification: Qualification

    @property
    def pillars(self) -> tuple[PillarAssessment, PillarAssessment, PillarAssessment]:
        return (self.activite, self.receptivite, self.amenites)

    @property
    def qualified(self) -> bool:
        return self.qualification is Qualification.QUALIFIEE

    @property
    def completeness(self) -> float:
        """Share of the way to qualification, 0 to 1: a partial pillar counts for half."""
        weight = {PillarStatus.COMPLET: 1.0, PillarStatus.PARTIEL: 0.5, PillarStatus.ABSENT: 0.0}
        return sum(weight[p.status] for p in self.pillars) / 3

    @property
    def reasons(self) -> tuple[str, ...]:
        """French sentences saying what stands between the offer and qualification."""
        return tuple(
            f"{p.pillar.label} {p.status.label.lower()} : manque {', '.join(p.missing)}"
            if p.missing else f"{p.pillar.label} absente"
            for p in self.pillars if p.status is not PillarStatus.COMPLET
        )


# What a complete activity states, per kind: (attribute, French label).
ACTIVITY_REQUIREMENTS: dict[ActivityKind, tuple[tuple[str, str], ...]] = {
    ActivityKind.REPRISE: (
        ("naf_code", "le secteur (code NAF)"),
        ("turnover", "le chiffre d'affaires"),
        ("net_result", "le résultat"),
        ("headcount", "l'effectif"),
        ("asking_price", "le prix demandé"),
        ("sale_reason", "le motif de cession"),
        ("target_date", "la date souhaitée"),
    ),
    ActivityKind.CREATION: (
        ("naf_code", "le secteur (code NAF)"),
        ("need", "le besoin auquel répond la création"),
    ),
    ActivityKind.EMPLOI: (
        ("job_title", "l'intitulé du poste"),
        ("contract", "le contrat"),
        ("working_time", "le temps de travail"),
        ("gross_annual_salary", "le salaire"),
    ),
}

# Which réceptivité each kind of activity needs. A takeover comes with its premises; a
# creation must find some; everyone needs somewhere to live.
RECEPTIVITY_NEEDS: dict[ActivityKind, tuple[tuple[frozenset[ReceptivityKind], str], ...]] = {
    ActivityKind.REPRISE: ((frozenset({ReceptivityKind.LOGEMENT}), "un logement"),),
    ActivityKind.EMPLOI: ((frozenset({ReceptivityKind.LOGEMENT}), "un logement"),),
    ActivityKind.CREATION: (
        (frozenset({ReceptivityKind.LOGEMENT}), "un logement"),
        (frozenset({ReceptivityKind.LOCAL, ReceptivityKind.FONCIER}),
         "un local professionnel ou du foncier"),
    ),
}

# The services without which families do not settle: (any of these amenities, French label).
ESSENTIAL_AMENITIES: tuple[tuple[frozenset[Amenity], str], ...] = (
    (frozenset({Amenity.ECOLE}), "l'école"),
    (frozenset({Amenity.MEDECIN, Amenity.PHARMACIE}), "la santé (médecin ou pharmacie)"),
    (frozenset({Amenity.COMMERCE}), "un commerce alimentaire"),
    (frozenset({Amenity.TRES_HAUT_DEBIT}), "le très haut débit"),
)


def assess_activity(activity: Activity | None) -> PillarAssessment:
    if activity is None:
        return PillarAssessment(Pillar.ACTIVITE, PillarStatus.ABSENT, ("le type d'activité",))
    missing = tuple(label for attr, label in ACTIVITY_REQUIREMENTS[activity.kind]
                    if is_blank(getattr(activity, attr)))
    status = PillarStatus.PARTIEL if missing else PillarStatus.COMPLET
    return PillarAssessment(Pillar.ACTIVITE, status, missing)


def item_gaps(item: ReceptivityItem) -> tuple[str, ...]:
    """What an item still needs to be presented: surface, cost, availability (and rooms)."""
    gaps: list[str] = []
    if item.surface_m2 is None:
        gaps.append("surface")
    if item.kind is ReceptivityKind.LOGEMENT and item.rooms is None:
        gaps.append("nombre de pièces")
    if item.monthly_rent is None and item.price is None:
        gaps.append("loyer ou prix")
    if item.available_from is None:
        gaps.append("date de disponibilité")
    return tuple(gaps)


def assess_receptivity(kind: ActivityKind | None, items: tuple[ReceptivityItem, ...]
                       ) -> PillarAssessment:
    needs = RECEPTIVITY_NEEDS[kind or ActivityKind.EMPLOI]
    if not items:
        return PillarAssessment(Pillar.RECEPTIVITE, PillarStatus.ABSENT,
                                tuple(label for _, label in needs))
    missing: list[str] = []
    for kinds, label in needs:
        candidates = [item for item in items if item.kind in kinds]
        if not candidates:
            missing.append(label)
        elif all(item_gaps(item) for item in candidates):
            best = min(candidates, key=lambda item: len(item_gaps(item)))
            missing.append(f"{label} décrit ({', '.join(item_gaps(best))})")
    status = PillarStatus.PARTIEL if missing else PillarStatus.COMPLET
    return PillarAssessment(Pillar.RECEPTIVITE, status, tuple(missing))


def assess_amenities(amenities: frozenset[Amenity], living_environment: str) -> PillarAssessment:
    missing = [label for group, label in ESSENTIAL_AMENITIES if not group & amenities]
    if not living_environment.strip():
        missing.append("une description du cadre de vie")
    if not amenities and not living_environment.strip():
        return PillarAssessment(Pillar.AMENITES, PillarStatus.ABSENT, tuple(missing))
    status = PillarStatus.PARTIEL if missing else PillarStatus.COMPLET
    return PillarAssessment(Pillar.AMENITES, status, tuple(missing))


def assess(offer: Offer) -> Assessment:
    """Apply the three pillar rules to ``offer`` and derive its qualification."""
    activite = assess_activity(offer.activity)
    receptivite = assess_receptivity(
        offer.activity.kind if offer.activity else None, offer.receptivity)
    amenites = assess_amenities(offer.amenities, offer.living_environment)
    statuses = {activite.status, receptivite.status, amenites.status}
    if statuses == {PillarStatus.COMPLET}:
        qualification = Qualification.QUALIFIEE
    elif receptivite.status is PillarStatus.ABSENT and amenites.status is PillarStatus.ABSENT:
        qualification = Qualification.NON_QUALIFIEE
    else:
        qualification = Qualification.A_COMPLETER
    return Assessment(activite, receptivite, amenites, qualification)


def missing_key(pillar: Pillar, item: str) -> str:
    """How a missing element is stored beside the offer: ``"receptivite:un logement"``."""
    return f"{pillar.value}:{item}"


# What stands between an offer and qualification when the territory requires a partner's
# confirmation newer than the veille period (issue 17) and it is missing: stored beside the
# offer like any missing element (the store applies the rule, :mod:`accueil.store.confirmation`).
UNCONFIRMED = {
    Pillar.ACTIVITE: missing_key(Pillar.ACTIVITE, "une confirmation récente du partenaire"),
    Pillar.RECEPTIVITE: missing_key(Pillar.RECEPTIVITE,
                                    "une confirmation récente des biens par le partenaire"),
}


def describe_missing(key: str) -> str:
    """``"receptivite:un logement"`` → ``"Réceptivité : un logement"``."""
    pillar, _, item = key.partition(":")
    return f"{Pillar(pillar).label} : {item}"
