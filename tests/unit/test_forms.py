"""The offer form's values ↔ domain offer, and what a user is told when a field is wrong."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from accueil.domain.offers import ActivityKind
from accueil.services.forms import (
    ITEM_COLUMNS,
    ITEM_ID,
    blank_values,
    offer_from_values,
    values_from_offer,
)
from tests.builders import SAINT_FLOUR, housing, premises, qualified_offer

KNOWN = frozenset({SAINT_FLOUR})


def filled(**changes: object) -> dict[str, object]:
    values = blank_values()
    values.update(title="Boulangerie", commune=SAINT_FLOUR, turnover=310_000.0,
                  asking_price=180_000.0)
    values.update(changes)
    return values


def test_an_offer_survives_a_round_trip_through_the_form() -> None:
    original = qualified_offer(receptivity=(housing(id=7), premises(id=8)))
    rebuilt, errors = offer_from_values(values_from_offer(original), KNOWN)
    assert errors == []
    assert rebuilt == original


def test_a_blank_form_asks_for_a_title_and_a_commune() -> None:
    _, errors = offer_from_values(blank_values(), KNOWN)
    assert {e.field for e in errors} == {"title", "commune"}


def test_switching_the_kind_drops_fields_of_the_other_kinds() -> None:
    offer, errors = offer_from_values(filled(kind="emploi", job_title="Boulanger"), KNOWN)
    assert errors == []
    assert offer.activity is not None
    assert offer.activity.kind is ActivityKind.EMPLOI
    assert offer.activity.turnover is None
    assert offer.activity.job_title == "Boulanger"


def test_a_negative_amount_is_refused_on_its_field() -> None:
    _, errors = offer_from_values(filled(asking_price=-10.0), KNOWN)
    assert [e.field for e in errors] == ["asking_price"]


def items(*rows: dict[str, object]) -> pd.DataFrame:
    labelled = [{ITEM_COLUMNS.get(k, k): v for k, v in row.items()} for row in rows]
    return pd.DataFrame(labelled, columns=[ITEM_ID, *ITEM_COLUMNS.values()])


def test_empty_editor_rows_are_ignored_and_filled_ones_become_items() -> None:
    frame = items({"kind": "Logement", "surface_m2": 80, "rooms": 3.0, "monthly_rent": 450,
                   "available_from": pd.Timestamp("2027-01-01")}, {})
    offer, errors = offer_from_values(filled(items=frame), KNOWN)
    assert errors == []
    assert len(offer.receptivity) == 1
    item = offer.receptivity[0]
    assert (item.rooms, item.available_from, item.id) == (3, date(2027, 1, 1), None)


@pytest.mark.parametrize(
    ("row", "fragment"),
    [({"description": "Maison", "surface_m2": 80}, "choisissez le type"),
     ({"kind": "Logement", "surface_m2": "quatre-vingts"}, "sont des nombres")],
)
def test_a_bad_editor_row_is_named_by_its_line(row: dict[str, object], fragment: str) -> None:
    _, errors = offer_from_values(filled(items=items(row)), KNOWN)
    assert [e.field for e in errors] == ["items"]
    assert errors[0].message.startswith("Ligne 1 de la réceptivité")
    assert fragment in errors[0].message
