"""The réceptivité inventory, the qualification queue and the veille, in the store.

Items live in ``receptivity_items`` (shared with offers and imports) and their inventory fields
in ``receptivity_details`` (migration 0005). An item without details (created inside an offer,
or imported) reads as not archived, with the verification date and partner of the offers that
carry it. Every write is one transaction; reads return domain values or plain DataFrames.
Holds no business rule: ranking and veille rules are in :mod:`accueil.domain`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from accueil.domain.amenities import AmenityProfile
from accueil.domain.inventory import (
    DEFAULT_VEILLE_MONTHS,
    HousingType,
    InventoryItem,
    LandType,
    PremisesType,
    Tenure,
)
from accueil.domain.offers import OfferStatus, ReceptivityItem, ReceptivityKind
from accueil.domain.pillars import Qualification
from accueil.domain.territories import Territory
from accueil.domain.versions import RecordKind
from accueil.store import journal
from accueil.store.amenities import write_demo_profiles
from accueil.store.confirmation import MONTHS_KEY
from accueil.store.db import Db, Tx, get_meta, set_meta
from accueil.store.offers import territory_condition
from accueil.store.readmodels import ITEM_LIST, ITEM_OFFERS, QUALIFICATION_QUEUE, TO_RECHECK
from accueil.store.seen import Seen, offers_source
from accueil.store.versions import claim

VEILLE_KEY = MONTHS_KEY  # shared with the confirmation rule
DEMO_KEY = "demo_inventory_seeded"  # also cleared by offers.delete_demo

# The inventory as one relation: described fields, commune, inventory fields with the fallbacks
# of items that have no details row yet.
_INVENTORY = """
    SELECT i.id, i.kind, i.description, i.commune_insee, i.surface_m2, i.rooms,
           i.monthly_rent, i.price, i.available_from, i.is_demo,
           coalesce(nullif(i.source_partner, ''), lo.partner, '') AS source_partner,
           d.tenure, d.housing_type, d.land_type,
           coalesce(d.premises_types, CAST(ARRAY[] AS VARCHAR[])) AS premises_types,
           coalesce(d.verified_on, lo.verified_on) AS verified_on,
           coalesce(d.archived, false) AS archived,
           coalesce(lo.n, 0) AS offers, i.version, d.updated_at AS details_updated_at
    FROM receptivity_items i
    LEFT JOIN receptivity_details d ON d.item_id = i.id
    LEFT JOIN (
        SELECT l.item_id, count(*) AS n, max(o.verified_on) AS verified_on,
               min(nullif(o.source_partner, '')) AS partner
        FROM offer_receptivity l JOIN offers o ON o.id = l.offer_id
        WHERE o.status <> 'archivee' GROUP BY l.item_id
    ) lo ON lo.item_id = i.id
