"""Finding the commune a row means, from its INSEE code, former code, postal code or name."""

from __future__ import annotations

import pandas as pd
import pytest

from accueil.io.communes import (
    CommuneResolver,
    Resolution,
    ResolutionStatus,
    name_keys,
    normalize_code,
    tidy_name,
)
from tests.unit.io.conftest import DEPARTEMENTS


@pytest.mark.parametrize(("code", "name", "postal", "expected"), [
    ("15014", None, None, "15014"),
    (" 15014 ", None, None, "15014"),
    (15014, None, None, "15014"),
    (15014.0, None, None, "15014"),
    ("3185", None, None, "03185"),
    (3185.0, None, None, "03185"),
    (None, "Aurillac", None, "15014"),
    (None, "AURILLAC", None, "15014"),
    (None, "aurillac ", "15000", "15014"),
    (None, "Beaulieu", "15270", "15020"),
    (None, "Beaulieu", "07460", "07028"),
    (None, "St Flour", None, "15187"),
    (None, "St-Flour", None, "15187"),
    (None, "SAINT FLOUR", None, "15187"),
    (None, "Ste Christine", None, "63364"),
    (None, "Le Puy-en-Velay", None, "43157"),
    (None, "Puy-en-Velay (Le)", None, "43157"),
    (None, "Puy en Velay", None, "43157"),
    (None, "LE PUY EN VELAY", "43000", "43157"),
    (None, "L'Hospitalet-du-Larzac", None, "12115"),
    (None, "Hospitalet du Larzac (L')", None, "12115"),
    (None, "L’HOSPITALET DU LARZAC", None, "12115"),
    (None, "Chambon s/ Voueize", None, "23045"),
    (None, "Montluçon Cedex", None, "03185"),
    (None, "Montlucon", None, "03185"),
    (None, None, "63200", "63300"),
    (None, None, 3100, "03185"),
])
def test_a_commune_is_found_however_it_is_written(code: object, name: object, postal: object,
                                                  expected: str,
                                                  resolver: CommuneResolver) -> None:
    found = resolver.resolve(code, name, postal)
    assert found.status is ResolutionStatus.RESOLVED
    assert found.code == expected
    assert found.note == ""


def test_a_former_code_leads_to_the_commune_nouvelle_with_a_note(
        resolver: CommuneResolver) -> None:
    found = resolver.resolve("03123")
    assert (found.status, found.code, found.name) == (ResolutionStatus.RESOLVED, "03158",
                                                      "Haut-Bocage")
    assert found.note == ("Le code INSEE 03123 est celui d'une ancienne commune, fusionnée dans "
                          "Haut-Bocage (03158) : le code actuel est retenu.")


def test_a_postal_code_typed_as_an_insee_code_is_recognised(resolver: CommuneResolver) -> None:
    found = resolver.resolve("63200")
    assert found.code == "63300"
    assert "« 63200 » est un code postal, pas un code INSEE" in found.note
    found = resolver.resolve("15000", "Ytrac")
    assert found.code == "15267"


def test_the_insee_code_wins_over_a_name_that_disagrees_with_a_note(
        resolver: CommuneResolver) -> None:
    found = resolver.resolve("15014", "Riom")
    assert found.code == "15014"
    assert found.note == ("Le nom « Riom » ne correspond pas au code INSEE 15014 (Aurillac) : "
                          "le code est retenu.")


def test_a_name_with_a_postal_code_of_elsewhere_is_kept_with_a_note(
        resolver: CommuneResolver) -> None:
    found = resolver.resolve(None, "Riom", "15000")
    assert found.code == "63300"
    assert "Le code postal 15000 n'est pas celui de Riom (63200)" in found.note


def test_a_misspelt_name_is_corrected_within_its_postal_code(resolver: CommuneResolver) -> None:
    found = resolver.resolve(None, "Aurilac", "15000")
    assert found.code == "15014"
    assert found.note == "« Aurilac » a été lu comme Aurillac (15014), commune du code postal 15000."


def test_a_homonym_without_postal_code_is_ambiguous_with_its_candidates(
        resolver: CommuneResolver) -> None:
    found = resolver.resolve(None, "Beaulieu")
    assert found.status is ResolutionStatus.AMBIGUOUS
    assert found.code is None
    assert {c.code for c in found.candidates} == {"15020", "07028", "43021"}
    assert found.message == (
        "« Beaulieu » désigne 3 communes : Beaulieu (15020, Cantal), Beaulieu (07028, Ardèche), "
        "Beaulieu (43021, Haute-Loire) ; indiquez le code postal ou le code INSEE.")


def test_a_postal_code_shared_by_communes_is_ambiguous(resolver: CommuneResolver) -> None:
    found = resolver.resolve(None, None, "43000")
    assert found.status is ResolutionStatus.AMBIGUOUS
    assert [c.name for c in found.candidates] == ["Le Puy-en-Velay", "Aiguilhe"]
    assert "indiquez le nom de la commune ou son code INSEE" in found.message


