"""Partners in the store: records, contacts, links from the free-text names, provenance, merges.

``partners`` holds one row per organisation (its normalised name unique, the names merged into
it kept as ``aliases``), ``partner_contacts`` its people, ``provenance`` who supplied each
pillar ('activite' of an offer, 'bien' = a réceptivité item, 'amenites' of a commune) and who
confirmed it when. An offer or item keeps its ``source_partner`` text as typed; the link to a
record is made by the normalised name (:func:`link_sources`), so a name typed after the record
exists is linked on the next call. Every write is one transaction, journaled in it (entity
'partner'; a confirmation on the offer, item or commune confirmed). Contacts' names, emails and
phones never reach the append-only journal: only how many there are (personal data must stay
erasable). No French sentence here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from accueil.domain.access import normalise_organisation
from accueil.domain.offers import OfferStatus
from accueil.domain.partners import Contact, Partner, PartnerKind, Supply
from accueil.store import journal
from accueil.store.confirmation import RULE_KEY
from accueil.store.db import Db, Tx, get_meta, set_meta

SUBJECTS = ("activite", "bien", "amenites")
REQUIRE_CONFIRMATION_KEY = RULE_KEY  # the rule itself: accueil.store.confirmation
_COLUMNS = ("id", "name", "normalised", "kind", "territory", "communes", "siren", "supplies",
            "templates", "aliases", "notes")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _partner(row: dict[str, Any], contacts: Sequence[Contact]) -> Partner:
    return Partner(
        name=row["name"], kind=PartnerKind(row["kind"]), territory=row["territory"] or "",
        communes=frozenset(row["communes"] or ()), siren=row["siren"] or "",
        supplies=frozenset(Supply(s) for s in row["supplies"] or ()),
        templates=tuple(row["templates"] or ()), notes=row["notes"] or "",
        contacts=tuple(contacts), id=int(row["id"]))


def list_partners(db: Db) -> list[Partner]:
    """Every partner with its contacts, by name."""
    with db.reading() as tx:
        rows = tx.records(f"SELECT {', '.join(_COLUMNS)} FROM partners ORDER BY lower(name), id")
        people = tx.all("SELECT partner_id, id, name, role, email, phone FROM partner_contacts "
                        "ORDER BY partner_id, id")
    by_partner: dict[int, list[Contact]] = {}
    for partner_id, cid, name, role, email, phone in people:
        by_partner.setdefault(int(partner_id), []).append(
            Contact(name, role, email, phone, int(cid)))
    return [_partner(r, by_partner.get(int(r["id"]), ())) for r in rows]


def get_partner(db: Db, partner_id: int) -> Partner | None:
    found = [p for p in list_partners(db) if p.id == partner_id]
    return found[0] if found else None


def aliases(db: Db) -> dict[str, int]:
    """Normalised name (own or merged) → partner id."""
    with db.reading() as tx:
        rows = tx.all("SELECT id, normalised, aliases FROM partners")
    names: dict[str, int] = {}
    for pid, normal, others in rows:
        for name in others or ():
            names[str(name)] = int(pid)
        names[str(normal)] = int(pid)
    return names


_JOURNALED = ("name", "kind", "territory", "siren", "supplies", "templates", "notes",
              "covered", "contacts")


def _journal_row(partner: Partner) -> dict[str, Any]:
    """What the journal keeps of a partner: its fields, and counts of communes and contacts."""
    return {"name": partner.name.strip(), "kind": partner.kind.value,
            "territory": partner.territory.strip(), "siren": partner.siren.replace(" ", ""),
            "supplies": sorted(s.value for s in partner.supplies),
            "templates": " | ".join(partner.templates), "notes": partner.notes,
            "covered": len(partner.communes), "contacts": len(partner.contacts)}


def save_partner(db: Db, partner: Partner, now: datetime | None = None, *,
                 author: str = "") -> int:
    """Insert or update ``partner`` and replace its contacts; links names to it. Its id.

    Raises ``ValueError("duplicate")`` when another partner has the same normalised name."""
    now = now or _now()

    def work(uow: Db) -> int:
        # the stored record, read in the same transaction, for the journal's old values
        before = get_partner(uow, partner.id) if partner.id is not None else None
        with uow.writing() as tx:
            clash = tx.one("SELECT id FROM partners WHERE normalised = ? AND id <> ?",
                           [partner.normalised, partner.id or -1])
            if clash is not None:
                raise ValueError("duplicate")
            values = [partner.name.strip(), partner.normalised, partner.kind.value,
                      partner.territory.strip(), sorted(partner.communes),
                      partner.siren.replace(" ", ""), sorted(s.value for s in partner.supplies),
                      list(partner.templates), partner.notes]
            if partner.id is None:
                row = tx.one(
                    "INSERT INTO partners (name, normalised, kind, territory, communes, siren, "
                    "supplies, templates, notes, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", [*values, now, now])
                assert row is not None
                partner_id = int(row[0])
            else:
                partner_id = partner.id
                tx.execute(
                    "UPDATE partners SET name = ?, normalised = ?, kind = ?, territory = ?, "
                    "communes = ?, siren = ?, supplies = ?, templates = ?, notes = ?, "
                    "updated_at = ? WHERE id = ?", [*values, now, partner_id])
            tx.execute("DELETE FROM partner_contacts WHERE partner_id = ?", [partner_id])
            for contact in partner.contacts:
                tx.execute("INSERT INTO partner_contacts (partner_id, name, role, email, phone, "
                           "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                           [partner_id, contact.name.strip(), contact.role.strip(),
                            contact.email.strip(), contact.phone.strip(), now])
            _link(tx, now)
            was = {} if before is None else _journal_row(before)
            journal.record(tx, author, "partner", partner_id,
                           "created" if before is None else "updated", now,
                           journal.diff(was, _journal_row(partner), _JOURNALED))
        return partner_id

    return db.write(work)


def free_text_names(db: Db) -> pd.DataFrame:
    """The partner names typed on offers and items, with how many of each: name, offers,
    items, partner_id (of the record it links to, or missing)."""
    with db.reading() as tx:
        frame = tx.frame(
            "SELECT name, sum(offers) AS offers, sum(items) AS items FROM ("
            "  SELECT trim(source_partner) AS name, count(*) AS offers, 0 AS items FROM offers "
            "  WHERE trim(source_partner) <> '' GROUP BY 1 UNION ALL "
            "  SELECT trim(source_partner) AS name, 0 AS offers, count(*) AS items "
            "  FROM receptivity_items WHERE trim(coalesce(source_partner, '')) <> '' GROUP BY 1"
            ") AS n GROUP BY name ORDER BY name")
    known = aliases(db)
    frame["offers"] = frame["offers"].astype(int)
    frame["items"] = frame["items"].astype(int)
    frame["partner_id"] = [known.get(normalise_organisation(n)) for n in frame["name"]]
    return frame


def create_partners(db: Db, partners: Sequence[Partner], now: datetime | None = None, *,
                    author: str = "") -> list[int]:
    """Insert new records at once (names already known are skipped) and link the names."""
    now = now or _now()
    with db.writing() as tx:
        taken = {str(r[0]) for r in tx.all("SELECT normalised FROM partners")}
        taken |= {str(a) for r in tx.all("SELECT aliases FROM partners") for a in r[0] or ()}
        ids = []
        for partner in partners:
            if partner.normalised in taken or not partner.normalised:
                continue
            taken.add(partner.normalised)
            row = tx.one(
                "INSERT INTO partners (name, normalised, kind, territory, communes, siren, "
                "supplies, templates, notes, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [partner.name.strip(), partner.normalised, partner.kind.value,
                 partner.territory, sorted(partner.communes), partner.siren,
                 sorted(s.value for s in partner.supplies), list(partner.templates),
                 partner.notes, now, now])
            assert row is not None
            ids.append(int(row[0]))
            journal.record(tx, author, "partner", int(row[0]), "created", now,
                           journal.diff({}, _journal_row(partner), _JOURNALED))
        _link(tx, now)
    return ids


def link_sources(db: Db, now: datetime | None = None) -> None:
    """Link every offer and item whose typed partner name matches a record (or an alias)."""
    with db.writing() as tx:
        _link(tx, now or _now())


def _link(tx: Tx, now: datetime) -> None:
    """Set receptivity_items.partner_id and the provenance partner of offers and items from
    their typed names; a thing whose name matches no record keeps its provenance partner."""
    rows = tx.all("SELECT id, normalised, aliases FROM partners")
    known: dict[str, int] = {}
    for pid, normal, others in rows:
        for name in others or ():
            known[str(name)] = int(pid)
        known[str(normal)] = int(pid)
    names = [str(r[0]) for r in tx.all(
        "SELECT DISTINCT source_partner FROM offers WHERE source_partner <> '' UNION "
        "SELECT DISTINCT source_partner FROM receptivity_items WHERE source_partner <> ''")]
    pairs = [(n, known[normalise_organisation(n)]) for n in names
             if normalise_organisation(n) in known]
    if not pairs:
        return
    frame = pd.DataFrame(pairs, columns=["name", "partner_id"])
    with tx.frame_table("partner_names", frame):
        tx.execute("UPDATE receptivity_items SET partner_id = n.partner_id FROM partner_names n "
                   "WHERE receptivity_items.source_partner = n.name")
        for subject, table in (("activite", "offers"), ("bien", "receptivity_items")):
            tx.execute(
                "UPDATE provenance SET partner_id = n.partner_id, updated_at = ? "
                f"FROM {table} t JOIN partner_names n ON n.name = t.source_partner "
                "WHERE provenance.subject = ? AND provenance.subject_key = CAST(t.id AS VARCHAR) "
                "AND provenance.partner_id IS DISTINCT FROM n.partner_id", [now, subject])
            tx.execute(
                "INSERT INTO provenance (subject, subject_key, partner_id, updated_at) "
                f"SELECT ?, CAST(t.id AS VARCHAR), n.partner_id, ? FROM {table} t "
                "JOIN partner_names n ON n.name = t.source_partner "
                "WHERE NOT EXISTS (SELECT 1 FROM provenance p WHERE p.subject = ? "
                "AND p.subject_key = CAST(t.id AS VARCHAR))", [subject, now, subject])


def merge(db: Db, keep: int, absorbed: Sequence[int], now: datetime | None = None, *,
          author: str = "") -> int:
    """Merge the partners ``absorbed`` into ``keep``: their names become aliases of it, their
    contacts, supplies, templates and supplied things its own. Returns how many were merged."""
    now = now or _now()
    others = [int(a) for a in absorbed if int(a) != keep]
    if not others:
        return 0
    with db.writing() as tx:
        kept = tx.one("SELECT aliases, supplies, templates, communes FROM partners WHERE id = ?",
                      [keep])
        if kept is None:
            raise KeyError(keep)
        found = tx.all("SELECT id, name, normalised, aliases, supplies, templates, communes "
                       "FROM partners WHERE id = ANY(?) ORDER BY id", [others])
        gone = [(pid, name) for pid, name, *_ in found]
        rows = [tuple(rest) for _, _, *rest in found]
        names = set(kept[0] or ())
        supplies, templates, communes = set(kept[1] or ()), list(kept[2] or ()), set(kept[3] or ())
        for normal, more, sup, tem, com in rows:
            names |= {str(normal), *(str(a) for a in more or ())}
            supplies |= set(sup or ())
            templates += [t for t in tem or () if t not in templates]
            communes |= set(com or ())
        tx.execute("UPDATE partners SET aliases = ?, supplies = ?, templates = ?, communes = ?, "
                   "updated_at = ? WHERE id = ?",
                   [sorted(names), sorted(supplies), templates, sorted(communes), now, keep])
        tx.execute("UPDATE partner_contacts SET partner_id = ? WHERE partner_id = ANY(?)",
                   [keep, others])
        tx.execute("UPDATE receptivity_items SET partner_id = ? WHERE partner_id = ANY(?)",
                   [keep, others])
        tx.execute("UPDATE provenance SET partner_id = ? WHERE partner_id = ANY(?)",
                   [keep, others])
        tx.execute("DELETE FROM partners WHERE id = ANY(?)", [others])
        _link(tx, now)
        journal.record_rows(tx, author, [
            journal.Change("partner", keep, "merged", "absorbed", None,
                           ", ".join(f"{name} (n° {pid})" for pid, name in gone)),
            *(journal.Change("partner", pid, "deleted", "merged_into", None, keep)
              for pid, _ in gone)], now)
    return len(rows)


# -- provenance ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Who supplied one thing and who confirmed it when."""

    subject: str
    key: str
    partner_id: int | None
    partner: str  # the record's name, else the typed name, else ''
    confirmed_on: date | None
    confirmed_by: str
    state: str