"""
_PREMISES_SQL = " + ".join(
    f"(CASE WHEN '{t.value}' = ANY(inv.premises_types) THEN {t.bit} ELSE 0 END)"
    for t in PremisesType)


def _date(value: Any) -> date | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _entry(row: dict[str, Any]) -> InventoryItem:
    item = ReceptivityItem(
        kind=ReceptivityKind(row["kind"]), description=row["description"] or "",
        surface_m2=_float(row["surface_m2"]),
        rooms=None if row["rooms"] is None else int(row["rooms"]),
        monthly_rent=_float(row["monthly_rent"]), price=_float(row["price"]),
        available_from=_date(row["available_from"]), id=int(row["id"]))
    return InventoryItem(
        item=item, commune_insee=row["commune_insee"] or "",
        tenure=Tenure(row["tenure"]) if row["tenure"] else None,
        housing_type=HousingType(row["housing_type"]) if row["housing_type"] else None,
        land_type=LandType(row["land_type"]) if row["land_type"] else None,
        premises_types=frozenset(PremisesType(t) for t in row["premises_types"] or ()),
        source_partner=row["source_partner"] or "", verified_on=_date(row["verified_on"]),
        archived=bool(row["archived"]), is_demo=bool(row["is_demo"]),
        version=int(row["version"]))


def load_items(db: Db, ids: Sequence[int]) -> dict[int, InventoryItem]:
    """The inventory records of ``ids`` (unknown ids are left out)."""
    if not ids:
        return {}
    with db.reading() as tx:
        records = tx.records(f"SELECT * FROM ({_INVENTORY}) AS inv WHERE id = ANY(?)",
                             [list(ids)])
    return {int(r["id"]): _entry(r) for r in records}


def get_item(db: Db, item_id: int) -> InventoryItem | None:
    return load_items(db, [item_id]).get(item_id)


def item_changed_at(db: Db, item_id: int) -> datetime | None:
    """When the item's inventory fields were last saved (``None``: never from the
    Réceptivité page, only through offers or imports)."""
    with db.reading() as tx:
        value = tx.scalar("SELECT updated_at FROM receptivity_details WHERE item_id = ?",
                          [item_id])
    return value if isinstance(value, datetime) else None


@dataclass(frozen=True, slots=True)
class ItemQuery:
    """Filters of the inventory list; empty means no filter."""

    territory: Territory | None = None
    kinds: tuple[ReceptivityKind, ...] = ()
    text: str = ""
    include_archived: bool = False
    stale_before: date | None = None  # only items verified before this day (or never)
    limit: int | None = 1000


def list_items(db: Db, query: ItemQuery) -> pd.DataFrame:
    """Inventory rows with commune names, newest first; ``total`` holds how many match."""
    where, params = territory_condition(query.territory)
    clauses = [where]
    if not query.include_archived:
        clauses.append("NOT inv.archived")
    if query.kinds:
        clauses.append("inv.kind = ANY(?)")
        params.append([k.value for k in query.kinds])
    if query.text.strip():
        clauses.append("(inv.description ILIKE ? OR c.nom ILIKE ? OR inv.source_partner ILIKE ?)")
        pattern = f"%{query.text.strip()}%"
        params += [pattern, pattern, pattern]
    if query.stale_before is not None:
        clauses.append("(inv.verified_on IS NULL OR inv.verified_on < ?)")
        params.append(query.stale_before)
    sql = (f"SELECT inv.*, c.nom AS commune, count(*) OVER () AS total FROM ({_INVENTORY}) inv "
           "JOIN ref_communes c ON c.code_insee = inv.commune_insee "
           f"WHERE {' AND '.join(clauses)} ORDER BY inv.id DESC")
    if query.limit is not None:
        sql += " LIMIT ?"
        params.append(query.limit)
    with db.reading() as tx:
        return ITEM_LIST.conform(tx.frame(sql, params))


def _details_row(entry: InventoryItem, item_id: int, now: datetime) -> list[Any]:
    return [item_id, entry.tenure.value if entry.tenure else None,
            entry.housing_type.value if entry.housing_type else None,
            entry.land_type.value if entry.land_type else None,
            sorted(t.value for t in entry.premises_types), entry.verified_on, entry.archived,
            now]


# What the journal follows of an item, field by field.
_JOURNALED_ITEM = ("kind", "description", "commune_insee", "surface_m2", "rooms",
                   "monthly_rent", "price", "available_from", "source_partner", "tenure",
                   "housing_type", "land_type", "premises_types", "verified_on", "archived")


def write_items(db: Db, entries: Sequence[InventoryItem], now: datetime, *,
                author: str = "") -> list[int]:
    """Insert or update ``entries`` in one transaction, journaled; returns their ids.

    An entry with an id and a ``version`` is written only if that is still the stored one
    (else :class:`~accueil.domain.versions.StaleVersion`, and nothing is kept); every write
    of a stored item moves its version on by one."""
    with db.writing() as tx:
        return _write_items(tx, entries, now, author)


def _item_state(cur: Tx, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The journaled fields of stored items, as they are now."""
    if not ids:
        return {}
    rows = cur.records(
        "SELECT i.id, i.kind, i.description, i.commune_insee, i.surface_m2, i.rooms, "
        "i.monthly_rent, i.price, i.available_from, i.source_partner, d.tenure, "
        "d.housing_type, d.land_type, d.premises_types, d.verified_on, d.archived "
        "FROM receptivity_items i LEFT JOIN receptivity_details d ON d.item_id = i.id "
        "WHERE i.id = ANY(?)", [list(ids)])
    return {int(r["id"]): r for r in rows}


