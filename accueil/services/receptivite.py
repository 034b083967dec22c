"""What the *Réceptivité* page asks for: the inventory list, the item form, save and archive.

The form keeps its widgets' values in a flat mapping (:data:`FIELDS`); :func:`item_from_values`
turns it into an :class:`~accueil.domain.inventory.InventoryItem` with French errors field by
field, dropping the fields that do not apply to the kind (no rooms for land). Lists come back
shaped for people: French column names, labels instead of codes. Orchestration and shaping
only; the rules are in :mod:`accueil.domain.inventory`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import pandas as pd

from accueil import fr
from accueil.domain.access import Action, Principal, Role, require
from accueil.domain.blank import is_blank
from accueil.domain.inventory import (
    HousingType,
    InventoryItem,
    LandType,
    PremisesType,
    Tenure,
    validate_item,
    veille_cutoff,
)
from accueil.domain.offers import FieldError, ReceptivityItem, ReceptivityKind
from accueil.domain.territories import Territory
from accueil.io.numbers import ParseError, parse_amount, parse_area, parse_number
from accueil.services.forms import figure_text
from accueil.store import inventory as inventory_store
from accueil.store.dashboard import known_communes
from accueil.store.db import Store

FIELDS = ("kind", "description", "commune", "tenure", "housing_type", "land_type",
          "premises_types", "surface_m2", "rooms", "monthly_rent", "price", "available_from",
          "source_partner", "verified_on")


def blank_values(today: date | None = None) -> dict[str, Any]:
    """An empty form: a dwelling for rent, verified today."""
    return {"kind": ReceptivityKind.LOGEMENT.value, "description": "", "commune": None,
            "tenure": Tenure.LOCATION.value, "housing_type": None, "land_type": None,
            "premises_types": [], "surface_m2": "", "rooms": None, "monthly_rent": "",
            "price": "", "available_from": None, "source_partner": "",
            "verified_on": today or date.today()}


def values_from_item(entry: InventoryItem) -> dict[str, Any]:
    """The form values that show ``entry`` for editing."""
    item = entry.item
    return {"kind": item.kind.value, "description": item.description,
            "commune": entry.commune_insee,
            "tenure": entry.tenure.value if entry.tenure else None,
            "housing_type": entry.housing_type.value if entry.housing_type else None,
            "land_type": entry.land_type.value if entry.land_type else None,
            "premises_types": [t.value for t in PremisesType if t in entry.premises_types],
            "surface_m2": figure_text(item.surface_m2), "rooms": item.rooms,
            "monthly_rent": figure_text(item.monthly_rent), "price": figure_text(item.price),
            "available_from": item.available_from, "source_partner": entry.source_partner,
            "verified_on": entry.verified_on}


def _number(values: Mapping[str, Any], name: str, errors: list[FieldError],
            label: str) -> float | None:
    """A figure typed in French (``1 500``, ``650,50 €``, ``2,5 ha``), read by the one reader
    every input uses (accueil.io.numbers); an unreadable one is an error on its field."""
    reader = parse_area if name == "surface_m2" else parse_amount if name in (
        "monthly_rent", "price") else parse_number
    try:
        return reader(values.get(name))
    except ParseError as error:
        errors.append(FieldError(name, f"{label} : {error.message}"))
        return None


def _day(value: Any) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def item_from_values(values: Mapping[str, Any], known_communes: frozenset[str] | set[str],
                     today: date, *, item_id: int | None = None,
                     is_demo: bool = False) -> tuple[InventoryItem, list[FieldError]]:
    """The item the form describes, and every reason it cannot be saved (empty if none)."""
    errors: list[FieldError] = []
    kind = ReceptivityKind(values.get("kind") or ReceptivityKind.LOGEMENT.value)
    surface = _number(values, "surface_m2", errors, "La surface")
    rooms_value = _number(values, "rooms", errors, "Le nombre de pièces")
    if rooms_value is not None and rooms_value != int(rooms_value):
        errors.append(FieldError("rooms", f"Le nombre de pièces est un nombre entier "
                                          f"(saisi : {fr.number(rooms_value, 1)})."))
    rent = _number(values, "monthly_rent", errors, "Le loyer")
    price = _number(values, "price", errors, "Le prix")
    try:
        available = _day(values.get("available_from"))
        verified = _day(values.get("verified_on"))
    except ValueError:
        available = verified = None
        errors.append(FieldError("available_from", "Les dates s'écrivent jj/mm/aaaa."))
    item = ReceptivityItem(
        kind=kind, description=str(values.get("description") or "").strip(),
        surface_m2=surface,
        rooms=int(rooms_value) if rooms_value is not None and kind is ReceptivityKind.LOGEMENT
        else None,
        monthly_rent=rent, price=price, available_from=available, id=item_id)
    tenure = values.get("tenure")
    entry = InventoryItem(
        item=item, commune_insee=str(values.get("commune") or "").strip(),
        tenure=Tenure(tenure) if tenure else None,
        housing_type=HousingType(values["housing_type"])
        if kind is ReceptivityKind.LOGEMENT and values.get("housing_type") else None,
        land_type=LandType(values["land_type"])
        if kind is ReceptivityKind.FONCIER and values.get("land_type") else None,
        premises_types=frozenset(PremisesType(t) for t in values.get("premises_types") or ())
        if kind is ReceptivityKind.LOCAL else frozenset(),
        source_partner=str(values.get("source_partner") or "").strip(),
        verified_on=verified, is_demo=is_demo)
    return entry, errors + validate_item(entry, known_communes, today)


@dataclass(frozen=True, slots=True)
class ItemResult:
    item_id: int | None
    errors: tuple[FieldError, ...]

    @property
    def saved(self) -> bool:
        return self.item_id is not None


def submit_item(store: Store, values: Mapping[str, Any], item_id: int | None = None,
                today: date | None = None, *, by: Principal) -> ItemResult:
    """Validate the form and, only if nothing is wrong, save the item (new or edited).
    ``by`` edits items as offers (a partner: those of their organisation)."""
    today = today or date.today()
    existing = inventory_store.get_item(store, item_id) if item_id is not None else None
    if item_id is not None and existing is None:
        return ItemResult(None, (FieldError(
            "description", "Ce bien n'existe plus dans la base : rechargez la liste."),))
    require(by, Action.EDIT_OFFER, commune=existing.commune_insee if existing else None,
            organisation=existing.source_partner if existing else None,
            existing=existing is not None)
    known = known_communes(store)
    entry, errors = item_from_values(values, known, today, item_id=item_id,
                                     is_demo=existing.is_demo if existing else False)
    if errors:
        return ItemResult(None, tuple(errors))
    if existing is not None:
        entry = replace(entry, archived=existing.archived)
    if by.role is Role.PARTENAIRE:
        entry = replace(entry, source_partner=by.organisation)
    require(by, Action.EDIT_OFFER, commune=entry.commune_insee, existing=existing is not None,
            organisation=entry.source_partner)
    return ItemResult(inventory_store.save_item(store, entry, author=by.login), ())


def archive_item(store: Store, item_id: int, archived: bool = True, *,
                 by: Principal) -> str:
    """Archive (or bring back) an item; a French message saying what happened."""
    existing = inventory_store.get_item(store, item_id)
    if existing is not None:
        require(by, Action.EDIT_OFFER, commune=existing.commune_insee,
                organisation=existing.source_partner)
    if existing is None or not inventory_store.set_archived(store, item_id, archived,
                                                            author=by.login):
        return "Ce bien n'existe plus dans la base : rechargez la liste."
    return ("Bien archivé : il ne sera plus proposé aux offres." if archived
            else "Bien remis dans l'inventaire.")


@dataclass(frozen=True, slots=True)
class InventoryView:
    table: pd.DataFrame  # French columns, same order as ids
    ids: list[int]
    total: int
    by_kind: dict[ReceptivityKind, int]
    stale: int  # shown rows not verified within the veille period
    months: int


def _type_label(row: Any) -> str:
    if row.kind == ReceptivityKind.LOGEMENT.value and isinstance(row.housing_type, str):
        return HousingType(row.housing_type).label
    if row.kind == ReceptivityKind.FONCIER.value and isinstance(row.land_type, str):
        return LandType(row.land_type).label
    types = {str(t) for t in row.premises_types}
    if row.kind == ReceptivityKind.LOCAL.value and types:
        return " + ".join(t.label for t in PremisesType if t.value in types)
    return "—"


def _shown_day(value: Any) -> str:
    return fr.MISSING if pd.isna(value) else fr.day(pd.Timestamp(value).date())


def _surface(kind: str, value: Any) -> str:
    if pd.isna(value):
        return fr.MISSING
    if kind == ReceptivityKind.FONCIER.value and float(value) >= 10_000:
        return f"{fr.number(float(value) / 10_000, 1)} ha"
    return f"{fr.number(float(value))} m²"


def inventory_view(store: Store, territory: Territory | None,
                   kinds: tuple[ReceptivityKind, ...] = (), text: str = "",
                   include_archived: bool = False, only_stale: bool = False,
                   today: date | None = None) -> InventoryView:
    """The inventory of ``territory`` shaped for the page."""
    today = today or date.today()
    months = inventory_store.veille_months(store)
    cutoff = veille_cutoff(today, months)
    frame = inventory_store.list_items(store, inventory_store.ItemQuery(
        territory=territory, kinds=kinds, text=text, include_archived=include_archived,
        stale_before=cutoff if only_stale else None))
    verified = pd.to_datetime(frame["verified_on"])
    stale = verified.isna() | (verified < pd.Timestamp(cutoff))
    kind_labels = {k.value: k.label for k in ReceptivityKind}
    state = [("Archivé" if archived else "À revérifier" if old else "À jour")
             for archived, old in zip(frame["archived"], stale, strict=True)]
    surfaces = [_surface(kind, value) for kind, value in
                zip(frame["kind"], frame["surface_m2"], strict=True)]
    table = pd.DataFrame({
        "Type": frame["kind"].map(kind_labels),
        "Précision": [_type_label(r) for r in frame.itertuples()],
        "Description": frame["description"].where(frame["description"] != "", "—")
        + frame["is_demo"].map({True: " (démo)", False: ""}),
        "Commune": frame["commune"],
        "État": state,
        "Surface": surfaces,
        "Pièces": [fr.MISSING if pd.isna(v) else fr.number(int(v)) for v in frame["rooms"]],
        "Loyer mensuel": [fr.euros(None if pd.isna(v) else float(v))
                          for v in frame["monthly_rent"]],
        "Prix": [fr.euros(None if pd.isna(v) else float(v)) for v in frame["price"]],
        "Disponible le": [_shown_day(v) for v in frame["available_from"]],
        "Vérifié le": [_shown_day(v) for v in frame["verified_on"]],
        "Offres liées": frame["offers"].astype(int),
        "Partenaire": frame["source_partner"].where(frame["source_partner"] != "", "—"),
    })
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    by_kind = {k: int((frame["kind"] == k.value).sum()) for k in ReceptivityKind}
    return InventoryView(table, [int(i) for i in frame["id"]], total, by_kind,
                         int((stale & ~frame["archived"].astype(bool)).sum()), months)


def linked_offers(store: Store, item_id: int) -> list[str]:
    """Titles of the offers an item serves, for the edit form."""
    frame = inventory_store.offers_of_item(store, item_id)
    return [f"{title} (n° {offer_id})" for offer_id, title in
            zip(frame["id"], frame["title"], strict=True)]
