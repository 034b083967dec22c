"""The embedded demo territory: ``data/demo/offres.json`` read into domain offers.

The file is built by ``scripts/build_demo.py`` from real communes of the CC de Saint-Flour
(Cantal). Reading only; writing the offers to the store is the store's business.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from accueil.domain.offers import (
    Activity,
    ActivityKind,
    Amenity,
    Confidentiality,
    Offer,
    OfferStatus,
    ReceptivityItem,
    ReceptivityKind,
)

DEMO_PATH = Path(__file__).resolve().parents[2] / "data" / "demo" / "offres.json"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def offer_from_dict(data: dict[str, Any], *, is_demo: bool = False) -> Offer:
    """An offer from its JSON form (the shape written by ``scripts/build_demo.py``)."""
    raw = dict(data["activity"])
    kind = ActivityKind(raw.pop("kind"))
    raw["target_date"] = _date(raw.get("target_date"))
    items = tuple(
        ReceptivityItem(
            kind=ReceptivityKind(item["kind"]), description=item.get("description", ""),
            surface_m2=item.get("surface_m2"), rooms=item.get("rooms"),
            monthly_rent=item.get("monthly_rent"), price=item.get("price"),
            available_from=_date(item.get("available_from")))
        for item in data.get("receptivity", []))
    return Offer(
        title=data["title"], commune_insee=data["commune_insee"],
        activity=Activity(kind=kind, **raw), status=OfferStatus(data["status"]),
        source_partner=data.get("source_partner", ""),
        confidentiality=Confidentiality(data.get("confidentiality", "publique")),
        description=data.get("description", ""), receptivity=items,
        amenities=frozenset(Amenity(a) for a in data.get("amenities", [])),
        living_environment=data.get("living_environment", ""),
        verified_on=_date(data.get("verified_on")), is_demo=is_demo)


def load_demo_offers(path: Path = DEMO_PATH) -> list[Offer]:
    """The demo offers, flagged ``is_demo`` so that one click can remove them all."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return [offer_from_dict(record, is_demo=True) for record in records]
