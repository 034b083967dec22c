"""The pillar rules: what makes each pillar complete, partial or absent, and the verdict."""

from __future__ import annotations

from datetime import date

import pytest

from accueil.domain.offers import Activity, ActivityKind, Amenity
from accueil.domain.pillars import (
    PillarStatus,
    Qualification,
    assess,
    assess_activity,
    assess_amenities,
    assess_receptivity,
    describe_missing,
)
from tests.builders import FULL_AMENITIES, housing, premises, qualified_offer, takeover


def test_an_offer_with_three_complete_pillars_is_qualified() -> None:
    assessment = assess(qualified_offer())
    assert assessment.qualification is Qualification.QUALIFIEE
    assert assessment.qualified
    assert assessment.completeness == 1.0
    assert assessment.reasons == ()


def test_an_offer_that_is_only_economic_is_not_qualified() -> None:
    assessment = assess(qualified_offer(receptivity=(), amenities=frozenset(),
                                        living_environment=""))
    assert assessment.qualification is Qualification.NON_QUALIFIEE
    assert assessment.receptivite.status is PillarStatus.ABSENT
    assert assessment.amenites.status is PillarStatus.ABSENT
    assert assessment.completeness == pytest.approx(1 / 3)
    assert "Réceptivité absent : manque un logement" in assessment.reasons


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"amenities": frozenset({Amenity.ECOLE})}, Qualification.A_COMPLETER),
        ({"receptivity": (housing(surface_m2=None),)}, Qualification.A_COMPLETER),
        ({"activity": takeover(asking_price=None)}, Qualification.A_COMPLETER),
        ({"receptivity": ()}, Qualification.A_COMPLETER),
        ({"amenities": frozenset(), "living_environment": ""}, Qualification.A_COMPLETER),
        ({"activity": None, "receptivity": (), "amenities": frozenset(),
          "living_environment": ""}, Qualification.NON_QUALIFIEE),
    ],
)
def test_any_pillar_short_of_complete_keeps_the_offer_from_qualification(
        changes: dict[str, object], expected: Qualification) -> None:
    assert assess(qualified_offer(**changes)).qualification is expected


@pytest.mark.parametrize(
    ("activity", "status", "missing"),
    [
        (None, PillarStatus.ABSENT, ("le type d'activité",)),
        (takeover(), PillarStatus.COMPLET, ()),
        (takeover(net_result=None, sale_reason="  "), PillarStatus.PARTIEL,
         ("le résultat", "le motif de cession")),
        (takeover(net_result=-4_000.0), PillarStatus.COMPLET, ()),
        (Activity(ActivityKind.CREATION, naf_code="10.71C"), PillarStatus.PARTIEL,
         ("le besoin auquel répond la création",)),
        (Activity(ActivityKind.CREATION, naf_code="10.71C", need="Pas de boulangerie"),
         PillarStatus.COMPLET, ()),
        (Activity(ActivityKind.EMPLOI, job_title="Infirmier", contract="CDI"),
         PillarStatus.PARTIEL, ("le temps de travail", "le salaire")),
        (Activity(ActivityKind.EMPLOI, job_title="Infirmier", contract="CDI",
                  working_time="Temps plein", gross_annual_salary=31_000.0),
         PillarStatus.COMPLET, ()),
    ],
)
def test_activity_pillar_lists_what_its_kind_still_needs(
        activity: Activity | None, status: PillarStatus, missing: tuple[str, ...]) -> None:
    result = assess_activity(activity)
    assert (result.status, result.missing) == (status, missing)


@pytest.mark.parametrize(
    ("kind", "items", "status", "missing"),
    [
        (ActivityKind.EMPLOI, (), PillarStatus.ABSENT, ("un logement",)),
        (ActivityKind.EMPLOI, (housing(),), PillarStatus.COMPLET, ()),
        (ActivityKind.REPRISE, (premises(),), PillarStatus.PARTIEL, ("un logement",)),
        (ActivityKind.CREATION, (housing(),), PillarStatus.PARTIEL,
         ("un local professionnel ou du foncier",)),
        (ActivityKind.CREATION, (housing(), premises()), PillarStatus.COMPLET, ()),
        (ActivityKind.EMPLOI, (housing(rooms=None, available_from=None),), PillarStatus.PARTIEL,
         ("un logement décrit (nombre de pièces, date de disponibilité)",)),
        (ActivityKind.EMPLOI, (housing(monthly_rent=None, price=150_000.0),),
         PillarStatus.COMPLET, ()),
        (ActivityKind.EMPLOI, (housing(surface_m2=None), housing()), PillarStatus.COMPLET, ()),
    ],
)
def test_receptivity_pillar_needs_described_housing_and_premises_for_a_creation(
        kind: ActivityKind, items: tuple, status: PillarStatus,  # type: ignore[type-arg]
        missing: tuple[str, ...]) -> None:
    result = assess_receptivity(kind, items)
    assert (result.status, result.missing) == (status, missing)


@pytest.mark.parametrize(
    ("amenities", "living", "status", "missing"),
    [
        (frozenset(), "", PillarStatus.ABSENT, 5),
        (FULL_AMENITIES, "Village au bord de la Truyère", PillarStatus.COMPLET, 0),
        (FULL_AMENITIES, "", PillarStatus.PARTIEL, 1),
        (FULL_AMENITIES - {Amenity.MEDECIN} | {Amenity.PHARMACIE}, "Bourg", PillarStatus.COMPLET,
         0),
        (frozenset({Amenity.POSTE}), "", PillarStatus.PARTIEL, 5),
        (frozenset(), "Bourg de caractère", PillarStatus.PARTIEL, 4),
    ],
)
def test_amenities_pillar_needs_school_health_shop_broadband_and_a_living_description(
        amenities: frozenset[Amenity], living: str, status: PillarStatus, missing: int) -> None:
    result = assess_amenities(amenities, living)
    assert (result.status, len(result.missing)) == (status, missing)


def test_missing_elements_read_as_french_sentences() -> None:
    assert describe_missing("receptivite:un logement") == "Réceptivité : un logement"


def test_a_partial_pillar_counts_half_towards_completeness() -> None:
    offer = qualified_offer(receptivity=(housing(available_from=None),),
                            verified_on=date(2026, 1, 1))
    assert assess(offer).completeness == pytest.approx((1 + 0.5 + 1) / 3)