def _as_date(value: Any) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, date) else None


def offer_evidence(db: Db, offer_id: int) -> list[Evidence]:
    """The provenance of an offer's activity, of each of its items (in order) and of its
    commune's aménités; a thing never confirmed has no date."""
    with db.reading() as tx:
        offer = tx.one("SELECT commune_insee, source_partner FROM offers WHERE id = ?",
                       [offer_id])
        if offer is None:
            return []
        rows = tx.all(
            "SELECT s.subject, s.subject_key, p.partner_id, coalesce(r.name, s.typed, ''), "
            "p.confirmed_on, coalesce(p.confirmed_by, ''), coalesce(p.state, 'disponible') "
            "FROM (SELECT 'activite' AS subject, CAST(o.id AS VARCHAR) AS subject_key, "
            "             o.source_partner AS typed, 0 AS position FROM offers o WHERE o.id = ? "
            "      UNION ALL SELECT 'bien', CAST(i.id AS VARCHAR), i.source_partner, "
            "             l.position + 1 FROM offer_receptivity l "
            "      JOIN receptivity_items i ON i.id = l.item_id WHERE l.offer_id = ? "
            "      UNION ALL SELECT 'amenites', ?, '', 100000) AS s "
            "LEFT JOIN provenance p ON p.subject = s.subject AND p.subject_key = s.subject_key "
            "LEFT JOIN partners r ON r.id = p.partner_id ORDER BY s.position",
            [offer_id, offer_id, offer[0]])
    return [Evidence(str(s), str(k), None if pid is None else int(pid), str(name or ""),
                     _as_date(on), str(by), str(state))
            for s, k, pid, name, on, by, state in rows]


