"""Aménités: the BPE table, commune profiles, distances and the nearest commune with a service."""

from __future__ import annotations

import math

import numpy as np
import pytest

from accueil.domain.amenities import (
    BPE_AMENITIES,
    BPE_CATEGORIES,
    EARTH_RADIUS_KM,
    AmenityCount,
    AmenityProfile,
    AmenitySource,
    Centres,
    haversine_km,
    nearest_with,
    older_nomenclature_hint,
    validate_counts,
)
from accueil.domain.offers import Amenity
from accueil.geo.centroids import load_centres

ONE_DEGREE_KM = 2 * math.pi * EARTH_RADIUS_KM / 360  # 111.195 km on the mean sphere


@pytest.mark.parametrize(("start", "end", "km"), [
    ((0.0, 0.0), (0.0, 0.0), 0.0),
    ((0.0, 0.0), (0.0, 1.0), ONE_DEGREE_KM),  # one degree along the equator
    ((45.0, 3.0), (46.0, 3.0), ONE_DEGREE_KM),  # one degree along a meridian
    ((0.0, 0.0), (90.0, 0.0), math.pi * EARTH_RADIUS_KM / 2),  # equator to pole
    ((45.0, 0.0), (45.0, 1.0), 78.6262),  # one degree of longitude at 45°: R·2·asin(cos45·sin0.5°)
])
def test_the_haversine_distance_matches_the_sphere(start: tuple[float, float],
                                                   end: tuple[float, float], km: float) -> None:
    assert float(haversine_km(*start, *end)) == pytest.approx(km, abs=1e-3)


def test_saint_flour_is_about_fifty_km_from_aurillac_as_the_crow_flies() -> None:
    centres = load_centres()
    distances = centres.distances_from("15187")
    assert distances is not None
    assert distances[centres.index()["15014"]] == pytest.approx(51.8, abs=1.0)


# Four communes on a line of latitude 45°N: A at 3.0°E, B 0.1° east, C 0.5°, D 0.5° west.
CENTRES = Centres(np.array(["A", "B", "C", "D"], dtype=object), np.array([45.0] * 4),
                  np.array([3.0, 3.1, 3.5, 2.5]))
DEG_45 = 78.6262  # km per degree of longitude at 45°N


@pytest.mark.parametrize(("having", "nearest", "km"), [
    ({"C", "D"}, "C", 0.5 * DEG_45),  # equal distances: the smaller code wins
    ({"B", "C"}, "B", 0.1 * DEG_45),
    ({"D"}, "D", 0.5 * DEG_45),
    ({"A", "C"}, "C", 0.5 * DEG_45),  # the commune itself does not count
])
def test_the_nearest_commune_with_a_service_is_the_closest_centre(
        having: set[str], nearest: str, km: float) -> None:
    found = nearest_with("A", Amenity.PHARMACIE, having, CENTRES)
    assert found.commune_insee == nearest
    assert found.distance_km == pytest.approx(km, rel=1e-3)


@pytest.mark.parametrize(("code", "having"), [("A", set()), ("Z", {"B"}), ("A", {"A"})])
def test_no_nearest_commune_when_nobody_else_has_the_service(code: str,
                                                              having: set[str]) -> None:
    found = nearest_with(code, Amenity.ECOLE, having, CENTRES)
    assert (found.commune_insee, found.distance_km) == (None, None)


def test_communes_within_a_radius_include_the_commune_itself() -> None:
    assert CENTRES.within("A", 10) == {"A": 0.0, "B": pytest.approx(0.1 * DEG_45, rel=1e-3)}
    assert set(CENTRES.within("A", 40)) == {"A", "B", "C", "D"}
    assert CENTRES.within("Z", 40) == {}


def test_the_bpe_table_maps_documented_codes_to_every_category_but_broadband() -> None:
    assert set(BPE_AMENITIES) == set(Amenity) - {Amenity.TRES_HAUT_DEBIT}
    assert all(len(code) == 4 and code[0] in "ABCDE" for code in BPE_CATEGORIES)
    assert BPE_CATEGORIES["D265"][0] is Amenity.MEDECIN
    assert BPE_CATEGORIES["D307"][0] is Amenity.PHARMACIE
    assert BPE_CATEGORIES["A208"][0] is Amenity.POSTE


@pytest.mark.parametrize(("codes", "warns"), [
    ({"D201", "B203", "C107"}, True),
    ({"D201", "D265"}, False),
    ({"C107", "D307"}, False),
    ({"B207", "B101"}, False),
])
def test_an_older_bpe_nomenclature_is_told(codes: set[str], warns: bool) -> None:
    hint = older_nomenclature_hint(codes)
    assert (hint is not None) is warns
    if hint:
        assert "D201 (médecin omnipraticien)" in hint


@pytest.mark.parametrize(("typed", "count", "error"), [
    ("2", 2, None),
    (0, 0, None),
    ("", None, None),
    (None, None, None),
    (float("nan"), None, None),
    ("3,0", 3, None),
    ("-1", None, "n'est pas un nombre entier positif"),
    ("1,5", None, "n'est pas un nombre entier positif"),
    ("deux", None, "« deux » n'est pas un nombre"),
])
def test_counts_typed_by_hand_are_whole_numbers_or_blank(typed: object, count: int | None,
                                                        error: str | None) -> None:
    clean, errors = validate_counts({Amenity.PHARMACIE: typed})
    if error is None:
        assert errors == []
        assert clean[Amenity.PHARMACIE] == count
    else:
        assert len(errors) == 1
        assert errors[0].startswith("Pharmacie : ")
        assert error in errors[0]


def test_a_profile_tells_present_absent_and_unknown_services() -> None:
    profile = AmenityProfile("15187", {
        Amenity.ECOLE: AmenityCount(Amenity.ECOLE, 3, AmenitySource.BPE),
        Amenity.PHARMACIE: AmenityCount(Amenity.PHARMACIE, 1, AmenitySource.MANUEL),
        Amenity.COLLEGE: AmenityCount(Amenity.COLLEGE, 0, AmenitySource.BPE)})
    assert profile.present == {Amenity.ECOLE, Amenity.PHARMACIE}
    assert profile.absent == {Amenity.COLLEGE}
    assert len(profile.unknown) == len(Amenity) - 3
    assert profile.summary() == "École maternelle et élémentaire, Pharmacie"
    assert not profile.is_empty
    assert AmenityProfile("15187").is_empty