def _write_items(cur: Tx, entries: Sequence[InventoryItem], now: datetime,
                 author: str | None = None) -> list[int]:
    """``author`` ``None``: nothing journaled (the demo's installation)."""
    before = (_item_state(cur, [e.id for e in entries if e.id is not None])
              if author is not None else {})
    fresh = iter(cur.next_ids("receptivity_id_seq", sum(e.id is None for e in entries)))
    ids: list[int] = []
    rows: list[list[Any]] = []
    details: list[list[Any]] = []
    for entry in entries:
        item = entry.item
        item_id = entry.id if entry.id is not None else next(fresh)
        ids.append(item_id)
        rows.append([item_id, item.kind.value, item.description.strip(),
                     entry.commune_insee.strip().upper(), item.surface_m2, item.rooms,
                     item.monthly_rent, item.price, item.available_from, entry.is_demo,
                     entry.source_partner.strip()])
        details.append(_details_row(entry, item_id, now))
    columns = ["id", "kind", "description", "commune_insee", "surface_m2", "rooms",
               "monthly_rent", "price", "available_from", "is_demo", "source_partner"]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {"surface_m2": "float64", "monthly_rent": "float64", "price": "float64"})
    frame["rooms"] = frame["rooms"].astype("Int64")
    claim(cur, "receptivity_items", RecordKind.ITEM,
          [(e.id, e.version) for e in entries if e.id is not None and e.version is not None])
    unchecked = [e.id for e in entries if e.id is not None and e.version is None]
    if unchecked:
        cur.execute("UPDATE receptivity_items SET version = version + 1 WHERE id = ANY(?)",
                    [unchecked])
    cur.execute("DELETE FROM receptivity_details WHERE item_id = ANY(?)", [ids])
    stored = {int(r[0]) for r in cur.all(
        "SELECT id FROM receptivity_items WHERE id = ANY(?)", [ids])}
    with cur.frame_table("inventory_rows", frame, like="receptivity_items"):
        names = ", ".join(columns)
        cur.execute(f"INSERT INTO receptivity_items ({names}) SELECT {names} FROM inventory_rows "
                    "WHERE id <> ALL(?)", [sorted(stored)])
        kept = [c for c in columns if c not in ("id", "is_demo")]
        cur.execute(f"UPDATE receptivity_items SET {', '.join(f'{c} = r.{c}' for c in kept)} "
                    "FROM inventory_rows r WHERE receptivity_items.id = r.id "
                    "AND r.id = ANY(?)", [sorted(stored)])
    detail_frame = pd.DataFrame(details, columns=[
        "item_id", "tenure", "housing_type", "land_type", "premises_types", "verified_on",
        "archived", "updated_at"])
    cur.insert_frame("receptivity_details", detail_frame)
    if author is not None:
        after = _item_state(cur, ids)
        changes = []
        for item_id in ids:
            if item_id not in before:
                changes.append(journal.Change("item", item_id, "created", "", None,
                                              after[item_id]["description"]))
            else:
                changes += [journal.Change("item", item_id, "updated", f, o, n) for f, o, n
                            in journal.diff(before[item_id], after[item_id], _JOURNALED_ITEM)]
        journal.record_rows(cur, author, changes, now)
    return ids


def save_item(db: Db, entry: InventoryItem, now: datetime | None = None, *,
              author: str = "") -> int:
    """Write one item (new or edited) with its inventory fields, atomically; returns its id."""
    return write_items(db, [entry], now or datetime.now().replace(microsecond=0),
                       author=author)[0]


def set_archived(db: Db, item_id: int, archived: bool, version: int | None = None, *,
                 author: str = "") -> bool:
    """Archive (or bring back) an item; ``False`` when there is no such item. With
    ``version``, only if it is still the stored one (else ``StaleVersion``)."""
    now = datetime.now().replace(microsecond=0)
    with db.writing() as cur:
        if not cur.scalar("SELECT count(*) FROM receptivity_items WHERE id = ?", [item_id]):
            return False
        if version is not None:
            claim(cur, "receptivity_items", RecordKind.ITEM, [(item_id, version)])
        else:
            cur.execute("UPDATE receptivity_items SET version = version + 1 WHERE id = ?",
                        [item_id])
        was = bool(cur.scalar("SELECT archived FROM receptivity_details WHERE item_id = ?",
                              [item_id]))
        if was != archived:
            journal.record(cur, author, "item", item_id,
                           "archived" if archived else "updated", now,
                           [("archived", was, archived)])
        cur.execute("UPDATE receptivity_details SET archived = ?, updated_at = ? "
                    "WHERE item_id = ?", [archived, now, item_id])
        cur.execute("INSERT INTO receptivity_details (item_id, archived, updated_at) "
                    "SELECT ?, ?, ? WHERE ? NOT IN (SELECT item_id FROM receptivity_details)",
                    [item_id, archived, now, item_id])
    return True


