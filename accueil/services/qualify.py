"""What the *Qualifier* page and the dashboard's veille ask for: one call each, results to draw.

For a territory, the offers closest to qualification and the pillar missing most often; for an
offer, its checklist and the aggregation assistant (suggested items per unmet need, the
commune's aménités); and the actions: link or unlink an item, apply the commune's aménités,
set the veille period. Actions validate, write in one transaction and come back with a French
message, never an exception. Orchestration only: the rules are in :mod:`accueil.domain`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

import numpy as np
import pandas as pd

from accueil import fr
from accueil.domain.access import Action, Principal, Refused, Role, Visibility, require
from accueil.domain.amenities import AmenityProfile, Nearest, nearest_with
from accueil.domain.checklist import Checklist, build_checklist
from accueil.domain.indicators import Indicators
from accueil.domain.inventory import (
    HousingType,
    InventoryItem,
    LandType,
    PremisesType,
    parse_veille_months,
    veille_cutoff,
)
from accueil.domain.offers import (
    AMENITY_LABELS,
    ActivityKind,
    Amenity,
    Offer,
    ReceptivityItem,
    ReceptivityKind,
    too_long,
)
from accueil.domain.pillars import assess, describe_missing
from accueil.domain.suggestions import (
    DEFAULT_LIMIT,
    Candidates,
    Household,
    Need,
    Suggestion,
    needs_for,
    rank,
    unmet,
)
from accueil.domain.territories import Territory
from accueil.domain.versions import StaleVersion
from accueil.geo.centroids import load_centres
from accueil.services.audience import (
    FULL_OR_REDACTED,
    NOT_SHOWN,
    access_to,
    item_visibilities,
    listed,
    seen_by,
)
from accueil.services.indicators import territory_indicators
from accueil.store import amenities as amenity_store
from accueil.store import inventory as inventory_store
from accueil.store.dashboard import commune_names
from accueil.store.db import Db, Store, UnitOfWork
from accueil.store.offers import get_offer, requalify, write_offers

DEFAULT_RADIUS_KM = 20
MAX_RADIUS_KM = 80


# -- a territory's queue ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QueueView:
    table: pd.DataFrame  # French columns, one row per open offer not yet qualifiée
    ids: list[int]
    indicators: Indicators  # the territory's headline figures, as every surface shows them


def territory_queue(store: Store, territory: Territory, *, audience: Principal) -> QueueView:
    """Open offers of ``territory`` not yet qualifiées, closest to qualification first (those
    ``audience`` may list, restricted ones redacted), and the territory's indicators for
    ``audience``."""
    offers = listed(inventory_store.qualification_queue(
        store, territory, seen=seen_by(store, audience)), audience)
    kinds = {k.value: k.label for k in ActivityKind}
    table = pd.DataFrame({
        "Offre": offers["title"] + offers["is_demo"].map({True: " (démo)", False: ""}),
        "Commune": offers["commune"],
        "Activité": offers["activity_kind"].map(kinds).fillna("—"),
        "Complétude": (offers["completeness"] * 100).round(0),
        "Il manque": [
            _missing_text(list(items)) for items in offers["missing"]],
    })
    return QueueView(table, [int(i) for i in offers["id"]],
                     territory_indicators(store, territory, audience))


def _missing_text(keys: list[str], shown: int = 3) -> str:
    texts = [describe_missing(k) for k in keys]
    more = f" (+{len(texts) - shown})" if len(texts) > shown else ""
    return " ; ".join(texts[:shown]) + more


# -- one offer: checklist and assistant ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SuggestionCard:
    """One suggested item, ready to draw."""

    item_id: int
    title: str  # "Logement · Maison · 4 pièces · 105 m²"
    description: str
    commune: str
    where: str  # "Dans la commune de l'offre" or "À 12 km"
    cost: str  # "580 € / mois" or "54 000 €" or "—"
    fit: int
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    is_demo: bool


@dataclass(frozen=True, slots=True)
class NeedView:
    need: Need
    met: bool
    cards: tuple[SuggestionCard, ...]
    considered: int  # candidate items looked at


@dataclass(frozen=True, slots=True)
class NearestView:
    amenity: Amenity
    label: str  # "Pharmacie : Saint-Flour, à 12 km" or "aucune commune connue"


@dataclass(frozen=True, slots=True)
class AmenitiesSummary:
    commune: str
    profile: AmenityProfile
    applicable: frozenset[Amenity]  # present in the commune, not yet on the offer
    living_applicable: bool  # the commune has a text and the offer none
    nearest: tuple[NearestView, ...]  # for each category the commune is known to lack

    @property
    def unknown(self) -> str:
        """The services nobody has told about for this commune, in French."""
        return ", ".join(AMENITY_LABELS[a] for a in Amenity if a in self.profile.unknown)

    @property
    def to_apply(self) -> str:
        """What applying the commune's aménités would add, in French; ``""`` if nothing."""
        parts = [", ".join(AMENITY_LABELS[a] for a in Amenity if a in self.applicable)]
        if self.living_applicable:
            parts.append("le cadre de vie")
        return " ; ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class LinkedItem:
    item_id: int
    label: str


