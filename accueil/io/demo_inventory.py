"""The demo territory's inventory and aménités: ``data/demo/inventaire.json`` read into domain values.

The file is built by ``scripts/build_demo_inventory.py`` (real communes of the CC de
Saint-Flour, invented items and service counts). Reading only; writing to the store is the
store's business, and everything read here is flagged as demo so that one click removes it.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from accueil.domain.amenities import AmenityCount, AmenityProfile, AmenitySource
from accueil.domain.inventory import HousingType, InventoryItem, LandType, PremisesType, Tenure
from accueil.domain.offers import Amenity, ReceptivityItem, ReceptivityKind

DEMO_INVENTORY_PATH = Path(__file__).resolve().parents[2] / "data" / "demo" / "inventaire.json"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _item(record: dict[str, Any]) -> InventoryItem:
    item = ReceptivityItem(
        kind=ReceptivityKind(record["kind"]), description=record.get("description", ""),
        surface_m2=record.get("surface_m2"), rooms=record.get("rooms"),
        monthly_rent=record.get("monthly_rent"), price=record.get("price"),
        available_from=_date(record.get("available_from")))
    return InventoryItem(
        item=item, commune_insee=record["commune_insee"],
        tenure=Tenure(record["tenure"]) if record.get("tenure") else None,
        housing_type=HousingType(record["housing_type"]) if record.get("housing_type") else None,
        land_type=LandType(record["land_type"]) if record.get("land_type") else None,
        premises_types=frozenset(PremisesType(t) for t in record.get("premises_types", [])),
        source_partner=record.get("source_partner", ""),
        verified_on=_date(record.get("verified_on")), is_demo=True)


def _profile(record: dict[str, Any]) -> AmenityProfile:
    counts = {Amenity(a): AmenityCount(Amenity(a), int(n), AmenitySource.DEMO)
              for a, n in record["counts"].items()}
    return AmenityProfile(record["commune_insee"], counts, record.get("living_environment", ""))


def load_demo_inventory(path: Path = DEMO_INVENTORY_PATH
                        ) -> tuple[list[InventoryItem], list[AmenityProfile]]:
    """The demo items (flagged demo) and the demo commune profiles."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [_item(r) for r in data["items"]], [_profile(r) for r in data["profiles"]]
