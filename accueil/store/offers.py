"""Reading and writing offers and their réceptivité items in the store.

Every write goes through one transaction and stores, beside the offer, the pillar statuses
that :func:`accueil.domain.pillars.assess` derives from it, so that lists and dashboards
aggregate in SQL without re-running the rules row by row. Returns domain objects or plain
DataFrames; holds no business rule of its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

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
from accueil.domain.pillars import RULES_VERSION, Qualification, assess, missing_key
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.domain.versions import RecordKind
from accueil.store import confirmation, journal
from accueil.store.accounts import delete_demo_accounts
from accueil.store.db import Db, Tx, get_meta, set_meta
from accueil.store.readmodels import OFFER_LIST
from accueil.store.seen import Seen, offers_source
from accueil.store.versions import claim

ACTIVITY_FIELDS = ("naf_code", "naf_label", "turnover", "net_result", "headcount",
                   "asking_price", "sale_reason", "target_date", "job_title", "contract",
                   "working_time", "gross_annual_salary", "need", "contract_months",
                   "weekly_hours", "salary_min", "salary_max", "salary_period", "salary_note",
                   "start_date", "start_asap")
OFFER_COLUMNS = ("id", "title", "description", "commune_insee", "status", "source_partner",
                 "confidentiality", "created_at", "updated_at", "verified_on", "is_demo",
                 "activity_kind", *ACTIVITY_FIELDS, "amenities", "living_environment",
                 "pillar_activite", "pillar_receptivite", "pillar_amenites", "qualification",
                 "completeness", "missing", "version")
# What a list of offers shows (list_offers, the map's area lists): what a page draws, and what
# the audience rule needs to decide and redact (accueil.services.audience).
LIST_COLUMNS = (
    "o.id, o.title, o.commune_insee, c.nom AS commune, e.nom AS epci, o.activity_kind, "
    "o.status, o.qualification, o.pillar_activite, o.pillar_receptivite, o.pillar_amenites, "
    "o.completeness, o.source_partner, o.verified_on, o.updated_at, o.is_demo, "
    "o.confidentiality, o.naf_code, o.naf_label")
# What the journal follows of an offer, field by field ("items": the linked item ids).
JOURNALED_FIELDS = ("title", "description", "commune_insee", "status", "source_partner",
                    "confidentiality", "verified_on", "activity_kind", *ACTIVITY_FIELDS,
                    "amenities", "living_environment", "qualification", "items")
ITEM_COLUMNS = ("id", "kind", "description", "commune_insee", "surface_m2", "rooms",
                "monthly_rent", "price", "available_from", "is_demo", "available_now")


@dataclass(frozen=True, slots=True)
class OfferQuery:
    """Filters of the offers list; ``None`` or empty means no filter on that field."""

    territory: Territory | None = None
    kinds: tuple[ActivityKind, ...] = ()
    statuses: tuple[OfferStatus, ...] = ()
    qualifications: tuple[str, ...] = ()
    text: str = ""
    include_archived: bool = False
    limit: int | None = 1000  # a screen shows the newest; the total comes with each row


def territory_condition(territory: Territory | None, alias: str = "c") -> tuple[str, list[Any]]:
    """SQL condition on the reference commune table ``alias`` for ``territory``."""
    if territory is None or territory.level is TerritoryLevel.MASSIF:
        return "true", []
    if territory.level is TerritoryLevel.USER:
        chosen = (f"{alias}.code_insee IN "
                  "(SELECT code_insee FROM user_territory_communes WHERE territory_id = ?)")
        return chosen, [territory.user_id]
    column = {TerritoryLevel.DEPARTEMENT: "code_departement", TerritoryLevel.EPCI: "code_epci",
              TerritoryLevel.COMMUNE: "code_insee"}[territory.level]
    return f"{alias}.{column} = ?", [territory.code]


# -- writing -----------------------------------------------------------------------------------


def _offer_row(offer: Offer, offer_id: int, now: datetime) -> dict[str, Any]:
    assessment = assess(offer)
    activity = offer.activity
    row: dict[str, Any] = {
        "id": offer_id,
        "title": offer.title.strip(),
        "description": offer.description,
        "commune_insee": offer.commune_insee.strip().upper(),
        "status": offer.status.value,
        "source_partner": offer.source_partner.strip(),
        "confidentiality": offer.confidentiality.value,
        "created_at": offer.created_at or now,
        "updated_at": now,
        "verified_on": offer.verified_on,
        "is_demo": offer.is_demo,
        "activity_kind": activity.kind.value if activity else None,
    }
    for name in ACTIVITY_FIELDS:
        row[name] = getattr(activity, name) if activity else None
    row["start_asap"] = bool(row["start_asap"])
    row.update(
        amenities=sorted(a.value for a in offer.amenities),
        living_environment=offer.living_environment,
        pillar_activite=assessment.activite.status.value,
        pillar_receptivite=assessment.receptivite.status.value,
        pillar_amenites=assessment.amenites.status.value,
        qualification=assessment.qualification.value,
        completeness=assessment.completeness,
        missing=[missing_key(p.pillar, m) for p in assessment.pillars for m in p.missing],
        version=1,  # a new offer's; an edited one's is set from the store by _write_offers
    )
    return row


def _item_row(item: ReceptivityItem, item_id: int, commune: str, is_demo: bool
              ) -> dict[str, Any]:
    return {"id": item_id, "kind": item.kind.value, "description": item.description,
            "commune_insee": commune, "surface_m2": item.surface_m2, "rooms": item.rooms,
            "monthly_rent": item.monthly_rent, "price": item.price,
            "available_from": item.available_from, "is_demo": is_demo,
            "available_now": item.available_now}


def _insert_frame(tx: Tx, table: str, columns: Sequence[str],
                  rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    tx.insert_frame(table, pd.DataFrame(rows, columns=list(columns)))


def write_offers(db: Db, offers: Sequence[Offer], now: datetime | None = None, *,
                 qualified_by: str = "", author: str | None = None) -> list[int]:
    """Insert or replace ``offers`` and their items, in one transaction (the caller's when
    ``db`` is a unit of work).

    An offer with an ``id`` replaces the stored one (keeping its creation date); one without
    gets a new id. An offer with a ``version`` is written only if that is still the stored
    one (else :class:`~accueil.domain.versions.StaleVersion` is raised and nothing is kept);
    the stored version moves on by one at every write. Items are written likewise and linked in the order given; a stored item is
    updated in place, keeping its own commune, demo flag and inventory fields (an item may
    serve several offers). An offer that turns qualifiée is recorded as qualified by
    ``qualified_by`` at ``now``; one that stops being so loses that record.

    The journal gets, in the same transaction, one row per new offer and one per changed
    field of an edited one, by ``author`` (default: ``qualified_by``).
    """
    with db.writing() as tx:
        return _write_offers(tx, offers, now or datetime.now().replace(microsecond=0),
                             qualified_by, qualified_by if author is None else author)


def _write_offers(tx: Tx, offers: Sequence[Offer], now: datetime,
                  qualified_by: str, author: str | None = None) -> list[int]:
    """``author`` ``None``: nothing journaled (the demo's installation is journaled once)."""
    new_ids = iter(tx.next_ids("offer_id_seq", sum(o.id is None for o in offers)))
    items = [item for offer in offers for item in offer.receptivity]
    new_item_ids = iter(tx.next_ids("receptivity_id_seq",
                                    sum(item.id is None for item in items)))
    existing = [o.id for o in offers if o.id is not None]
    created: dict[int, datetime] = {}
    versions: dict[int, int] = {}
    before: dict[int, dict[str, Any]] = {}
    if existing:
        if author is not None:
            before = _journal_rows(tx, existing)
        claim(tx, "offers", RecordKind.OFFER,
              [(o.id, o.version) for o in offers if o.id is not None and o.version is not None])
        unchecked = [o.id for o in offers if o.id is not None and o.version is None]
        if unchecked:
            tx.execute("UPDATE offers SET version = version + 1 WHERE id = ANY(?)", [unchecked])
        found = tx.all("SELECT id, created_at, version FROM offers WHERE id = ANY(?)",
                       [existing])
        created = {int(i): c for i, c, _ in found}
        versions = {int(i): int(v) for i, _, v in found}
        missing = set(existing) - set(created)
        if missing:
            raise KeyError(f"offers not in the store: {sorted(missing)}")
        tx.execute("DELETE FROM offers WHERE id = ANY(?)", [existing])
        tx.execute("DELETE FROM offer_receptivity WHERE offer_id = ANY(?)", [existing])
    kept_items = [item.id for item in items if item.id is not None]
    stored_items: set[int] = set()
    if kept_items:
        stored_items = {int(r[0]) for r in tx.all(
            "SELECT id FROM receptivity_items WHERE id = ANY(?)", [kept_items])}

    offer_rows, item_rows, links = [], [], []
    ids: list[int] = []
    for offer in offers:
        offer_id = offer.id if offer.id is not None else next(new_ids)
        ids.append(offer_id)
        row = _offer_row(offer, offer_id, now)
        if offer.id is not None:
            row["created_at"] = created[offer.id]
            row["version"] = versions[offer.id]
        offer_rows.append(row)
        for position, item in enumerate(offer.receptivity):
            item_id = item.id if item.id is not None else next(new_item_ids)
            item_rows.append(_item_row(item, item_id, row["commune_insee"], offer.is_demo))
            links.append({"offer_id": offer_id, "item_id": item_id, "position": position})
    unique_items = {r["id"]: r for r in item_rows}  # an item shared by two offers: once
    confirmation.cap_rows(tx, offer_rows, links, now.date())
    _insert_frame(tx, "offers", OFFER_COLUMNS, offer_rows)
    _insert_frame(tx, "receptivity_items", ITEM_COLUMNS,
                  [r for i, r in unique_items.items() if i not in stored_items])
    _update_items(tx, [r for i, r in unique_items.items() if i in stored_items])
    _insert_frame(tx, "offer_receptivity", ("offer_id", "item_id", "position"), links)
    _record_qualifications(tx, ids, qualified_by, now)
    if author is not None:
        _journal_offers(tx, author, offer_rows, links, before, now)
    return ids


def _journal_rows(tx: Tx, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The journaled fields of stored offers ``ids``, as they are before a write."""
    fields = [f for f in JOURNALED_FIELDS if f != "items"]
    rows = {int(r["id"]): r for r in tx.records(
        f"SELECT id, {', '.join(fields)} FROM offers WHERE id = ANY(?)", [ids])}
    for offer_id, item_id in tx.all("SELECT offer_id, item_id FROM offer_receptivity "
                                    "WHERE offer_id = ANY(?)", [ids]):
        rows[int(offer_id)].setdefault("items", []).append(int(item_id))
    return rows


def _journal_offers(tx: Tx, author: str, offer_rows: list[dict[str, Any]],
                    links: list[dict[str, Any]], before: dict[int, dict[str, Any]],
                    now: datetime) -> None:
    items: dict[int, list[int]] = {}
    for link in links:
        items.setdefault(int(link["offer_id"]), []).append(int(link["item_id"]))
    changes: list[journal.Change] = []
    for row in offer_rows:
        offer_id = int(row["id"])
        after = {**row, "items": items.get(offer_id, [])}
        old = before.get(offer_id)
        if old is None:
            changes.append(journal.Change("offer", offer_id, "created", "", None, row["title"]))
            continue
        changes += [journal.Change("offer", offer_id, "updated", name, was, now_is)
                    for name, was, now_is in journal.diff(old, after, JOURNALED_FIELDS)]
    journal.record_rows(tx, author, changes, now)


def _update_items(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Rewrite the described fields of stored items; their other columns stay as they are."""
    if not rows:
        return
    described = ("kind", "description", "surface_m2", "rooms", "monthly_rent", "price",
                 "available_from", "available_now")
    frame = pd.DataFrame(rows, columns=list(ITEM_COLUMNS))
    with tx.frame_table("updated_items", frame, like="receptivity_items"):
        # An item edited through an offer moves its version on, so that a réceptivité form
        # opened before is told (the offer's own version guards the offer form itself).
        tx.execute(f"UPDATE receptivity_items SET {', '.join(f'{c} = u.{c}' for c in described)}"
                   ", version = receptivity_items.version + 1 "
                   "FROM updated_items u WHERE receptivity_items.id = u.id")


def _record_qualifications(tx: Tx, ids: list[int], qualified_by: str, now: datetime) -> None:
    """Keep offer_qualifications in step with the qualification just written for ``ids``."""
    if not ids:
        return
    tx.execute("DELETE FROM offer_qualifications WHERE offer_id = ANY(?) AND "
               "offer_id NOT IN (SELECT id FROM offers WHERE qualification = ?)",
               [ids, Qualification.QUALIFIEE.value])
    tx.execute("INSERT INTO offer_qualifications (offer_id, qualified_by, qualified_at) "
               "SELECT id, ?, ? FROM offers WHERE id = ANY(?) "
               "AND qualification = ? "
               "AND id NOT IN (SELECT offer_id FROM offer_qualifications)",
               [qualified_by.strip(), now, ids, Qualification.QUALIFIEE.value])


def requalify(db: Db, today: date, now: datetime | None = None) -> tuple[int, int]:
    """Rewrite, in one transaction, the open offers whose verdict under the confirmation rule
    may have moved (:func:`accueil.store.confirmation.candidates`): the rule switched on or
    off, the veille period changed, or days went by. Returns (held back, freed): how many
    offers stopped, and started again, counting as qualified. Journaled as the application's
    (author ''). ``now`` defaults to the current time on ``today`` (the day the rule is
    judged on)."""
    now = now or datetime.combine(today, datetime.now().time()).replace(microsecond=0)

    def work(uow: Db) -> tuple[int, int]:
        with uow.reading() as tx:
            ids = confirmation.candidates(tx, today)
            was = dict(tx.all("SELECT id, qualification FROM offers WHERE id = ANY(?)", [ids]))
        if ids:
            write_offers(uow, load_offers(uow, ids), now, author="")
        with uow.writing() as tx:
            after = dict(tx.all("SELECT id, qualification FROM offers WHERE id = ANY(?)",
                                [ids]))
            set_meta(tx, confirmation.CHECKED_KEY, today.isoformat())
        qualified = Qualification.QUALIFIEE.value
        held = sum(1 for i in ids if was.get(i) == qualified != after.get(i))
        freed = sum(1 for i in ids if was.get(i) != qualified == after.get(i))
        return held, freed

    return db.write(work)


def rule_checked_on(db: Db) -> str | None:
    """The day (ISO) :func:`requalify` last ran."""
    return get_meta(db, confirmation.CHECKED_KEY)


def save_offer(db: Db, offer: Offer, *, author: str = "") -> int:
    """Write one offer (new or edited) with its items, atomically; returns its id."""
    return write_offers(db, [offer], author=author)[0]


def save_offers(db: Db, offers: Sequence[Offer], *, author: str = "") -> list[int]:
    """Write many offers in one transaction: all of them or none."""
    return write_offers(db, offers, author=author)


def archive_offer(db: Db, offer_id: int, version: int | None = None, *,
                  author: str = "") -> None:
    """Archive an offer; with ``version``, only if it is still the stored one (else
    :class:`~accueil.domain.versions.StaleVersion`)."""
    now = datetime.now().replace(microsecond=0)
    with db.writing() as tx:
        if version is not None:
            claim(tx, "offers", RecordKind.OFFER, [(offer_id, version)])
        else:
            tx.execute("UPDATE offers SET version = version + 1 WHERE id = ?", [offer_id])
        was = tx.scalar("SELECT status FROM offers WHERE id = ?", [offer_id])
        tx.execute("UPDATE offers SET status = ?, updated_at = ? WHERE id = ?",
                   [OfferStatus.ARCHIVEE.value, now, offer_id])
        if was is not None and was != OfferStatus.ARCHIVEE.value:
            journal.record(tx, author, "offer", offer_id, "archived", now,
                           [("status", was, OfferStatus.ARCHIVEE.value)])


def delete_demo(db: Db, *, author: str = "") -> tuple[int, int]:
    """Remove every demo offer and demo item (never reference data) and the demo's account;
    returns both counts. Journaled as one removal."""
    now = datetime.now().replace(microsecond=0)
    with db.writing() as tx:
        offers_row = tx.one("SELECT count(*) FROM offers WHERE is_demo")
        items_row = tx.one("SELECT count(*) FROM receptivity_items WHERE is_demo")
        tx.execute("DELETE FROM viability_analyses WHERE offer_id IN "
                    "(SELECT id FROM offers WHERE is_demo)")
        tx.execute("DELETE FROM offer_receptivity WHERE offer_id IN "
                    "(SELECT id FROM offers WHERE is_demo) OR item_id IN "
                    "(SELECT id FROM receptivity_items WHERE is_demo)")
        tx.execute("DELETE FROM offer_qualifications WHERE offer_id IN "
                    "(SELECT id FROM offers WHERE is_demo)")
        tx.execute("DELETE FROM receptivity_details WHERE item_id IN "
                    "(SELECT id FROM receptivity_items WHERE is_demo)")
        tx.execute("DELETE FROM commune_amenities WHERE source = 'demo'")
        tx.execute("DELETE FROM commune_living WHERE is_demo")
        tx.execute("DELETE FROM store_meta WHERE key = 'demo_inventory_seeded'")
        tx.execute("DELETE FROM offers WHERE is_demo")
        tx.execute("DELETE FROM receptivity_items WHERE is_demo")
        set_meta(tx, "demo_removed", datetime.now().isoformat(timespec="seconds"))
        delete_demo_accounts(tx, author, now)
        journal.record(tx, author, "demo", "demo", "removed", now,
                       [("offers", offers_row[0] if offers_row else 0, 0),
                        ("items", items_row[0] if items_row else 0, 0)])
    return (int(offers_row[0]) if offers_row else 0, int(items_row[0]) if items_row else 0)


def refresh_assessments(db: Db) -> int:
    """Re-derive the stored pillar statuses when the rules changed (RULES_VERSION)."""
    def work(uow: Db) -> int:
        if get_meta(uow, "rules_version") == str(RULES_VERSION):
            return 0
        offers = load_offers(uow)  # on a new store: none, and the version is simply recorded
        with uow.writing() as tx:
            if offers:
                _write_offers(tx, offers, datetime.now().replace(microsecond=0), "", "")
            set_meta(tx, "rules_version", str(RULES_VERSION))
        return len(offers)

    if get_meta(db, "rules_version") == str(RULES_VERSION):
        return 0  # the usual case, without taking a write transaction
    return db.write(work)


# -- reading -----------------------------------------------------------------------------------


def _none(value: Any) -> Any:
    """DuckDB returns NULLs as None already; NaN can only come from old float columns."""
    return None if isinstance(value, float) and math.isnan(value) else value


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def get_offer(db: Db, offer_id: int) -> Offer | None:
    """The stored offer with its items, or ``None`` if there is no such id."""
    found = load_offers(db, [offer_id])
    return found[0] if found else None


def load_offers(db: Db, ids: Sequence[int] | None = None) -> list[Offer]:
    """Stored offers with their items, by id order; all of them when ``ids`` is ``None``.

    Two queries whatever the count, so that re-deriving 100k offers stays a matter of seconds.
    """
    where, params = ("", []) if ids is None else ("WHERE id = ANY(?)", [list(ids)])
    link_where = "" if ids is None else "WHERE l.offer_id = ANY(?)"
    with db.reading() as tx:
        records = tx.records(
            f"SELECT {', '.join(OFFER_COLUMNS)} FROM offers {where} ORDER BY id", params)
        rows = tx.all(
            f"SELECT l.offer_id, {', '.join('i.' + c for c in ITEM_COLUMNS)} "
            "FROM offer_receptivity l JOIN receptivity_items i ON i.id = l.item_id "
            f"{link_where} ORDER BY l.offer_id, l.position", params)
        items: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            items.setdefault(int(row[0]), []).append(dict(zip(ITEM_COLUMNS, row[1:], strict=True)))
    return [_offer_from_record(r, items.get(int(r["id"]), [])) for r in records]


def _offer_from_record(record: dict[str, Any], item_rows: Iterable[dict[str, Any]]) -> Offer:
    activity = None
    if record["activity_kind"]:
        values = {name: _none(record[name]) for name in ACTIVITY_FIELDS}
        values["target_date"] = _as_date(values["target_date"])
        values["start_date"] = _as_date(values["start_date"])
        values["start_asap"] = bool(values["start_asap"])
        activity = Activity(kind=ActivityKind(record["activity_kind"]), **values)
    items = tuple(
        ReceptivityItem(
            kind=ReceptivityKind(r["kind"]), description=r["description"],
            surface_m2=_none(r["surface_m2"]), rooms=r["rooms"],
            monthly_rent=_none(r["monthly_rent"]), price=_none(r["price"]),
            available_from=_as_date(r["available_from"]), id=int(r["id"]),
            available_now=bool(r["available_now"]))
        for r in item_rows)
    return Offer(
        id=int(record["id"]), title=record["title"], description=record["description"],
        commune_insee=record["commune_insee"], activity=activity,
        status=OfferStatus(record["status"]), source_partner=record["source_partner"],
        confidentiality=Confidentiality(record["confidentiality"]), receptivity=items,
        amenities=frozenset(Amenity(a) for a in record["amenities"]),
        living_environment=record["living_environment"],
        verified_on=_as_date(record["verified_on"]), created_at=record["created_at"],
        updated_at=record["updated_at"], is_demo=bool(record["is_demo"]),
        version=int(record["version"]))


def list_offers(db: Db, query: OfferQuery, *, seen: Seen | None = None) -> pd.DataFrame:
    """The offers matching ``query``, newest first, with commune and EPCI names for display.

    At most ``query.limit`` rows; the ``total`` column holds how many match in all. ``seen``
    (:mod:`accueil.store.seen`) leaves out the offers an audience may not list.
    """
    where, params = territory_condition(query.territory)
    clauses = [where]
    if not query.include_archived:
        clauses.append("o.status <> ?")
        params.append(OfferStatus.ARCHIVEE.value)
    for column, values in (("o.activity_kind", [k.value for k in query.kinds]),
                           ("o.status", [s.value for s in query.statuses]),
                           ("o.qualification", list(query.qualifications))):
        if values:
            clauses.append(f"{column} = ANY(?)")
            params.append(values)
    if query.text.strip():
        clauses.append("(o.title ILIKE ? OR c.nom ILIKE ? OR o.source_partner ILIKE ?)")
        pattern = f"%{query.text.strip()}%"
        params += [pattern, pattern, pattern]
    with db.reading() as tx, offers_source(tx, seen, listing=True) as source:
        sql = (
            f"SELECT {LIST_COLUMNS}, count(*) OVER () AS total "
            f"FROM {source} JOIN ref_communes c ON c.code_insee = o.commune_insee "
            "LEFT JOIN ref_epci e ON e.code_epci = c.code_epci "
            f"WHERE {' AND '.join(clauses)} ORDER BY o.updated_at DESC, o.id DESC")
        if query.limit is not None:
            sql += " LIMIT ?"
            params.append(query.limit)
        return OFFER_LIST.conform(tx.frame(sql, params))


def seed_demo(db: Db, offers: Sequence[Offer], *, force: bool = False) -> int:
    """Write the demo offers into a new store, once; ``force`` reinstalls them on request.

    A store whose demo was removed stays without it at the next start: the user chose so.
    """
    if not force and get_meta(db, "demo_seeded") is not None:
        return 0
    with db.writing() as tx:
        if force:
            tx.execute("DELETE FROM viability_analyses WHERE offer_id IN "
                        "(SELECT id FROM offers WHERE is_demo)")
            tx.execute("DELETE FROM offer_receptivity WHERE offer_id IN "
                        "(SELECT id FROM offers WHERE is_demo)")
            tx.execute("DELETE FROM offers WHERE is_demo")
            tx.execute("DELETE FROM receptivity_items WHERE is_demo")
        now = datetime.now().replace(microsecond=0)
        demo = [o for o in offers if o.is_demo]
        _write_offers(tx, demo, now, "")
        set_meta(tx, "demo_seeded", now.isoformat(timespec="seconds"))
        journal.record(tx, "", "demo", "demo", "created", now, [("offers", None, len(demo))])
    return len(offers)
