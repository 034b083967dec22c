"""The redaction rules of a restricted offer: which fields go, which become bands, which title."""

from __future__ import annotations

import pytest

from accueil.domain.redaction import (
    amount_band_label,
    band_field,
    headcount_band_label,
    is_identity_field,
    redacted_title,
    rent_band_label,
)

NB = "\u00a0"


@pytest.mark.parametrize(("kind", "activity", "commune", "title"), [
    ("reprise", "Boulangerie-pâtisserie", "Saint-Flour",
     "Reprise · boulangerie-pâtisserie · Saint-Flour"),
    ("creation", "BTP", "Aurillac", "Création · BTP · Aurillac"),
    ("emploi", None, "Murat", "Emploi · Murat"),
    (None, "  ", None, "Offre"),
    ("reprise", float("nan"), float("nan"), "Reprise"),  # missing cells of a frame
])
def test_a_redacted_title_says_kind_activity_and_commune_only(
        kind: str | None, activity: object, commune: object, title: str) -> None:
    assert redacted_title(kind, activity, commune) == title  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "identity"), [
    ("title", True), ("description", True), ("living_environment", True),
    ("sale_reason", True), ("contact", True), ("contact_email", True), ("seller_name", True),
    ("trade_name", True), ("commune_insee", False), ("turnover", False),
    ("activity_kind", False), ("source_partner", False), ("naf_label", False),
])
def test_identity_fields_include_free_text_and_any_contact_column(name: str,
                                                                  identity: bool) -> None:
    assert is_identity_field(name) is identity


@pytest.mark.parametrize(("amount", "label"), [
    (0, f"moins de 50{NB}000{NB}€"),
    (49_999, f"moins de 50{NB}000{NB}€"),
    (130_000, f"100{NB}000 à 200{NB}000{NB}€"),
    (200_000, f"200{NB}000 à 500{NB}000{NB}€"),
    (2_500_000, f"1{NB}000{NB}000{NB}€ ou plus"),
    (-12_000, "négatif"),
    (None, None),
    (float("nan"), None),
])
def test_amounts_become_bands(amount: float | None, label: str | None) -> None:
    assert amount_band_label(amount) == label


@pytest.mark.parametrize(("rent", "label"), [
    (450, f"300 à 500{NB}€/mois"), (150, f"moins de 300{NB}€/mois"),
    (2_400, f"2{NB}000{NB}€/mois ou plus"), (None, None),
])
def test_rents_become_monthly_bands(rent: float | None, label: str | None) -> None:
    assert rent_band_label(rent) == label


@pytest.mark.parametrize(("headcount", "label"), [
    (0, "aucun salarié"), (2.5, f"moins de 3{NB}ETP"), (3, f"3 à 6{NB}ETP"),
    (12, f"10 à 20{NB}ETP"), (80, f"50{NB}ETP ou plus"), (None, None),
])
def test_headcounts_become_bands(headcount: float | None, label: str | None) -> None:
    assert headcount_band_label(headcount) == label


def test_the_band_of_a_figure_has_its_own_column() -> None:
    assert band_field("asking_price") == "asking_price_band"