@pytest.mark.parametrize(("code", "name", "postal", "message"), [
    ("75056", None, None, "Le code INSEE 75056 n'est pas celui d'une commune de la table"),
    ("1501A", None, None, "« 1501A » n'est pas un code INSEE : attendu 5 caractères"),
    (None, "Paris", None, "La commune « Paris » n'est pas dans la table des communes"),
    (None, "Aurilac", None, "vouliez-vous dire : Aurillac (15014, Cantal)"),
    (None, None, "75001", "Le code postal 75001 n'est celui d'aucune commune"),
    (None, None, None, "Commune manquante : attendu un code INSEE, un nom de commune"),
])
def test_an_unknown_commune_says_what_was_found_and_what_is_expected(
        code: object, name: object, postal: object, message: str,
        resolver: CommuneResolver) -> None:
    found = resolver.resolve(code, name, postal)
    assert found.status is ResolutionStatus.UNKNOWN
    assert message in found.message


def test_an_unknown_code_with_a_known_name_finds_the_commune_by_name(
        resolver: CommuneResolver) -> None:
    found = resolver.resolve("99999", "Riom")
    assert found.code == "63300"
    assert "commune retrouvée par son nom : Riom (63300)" in found.note


def test_many_rows_are_resolved_in_one_call(resolver: CommuneResolver) -> None:
    found = resolver.resolve_many(codes=["15014", None, None],
                                  names=[None, "Riom", "Beaulieu"])
    assert [f.status for f in found] == [ResolutionStatus.RESOLVED, ResolutionStatus.RESOLVED,
                                         ResolutionStatus.AMBIGUOUS]


def test_the_table_may_be_records_instead_of_a_frame(communes: pd.DataFrame) -> None:
    resolver = CommuneResolver(communes.to_dict("records"))
    assert resolver.resolve(None, "Ytrac").code == "15267"
    assert "15014" in resolver.codes
    assert resolver.resolve(None, "Beaulieu").candidates[0].display == "Beaulieu (15020, dép. 15)"


@pytest.mark.parametrize(("name", "keys"), [
    ("Le Puy-en-Velay", ("le puy en velay", "puy en velay")),
    ("Puy-en-Velay (Le)", ("le puy en velay", "puy en velay")),
    ("St-Flour", ("saint flour", "saint flour")),
    ("L'Hospitalet-du-Larzac", ("l hospitalet du larzac", "hospitalet du larzac")),
    ("Œuilly", ("oeuilly", "oeuilly")),
])
def test_names_are_compared_through_their_keys(name: str, keys: tuple[str, str]) -> None:
    assert name_keys(name) == keys


@pytest.mark.parametrize(("value", "code"), [("3185", "03185"), (3185.0, "03185"),
                                             ("2a004", "2A004"), ("15 014", "15014"),
                                             (None, ""), ("", "")])
def test_codes_get_back_the_leading_zero_excel_drops(value: object, code: str) -> None:
    assert normalize_code(value) == code



@pytest.mark.parametrize(("value", "tidy"), [(None, ""), ("", ""), (float("nan"), ""),
                                             ("  St-Flour ", "St-Flour"), (15014.0, "15014")])
def test_a_name_cell_is_tidied_as_it_is_shown(value: object, tidy: str) -> None:
    assert tidy_name(value) == tidy


# Tidied cells (code, name, postal code) as a file gives them, one combination each: the
# quick path of resolve_tidy_many must answer exactly as the general one.
COMBINATIONS = [
    ("15014", "", ""), ("15014", "Aurillac", ""), ("15014", "AURILLAC", "15000"),
    ("15014", "Riom", ""),  # a name that is not the code's: a note
    ("03123", "", ""),  # a former code
    ("", "Aurillac", ""), ("", "St-Flour", "15100"), ("", "Ytrac", "15130"),
    ("", "LE PUY-EN-VELAY", ""), ("", "PUY-EN-VELAY (LE)", ""),  # the table's name in capitals
    ("", "Riom", "15000"),  # a postal code that is not the commune's: a note
    ("", "Beaulieu", ""), ("", "Beaulieu", "43800"),  # homonyms
    ("", "15100 Saint-Flour", ""), ("", "Saint-Flour (15100)", ""),  # postal code in the name
    ("", "15014", ""),  # an INSEE code in the name column
    ("", "Aurilac", "15000"), ("", "Nulle-Part", ""),  # a typo, an unknown name
    ("", "", "63200"), ("", "", "15000"), ("", "", ""), ("99999", "Riom", ""), ("1501A", "", ""),
]


def test_many_tidy_combinations_get_the_answers_of_one_by_one(
        communes: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = CommuneResolver(communes, DEPARTEMENTS)
    one_by_one = CommuneResolver(communes, DEPARTEMENTS)
    general = quick.resolve_tidy
    asked: list[tuple[str, str, str]] = []

    def counted(code: str, name: str, postal: str) -> Resolution:
        asked.append((code, name, postal))
        return general(code, name, postal)

    monkeypatch.setattr(quick, "resolve_tidy", counted)
    codes, names, postals = (list(column) for column in zip(*COMBINATIONS, strict=True))
    found = quick.resolve_tidy_many(codes, names, postals)
    expected = [one_by_one.resolve_tidy(*combination) for combination in COMBINATIONS]
    assert found == expected
    # The eight plain cases (code with or without its name, a single-commune name with its
    # own postal code or none) never took the general path.
    assert len(asked) == len(COMBINATIONS) - 8