@dataclass(frozen=True, slots=True)
class AssistantView:
    offer: Offer
    commune_label: str
    checklist: Checklist
    qualified_by: str | None
    qualified_at: datetime | None
    needs: tuple[NeedView, ...]
    amenities: AmenitiesSummary
    linked: tuple[LinkedItem, ...]
    veille_months: int
    radius_km: float


def _column(frame: pd.DataFrame, name: str, dtype: str) -> np.ndarray:
    return frame[name].to_numpy(dtype=dtype, na_value=np.nan)


def candidates_from(frame: pd.DataFrame, distances: dict[str, float]) -> Candidates:
    """The store's candidate rows as the arrays :func:`accueil.domain.suggestions.rank` takes."""
    communes = frame["commune_insee"].to_numpy(dtype=object)
    return Candidates(
        ids=frame["id"].to_numpy(dtype="int64"),
        kinds=frame["kind"].to_numpy(dtype=object),
        communes=communes,
        distance_km=np.array([distances.get(c, np.inf) for c in communes], dtype=float),
        rooms=_column(frame, "rooms", "float64"),
        surface_m2=_column(frame, "surface_m2", "float64"),
        monthly_rent=_column(frame, "monthly_rent", "float64"),
        price=_column(frame, "price", "float64"),
        available_from=pd.to_datetime(frame["available_from"]).to_numpy(
            dtype="datetime64[D]"),
        verified_on=pd.to_datetime(frame["verified_on"]).to_numpy(dtype="datetime64[D]"),
        premises=frame["premises"].to_numpy(dtype="int64"),
        land=frame["land_type"].fillna("").to_numpy(dtype=object),
        linked=frame["offers"].to_numpy(dtype="int64"))


def _card(row: pd.Series, suggestion: Suggestion) -> SuggestionCard:
    kind = ReceptivityKind(row["kind"])
    parts = [kind.label]
    if kind is ReceptivityKind.LOGEMENT and isinstance(row["housing_type"], str):
        parts.append(HousingType(row["housing_type"]).label)
    if kind is ReceptivityKind.FONCIER and isinstance(row["land_type"], str):
        parts.append(LandType(row["land_type"]).label)
    types = {str(t) for t in row["premises_types"]}
    if kind is ReceptivityKind.LOCAL and types:
        parts.append(" + ".join(t.label for t in PremisesType if t.value in types))
    if not pd.isna(row["rooms"]):
        parts.append(fr.plural(int(row["rooms"]), "pièce"))
    if not pd.isna(row["surface_m2"]):
        surface = float(row["surface_m2"])
        parts.append(f"{fr.number(surface / 10_000, 1)} ha" if kind is ReceptivityKind.FONCIER
                     and surface >= 10_000 else f"{fr.number(surface)} m²")
    if not pd.isna(row["monthly_rent"]):
        cost = f"{fr.euros(float(row['monthly_rent']))} / mois"
    elif not pd.isna(row["price"]):
        cost = fr.euros(float(row["price"]))
    else:
        cost = fr.MISSING
    return SuggestionCard(
        item_id=suggestion.item_id, title=" · ".join(parts),
        description=str(row["description"] or ""), commune=str(row["commune"]),
        where=suggestion.reasons[0], cost=cost, fit=suggestion.fit,
        reasons=suggestion.reasons[1:], warnings=suggestion.warnings,
        is_demo=bool(row["is_demo"]))


