"""The offer form's values, to and from a domain offer, with field-level French errors.

The *Saisir une offre* page keeps its widgets' values in a flat mapping whose keys are
:data:`FIELDS`; this module turns that mapping into an :class:`Offer` (or the list of what is
wrong, field by field) and an existing offer back into such a mapping to edit it. Pure: no
streamlit, no store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from accueil.domain.blank import is_blank
from accueil.domain.offers import (
    Activity,
    ActivityKind,
    Amenity,
    Confidentiality,
    FieldError,
    Offer,
    OfferStatus,
    ReceptivityItem,
    ReceptivityKind,
    validate_offer,
)

TEXT_FIELDS = ("title", "commune", "source_partner", "description", "naf_code", "naf_label",
               "sale_reason", "job_title", "contract", "working_time", "need",
               "living_environment")
NUMBER_FIELDS = ("turnover", "net_result", "asking_price", "gross_annual_salary")
FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, "headcount", "kind", "status", "confidentiality",
          "verified_on", "target_date", "amenities", "items")

# Columns of the réceptivité editor, as the user sees them.
ITEM_COLUMNS = {"kind": "Type", "description": "Description", "surface_m2": "Surface (m²)",
                "rooms": "Pièces", "monthly_rent": "Loyer mensuel (€)", "price": "Prix (€)",
                "available_from": "Disponible le"}
KIND_BY_LABEL = {k.label: k for k in ReceptivityKind}
ITEM_ID = "id"  # hidden column: editing an offer keeps its items' identity


def empty_items() -> pd.DataFrame:
    return pd.DataFrame({label: pd.Series(dtype="object")
                         for label in (ITEM_ID, *ITEM_COLUMNS.values())})


def blank_values() -> dict[str, Any]:
    """The values of an empty form: a new offer in veille, verified today."""
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    values.update({name: "" for name in TEXT_FIELDS})
    values.update(commune=None, kind=ActivityKind.REPRISE.value, status=OfferStatus.VEILLE.value,
                  confidentiality=Confidentiality.PUBLIQUE.value, verified_on=date.today(),
                  amenities=[], items=empty_items())
    return values


def values_from_offer(offer: Offer) -> dict[str, Any]:
    """The form values that show ``offer`` for editing."""
    values = blank_values()
    activity = offer.activity
    values.update(
        title=offer.title, commune=offer.commune_insee, source_partner=offer.source_partner,
        description=offer.description, status=offer.status.value,
        confidentiality=offer.confidentiality.value, verified_on=offer.verified_on,
        amenities=sorted(a.value for a in offer.amenities),
        living_environment=offer.living_environment)
    if activity is not None:
        values["kind"] = activity.kind.value
        for name in (*TEXT_FIELDS, *NUMBER_FIELDS, "headcount", "target_date"):
            if hasattr(activity, name):
                value = getattr(activity, name)
                values[name] = ("" if value is None else value) if name in TEXT_FIELDS else value
    values["items"] = pd.DataFrame(
        [{ITEM_ID: item.id, ITEM_COLUMNS["kind"]: item.kind.label, ITEM_COLUMNS["description"]: item.description,
          ITEM_COLUMNS["surface_m2"]: item.surface_m2, ITEM_COLUMNS["rooms"]: item.rooms,
          ITEM_COLUMNS["monthly_rent"]: item.monthly_rent, ITEM_COLUMNS["price"]: item.price,
          ITEM_COLUMNS["available_from"]: item.available_from} for item in offer.receptivity],
        columns=[ITEM_ID, *ITEM_COLUMNS.values()])
    return values


def _text(value: Any) -> str | None:
    return None if is_blank(value) else str(value).strip()


def _float(value: Any) -> float | None:
    return None if is_blank(value) else float(value)


def _int(value: Any) -> int | None:
    return None if is_blank(value) else round(float(value))


def _date(value: Any) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _items(frame: pd.DataFrame | None) -> tuple[tuple[ReceptivityItem, ...], list[FieldError]]:
    if frame is None:
        return (), []
    items: list[ReceptivityItem] = []
    errors: list[FieldError] = []
    columns = {label: name for name, label in ITEM_COLUMNS.items()}
    for position, (_, row) in enumerate(frame.rename(columns=columns).iterrows(), start=1):
        record = {name: row.get(name) for name in ITEM_COLUMNS}
        if all(is_blank(v) for v in record.values()):
            continue
        kind = KIND_BY_LABEL.get(str(record["kind"])) if not is_blank(record["kind"]) else None
        if kind is None:
            errors.append(FieldError(
                "items", f"Ligne {position} de la réceptivité : choisissez le type "
                         "(Logement, Foncier ou Local professionnel)."))
            continue
        try:
            items.append(ReceptivityItem(
                kind=kind, description=_text(record["description"]) or "",
                surface_m2=_float(record["surface_m2"]), rooms=_int(record["rooms"]),
                monthly_rent=_float(record["monthly_rent"]), price=_float(record["price"]),
                available_from=_date(record["available_from"]), id=_int(row.get(ITEM_ID))))
        except (TypeError, ValueError):
            errors.append(FieldError(
                "items", f"Ligne {position} de la réceptivité : surface, pièces, loyer et prix "
                         "sont des nombres, la disponibilité une date (jj/mm/aaaa)."))
    return tuple(items), errors


def offer_from_values(values: Mapping[str, Any], known_communes: frozenset[str] | set[str], *,
                      offer_id: int | None = None, is_demo: bool = False,
                      created_at: datetime | None = None) -> tuple[Offer, list[FieldError]]:
    """The offer the form describes, and every reason it cannot be saved (empty if none).

    Fields that do not apply to the chosen kind of activity are dropped, so that switching a
    reprise to an emploi does not keep a stale asking price.
    """
    kind = ActivityKind(values["kind"])
    kept = {
        ActivityKind.REPRISE: ("turnover", "net_result", "headcount", "asking_price",
                               "sale_reason", "target_date"),
        ActivityKind.EMPLOI: ("job_title", "contract", "working_time", "gross_annual_salary"),
        ActivityKind.CREATION: ("need",),
    }[kind]
    activity = Activity(
        kind=kind, naf_code=(_text(values.get("naf_code")) or "").upper() or None,
        naf_label=_text(values.get("naf_label")),
        turnover=_float(values.get("turnover")) if "turnover" in kept else None,
        net_result=_float(values.get("net_result")) if "net_result" in kept else None,
        headcount=_int(values.get("headcount")) if "headcount" in kept else None,
        asking_price=_float(values.get("asking_price")) if "asking_price" in kept else None,
        sale_reason=_text(values.get("sale_reason")) if "sale_reason" in kept else None,
        target_date=_date(values.get("target_date")) if "target_date" in kept else None,
        job_title=_text(values.get("job_title")) if "job_title" in kept else None,
        contract=_text(values.get("contract")) if "contract" in kept else None,
        working_time=_text(values.get("working_time")) if "working_time" in kept else None,
        gross_annual_salary=(_float(values.get("gross_annual_salary"))
                             if "gross_annual_salary" in kept else None),
        need=_text(values.get("need")) if "need" in kept else None,
    )
    items, errors = _items(values.get("items"))
    offer = Offer(
        id=offer_id, title=_text(values.get("title")) or "",
        commune_insee=_text(values.get("commune")) or "", activity=activity,
        status=OfferStatus(values.get("status") or OfferStatus.VEILLE),
        source_partner=_text(values.get("source_partner")) or "",
        confidentiality=Confidentiality(values.get("confidentiality")
                                        or Confidentiality.PUBLIQUE),
        description=_text(values.get("description")) or "", receptivity=items,
        amenities=frozenset(Amenity(a) for a in values.get("amenities") or ()),
        living_environment=_text(values.get("living_environment")) or "",
        verified_on=_date(values.get("verified_on")), created_at=created_at, is_demo=is_demo)
    return offer, validate_offer(offer, known_communes) + errors
