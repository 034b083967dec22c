"""Territory values and the rules a user territory's name and communes obey."""

from __future__ import annotations

import pytest

from accueil.domain.territories import (
    MASSIF_CENTRAL,
    NAME_MAX_LENGTH,
    Territory,
    TerritoryLevel,
    communes_errors,
    name_errors,
    tidy_name,
    user_territory,
)


@pytest.mark.parametrize(("territory", "label"), [
    (MASSIF_CENTRAL, "Tout le Massif central"),
    (Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal"), "Cantal (15)"),
    (Territory(TerritoryLevel.EPCI, "200066660", "CC de Saint-Flour"), "CC de Saint-Flour"),
    (user_territory(3, "Pays de Mauriac"), "Pays de Mauriac"),
])
def test_a_territory_is_labelled_as_people_name_it(territory: Territory, label: str) -> None:
    assert territory.label == label


def test_a_user_territory_keeps_its_stored_id_in_a_code_no_other_level_uses() -> None:
    mine = user_territory(12, "Mon pays")
    assert mine.code == "perso-12"
    assert mine.user_id == 12
    assert mine.level is TerritoryLevel.USER
    assert Territory(TerritoryLevel.DEPARTEMENT, "12", "Aveyron").user_id is None


def test_names_are_stored_without_stray_spaces() -> None:
    assert tidy_name("  Pays   de\tMauriac ") == "Pays de Mauriac"


@pytest.mark.parametrize(("name", "taken", "expected"), [
    ("Pays de Mauriac", [], []),
    ("", [], ["obligatoire"]),
    ("   ", [], ["obligatoire"]),
    ("x" * (NAME_MAX_LENGTH + 1), [], [f"{NAME_MAX_LENGTH} au plus"]),
    ("Pays de Mauriac", ["Pays de Mauriac"], ["s'appelle déjà « Pays de Mauriac »"]),
    ("PAYS DE MAURIAC", ["Pays de  Mauriac"], ["s'appelle déjà"]),
    ("Pays d'Allanche", ["Pays d Allanche"], ["s'appelle déjà"]),
    ("Pays de l'Élan", ["Pays de l'Elan"], ["s'appelle déjà"]),
    ("Pays de Mauriac 2", ["Pays de Mauriac"], []),
])
def test_a_name_is_refused_in_french_when_empty_too_long_or_already_taken(
        name: str, taken: list[str], expected: list[str]) -> None:
    errors = name_errors(name, taken)
    assert len(errors) == len(expected)
    for error, fragment in zip(errors, expected, strict=True):
        assert fragment in error


def test_a_territory_needs_at_least_one_commune() -> None:
    assert communes_errors(["15187"]) == []
    assert "au moins une commune" in communes_errors([])[0]