def suggest(store: Store, offer: Offer, needs: tuple[Need, ...], radius_km: float, today: date,
            months: int, limit: int = DEFAULT_LIMIT) -> tuple[NeedView, ...]:
    """Ranked suggestions for each of ``needs`` among the items within ``radius_km``."""
    missing = unmet(offer, needs)
    centres = load_centres()
    distances = centres.within(offer.commune_insee, radius_km)
    kinds = sorted({k for need in missing for k in need.kinds}, key=list(ReceptivityKind).index)
    frame = inventory_store.suggestion_candidates(store, kinds, list(distances), offer.id)
    views: list[NeedView] = []
    arrays = candidates_from(frame, distances) if len(frame) else None
    needed_by = offer.activity.target_date if offer.activity else None
    for need in needs:
        if need not in missing or arrays is None:
            views.append(NeedView(need, need not in missing, (), 0))
            continue
        ranked = rank(need, arrays, offer.commune_insee, today=today, needed_by=needed_by,
                      veille_months=months, limit=limit)
        considered = int(np.isin(arrays.kinds, [k.value for k in need.kinds]).sum())
        views.append(NeedView(need, False, tuple(_card(frame.iloc[s.position], s)
                                                 for s in ranked), considered))
    return tuple(views)


def _nearest_label(nearest: Nearest, names: dict[str, str]) -> str:
    label = AMENITY_LABELS[nearest.amenity]
    if nearest.commune_insee is None or nearest.distance_km is None:
        return f"{label} : aucune commune connue n'en a (importez la BPE)"
    km = fr.number(nearest.distance_km, 1 if nearest.distance_km < 10 else 0)
    return f"{label} : {names.get(nearest.commune_insee, nearest.commune_insee)}, à {km} km"


def amenities_summary(store: Store, offer: Offer) -> AmenitiesSummary:
    """The commune's profile, what of it the offer lacks, and the nearest missing services."""
    profile = amenity_store.load_profile(store, offer.commune_insee)
    centres = load_centres()
    lacking = [a for a in Amenity if a in profile.absent]
    found = [nearest_with(offer.commune_insee, a, amenity_store.communes_having(store, a),
                          centres) for a in lacking]
    names = commune_names(store, [n.commune_insee for n in found if n.commune_insee])
    return AmenitiesSummary(
        offer.commune_insee, profile, profile.present - offer.amenities,
        bool(profile.living_environment.strip()) and not offer.living_environment.strip(),
        tuple(NearestView(n.amenity, _nearest_label(n, names)) for n in found))


def assistant(store: Store, offer_id: int, household: Household, radius_km: float,
              today: date | None = None, *, audience: Principal) -> AssistantView | None:
    """Everything the *Qualifier* page shows for one offer; ``None`` if it does not exist.

    Raises :class:`~accueil.domain.access.Refused` unless ``audience`` sees the offer in full
    (its checklist tells what each field holds)."""
    today = today or date.today()
    offer = get_offer(store, offer_id)
    if offer is None:
        return None
    if not access_to(offer, audience).full:
        raise Refused(NOT_SHOWN)
    months = inventory_store.veille_months(store)
    ids = [item.id for item in offer.receptivity if item.id is not None]
    records = inventory_store.load_items(store, ids)
    checklist = build_checklist(offer, records, today=today, veille_months=months)
    record = inventory_store.qualification_record(store, offer_id)
    radius = float(min(max(radius_km, 0), MAX_RADIUS_KM))
    needs = suggest(store, offer, needs_for(offer, household), radius, today, months)
    names = commune_names(store, [offer.commune_insee])
    linked = tuple(LinkedItem(item.id, _linked_label(item, records.get(item.id)))
                   for item in offer.receptivity if item.id is not None)
    return AssistantView(
        offer, names.get(offer.commune_insee, offer.commune_insee), checklist,
        record[0] if record else None, record[1] if record else None, needs,
        amenities_summary(store, offer), linked, months, radius)


def _linked_label(item: ReceptivityItem, record: InventoryItem | None) -> str:
    text = item.description or item.kind.label
    extra = [record.type_label] if record and record.type_label else []
    if item.rooms is not None:
        extra.append(fr.plural(item.rooms, "pièce"))
    return f"{item.kind.label} : {text}" + (f" ({', '.join(extra)})" if extra else "")


# -- actions ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActionResult:
    ok: bool
    message: str
    qualified_now: bool = False


def _outcome(before: Offer, after: Offer, done: str) -> ActionResult:
    was = assess(before).qualified
    now = assess(after)
    if now.qualified and not was:
        return ActionResult(True, f"{done} L'offre est maintenant qualifiée : ses trois "
                                  "piliers sont complets.", True)
    if now.qualified:
        return ActionResult(True, f"{done} L'offre reste qualifiée.")
    return ActionResult(True, f"{done} Il reste à compléter : " + " ; ".join(now.reasons) + ".")


class TooLong(ValueError):
    """A text over its limit (the French message is the exception's text)."""


def _check_user(user: str) -> None:
    if message := too_long("qualified_by", user.strip()):
        raise TooLong(message)