def confirm(db: Db, subject: str, keys: Sequence[str], *, by: str, on: date,
            partner_id: int | None = None, now: datetime | None = None,
            author: str = "") -> int:
    """Record that ``keys`` of ``subject`` were confirmed by ``by`` on ``on`` (the offer's or
    item's own verification date moves with it), journaled under ``author``. Returns how many
    were recorded."""
    if subject not in SUBJECTS:
        raise ValueError(subject)
    now = now or _now()
    with db.writing() as tx:
        for key in keys:
            _confirm(tx, subject, str(key), by, on, partner_id, now)
        journal_confirmations(tx, author, subject, [str(k) for k in keys], on, partner_id, now)
    return len(keys)


JOURNAL_ENTITY = {"activite": "offer", "bien": "item", "amenites": "amenities"}


def journal_confirmations(tx: Tx, author: str, subject: str, keys: Sequence[str], on: date,
                          partner_id: int | None, now: datetime) -> None:
    """One journal row per thing confirmed, on the offer, item or commune itself (so its
    history shows it), with the partner who supplied it when one is known."""
    journal.record_rows(tx, author, [
        journal.Change(JOURNAL_ENTITY[subject], key, "confirmed", "confirmed_on", None,
                       on if partner_id is None else f"{on.isoformat()} (partenaire n° {partner_id})")
        for key in keys], now)


