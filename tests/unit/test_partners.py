"""Partner rules: names that are one organisation, SIREN keys, kinds, veille answers."""

from __future__ import annotations

import pytest

from accueil.domain.partners import (
    NEAR_DUPLICATE,
    Answer,
    Contact,
    Partner,
    PartnerKind,
    Supply,
    guess_kind,
    name_similarity,
    near_duplicates,
    partner_errors,
    read_answer,
    siren_error,
    siren_valid,
)
from accueil.domain.pillars import Pillar


@pytest.mark.parametrize(("first", "second", "same"), [
    ("CCI Cantal", "CCI du Cantal", True),
    ("CCI du Cantal", "cci  du  CANTAL", True),
    ("Chambre d'agriculture du Cantal", "Chambre d'agricuture Cantal", True),  # a typo
    ("Chambre d'Agriculture de la Haute-Loire", "Chambre d'agriculture Haute Loire", True),
    ("France Travail", "France Travail Saint-Flour", True),
    ("Mairie de Murat", "Mairie de Mauriac", False),
    ("Mairie", "Mairie de Murat", False),  # one generic word is not an organisation
    ("CMA du Cantal", "CCI du Cantal", False),
    ("Cantal Habitat", "Cantal Habitat Services", True),  # proposed; the officer decides
    ("Communauté de communes", "Mairie", False),
    ("", "CCI du Cantal", False),
])
def test_names_of_one_organisation_are_told_from_those_of_two(first: str, second: str,
                                                              same: bool) -> None:
    assert (name_similarity(first, second) >= NEAR_DUPLICATE) is same
    assert name_similarity(first, second) == name_similarity(second, first)


def test_near_duplicates_pairs_each_couple_once_most_alike_first() -> None:
    pairs = near_duplicates(["CCI du Cantal", "CCI Cantal", "Mairie", "CCI du  Cantal",
                             "Chambre d'agricuture Cantal", "Chambre d'agriculture du Cantal"])
    assert [(p.first, p.second) for p in pairs][:1] == [("CCI Cantal", "CCI du  Cantal")]
    assert ("Chambre d'agriculture du Cantal", "Chambre d'agricuture Cantal") in [
        (p.first, p.second) for p in pairs]
    assert all(p.first != "Mairie" and p.second != "Mairie" for p in pairs)


@pytest.mark.parametrize(("siren", "valid"), [
    ("130005481", True),     # INSEE
    ("130 005 481", True),
    ("732829320", True),
    ("732829321", False),    # last digit changed: the Luhn key fails
    ("13000548", False),     # eight digits
    ("13000548A", False),
    ("", False),
])
def test_a_siren_is_nine_digits_with_a_right_luhn_key(siren: str, valid: bool) -> None:
    assert siren_valid(siren) is valid


def test_siren_errors_say_what_is_wrong_and_an_empty_siren_is_fine() -> None:
    assert siren_error("") is None
    assert siren_error("130 005 481") is None
    assert "neuf chiffres" in (siren_error("1234") or "")
    assert "clé de contrôle" in (siren_error("732829321") or "")


@pytest.mark.parametrize(("name", "kind"), [
    ("CCI du Cantal", PartnerKind.CCI),
    ("CMA du Cantal", PartnerKind.CMA),
    ("Chambre d'agriculture du Cantal", PartnerKind.CHAMBRE_AGRICULTURE),
    ("France Travail Saint-Flour", PartnerKind.FRANCE_TRAVAIL),
    ("Cantal Habitat", PartnerKind.BAILLEUR),
    ("Agence immobilière du Haut-Cantal", PartnerKind.AGENCE_IMMOBILIERE),
    ("Mairie", PartnerKind.COMMUNE),
    ("Communauté de communes", PartnerKind.COMMUNE),
    ("Initiative Cantal", PartnerKind.AUTRE),
])
def test_the_kind_is_guessed_from_the_name(name: str, kind: PartnerKind) -> None:
    assert guess_kind(name) is kind


def test_each_supply_feeds_its_pillar() -> None:
    assert Supply.ACTIVITE.pillar is Pillar.ACTIVITE
    assert {Supply.LOGEMENT.pillar, Supply.LOCAL.pillar, Supply.FONCIER.pillar} == {
        Pillar.RECEPTIVITE}
    assert Supply.SERVICES.pillar is Pillar.AMENITES


def test_a_record_needs_a_name_a_right_siren_and_named_contacts_with_real_emails() -> None:
    assert partner_errors(Partner("CCI du Cantal", siren="130005481")) == []
    errors = partner_errors(Partner("  ", siren="732829321", contacts=(
        Contact("", email="x"), Contact("Marie Dupont", email="marie@cci.fr"))))
    assert len(errors) == 4
    assert errors[0].startswith("Nom")
    assert any("Contact 1 : le nom" in e for e in errors)
    assert any("« x » n'est pas une adresse" in e for e in errors)


@pytest.mark.parametrize(("typed", "answer"), [
    ("Confirmé", Answer.CONFIRME), ("confirme", Answer.CONFIRME), ("OUI", Answer.CONFIRME),
    ("Modifié", Answer.MODIFIE), ("modifie", Answer.MODIFIE),
    ("Plus disponible", Answer.PLUS_DISPONIBLE), ("plus dispo", Answer.PLUS_DISPONIBLE),
    ("Vendu", Answer.PLUS_DISPONIBLE), ("loué", Answer.PLUS_DISPONIBLE),
    ("peut-être", None), ("", None), (None, None),
])
def test_veille_answers_are_read_as_people_type_them(typed: object,
                                                     answer: Answer | None) -> None:
    assert read_answer(typed) is answer