def _refusing_stale(action: Callable[[], ActionResult]) -> ActionResult:
    """Run ``action``; a save that met another one at the same instant (the offer's version
    moved on between the read and the write, on PostgreSQL) is refused in French."""
    try:
        return action()
    except TooLong as error:
        return ActionResult(False, f"{error} Rien n'a été changé.")
    except StaleVersion:
        return ActionResult(False, "L'offre vient d'être enregistrée par quelqu'un d'autre au "
                                   "même moment : rien n'a été changé. Rechargez la page pour "
                                   "voir sa version, puis recommencez.")


def _may_edit(by: Principal, offer: Offer) -> None:
    require(by, Action.EDIT_OFFER, commune=offer.commune_insee, organisation=offer.source_partner)


def link_item(store: Store, offer_id: int, item_id: int, user: str = "", *,
              by: Principal) -> ActionResult:
    """Attach an inventory item to an offer; the store re-derives its qualification.

    The offer is read and rewritten in one transaction: an edit saved meanwhile from another
    window is either seen or waits, never overwritten with an older copy."""
    return _refusing_stale(
        lambda: store.write(lambda uow: _link_item(uow, offer_id, item_id, user, by)))


def _link_item(uow: UnitOfWork, offer_id: int, item_id: int, user: str,
               by: Principal) -> ActionResult:
    _check_user(user)
    offer = get_offer(uow, offer_id)
    entry = inventory_store.get_item(uow, item_id)
    if offer is None:
        return ActionResult(False, "Cette offre n'existe plus dans la base : rechargez la page.")
    _may_edit(by, offer)
    if entry is None or entry.archived:
        return ActionResult(False, "Ce bien n'est plus dans l'inventaire (supprimé ou archivé) : "
                                   "rechargez la page.")
    if any(item.id == item_id for item in offer.receptivity):
        return ActionResult(False, "Ce bien est déjà rattaché à l'offre.")
    updated = replace(offer, receptivity=(*offer.receptivity, entry.item))
    write_offers(uow, [updated], qualified_by=user or by.display_name, author=by.login)
    label = entry.item.description or entry.kind.label
    return _outcome(offer, updated, f"« {label} » est rattaché à l'offre.")


def unlink_item(store: Store, offer_id: int, item_id: int, user: str = "", *,
                by: Principal) -> ActionResult:
    """Detach an item from an offer; the item stays in the inventory (one transaction)."""
    return _refusing_stale(
        lambda: store.write(lambda uow: _unlink_item(uow, offer_id, item_id, user, by)))


def _unlink_item(uow: UnitOfWork, offer_id: int, item_id: int, user: str,
                 by: Principal) -> ActionResult:
    _check_user(user)
    offer = get_offer(uow, offer_id)
    if offer is None:
        return ActionResult(False, "Cette offre n'existe plus dans la base : rechargez la page.")
    _may_edit(by, offer)
    kept = tuple(item for item in offer.receptivity if item.id != item_id)
    if len(kept) == len(offer.receptivity):
        return ActionResult(False, "Ce bien n'est pas rattaché à l'offre.")
    updated = replace(offer, receptivity=kept)
    write_offers(uow, [updated], qualified_by=user or by.display_name, author=by.login)
    return _outcome(offer, updated, "Le bien est détaché de l'offre (il reste dans l'inventaire).")


def apply_commune_amenities(store: Store, offer_id: int, user: str = "", *,
                            by: Principal) -> ActionResult:
    """Give the offer the services its commune has, and its living environment if it has none
    (read and written in one transaction)."""
    return _refusing_stale(
        lambda: store.write(lambda uow: _apply_commune_amenities(uow, offer_id, user, by)))


def _apply_commune_amenities(uow: Db, offer_id: int, user: str,
                             by: Principal) -> ActionResult:
    _check_user(user)
    offer = get_offer(uow, offer_id)
    if offer is None:
        return ActionResult(False, "Cette offre n'existe plus dans la base : rechargez la page.")
    _may_edit(by, offer)
    profile = amenity_store.load_profile(uow, offer.commune_insee)
    added = profile.present - offer.amenities
    living = offer.living_environment or profile.living_environment
    if not added and living == offer.living_environment:
        return ActionResult(False, "L'offre a déjà tout ce que la commune offre : rien à ajouter.")
    updated = replace(offer, amenities=offer.amenities | profile.present,
                      living_environment=living)
    write_offers(uow, [updated], qualified_by=user or by.display_name, author=by.login)
    parts = []
    if added:
        parts.append(", ".join(AMENITY_LABELS[a] for a in Amenity if a in added))
    if living != offer.living_environment:
        parts.append("le cadre de vie de la commune")
    return _outcome(offer, updated, f"Ajouté à l'offre : {' ; '.join(parts)}.")