def _confirm(tx: Tx, subject: str, key: str, by: str, on: date, partner_id: int | None,
             now: datetime) -> None:
    found = tx.one("SELECT partner_id FROM provenance WHERE subject = ? AND subject_key = ?",
                   [subject, key])
    if found is None:
        tx.execute("INSERT INTO provenance (subject, subject_key, partner_id, confirmed_on, "
                   "confirmed_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                   [subject, key, partner_id, on, by, now])
    else:
        tx.execute("UPDATE provenance SET confirmed_on = ?, confirmed_by = ?, "
                   "partner_id = coalesce(?, partner_id), updated_at = ? "
                   "WHERE subject = ? AND subject_key = ?",
                   [on, by, partner_id, now, subject, key])
    if subject == "activite":
        tx.execute("UPDATE offers SET verified_on = ? WHERE id = ?", [on, int(key)])
    elif subject == "bien":
        _verify_item(tx, int(key), on, now)


def _verify_item(tx: Tx, item_id: int, on: date, now: datetime) -> None:
    if tx.one("SELECT 1 FROM receptivity_details WHERE item_id = ?", [item_id]) is None:
        tx.execute("INSERT INTO receptivity_details (item_id, verified_on, updated_at) "
                   "VALUES (?, ?, ?)", [item_id, on, now])
    else:
        tx.execute("UPDATE receptivity_details SET verified_on = ?, updated_at = ? "
                   "WHERE item_id = ?", [on, now, item_id])


# -- veille and the dashboard ----------------------------------------------------------------

# Everything a partner supplied, one row each: subject, key, partner_id, label, commune,
# confirmed_on (the provenance date, else the record's own verification date), state.
_SUPPLIED = f"""
    SELECT 'activite' AS subject, CAST(o.id AS VARCHAR) AS subject_key, p.partner_id,
           o.title AS label, o.commune_insee, coalesce(p.confirmed_on, o.verified_on)
           AS confirmed_on, p.confirmed_by, p.state, o.activity_kind AS kind,
           o.qualification, o.status
    FROM provenance p JOIN offers o ON p.subject = 'activite'
         AND p.subject_key = CAST(o.id AS VARCHAR)
    WHERE o.status NOT IN ('{OfferStatus.ARCHIVEE.value}')
    UNION ALL
    SELECT 'bien', CAST(i.id AS VARCHAR), p.partner_id,
           coalesce(nullif(i.description, ''), i.kind), i.commune_insee,
           coalesce(p.confirmed_on, d.verified_on), p.confirmed_by, p.state, i.kind,
           NULL, CASE WHEN coalesce(d.archived, false) THEN 'archive' ELSE 'ouvert' END
    FROM provenance p JOIN receptivity_items i ON p.subject = 'bien'
         AND p.subject_key = CAST(i.id AS VARCHAR)
    LEFT JOIN receptivity_details d ON d.item_id = i.id
"""


def supplied(db: Db, partner_id: int | None = None) -> pd.DataFrame:
    """What partners supplied (one partner's only when given), with commune names; columns of
    ``_SUPPLIED`` plus ``commune``. Oldest confirmation first."""
    where = "WHERE s.partner_id = ?" if partner_id is not None else \
        "WHERE s.partner_id IS NOT NULL"
    with db.reading() as tx:
        return tx.frame(
            f"SELECT s.*, coalesce(c.nom, s.commune_insee, '') AS commune FROM ({_SUPPLIED}) s "
            f"LEFT JOIN ref_communes c ON c.code_insee = s.commune_insee {where} "
            "ORDER BY s.confirmed_on ASC NULLS FIRST, s.subject, s.subject_key",
            [] if partner_id is None else [partner_id])


def requires_confirmation(db: Db) -> bool:
    return get_meta(db, REQUIRE_CONFIRMATION_KEY) == "1"


def set_requires_confirmation(db: Db, required: bool, *, author: str = "") -> None:
    with db.writing() as tx:
        was = tx.scalar("SELECT value FROM store_meta WHERE key = ?",
                        [REQUIRE_CONFIRMATION_KEY]) == "1"
        set_meta(tx, REQUIRE_CONFIRMATION_KEY, "1" if required else "0")
        if was != required:
            journal.record(tx, author, "setting", REQUIRE_CONFIRMATION_KEY, "updated", _now(),
                           [("required", was, required)])


def provenance_of(db: Db, subject: str, key: str) -> Evidence | None:
    """The provenance row of one thing, with its partner's name; ``None`` when there is none."""
    with db.reading() as tx:
        row = tx.one("SELECT p.partner_id, coalesce(r.name, ''), p.confirmed_on, "
                     "p.confirmed_by, p.state FROM provenance p "
                     "LEFT JOIN partners r ON r.id = p.partner_id "
                     "WHERE p.subject = ? AND p.subject_key = ?", [subject, key])
    if row is None:
        return None
    pid, name, on, by, state = row
    return Evidence(subject, key, None if pid is None else int(pid), str(name), _as_date(on),
                    str(by), str(state))
