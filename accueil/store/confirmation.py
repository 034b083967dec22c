"""The rule « qualifying an offer requires a partner's confirmation newer than the veille
period » (issue 17), applied where qualification is stored.

Off by default (``store_meta``: :data:`RULE_KEY`). On, an offer the pillar rules find
qualifiée stays « à compléter » while its activity, or one of its items, was last confirmed
(provenance, else its own verification date) before the start of the veille period: that
pillar is stored as partial with :data:`~accueil.domain.pillars.UNCONFIRMED` among its missing
elements, so that every list, count, map and export reads the same verdict. The rule is
applied by every write of offers (:func:`cap_rows`, inside its transaction); because time
alone makes a confirmation old, :func:`candidates` finds the offers whose verdict may have
moved, for the service to rewrite them (when the setting or the period changes, and once a
day). No French sentence here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from accueil.domain.inventory import DEFAULT_VEILLE_MONTHS, veille_cutoff
from accueil.domain.offers import OfferStatus
from accueil.domain.pillars import UNCONFIRMED, Pillar, PillarStatus, Qualification
from accueil.store.db import Tx

RULE_KEY = "qualification_requires_confirmation"
MONTHS_KEY = "veille_months"  # the inventory's veille period (accueil.store.inventory)
CHECKED_KEY = "confirmation_rule_checked_on"
_CLOSED = (OfferStatus.POURVUE.value, OfferStatus.ARCHIVEE.value)
_PILLAR_COLUMN = {Pillar.ACTIVITE: "pillar_activite", Pillar.RECEPTIVITE: "pillar_receptivite"}


def cutoff(tx: Tx, today: date) -> date | None:
    """The day before which a confirmation is too old, or ``None`` when the rule is off."""
    rows = dict(tx.all("SELECT key, value FROM store_meta WHERE key = ANY(?)",
                       [[RULE_KEY, MONTHS_KEY]]))
    if rows.get(RULE_KEY) != "1":
        return None
    months = str(rows.get(MONTHS_KEY) or "")
    return veille_cutoff(today, int(months) if months.isdigit() else DEFAULT_VEILLE_MONTHS)


def _confirmed(tx: Tx, subject: str, keys: Sequence[int]) -> dict[int, date | None]:
    """The last confirmation of offers' activities ('activite': provenance only) or of items
    ('bien': provenance, else the item's own verification date)."""
    if not keys:
        return {}
    if subject == "activite":  # the offer's own date is in the row being written
        return {int(k): on for k, on in tx.all(
            "SELECT subject_key, confirmed_on FROM provenance WHERE subject = 'activite' "
            "AND subject_key = ANY(?)", [[str(k) for k in keys]])}
    return {int(k): on for k, on in tx.all(
        "SELECT i.id, coalesce(p.confirmed_on, d.verified_on) FROM receptivity_items i "
        "LEFT JOIN receptivity_details d ON d.item_id = i.id "
        "LEFT JOIN provenance p ON p.subject = 'bien' "
        "AND p.subject_key = CAST(i.id AS VARCHAR) WHERE i.id = ANY(?)", [list(keys)])}


def _day(value: Any) -> date | None:
    """A date as the engines return it (a date, a datetime, a pandas timestamp), or None."""
    if isinstance(value, datetime):  # pandas' Timestamp is one
        return value.date()
    return value if isinstance(value, date) else None


def cap_rows(tx: Tx, rows: list[dict[str, Any]], links: list[dict[str, Any]],
             today: date) -> None:
    """Apply the rule to offer rows about to be written (in place), ``links`` their items.

    An offer's own verification date is the one in its row (what is being written); an
    offer or item already stored may have a later provenance date. An item with no date of
    its own (typed within the offer) was verified with the offer, as the inventory reads it."""
    limit = cutoff(tx, today)
    if limit is None:
        return
    qualified = [r for r in rows if r["qualification"] == Qualification.QUALIFIEE.value
                 and r["status"] not in _CLOSED]
    if not qualified:
        return
    items: dict[int, list[int]] = {}
    for link in links:
        items.setdefault(int(link["offer_id"]), []).append(int(link["item_id"]))
    stored = _confirmed(tx, "activite", [int(r["id"]) for r in qualified])
    item_days = _confirmed(tx, "bien", sorted({i for r in qualified
                                               for i in items.get(int(r["id"]), ())}))
    for row in qualified:
        days = [d for d in (_day(row["verified_on"]), _day(stored.get(int(row["id"]))))
                if d is not None]
        own = max(days) if days else None
        # an item with no date of its own was verified with its offer (as the inventory reads)
        stale = {Pillar.ACTIVITE: own is None or own < limit,
                 Pillar.RECEPTIVITE: any((_day(item_days.get(i)) or own or date.min) < limit
                                         for i in items.get(int(row["id"]), ()))}
        for pillar, old in stale.items():
            if old:
                row[_PILLAR_COLUMN[pillar]] = PillarStatus.PARTIEL.value
                row["missing"] = [*row["missing"], UNCONFIRMED[pillar]]
                row["completeness"] = float(row["completeness"]) - 0.5 / 3
        if any(stale.values()):
            row["qualification"] = Qualification.A_COMPLETER.value


def candidates(tx: Tx, today: date) -> list[int]:
    """Open offers whose verdict under the rule may differ from the stored one: those held
    back by it (to be freed when it is off or they are confirmed again), and, when it is on,
    qualified ones with a confirmation now too old."""
    keys = list(UNCONFIRMED.values())
    held = [int(r[0]) for r in tx.all(
        "SELECT id FROM offers WHERE status NOT IN (?, ?) AND "
        "(CAST(? AS VARCHAR) = ANY(missing) OR CAST(? AS VARCHAR) = ANY(missing))",
        [*_CLOSED, *keys])]
    limit = cutoff(tx, today)
    if limit is None:
        return held
    old = [int(r[0]) for r in tx.all(
        "SELECT o.id FROM offers o LEFT JOIN provenance p ON p.subject = 'activite' "
        "AND p.subject_key = CAST(o.id AS VARCHAR) "
        "WHERE o.qualification = ? AND o.status NOT IN (?, ?) AND ("
        "  coalesce(p.confirmed_on, o.verified_on) IS NULL "
        "  OR coalesce(p.confirmed_on, o.verified_on) < ? "
        "  OR EXISTS (SELECT 1 FROM offer_receptivity r "
        "    LEFT JOIN receptivity_details d ON d.item_id = r.item_id "
        "    LEFT JOIN provenance q ON q.subject = 'bien' "
        "      AND q.subject_key = CAST(r.item_id AS VARCHAR) "
        "    WHERE r.offer_id = o.id "
        "      AND (coalesce(q.confirmed_on, d.verified_on, p.confirmed_on, o.verified_on) "
        "           IS NULL "
        "      OR coalesce(q.confirmed_on, d.verified_on, p.confirmed_on, o.verified_on) < ?)))",
        [Qualification.QUALIFIEE.value, *_CLOSED, limit, limit])]
    return sorted(set(held) | set(old))