def set_veille(store: Store, value: object, *, by: Principal) -> str | None:
    """Save the veille period (a setting of the whole store: administrators); a French
    error, or ``None`` once saved."""
    require(by, Action.MANAGE_DATA)
    months, error = parse_veille_months(value)
    if months is None:
        return error
    inventory_store.set_veille_months(store, months, author=by.login)
    requalify(store, date.today())  # the confirmation rule's period moved
    return None


# -- veille on the dashboard -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecheckRow:
    """One thing to verify again: its kind, what the user called it, where, and when it was
    last verified, in French. Plain text: the page escapes the label when drawing it."""

    kind: str
    label: str
    commune: str
    verified: str
    offer_id: int | None = None  # the offer to open, when the row is an offer
    partner: str = ""  # whom to ask (the partner who supplied it), '' when not said


@dataclass(frozen=True, slots=True)
class RecheckView:
    rows: tuple[RecheckRow, ...]  # oldest first
    total: int
    months: int

    def table(self) -> pd.DataFrame:
        """The rows with French headers, for a table whose rows open the offer."""
        return pd.DataFrame({"Type": [r.kind for r in self.rows],
                             "Libellé": [r.label for r in self.rows],
                             "Commune": [r.commune for r in self.rows],
                             "Partenaire à interroger": [r.partner or "—" for r in self.rows],
                             "Dernière vérification": [r.verified for r in self.rows]})


def recheck_list(store: Store, territory: Territory | None, today: date | None = None,
                 limit: int | None = 1000, *, audience: Principal) -> RecheckView:
    """Offers and items not verified within the veille period, oldest first (all of them
    up to ``limit``, ``None``: every one; ``total`` says how many in all); only the offers
    ``audience`` may list, restricted ones under their redacted title."""
    today = today or date.today()
    months = inventory_store.veille_months(store)
    frame = inventory_store.to_recheck(store, territory, veille_cutoff(today, months), limit,
                                       seen=seen_by(store, audience))
    offers = frame["record"] == "offre"
    if offers.any():
        shown = listed(frame[offers].rename(columns={"label": "title"}), audience)
        frame = frame.copy()
        frame["label"] = frame["label"].astype(object)
        frame.loc[shown.index, "label"] = shown["title"]
        frame = frame.loc[~offers | frame.index.isin(shown.index)]
    items = frame[frame["record"] != "offre"]
    if len(items):  # an item is seen as the offers it serves (accueil.services.audience)
        ids = [int(i) for i in items["id"]]
        seen = item_visibilities(store, ids, audience)
        hidden = [index for index, i in zip(items.index, ids, strict=True)
                  if seen[i][0] not in FULL_OR_REDACTED]
        redacted = [index for index, i in zip(items.index, ids, strict=True)
                    if seen[i][0] == Visibility.REDACTED.value]
        frame = frame.drop(index=hidden).copy()
        frame.loc[redacted, "label"] = "description réservée"
    kinds = {"offre": "Offre", **{k.value: k.label for k in ReceptivityKind}}
    rows = tuple(
        RecheckRow(kinds.get(str(record), str(record)), str(label), str(commune),
                   f"vérifié le {fr.day(pd.Timestamp(verified).date())}" if pd.notna(verified)
                   else "jamais vérifié", int(ident) if record == "offre" else None,
                   str(partner or "") if pd.notna(partner) else "")
        for record, ident, label, commune, verified, partner in zip(
            frame["record"], frame["id"], frame["label"], frame["commune"], frame["verified_on"],
            frame["source_partner"], strict=True))
    total = int(frame["total"].iloc[0]) if len(frame) else 0
    if audience.role is not Role.ADMINISTRATEUR:
        # hidden rows are not due for them
        total = len(frame) if limit is None or len(frame) < limit else total
    return RecheckView(rows, total, months)


def recheck_table(view: RecheckView) -> pd.DataFrame:
    """Every row of ``view`` as a table, with the partner to ask about each."""
    return pd.DataFrame({"Type": [r.kind for r in view.rows],
                         "Intitulé": [r.label for r in view.rows],
                         "Commune": [r.commune for r in view.rows],
                         "Partenaire à interroger": [r.partner or "—" for r in view.rows],
                         "Dernière vérification": [r.verified for r in view.rows]})

