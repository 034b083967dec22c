"""Field-level validation of an offer as typed: French messages, attached to their field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from accueil.domain.offers import validate_offer
from tests.builders import SAINT_FLOUR, housing, qualified_offer, takeover

KNOWN = frozenset({SAINT_FLOUR, "03001"})


def test_a_complete_offer_has_no_error() -> None:
    assert validate_offer(qualified_offer(), KNOWN) == []


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"title": "   "}, "title", "Le titre est obligatoire"),
        ({"title": "x" * 201}, "title", "201 caractères"),
        ({"commune_insee": ""}, "commune", "Choisissez la commune"),
        ({"commune_insee": "Saint-Flour"}, "commune", "n'est pas un code INSEE"),
        ({"commune_insee": "75056"}, "commune", "n'est pas dans le périmètre"),
        ({"activity": None}, "activity", "type d'activité"),
        ({"activity": takeover(turnover=-1.0)}, "turnover", "ne peut pas être négatif"),
        ({"activity": takeover(asking_price=-5.0)}, "asking_price", "négatif (saisi : -5.0)"),
        ({"activity": takeover(headcount=-2)}, "headcount", "L'effectif"),
        ({"activity": takeover(naf_code="boulangerie")}, "naf_code", "format 10.71C"),
        ({"receptivity": (housing(monthly_rent=-400.0),)}, "receptivity[1]", "Logement n° 1"),
        ({"verified_on": date.today() + timedelta(days=3)}, "verified_on", "dans le futur"),
    ],
)
def test_each_bad_field_gets_a_french_message_on_that_field(
        changes: dict[str, object], field: str, fragment: str) -> None:
    errors = validate_offer(qualified_offer(**changes), KNOWN)
    assert [e.field for e in errors] == [field]
    assert fragment in errors[0].message


def test_a_negative_result_is_a_loss_not_an_error() -> None:
    assert validate_offer(qualified_offer(activity=takeover(net_result=-12_000.0)), KNOWN) == []


def test_codes_with_a_leading_zero_are_valid() -> None:
    assert validate_offer(qualified_offer(commune_insee="03001"), KNOWN) == []
