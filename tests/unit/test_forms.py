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
     ({"kind": "Logement", "surface_m2": "quatre-vingts"}, "« quatre-vingts » n'est pas une surface")],
)
def test_a_bad_editor_row_is_named_by_its_line(row: dict[str, object], fragment: str) -> None:
    _, errors = offer_from_values(filled(items=items(row)), KNOWN)
    assert [e.field for e in errors] == ["items"]
    assert errors[0].message.startswith("Ligne 1 de la réceptivité")
    assert fragment in errors[0].message


@pytest.mark.parametrize(("typed", "stored"), [
    ("320000,50", 320_000.5),
    ("320 000,50", 320_000.5),
    ("320\u202f000,50 €", 320_000.5),
    ("92,5 k€", 92_500.0),
    ("1,2 M€", 1_200_000.0),
    ("320000", 320_000.0),
    (310_000.0, 310_000.0),
])
def test_an_amount_typed_the_french_way_is_stored_as_meant(typed: object, stored: float) -> None:
    offer, errors = offer_from_values(filled(turnover=typed), KNOWN)
    assert errors == []
    assert offer.activity is not None
    assert offer.activity.turnover == stored


@pytest.mark.parametrize(("field", "typed", "fragment"), [
    ("turnover", "trois cent mille", "Le chiffre d'affaires : « trois cent mille » n'est pas un montant"),
    ("asking_price", "1e309", "Le prix demandé : « 1e309 » est bien trop grand"),
    ("headcount", "deux", "L'effectif : « deux » n'est pas un effectif"),
    ("headcount", "3 000 000 000", "L'effectif de 3\u202f000\u202f000\u202f000 salariés dépasse"),
])
def test_a_figure_that_cannot_be_read_is_refused_on_its_field(field: str, typed: str,
                                                             fragment: str) -> None:
    _, errors = offer_from_values(filled(**{field: typed}), KNOWN)
    assert [e.field for e in errors] == [field]
    assert fragment in errors[0].message


def test_a_headcount_in_full_time_equivalents_keeps_its_decimals() -> None:
    offer, errors = offer_from_values(filled(headcount="2,5"), KNOWN)
    assert errors == []
    assert offer.activity is not None
    assert offer.activity.headcount == 2.5


def test_a_job_keeps_its_contract_length_salary_range_and_start_as_soon_as_possible() -> None:
    offer, errors = offer_from_values(filled(
        kind="emploi", job_title="Serveur", contract="CDD", contract_months="6",
        working_time="Temps partiel", weekly_hours="28", salary_min="11,88",
        salary_max="12,50", salary_period="heure", start_asap=True,
        start_date=date(2027, 1, 4)), KNOWN)
    assert errors == []
    job = offer.activity
    assert job is not None
    assert (job.contract, job.contract_months, job.weekly_hours) == ("CDD", 6.0, 28.0)
    assert (job.salary_min, job.salary_max, job.salary_period) == (11.88, 12.5, "heure")
    assert job.gross_annual_salary == round(11.88 * 28 * 52 / 12 * 12, 2)
    assert (job.start_date, job.start_asap) == (None, True)
    rebuilt, again = offer_from_values(values_from_offer(offer), KNOWN)
    assert again == []
    assert rebuilt == offer


@pytest.mark.parametrize(("words", "start", "hourly"), [
    ("SMIC", None, 12.02),  # the SMIC of the day of the entry, 06/12/2026
    ("Smic + 10 %", None, 13.22),
    ("SMIC", date(2024, 6, 1), 11.65),  # the SMIC in force when the job starts
    ("Selon profil", None, None),
])
def test_a_salary_typed_as_the_smic_in_words_becomes_its_hourly_figure(
        words: str, start: date | None, hourly: float | None) -> None:
    offer, errors = offer_from_values(filled(
        kind="emploi", job_title="Serveur", contract="CDI", working_time="Temps plein",
        salary_note=words, start_date=start), KNOWN, today=date(2026, 12, 6))
    assert errors == []
    job = offer.activity
    assert job is not None
    assert job.salary_note == words
    assert job.salary_min == hourly
    if hourly is None:
        assert job.gross_annual_salary is None
    else:
        assert job.salary_period == "heure"
        assert job.gross_annual_salary == round(hourly * 151.67 * 12, 2)


def test_a_salary_without_a_period_is_refused_on_the_salary() -> None:
    _, errors = offer_from_values(filled(kind="emploi", salary_min="2 100"), KNOWN)
    assert [e.field for e in errors] == ["salary"]
    assert "par heure, par mois ou par an" in errors[0].message


def test_control_characters_are_cleaned_and_a_too_long_text_refused() -> None:
    offer, errors = offer_from_values(filled(title="Boulan\x00gerie\x07"), KNOWN)
    assert errors == []
    assert offer.title == "Boulangerie"
    _, errors = offer_from_values(filled(description="x" * 5_001), KNOWN)
    assert [e.field for e in errors] == ["description"]
    assert errors[0].message == \
        "La description fait 5\u202f001 caractères : attendu 5\u202f000 au plus."
