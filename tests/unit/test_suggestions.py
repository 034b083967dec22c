"""The aggregation assistant's rules: needs of an offer, and ranking of candidate items."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from accueil.domain.inventory import LandType, PremisesType, premises_mask
from accueil.domain.offers import Activity, ActivityKind, Offer, ReceptivityKind
from accueil.domain.suggestions import (
    Candidates,
    Household,
    Need,
    needs_for,
    premises_profile,
    rank,
    rooms_needed,
    unmet,
)
from tests.builders import housing, premises, qualified_offer

TODAY = date(2026, 11, 26)
HERE, NEAR, FAR = "15187", "15100", "15200"


@pytest.mark.parametrize(("adults", "children", "rooms"), [
    (1, 0, 1),  # a studio is enough for a person alone
    (2, 0, 2),
    (1, 1, 3),
    (2, 1, 3),
    (2, 2, 3),  # two children can share a room
    (2, 3, 4),
    (3, 0, 3),
    (0, 0, 1),  # nobody typed: one adult
])
def test_rooms_needed_follow_insee_normal_occupancy(adults: int, children: int,
                                                    rooms: int) -> None:
    assert rooms_needed(Household(adults, children)) == rooms


@pytest.mark.parametrize(("naf", "premises_types", "land"), [
    ("10.71C", {PremisesType.COMMERCE, PremisesType.ATELIER}, None),  # bakery: shop + oven
    ("10.51C", {PremisesType.ATELIER}, None),  # cheese making: a workshop (longest prefix: 10)
    ("45.20A", {PremisesType.ATELIER}, None),
    ("47.11B", {PremisesType.COMMERCE}, None),
    ("01.13Z", {PremisesType.BATIMENT_AGRICOLE}, LandType.TERRE_AGRICOLE),
    ("99.99Z", set(), None),
    (None, set(), None),
])
def test_the_sector_tells_which_premises_a_creation_needs(
        naf: str | None, premises_types: set[PremisesType], land: LandType | None) -> None:
    wanted, wanted_land, why = premises_profile(naf)
    assert set(wanted) == premises_types
    assert wanted_land is land
    assert bool(why) is bool(premises_types)


def creation(naf: str = "10.71C") -> Offer:
    return qualified_offer(activity=Activity(kind=ActivityKind.CREATION, naf_code=naf,
                                             need="Plus de boulangerie"), receptivity=())


def test_a_bakery_creation_needs_housing_for_the_family_and_a_shop_with_a_workshop() -> None:
    housing_need, work_need = needs_for(creation(), Household(2, 2))
    assert housing_need.is_housing
    assert housing_need.min_rooms == 3
    assert housing_need.why == "3 pièces pour 2 adultes et 2 enfants"
    assert work_need.kinds == {ReceptivityKind.LOCAL, ReceptivityKind.FONCIER}
    assert work_need.premises == {PremisesType.COMMERCE, PremisesType.ATELIER}


def test_a_job_or_a_takeover_needs_only_somewhere_to_live() -> None:
    job = qualified_offer(activity=Activity(kind=ActivityKind.EMPLOI))
    assert [n.label for n in needs_for(job, Household())] == ["un logement"]
    assert [n.label for n in needs_for(qualified_offer(), Household())] == ["un logement"]


def test_a_need_is_met_only_by_an_item_described_enough_to_qualify() -> None:
    offer = creation()
    needs = needs_for(offer, Household())
    assert unmet(offer, needs) == needs
    with_house = replace(offer, receptivity=(housing(),))
    assert [n.label for n in unmet(with_house, needs)] == [needs[1].label]
    sketchy = replace(offer, receptivity=(housing(surface_m2=None), premises()))
    assert [n.label for n in unmet(sketchy, needs)] == ["un logement"]


def candidates(rows: list[dict[str, object]]) -> Candidates:
    """Candidates from literal rows; every field not given is a well-described item."""
    base: dict[str, object] = {"kind": "logement", "commune": HERE, "km": 0.0, "rooms": 3.0,
                               "surface": 80.0, "rent": 500.0, "price": np.nan,
                               "available": "2026-12-01", "verified": "2026-11-01",
                               "premises": 0, "land": "", "linked": 0}
    full = [{**base, **row} for row in rows]

    def day(value: object) -> np.datetime64:
        return np.datetime64("NaT") if value is None else np.datetime64(str(value), "D")

    return Candidates(
        ids=np.array([int(r["id"]) for r in full]),  # type: ignore[call-overload]
        kinds=np.array([r["kind"] for r in full], dtype=object),
        communes=np.array([r["commune"] for r in full], dtype=object),
        distance_km=np.array([r["km"] for r in full], dtype=float),
        rooms=np.array([r["rooms"] for r in full], dtype=float),
        surface_m2=np.array([r["surface"] for r in full], dtype=float),
        monthly_rent=np.array([r["rent"] for r in full], dtype=float),
        price=np.array([r["price"] for r in full], dtype=float),
        available_from=np.array([day(r["available"]) for r in full], dtype="datetime64[D]"),
        verified_on=np.array([day(r["verified"]) for r in full], dtype="datetime64[D]"),
        premises=np.array([r["premises"] for r in full], dtype=np.int64),
        land=np.array([r["land"] for r in full], dtype=object),
        linked=np.array([r["linked"] for r in full], dtype=np.int64))


HOUSING = Need("un logement", frozenset({ReceptivityKind.LOGEMENT}), min_rooms=3)
BAKERY = Need("un local professionnel ou du foncier",
              frozenset({ReceptivityKind.LOCAL, ReceptivityKind.FONCIER}),
              premises=frozenset({PremisesType.COMMERCE, PremisesType.ATELIER}))
SHOP_AND_OVEN = premises_mask({PremisesType.COMMERCE, PremisesType.ATELIER})


def ranked_ids(need: Need, rows: list[dict[str, object]], **options: object) -> list[int]:
    return [s.item_id for s in rank(need, candidates(rows), HERE, today=TODAY,
                                     **options)]  # type: ignore[arg-type]


def test_items_of_the_offer_commune_come_first_even_when_a_neighbour_fits_better() -> None:
    rows: list[dict[str, object]] = [
        {"id": 1, "commune": NEAR, "km": 4.0},                     # perfect, 4 km away
        {"id": 2, "rooms": 2.0},                                   # here, one room short
        {"id": 3, "commune": FAR, "km": 15.0},                     # perfect, 15 km away
        {"id": 4, "surface": np.nan},                              # here, surface missing
    ]
    assert ranked_ids(HOUSING, rows) == [4, 2, 1, 3]


@pytest.mark.parametrize(("changes", "fit"), [
    ({}, 100),
    ({"rooms": 5.0}, 100),
    ({"rooms": 2.0}, 70),               # one room short: 10 instead of 40
    ({"rooms": 1.0}, 60),
    ({"rooms": np.nan}, 70),            # unknown rooms: 20, and one gap (-10)
    ({"surface": np.nan, "available": None}, 73),  # two gaps (-20), unknown date (8 of 15)
    ({"available": "2027-09-01"}, 89),  # after the six-month horizon: 4 of 15
    ({"verified": "2026-01-01"}, 90),   # not verified within six months
    ({"verified": None}, 90),
    ({"linked": 1}, 90),                # already used by another offer
])
def test_the_fit_of_a_dwelling_follows_the_documented_weights(changes: dict[str, object],
                                                              fit: int) -> None:
    found = rank(HOUSING, candidates([{"id": 7, **changes}]), HERE, today=TODAY)
    assert [s.fit for s in found] == [fit]


def test_a_bakery_gets_a_shop_with_a_workshop_before_a_shop_and_never_an_office() -> None:
    rows: list[dict[str, object]] = [
        {"id": 1, "kind": "local", "premises": premises_mask({PremisesType.COMMERCE})},
        {"id": 2, "kind": "local", "premises": premises_mask({PremisesType.BUREAU})},
        {"id": 3, "kind": "local", "premises": SHOP_AND_OVEN},
        {"id": 4, "kind": "local", "premises": 0},
        {"id": 5, "kind": "foncier", "land": "terrain_a_batir"},
        {"id": 6, "kind": "logement"},
    ]
    assert ranked_ids(BAKERY, rows) == [3, 1, 4, 5]


def test_each_suggestion_says_why_in_french() -> None:
    rows: list[dict[str, object]] = [
        {"id": 1, "kind": "local", "premises": premises_mask({PremisesType.COMMERCE}),
         "commune": NEAR, "km": 12.4, "verified": "2026-01-10", "linked": 2},
        {"id": 2, "kind": "local", "premises": SHOP_AND_OVEN, "available": "2026-11-01"},
    ]
    best, other = rank(BAKERY, candidates(rows), HERE, today=TODAY)
    assert best.reasons == ("Dans la commune de l'offre",
                            "Commerce (boutique) + Atelier : ce qu'il faut", "Fiche complète",
                            "Disponible dès maintenant", "Vérifié le 01/11/2026")
    assert best.warnings == ()
    assert other.reasons[0] == "À 12 km"
    assert other.warnings == ("Commerce (boutique) : il manque atelier",
                              "À revérifier (vérifié le 10/01/2026)",
                              "Déjà rattaché à 2 autres offres")


def test_a_farm_needs_farm_land_not_building_land() -> None:
    farm = needs_for(creation("01.13Z"), Household())[1]
    rows: list[dict[str, object]] = [
        {"id": 1, "kind": "foncier", "land": "terrain_a_batir"},
        {"id": 2, "kind": "foncier", "land": "terre_agricole"},
        {"id": 3, "kind": "local", "premises": premises_mask({PremisesType.BATIMENT_AGRICOLE})},
        {"id": 4, "kind": "foncier", "land": ""},
    ]
    assert ranked_ids(farm, rows) == [2, 3, 4]


def test_the_ranking_keeps_at_most_the_limit_and_is_stable_on_ties() -> None:
    rows: list[dict[str, object]] = [{"id": i} for i in (9, 3, 5, 1)]
    assert ranked_ids(HOUSING, rows, limit=3) == [1, 3, 5]
    assert ranked_ids(HOUSING, [], limit=3) == []
    assert ranked_ids(HOUSING, rows, limit=0) == []


def test_a_target_date_moves_the_horizon_of_availability() -> None:
    rows: list[dict[str, object]] = [{"id": 1, "available": "2027-09-01"}]
    early = rank(HOUSING, candidates(rows), HERE, today=TODAY, needed_by=date(2027, 1, 1))
    late = rank(HOUSING, candidates(rows), HERE, today=TODAY, needed_by=date(2027, 10, 1))
    assert early[0].warnings == ("Disponible seulement le 01/09/2027",)
    assert late[0].reasons[-2] == "Disponible le 01/09/2027"

