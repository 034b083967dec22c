"""Diffusion rules (issue 16): what goes out, and how a takeover is worded. Pure cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from accueil.domain.diffusion import (
    DiffusionSettings,
    Nearby,
    Place,
    Publication,
    PublicationState,
    contrast_ratio,
    public_offer,
    public_place,
    to_publish,
    validate_settings,
)
from accueil.domain.offers import (
    Activity,
    ActivityKind,
    Amenity,
    Confidentiality,
    OfferStatus,
)
from tests.builders import housing, qualified_offer, takeover

NOW = datetime(2026, 12, 7, 10, 0)
SMALL = Place(commune_insee="15003", commune_name="Ally", population=594, postal_code="15700",
              departement="15", epci_code="241501139", epci_name="CC du Pays de Salers",
              centre_insee="15153", centre_name="Pleaux")
TOWN = Place(commune_insee="15187", commune_name="Saint-Flour", population=6391,
             postal_code="15100", departement="15", epci_code="200066660",
             epci_name="Saint-Flour Communauté", centre_insee="15187", centre_name="Saint-Flour")
DEFAULT = DiffusionSettings()


@pytest.mark.parametrize(("level", "status", "state", "expected"), [
    (Confidentiality.PUBLIQUE, OfferStatus.PUBLIEE, None, True),
    (Confidentiality.PUBLIQUE, OfferStatus.EN_QUALIFICATION, None, False),
    (Confidentiality.PUBLIQUE, OfferStatus.EN_QUALIFICATION, PublicationState.A_PUBLIER, True),
    (Confidentiality.PUBLIQUE, OfferStatus.VEILLE, PublicationState.PUBLIEE, True),
    (Confidentiality.PUBLIQUE, OfferStatus.PUBLIEE, PublicationState.RETIREE, False),
    (Confidentiality.PUBLIQUE, OfferStatus.POURVUE, PublicationState.PUBLIEE, False),
    (Confidentiality.PUBLIQUE, OfferStatus.ARCHIVEE, PublicationState.A_PUBLIER, False),
    (Confidentiality.PARTENAIRES, OfferStatus.PUBLIEE, PublicationState.A_PUBLIER, False),
    (Confidentiality.CONFIDENTIELLE, OfferStatus.PUBLIEE, None, False),
])
def test_only_public_open_offers_asked_for_are_published(
        level: Confidentiality, status: OfferStatus, state: PublicationState | None,
        expected: bool) -> None:
    offer = qualified_offer(confidentiality=level, status=status)
    assert to_publish(offer, None if state is None else Publication(state)) is expected


def test_a_takeover_in_a_small_commune_says_the_sector_and_the_bourg_centre() -> None:
    offer = qualified_offer(id=7, title="Boulangerie Dupont", description="Chez Dupont",
                            commune_insee="15003", receptivity=(housing(description="Rue X"),),
                            activity=takeover(headcount=2, turnover=310_000.0,
                                              asking_price=180_000.0))
    public = public_offer(offer, SMALL, DEFAULT, published_at=NOW)
    assert public.title == "Reprise : boulangerie – secteur de Pleaux"
    assert public.place == "secteur de Pleaux"
    assert public.commune_insee == "15153"
    assert public.place_generalised
    assert public.postal_code == ""
    assert public.description == ""
    assert public.living_environment == ""
    assert public.items[0].description == ""
    assert public.headcount is None  # 2 < 5
    assert public.turnover is not None
    assert public.turnover.words == "de 200\u00a0000\u00a0€ à 500\u00a0000\u00a0€"
    assert public.asking_price is not None
    assert (public.asking_price.low, public.asking_price.high) == (100_000, 200_000)


def test_a_takeover_in_a_town_keeps_its_commune_and_a_large_headcount() -> None:
    offer = qualified_offer(id=8, activity=takeover(headcount=6))
    public = public_offer(offer, TOWN, DEFAULT, published_at=NOW)
    assert public.place == "Saint-Flour"
    assert public.commune_insee == "15187"
    assert public.headcount == 6
    assert public.living_environment == "Ville d'art et d'histoire"


def test_the_epci_mode_and_the_threshold_are_settings() -> None:
    offer = qualified_offer(id=9, activity=takeover())
    epci = replace(DEFAULT, small_place="epci")
    assert public_place(SMALL, epci, ActivityKind.REPRISE)[0] == "CC du Pays de Salers"
    lower = replace(DEFAULT, small_commune_population=500)
    assert public_offer(offer, SMALL, lower, published_at=NOW).place == "Ally"


def test_a_small_commune_that_is_its_own_centre_falls_back_to_the_epci() -> None:
    alone = replace(SMALL, centre_insee="15003", centre_name="Ally")
    assert public_place(alone, DEFAULT, ActivityKind.REPRISE) == (
        "CC du Pays de Salers", "15003", True)


def test_jobs_and_creations_are_not_generalised() -> None:
    job = qualified_offer(id=10, title="Infirmier(e)", activity=Activity(
        kind=ActivityKind.EMPLOI, job_title="Infirmier", contract="CDI", salary_min=1900.0,
        salary_max=2100.0, salary_period="mois"))
    public = public_offer(job, SMALL, DEFAULT, published_at=NOW)
    assert public.title == "Infirmier(e)"
    assert public.place == "Ally"
    assert public.salary == "1\u00a0900\u00a0€ à 2\u00a0100\u00a0€ brut par mois"
    assert public.turnover is None


def test_nearby_services_are_those_the_commune_lacks() -> None:
    offer = qualified_offer(id=11, amenities=frozenset({Amenity.ECOLE}))
    nearby = (Nearby(Amenity.ECOLE, "X", 3.0), Nearby(Amenity.PHARMACIE, "Saint-Flour", 12.34))
    public = public_offer(offer, TOWN, DEFAULT, nearby=nearby, published_at=NOW)
    assert public.nearby == (("Pharmacie", "Saint-Flour", 12.3),)


def test_settings_are_checked_in_french() -> None:
    assert validate_settings(DEFAULT) == []
    bad = replace(DEFAULT, colour="#ffff00", small_place="ailleurs", amount_bands=(10, 5),
                  contact_name=" ", base_url="ftp://x", logo_png="bm90IGEgcG5n")
    errors = validate_settings(bad)
    assert len(errors) == 6
    assert any("trop claire" in e for e in errors)
    assert any("PNG" in e for e in errors)


def test_contrast_ratio_follows_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_settings_round_trip_through_json() -> None:
    chosen = replace(DEFAULT, amount_bands=(0, 1_000.0, 2_000.0), contact_phone="04 71 00 00 00")
    assert DiffusionSettings.from_json(chosen.to_json()) == chosen
    assert DiffusionSettings.from_json('{"unknown": 1}') == DEFAULT
