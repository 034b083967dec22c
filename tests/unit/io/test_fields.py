"""The catalogue of import fields and the guess of which column holds which field."""

from __future__ import annotations

from collections import Counter

import pytest

from accueil.io.fields import (
    OFFER_FIELDS,
    RECEPTIVITY_FIELDS,
    FieldType,
    ImportField,
    field_by_key,
    header_key,
    missing_required,
    parse_choice,
    suggest_mapping,
)
from accueil.io.numbers import ParseError

CATALOGUES = pytest.mark.parametrize("fields", [OFFER_FIELDS, RECEPTIVITY_FIELDS],
                                     ids=["offres", "réceptivité"])


@pytest.mark.parametrize(("header", "key"), [
    ("CA", "turnover"),
    ("C.A.", "turnover"),
    ("Chiffre d'affaires HT", "turnover"),
    ("CHIFFRE D’AFFAIRES 2025 (€)", "turnover"),
    ("Chifre d'afaires", "turnover"),
    ("Code INSEE", "commune_insee"),
    ("Insee", "commune_insee"),
    ("N° INSEE", "commune_insee"),
    ("Commune", "commune_name"),
    ("Ville", "commune_name"),
    ("CP", "postal_code"),
    ("C.P.", "postal_code"),
    ("Code postal", "postal_code"),
    ("Prix de cession", "asking_price"),
    ("Prix demandé", "asking_price"),
    ("Prix de cession souhaité (€)", "asking_price"),
    ("Effectif 2025", "headcount"),
    ("Nb salariés", "headcount"),
    ("Type d'offre", "activity_kind"),
    ("Code APE", "naf_code"),
    ("Motif de la cession", "sale_reason"),
    ("Salaire brut mensuel", "gross_monthly_salary"),
    ("Date de MAJ", "verified_on"),
    ("Observations", "description"),
    ("  titre  ", "title"),
])
def test_an_offer_header_is_recognised_whatever_its_spelling(header: str, key: str) -> None:
    assert suggest_mapping([header]) == {header: key}


@pytest.mark.parametrize(("header", "key"), [
    ("Surface (m²)", "surface_m2"),
    ("m²", "surface_m2"),
    ("Superficie", "surface_m2"),
    ("Loyer", "monthly_rent"),
    ("Loyer mensuel €", "monthly_rent"),
    ("Loyer HC", "monthly_rent"),
    ("Nb pièces", "rooms"),
    ("Disponibilité", "available_from"),
    ("Type de bien", "kind"),
    ("Prix", "price"),
])
def test_a_receptivity_header_is_recognised(header: str, key: str) -> None:
    assert suggest_mapping([header], RECEPTIVITY_FIELDS) == {header: key}


@pytest.mark.parametrize("header", ["Nom du cédant", "Téléphone", "Adresse du bien", "Date", "",
                                    "Colonne F", "N°"])
def test_a_header_that_means_no_field_is_left_unmapped(header: str) -> None:
    assert suggest_mapping([header]) == {header: None}


def test_no_field_is_given_two_columns_and_the_exact_match_wins() -> None:
    mapping = suggest_mapping(["Chiffre d'affaires 2024", "CA", "Commune", "Ville"])
    assert mapping == {"Chiffre d'affaires 2024": "turnover", "CA": None,
                       "Commune": "commune_name", "Ville": None}
    assert mapping == suggest_mapping(["Chiffre d'affaires 2024", "CA", "Commune", "Ville"])


def test_a_whole_real_header_row_is_mapped_column_by_column() -> None:
    headers = ["N°", "Intitulé", "Commune", "CP", "Nature", "Activité", "CA HT", "Résultat net",
               "Effectif", "Prix de vente", "Motif", "Partenaire", "État", "Commentaires"]
    assert suggest_mapping(headers) == {
        "N°": None, "Intitulé": "title", "Commune": "commune_name", "CP": "postal_code",
        "Nature": "activity_kind", "Activité": "naf_label", "CA HT": "turnover",
        "Résultat net": "net_result", "Effectif": "headcount", "Prix de vente": "asking_price",
        "Motif": "sale_reason", "Partenaire": "source_partner", "État": "status",
        "Commentaires": "description"}


@CATALOGUES
def test_every_field_label_maps_back_to_its_field(fields: tuple[ImportField, ...]) -> None:
    labels = [item.label for item in fields]
    assert suggest_mapping(labels, fields) == {item.label: item.key for item in fields}


@CATALOGUES
def test_every_synonym_alone_maps_to_its_own_field(fields: tuple[ImportField, ...]) -> None:
    for item in fields:
        for synonym in item.synonyms:
            assert suggest_mapping([synonym], fields)[synonym] == item.key, synonym


@CATALOGUES
def test_no_spelling_belongs_to_two_fields(fields: tuple[ImportField, ...]) -> None:
    owners = Counter(key for item in fields
                     for key in {header_key(name) for name in (item.label, *item.synonyms)})
    assert [key for key, count in owners.items() if count > 1] == []


@CATALOGUES
def test_every_field_is_documented_for_the_template(fields: tuple[ImportField, ...]) -> None:
    for item in fields:
        assert item.label
        assert item.help[-1] in ".…"
        assert item.example
        if item.kind is FieldType.CHOICE:
            assert parse_choice(item.example, item) is not None
            assert "Une de ces valeurs" in item.format_hint
    assert len({item.key for item in fields}) == len(fields)


@pytest.mark.parametrize(("key", "cell", "value"), [
    ("activity_kind", "Reprise d'entreprise", "reprise"),
    ("activity_kind", "cession", "reprise"),
    ("activity_kind", "À CRÉER", "creation"),
    ("activity_kind", "Offre d'emploi", "emploi"),
    ("activity_kind", "Reprisse", "reprise"),
    ("status", "Publiée", "publiee"),
    ("status", "en cours", "en_qualification"),
    ("status", "Repérée (veille)", "veille"),
    ("confidentiality", "Réservée aux partenaires", "partenaires"),
    ("confidentiality", "oui", "confidentielle"),
    ("contract", "cdi", "CDI"),
    ("contract", "interim", "Intérim"),
    ("working_time", "mi-temps", "Temps partiel"),
])
def test_a_choice_is_read_from_its_label_or_a_usual_word(key: str, cell: str, value: str) -> None:
    assert parse_choice(cell, field_by_key(key)) == value


def test_an_unknown_choice_is_refused_with_the_admitted_values() -> None:
    with pytest.raises(ParseError) as refused:
        parse_choice("Vente aux enchères", field_by_key("activity_kind"))
    assert refused.value.message == (
        "« Vente aux enchères » n'est pas une valeur admise pour « Type d'offre » : attendu "
        "l'une de : « Reprise d'entreprise », « Création d'activité », « Emploi salarié ».")


def test_a_missing_required_field_or_commune_is_reported_unless_defaulted() -> None:
    problems = missing_required({"Titre": "title"})
    assert len(problems) == 2
    assert "« Type d'offre »" in problems[0]
    assert "n'indique la commune" in problems[1]
    assert missing_required({"Titre": "title", "CP": "postal_code"},
                            defaults={"activity_kind": "reprise"}) == []


def test_a_header_key_drops_units_years_and_filler_words() -> None:
    assert header_key("Chiffre d'affaires HT 2025 (€)") == "chiffre affaires"
    assert header_key("Surface (m²)") == "surface"
    assert header_key("C.A.") == "ca"