def item_offer_triples(db: Db, item_ids: Sequence[int]) -> pd.DataFrame:
    """For each of ``item_ids`` linked to offers in progress, the (confidentiality, commune,
    source partner) of each such offer: item_id, confidentiality, commune_insee, source_partner.
    What :mod:`accueil.services.audience` needs to decide who sees an item."""
    with db.reading() as tx:
        return tx.frame(
            "SELECT l.item_id, o.confidentiality, o.commune_insee, o.source_partner "
            "FROM offer_receptivity l JOIN offers o ON o.id = l.offer_id "
            "WHERE l.item_id = ANY(?) AND o.status <> ? ORDER BY l.item_id",
            [[int(i) for i in item_ids], OfferStatus.ARCHIVEE.value])


def offers_of_item(db: Db, item_id: int, *, seen: Seen | None = None) -> pd.DataFrame:
    """The offers an item is linked to (those ``seen`` lists): id, title, status, and what
    the audience rule needs."""
    with db.reading() as tx, offers_source(tx, seen, listing=True) as source:
        return ITEM_OFFERS.conform(tx.frame(
            "SELECT o.id, o.title, o.status, o.confidentiality, o.commune_insee, "
            "o.source_partner, o.activity_kind, o.naf_label FROM offer_receptivity l "
            f"JOIN {source} ON o.id = l.offer_id WHERE l.item_id = ? ORDER BY o.id",
            [item_id]))


# -- suggestions -----------------------------------------------------------------------------


def suggestion_candidates(db: Db, kinds: Sequence[ReceptivityKind],
                          communes: Sequence[str], exclude_offer: int | None) -> pd.DataFrame:
    """Items of ``kinds`` in ``communes``, not archived, not already linked to the offer.

    Columns: id, kind, description, commune_insee, commune, surface_m2, rooms, monthly_rent,
    price, available_from, verified_on, land_type, premises (types packed as bits), tenure,
    housing_type, premises_types, source_partner.
    """
    if not kinds or not communes:
        return pd.DataFrame()
    sql = (f"SELECT inv.*, ({_PREMISES_SQL}) AS premises, c.nom AS commune "
           f"FROM ({_INVENTORY}) inv JOIN ref_communes c ON c.code_insee = inv.commune_insee "
           "WHERE NOT inv.archived AND inv.kind = ANY(?) "
           "AND inv.commune_insee = ANY(?) "
           "AND inv.id NOT IN (SELECT item_id FROM offer_receptivity WHERE offer_id = ?)")
    with db.reading() as tx:
        return tx.frame(sql, [[k.value for k in kinds], list(communes),
                              -1 if exclude_offer is None else exclude_offer])


# -- veille ----------------------------------------------------------------------------------


def veille_months(db: Db) -> int:
    value = get_meta(db, VEILLE_KEY)
    return int(value) if value and value.isdigit() else DEFAULT_VEILLE_MONTHS


def set_veille_months(db: Db, months: int, *, author: str = "") -> None:
    with db.writing() as tx:
        was = tx.scalar("SELECT value FROM store_meta WHERE key = ?", [VEILLE_KEY])
        set_meta(tx, VEILLE_KEY, str(months))
        if was != str(months):
            now = datetime.now().replace(microsecond=0)
            journal.record(tx, author, "setting", VEILLE_KEY, "updated", now,
                           [("months", was, months)])


def to_recheck(db: Db, territory: Territory | None, cutoff: date,
               limit: int | None = 12, *, seen: Seen | None = None) -> pd.DataFrame:
    """Offers (not archived) and items (not archived) verified before ``cutoff`` or never.

    Oldest first (never verified first of all). Columns: record ('offre' or the item kind),
    id, label, commune, verified_on, total (how many in all), source_partner (the partner to
    ask), then, for offers, what the audience rule needs (confidentiality, commune_insee,
    activity_kind, naf_label; empty for items). ``seen`` leaves out the offers an audience
    may not list. ``limit`` ``None``: all of them.
    """
    where, params = territory_condition(territory)
    with db.reading() as tx, offers_source(tx, seen, listing=True) as source:
        return TO_RECHECK.conform(tx.frame(_recheck_sql(where, source), [
            *params, OfferStatus.ARCHIVEE.value, OfferStatus.POURVUE.value, cutoff,
            *params, cutoff, 2**62 if limit is None else limit]))


