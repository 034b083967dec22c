"""Offers built from literals, for tests of every layer: change one field, keep the rest."""

from __future__ import annotations

from datetime import date

from accueil.domain.access import Principal, Role
from accueil.domain.offers import (
    Activity,
    ActivityKind,
    Amenity,
    Offer,
    ReceptivityItem,
    ReceptivityKind,
)

SAINT_FLOUR = "15187"
AURILLAC = "15014"


def housing(**changes: object) -> ReceptivityItem:
    values: dict[str, object] = {
        "kind": ReceptivityKind.LOGEMENT, "description": "Maison de bourg", "surface_m2": 90.0,
        "rooms": 4, "monthly_rent": 520.0, "available_from": date(2027, 1, 1)}
    values.update(changes)
    return ReceptivityItem(**values)  # type: ignore[arg-type]


def premises(**changes: object) -> ReceptivityItem:
    values: dict[str, object] = {
        "kind": ReceptivityKind.LOCAL, "description": "Local commercial", "surface_m2": 120.0,
        "monthly_rent": 400.0, "available_from": date(2027, 1, 1)}
    values.update(changes)
    return ReceptivityItem(**values)  # type: ignore[arg-type]


FULL_AMENITIES = frozenset({Amenity.ECOLE, Amenity.MEDECIN, Amenity.COMMERCE,
                            Amenity.TRES_HAUT_DEBIT})


def takeover(**changes: object) -> Activity:
    values: dict[str, object] = {
        "kind": ActivityKind.REPRISE, "naf_code": "10.71C", "naf_label": "Boulangerie",
        "turnover": 310_000.0, "net_result": 38_000.0, "headcount": 3,
        "asking_price": 180_000.0, "sale_reason": "Retraite", "target_date": date(2027, 6, 1)}
    values.update(changes)
    return Activity(**values)  # type: ignore[arg-type]


def qualified_offer(**changes: object) -> Offer:
    values: dict[str, object] = {
        "title": "Boulangerie du bourg", "commune_insee": SAINT_FLOUR, "activity": takeover(),
        "receptivity": (housing(),), "amenities": FULL_AMENITIES,
        "living_environment": "Ville d'art et d'histoire", "source_partner": "CMA du Cantal",
        "verified_on": date(2026, 11, 2)}
    values.update(changes)
    return Offer(**values)  # type: ignore[arg-type]




# Principals of each role, for tests of the write checks. The chargé de mission covers the CC
# de Saint-Flour's communes only when a test gives it a scope; by default, Saint-Flour itself.
ADMIN = Principal(login="admin", role=Role.ADMINISTRATEUR, display_name="Admin")
OFFICER = Principal(login="charge", role=Role.CHARGE_MISSION,
                    communes=frozenset({SAINT_FLOUR}), display_name="Chargée")
PARTNER = Principal(login="cma", role=Role.PARTENAIRE, organisation="CMA du Cantal",
                    display_name="CMA")
ELECTED = Principal(login="elu", role=Role.ELU, communes=frozenset({SAINT_FLOUR}),
                    display_name="Élu")
