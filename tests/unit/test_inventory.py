"""The réceptivité inventory's fields and validation, and the veille period."""

from __future__ import annotations

from datetime import date

import pytest

from accueil.domain.inventory import (
    HousingType,
    InventoryItem,
    LandType,
    PremisesType,
    Tenure,
    is_stale,
    months_before,
    parse_veille_months,
    premises_mask,
    validate_item,
)
from accueil.domain.offers import ReceptivityKind
from tests.builders import SAINT_FLOUR, housing, premises

TODAY = date(2026, 11, 26)
KNOWN = frozenset({SAINT_FLOUR})


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 11, 26), 6, date(2026, 5, 26)),
    (date(2026, 8, 31), 6, date(2026, 2, 28)),  # no 31 February: the month's last day
    (date(2024, 3, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2026, 1, 15), 13, date(2024, 12, 15)),
    (date(2026, 1, 15), 0, date(2026, 1, 15)),
])
def test_moving_back_whole_months_clamps_to_the_month_end(day: date, months: int,
                                                         expected: date) -> None:
    assert months_before(day, months) == expected


@pytest.mark.parametrize(("verified", "stale"), [
    (None, True),
    (date(2026, 5, 25), True),
    (date(2026, 5, 26), False),  # exactly six months ago: still within the period
    (date(2026, 11, 1), False),
])
def test_a_record_not_verified_within_six_months_is_to_check_again(verified: date | None,
                                                                  stale: bool) -> None:
    assert is_stale(verified, TODAY, 6) is stale


@pytest.mark.parametrize(("typed", "months", "error"), [
    ("6", 6, None), (12, 12, None), ("36", 36, None),
    ("0", None, "de 1 à 36 mois"), ("40", None, "de 1 à 36 mois"),
    ("six", None, "nombre entier de mois"), ("", None, "nombre entier de mois"),
])
def test_the_veille_period_is_a_whole_number_of_months(typed: object, months: int | None,
                                                      error: str | None) -> None:
    parsed, message = parse_veille_months(typed)
    assert parsed == months
    assert (message is None) if error is None else (message is not None and error in message)


def test_premises_types_pack_into_distinct_bits() -> None:
    assert premises_mask({PremisesType.COMMERCE, PremisesType.ATELIER}) == 0b11
    assert premises_mask(set()) == 0
    assert len({t.bit for t in PremisesType}) == len(PremisesType)


def entry(**changes: object) -> InventoryItem:
    values: dict[str, object] = {"item": housing(), "commune_insee": SAINT_FLOUR,
                                 "tenure": Tenure.LOCATION, "housing_type": HousingType.MAISON,
                                 "verified_on": date(2026, 11, 2)}
    values.update(changes)
    return InventoryItem(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"commune_insee": ""}, "commune", "Choisissez la commune"),
    ({"commune_insee": "1518"}, "commune", "n'est pas un code INSEE"),
    ({"commune_insee": "75056"}, "commune", "pas dans le périmètre"),
    ({"item": housing(surface_m2=-3.0)}, "surface_m2", "La surface ne peut pas être négatif"),
    ({"item": housing(rooms=0)}, "rooms", "au moins une pièce"),
    ({"item": housing(monthly_rent=None, price=90_000.0)}, "monthly_rent", "« à louer »"),
    ({"tenure": Tenure.VENTE}, "price", "« à vendre »"),
    ({"verified_on": date(2026, 12, 1)}, "verified_on", "dans le futur"),
    ({"item": housing(description="x" * 501)}, "description", "501 caractères"),
])
def test_a_bad_item_gets_a_french_message_on_its_field(changes: dict[str, object], field: str,
                                                      message: str) -> None:
    errors = validate_item(entry(**changes), KNOWN, TODAY)
    assert [e.field for e in errors] == [field]
    assert message in errors[0].message


def test_a_well_described_item_has_no_error() -> None:
    assert validate_item(entry(), KNOWN, TODAY) == []


@pytest.mark.parametrize(("record", "label"), [
    (entry(), "Maison"),
    (entry(item=premises(), housing_type=None,
           premises_types=frozenset({PremisesType.ATELIER, PremisesType.COMMERCE})),
     "Commerce (boutique) + Atelier"),
    (entry(item=premises(kind=ReceptivityKind.FONCIER), housing_type=None,
           land_type=LandType.TERRE_AGRICOLE), "Terre agricole"),
    (entry(housing_type=None), ""),
])
def test_an_item_says_its_type_in_french(record: InventoryItem, label: str) -> None:
    assert record.type_label == label