def _recheck_sql(where: str, source: str) -> str:
    return (
        "SELECT * , count(*) OVER () AS total FROM ("
        "  SELECT 'offre' AS record, o.id, o.title AS label, c.nom AS commune, o.verified_on, "
        "  o.confidentiality, o.commune_insee, o.source_partner, o.activity_kind, o.naf_label "
        f"  FROM {source} JOIN ref_communes c ON c.code_insee = o.commune_insee "
        f"  WHERE {where} AND o.status NOT IN (?, ?) "
        "  AND (o.verified_on IS NULL OR o.verified_on < ?) "
        "  UNION ALL "
        "  SELECT inv.kind AS record, inv.id, "
        "         coalesce(nullif(inv.description, ''), inv.kind) AS label, c.nom AS commune, "
        "         inv.verified_on, NULL AS confidentiality, inv.commune_insee, "
        "         inv.source_partner, NULL AS activity_kind, NULL AS naf_label "
        f"  FROM ({_INVENTORY}) inv JOIN ref_communes c ON c.code_insee = inv.commune_insee "
        f"  WHERE {where} AND NOT inv.archived "
        "  AND (inv.verified_on IS NULL OR inv.verified_on < ?)"
        ") AS due ORDER BY verified_on ASC NULLS FIRST, record, id LIMIT ?")


# -- qualification ---------------------------------------------------------------------------


def qualification_record(db: Db, offer_id: int) -> tuple[str, datetime] | None:
    """Who qualified the offer and when, while it is qualifiée."""
    with db.reading() as tx:
        row = tx.one(
            "SELECT q.qualified_by, q.qualified_at FROM offer_qualifications q "
            "JOIN offers o ON o.id = q.offer_id WHERE q.offer_id = ? AND o.qualification = ?",
            [offer_id, Qualification.QUALIFIEE.value])
    return None if row is None else (str(row[0]), row[1])


def qualification_queue(db: Db, territory: Territory | None,
                        limit: int = 200, *, seen: Seen | None = None) -> pd.DataFrame:
    """Open offers not yet qualifiées, fewest missing elements first (at most ``limit``);
    with ``seen``, only those the audience may list.

    Its counts are the headline indicators' (:mod:`accueil.services.indicators`), not here.
    """
    where, params = territory_condition(territory)
    with db.reading() as tx, offers_source(tx, seen, listing=True) as listed:
        return QUALIFICATION_QUEUE.conform(tx.frame(
            "SELECT o.id, o.title, o.commune_insee, c.nom AS commune, o.activity_kind, "
            "o.qualification, o.pillar_activite, o.pillar_receptivite, o.pillar_amenites, "
            "o.completeness, cardinality(o.missing) AS n_missing, o.missing, o.verified_on, "
            "o.is_demo, o.confidentiality, o.source_partner, o.naf_label "
            f"FROM {listed} JOIN ref_communes c ON c.code_insee = o.commune_insee "
            f"WHERE {where} AND o.status NOT IN (?, ?) AND o.qualification <> ? "
            "ORDER BY n_missing, o.completeness DESC, o.updated_at DESC, o.id LIMIT ?",
            [*params, OfferStatus.ARCHIVEE.value, OfferStatus.POURVUE.value,
             Qualification.QUALIFIEE.value, limit]))


def seed_demo_inventory(db: Db, entries: Sequence[InventoryItem],
                        profiles: Sequence[AmenityProfile]) -> int:
    """Install the demo inventory and aménités once, beside the demo offers.

    Only while the demo offers are there; :func:`accueil.store.offers.delete_demo` removes
    them all together. Returns how many items were written.
    """
    if get_meta(db, DEMO_KEY) is not None:
        return 0
    with db.reading() as tx:
        demo = tx.scalar("SELECT count(*) FROM offers WHERE is_demo")
    if not demo:
        return 0
    now = datetime.now().replace(microsecond=0)
    with db.writing() as tx:
        _write_items(tx, list(entries), now)
        write_demo_profiles(tx, profiles, now)
        set_meta(tx, DEMO_KEY, now.isoformat())
    return len(entries)
