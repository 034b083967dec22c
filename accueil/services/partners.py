"""What the *Partenaires* page and the offer page ask about partners: one call each.

Partner records (create, edit, make them from the names typed so far, merge near-duplicates),
the evidence of an offer (who supplied each pillar, who confirmed it when), the veille loop
(per partner, what is due for re-checking; the spreadsheet to send; their filled file read,
previewed, committed as an import batch and undone), and the dashboard (per partner, what
they supplied, confirmed, stale, and the offers they contributed to that became qualified;
per territory, which pillars have no partner). Every write checks the principal with
:func:`accueil.domain.access.require`. Results are French, ready to draw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from accueil import fr
from accueil.domain.access import Action, Principal, Refused, Role, normalise_organisation, require
from accueil.domain.inventory import is_stale, veille_cutoff
from accueil.domain.offers import OfferStatus, ReceptivityKind
from accueil.domain.partners import (
    NEAR_DUPLICATE,
    Answer,
    Contact,
    Partner,
    PartnerKind,
    Supply,
    guess_kind,
    name_similarity,
    partner_errors,
    usual_supplies,
)
from accueil.domain.pillars import Pillar, Qualification
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.io.veille_xlsx import VeilleFile, VeilleLine, read_veille, reference, write_veille
from accueil.store import imports as import_store
from accueil.store import inventory as inventory_store
from accueil.store import offers as offer_store
from accueil.store import partners as repo
from accueil.store import territories as territory_store
from accueil.store import veille as veille_store
from accueil.store.db import Store
from accueil.store.imports import BatchRecord

SUBJECT_LABELS = {"activite": "Activité", "bien": "Bien", "amenites": "Aménités"}


def _by(principal: Principal) -> str:
    return principal.display_name or principal.login or "utilisateur"


# -- records ---------------------------------------------------------------------------------


def partners(store: Store) -> list[Partner]:
    return repo.list_partners(store)


def partner_for(store: Store, principal: Principal) -> Partner | None:
    """The record of a *partenaire* account's organisation (by normalised name or alias)."""
    if principal.role is not Role.PARTENAIRE or not principal.organisation.strip():
        return None
    partner_id = repo.aliases(store).get(normalise_organisation(principal.organisation))
    return None if partner_id is None else repo.get_partner(store, partner_id)


def partners_table(records: Sequence[Partner]) -> pd.DataFrame:
    return pd.DataFrame({
        "Partenaire": [p.name for p in records],
        "Type": [p.kind.label for p in records],
        "Territoire": [p.territory or "—" for p in records],
        "Communes couvertes": [len(p.communes) for p in records],
        "Fournit": [", ".join(s.label.split(" (")[0] for s in Supply if s in p.supplies) or "—"
                    for p in records],
        "Contacts": [", ".join(c.name for c in p.contacts) or "—" for p in records],
        "SIREN": [p.siren or "—" for p in records],
    })


def _supplies(values: object) -> frozenset[Supply]:
    if not isinstance(values, list | tuple | set | frozenset):
        return frozenset()
    known = {s.value: s for s in Supply}
    return frozenset(known[str(v)] for v in values if str(v) in known)


@dataclass(frozen=True, slots=True)
class SaveResult:
    ok: bool
    message: str
    partner_id: int | None = None


def save(store: Store, principal: Principal, values: Mapping[str, object],
         contacts: Sequence[Mapping[str, object]] = (), partner_id: int | None = None
         ) -> SaveResult:
    """Save a partner typed in the form; ``values`` keys: name, kind, territory, siren,
    supplies (list of Supply values), templates (text, one per line), notes, and covers (a
    :class:`Territory` whose communes the partner covers; absent: those already recorded)."""
    try:
        require(principal, Action.MANAGE_PARTNERS)
    except Refused as refused:
        return SaveResult(False, refused.reason)
    people = tuple(Contact(str(c.get("name") or "").strip(), str(c.get("role") or "").strip(),
                           str(c.get("email") or "").strip(), str(c.get("phone") or "").strip())
                   for c in contacts
                   if any(str(c.get(k) or "").strip() for k in ("name", "role", "email", "phone")))
    kind = values.get("kind") or PartnerKind.AUTRE.value
    supplies = values.get("supplies") or []
    templates = str(values.get("templates") or "")
    partner = Partner(
        name=str(values.get("name") or "").strip(), kind=PartnerKind(str(kind)),
        territory=str(values.get("territory") or "").strip(),
        siren=str(values.get("siren") or "").strip(),
        supplies=_supplies(supplies),
        templates=tuple(t.strip() for t in templates.splitlines() if t.strip()),
        notes=str(values.get("notes") or ""), contacts=people, id=partner_id)
    covers = values.get("covers")
    if isinstance(covers, Territory):
        codes = frozenset(territory_store.territory_communes(store, covers))
        partner = replace(partner, communes=codes, territory=partner.territory or covers.label)
    elif partner_id is not None and (stored := repo.get_partner(store, partner_id)) is not None:
        partner = replace(partner, communes=stored.communes)
    errors = partner_errors(partner)
    if errors:
        return SaveResult(False, " ".join(errors))
    try:
        saved = repo.save_partner(store, partner, author=principal.login)
    except ValueError:
        return SaveResult(False, f"Nom : un partenaire nommé comme « {partner.name} » existe déjà "
                                 "(à la casse, aux accents et aux « du / de la » près) ; "
                                 "modifiez sa fiche plutôt que d'en créer une seconde.")
    return SaveResult(True, f"Fiche « {partner.name} » enregistrée.", saved)


def unlinked_names(store: Store) -> pd.DataFrame:
    """Partner names typed on offers and items that no record covers yet, as the page shows."""
    frame = repo.free_text_names(store)
    frame = frame[frame["partner_id"].isna()]
    return pd.DataFrame({"Nom saisi": frame["name"], "Offres": frame["offers"],
                         "Biens": frame["items"],
                         "Type proposé": [guess_kind(n).label for n in frame["name"]]})


def adopt_names(store: Store, principal: Principal) -> str:
    """Make one record per organisation among the names typed so far (names that normalise
    alike, « CCI Cantal » / « CCI du Cantal », become one record)."""
    require(principal, Action.MANAGE_PARTNERS)
    frame = repo.free_text_names(store)
    frame = frame[frame["partner_id"].isna()].sort_values(
        ["offers", "items"], ascending=False)  # the most used spelling names the record
    records = []
    for name in frame["name"]:
        kind = guess_kind(name)
        records.append(Partner(name, kind=kind, supplies=usual_supplies(kind)))
    ids = repo.create_partners(store, records, author=principal.login)
    return (f"{fr.plural(len(ids), 'fiche partenaire créée', 'fiches partenaires créées')} "
            f"à partir de {fr.plural(len(frame), 'nom saisi', 'noms saisis')}.")


@dataclass(frozen=True, slots=True)
class MergePair:
    keep: Partner
    other: Partner
    similarity: float
    supplied: tuple[int, int]  # things supplied by keep, by other


def merge_candidates(store: Store, threshold: float = NEAR_DUPLICATE) -> list[MergePair]:
    """Pairs of records that are probably one organisation, the more used one first."""
    records = repo.list_partners(store)
    counts = repo.supplied(store)["partner_id"].value_counts().to_dict()
    pairs = []
    for i, first in enumerate(records):
        for second in records[i + 1:]:
            score = name_similarity(first.name, second.name)
            if score >= threshold:
                a, b = int(counts.get(first.id, 0)), int(counts.get(second.id, 0))
                keep, other = (first, second) if a >= b else (second, first)
                pairs.append(MergePair(keep, other, score, (max(a, b), min(a, b))))
    return sorted(pairs, key=lambda p: -p.similarity)


def merge(store: Store, principal: Principal, keep: int, other: int) -> str:
    require(principal, Action.MANAGE_PARTNERS)
    kept, gone = repo.get_partner(store, keep), repo.get_partner(store, other)
    if kept is None or gone is None:
        return "Ces fiches n'existent plus : la page a été rechargée entre-temps."
    repo.merge(store, keep, [other], author=principal.login)
    return (f"« {gone.name} » fusionné dans « {kept.name} » : ses contacts, ses offres et ses "
            "biens sont maintenant rattachés à cette fiche.")


# -- evidence --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    what: str
    partner: str
    confirmed: str
    stale: bool


def evidence(store: Store, offer_id: int, today: date | None = None) -> list[EvidenceLine]:
    """Per pillar of an offer: which partner supplied it, who confirmed it when."""
    today = today or date.today()
    months = inventory_store.veille_months(store)
    lines = []
    items = {str(k): v for k, v in inventory_store.load_items(
        store, [int(e.key) for e in repo.offer_evidence(store, offer_id)
                if e.subject == "bien"]).items()}
    offer = offer_store.get_offer(store, offer_id)
    for found in repo.offer_evidence(store, offer_id):
        on = found.confirmed_on
        if found.subject == "activite" and on is None and offer is not None:
            on = offer.verified_on
        if found.subject == "bien" and on is None and found.key in items:
            on = items[found.key].verified_on
        if found.subject == "bien" and found.key in items:
            item = items[found.key].item
            what = f"Bien : {item.description or item.kind.label}"
        else:
            what = SUBJECT_LABELS[found.subject]
        who = f" par {found.confirmed_by}" if found.confirmed_by else ""
        confirmed = f"confirmé le {fr.day(on)}{who}" if on else "jamais confirmé"
        if found.state == "plus_disponible":
            confirmed += " · plus disponible"
        lines.append(EvidenceLine(what, found.partner or "non renseigné", confirmed,
                                  found.subject != "amenites" and is_stale(on, today, months)))
    return lines


def requires_confirmation(store: Store) -> bool:
    return repo.requires_confirmation(store)


def set_requires_confirmation(store: Store, principal: Principal, required: bool,
                              today: date | None = None) -> str:
    """Switch the rule on or off, and re-derive at once the offers it holds back or frees."""
    require(principal, Action.MANAGE_PARTNERS)
    repo.set_requires_confirmation(store, required, author=principal.login)
    held, freed = offer_store.requalify(store, today or date.today())
    if required:
        return ("La qualification exige désormais une confirmation par le partenaire de moins "
                "que la période de veille : "
                + (f"{fr.plural(held, 'offre qualifiée repasse', 'offres qualifiées repassent')}"
                   " « à compléter » en attendant cette confirmation." if held else
                   "aucune offre qualifiée n'est concernée."))
    return ("La qualification n'exige plus de confirmation récente du partenaire"
            + (f" : {fr.plural(freed, 'offre redevient qualifiée', 'offres redeviennent qualifiées')}."
               if freed else "."))


def daily_confirmation_check(store: Store, today: date | None = None) -> None:
    """Once a day (at the first sign-in): time alone makes a confirmation old, so re-derive
    the offers the rule may now hold back or free. Nothing to do when it already ran today."""
    today = today or date.today()
    if offer_store.rule_checked_on(store) != today.isoformat():
        offer_store.requalify(store, today)


def confirmation_gap(store: Store, offer_id: int, today: date | None = None) -> str | None:
    """When the setting asks for it: why an offer may not count as qualified yet (its activity
    or an item not confirmed within the veille period), in French; ``None`` otherwise."""
    if not repo.requires_confirmation(store):
        return None
    stale = [line.what for line in evidence(store, offer_id, today) if line.stale]
    if not stale:
        return None
    months = inventory_store.veille_months(store)
    return (f"Confirmation du partenaire de moins de {months} mois exigée pour qualifier : "
            f"à faire pour {', '.join(stale)}.")


# -- veille ----------------------------------------------------------------------------------


def may_see_veille(store: Store, principal: Principal, partner_id: int) -> None:
    """Raise :class:`Refused` unless ``principal`` may see the veille of ``partner_id``: the
    titles of what it supplied, confidential ones included, are a work list between officers
    and that partner, not for elected officials nor for another partner."""
    if principal.role is Role.PARTENAIRE:
        own = partner_for(store, principal)
        if own is None or own.id != partner_id:
            raise Refused("Vous ne pouvez voir que la veille de votre organisation "
                          f"({principal.organisation or 'non renseignée'}).",
                          Action.MANAGE_PARTNERS)
    else:
        require(principal, Action.MANAGE_PARTNERS)


def due(store: Store, partner_id: int, today: date | None = None, *,
        by: Principal) -> pd.DataFrame:
    """What ``partner_id`` supplied that is still open and due for re-checking, oldest first
    (for whom :func:`may_see_veille` lets see it)."""
    may_see_veille(store, by, partner_id)
    today = today or date.today()
    cutoff = veille_cutoff(today, inventory_store.veille_months(store))
    frame = repo.supplied(store, partner_id)
    open_ = (frame["state"].fillna("disponible") != "plus_disponible") & \
        ~frame["status"].isin([OfferStatus.POURVUE.value, "archive"])
    on = pd.to_datetime(frame["confirmed_on"])
    return frame[open_ & (on.isna() | (on < pd.Timestamp(cutoff)))].reset_index(drop=True)


def due_table(frame: pd.DataFrame) -> pd.DataFrame:
    kinds = {k.value: k.label for k in ReceptivityKind}
    return pd.DataFrame({
        "Référence": [reference(s, k) for s, k in zip(frame["subject"], frame["subject_key"],
                                                      strict=True)],
        "Type": ["Offre" if s == "activite" else kinds.get(str(k), str(k))
                 for s, k in zip(frame["subject"], frame["kind"], strict=True)],
        "Intitulé": frame["label"], "Commune": frame["commune"],
        "Dernière confirmation": [fr.day(pd.Timestamp(v).date()) if pd.notna(v) else "jamais"
                                  for v in frame["confirmed_on"]],
    })


def _holding(store: Store, frame: pd.DataFrame) -> dict[tuple[str, str], str]:
    items = inventory_store.load_items(
        store, [int(k) for s, k in zip(frame["subject"], frame["subject_key"], strict=True)
                if s == "bien"])
    offers = {o.id: o for o in offer_store.load_offers(
        store, [int(k) for s, k in zip(frame["subject"], frame["subject_key"], strict=True)
                if s == "activite"])}
    texts: dict[tuple[str, str], str] = {}
    for item_id, entry in items.items():
        item = entry.item
        parts = [item.kind.label]
        if item.surface_m2:
            parts.append(f"{fr.number(item.surface_m2)} m²")
        if item.rooms:
            parts.append(fr.plural(item.rooms, "pièce"))
        if item.monthly_rent:
            parts.append(f"loyer {fr.euros(item.monthly_rent)}/mois")
        if item.price:
            parts.append(f"prix {fr.euros(item.price)}")
        if item.available_now:
            parts.append("libre dès maintenant")
        elif item.available_from:
            parts.append(f"disponible le {fr.day(item.available_from)}")
        texts[("bien", str(item_id))] = ", ".join(parts)
    for offer_id, offer in offers.items():
        activity = offer.activity
        parts = [activity.kind.label if activity else "Activité"]
        if activity and activity.asking_price:
            parts.append(f"prix de cession {fr.euros(activity.asking_price)}")
        if activity and activity.job_title:
            parts.append(f"poste : {activity.job_title}")
        parts.append(f"étape : {offer.status.label}")
        texts[("activite", str(offer_id))] = ", ".join(parts)
    return texts


def veille_file(store: Store, principal: Principal, partner_id: int,
                today: date | None = None) -> tuple[str, bytes]:
    """The veille spreadsheet of one partner: its file name and bytes."""
    require(principal, Action.EXPORT)
    today = today or date.today()
    partner = repo.get_partner(store, partner_id)
    if partner is None:
        raise KeyError(partner_id)
    frame = due(store, partner_id, today, by=principal)  # not for elected officials
    table = due_table(frame)
    holding = _holding(store, frame)
    lines = [VeilleLine(ref, kind, str(label), str(commune),
                        holding.get((s, k), ""), confirmed)
             for ref, kind, label, commune, confirmed, s, k in zip(
                 table["Référence"], table["Type"], table["Intitulé"], table["Commune"],
                 table["Dernière confirmation"], frame["subject"], frame["subject_key"],
                 strict=True)]
    data = write_veille(partner.name, lines, today=today,
                        months=inventory_store.veille_months(store))
    stem = "-".join(normalise_organisation(partner.name).split()) or "partenaire"
    return f"veille-{stem}-{today:%Y-%m-%d}.xlsx", data


@dataclass(frozen=True, slots=True)
class VeillePreview:
    partner_id: int
    file_name: str
    sha256: str
    read: VeilleFile
    errors: tuple[str, ...]  # the file's and those of lines not supplied by this partner
    table: pd.DataFrame  # one row per answer to apply, in French
    accepted: tuple[int, ...]  # indexes into read.lines that will be applied
    already: str = ""  # when this very file was imported before and not undone, in French

    @property
    def blocked(self) -> bool:
        return not self.accepted


def preview_veille(store: Store, partner_id: int, file_name: str, data: bytes
                   ) -> VeillePreview:
    """Read a filled veille file and say what importing it would change, without writing."""
    read = read_veille(data, file_name)
    frame = repo.supplied(store, partner_id)
    known = {(s, k): (str(label), str(commune)) for s, k, label, commune in zip(
        frame["subject"], frame["subject_key"], frame["label"], frame["commune"], strict=True)}
    errors = list(read.errors)
    accepted, rows = [], []
    labels = {"monthly_rent": "loyer", "price": "prix", "surface_m2": "surface",
              "available_from": "disponible le"}
    for index, line in enumerate(read.lines):
        if (line.subject, line.key) not in known:
            errors.append(f"Ligne {line.row} : « {reference(line.subject, line.key)} » n'est "
                          "pas une offre ou un bien fourni par ce partenaire ; ligne ignorée.")
            continue
        if line.subject == "activite" and set(line.values) - {"price"}:
            errors.append(f"Ligne {line.row} : pour une offre, seule la colonne « Nouveau prix "
                          "(€) » (prix de cession) peut être modifiée ; ligne ignorée.")
            continue
        accepted.append(index)
        label, commune = known[(line.subject, line.key)]
        change = ", ".join(
            f"{labels[k]} : {_shown(k, v)}"
            for k, v in line.values.items())
        rows.append({"Ligne": line.row, "Référence": reference(line.subject, line.key),
                     "Intitulé": label, "Commune": commune, "Réponse": line.answer.value,
                     "Changements": change or "—",
                     "Effet": {Answer.CONFIRME: "confirmé aujourd'hui",
                               Answer.MODIFIE: "modifié et confirmé",
                               Answer.PLUS_DISPONIBLE:
                                   "retiré des offres ouvertes" if line.subject == "bien"
                                   else "offre pourvue"}[line.answer]})
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = [b for b in import_store.batches(store, sha256=sha256) if not b.undone]
    already = (f"Ce fichier a déjà été importé le {fr.day(earlier[0].created_at)} "
               f"(import n° {earlier[0].id}) : l'importer à nouveau confirmerait les mêmes "
               "lignes une seconde fois." if earlier else "")
    return VeillePreview(partner_id, file_name, sha256, read,
                         tuple(errors), pd.DataFrame(rows, columns=[
                             "Ligne", "Référence", "Intitulé", "Commune", "Réponse",
                             "Changements", "Effet"]), tuple(accepted), already)


def commit_veille(store: Store, principal: Principal, preview: VeillePreview,
                  today: date | None = None) -> str:
    """Apply the accepted answers of a previewed file as one import batch (undoable)."""
    require(principal, Action.IMPORT)
    partner = repo.get_partner(store, preview.partner_id)
    if partner is None:
        return "Ce partenaire n'existe plus : rien n'a été importé."
    if not preview.accepted:
        return "Aucune réponse à importer dans ce fichier."
    changes = []
    for index in preview.accepted:
        line = preview.read.lines[index]
        values = dict(line.values)
        if line.subject == "activite" and "price" in values:
            values = {"asking_price": values["price"]}
        changes.append(veille_store.VeilleChange(line.subject, line.key, line.answer, values))
    record = BatchRecord(file_name=preview.file_name, sha256=preview.sha256, target="veille",
                         source=partner.name, sheet="À confirmer",
                         total_rows=len(preview.read.lines) + preview.read.unanswered,
                         invalid_rows=len(preview.errors),
                         skipped_rows=preview.read.unanswered)
    outcome = veille_store.apply_answers(
        store, changes, record, by=f"{partner.name} (veille, importée par {_by(principal)})",
        on=today or date.today(), partner_id=partner.id, author=principal.login)
    return (f"Réponses de « {partner.name} » importées (import n° {outcome.batch_id}) : "
            f"{fr.plural(outcome.confirmed, 'confirmé', 'confirmés')}, "
            f"{fr.plural(outcome.changed, 'modifié', 'modifiés')}, "
            f"{fr.plural(outcome.withdrawn, 'plus disponible', 'plus disponibles')}. "
            "Annulable depuis l'historique des imports.")


def undo_veille(store: Store, principal: Principal, batch_id: int) -> str:
    require(principal, Action.IMPORT)
    undone = veille_store.undo_answers(store, batch_id, author=principal.login)
    if undone is None:
        return f"L'import n° {batch_id} n'est pas un import de veille en place."
    return f"Import n° {batch_id} annulé : {fr.plural(undone, 'réponse')} remise(s) comme avant."


# -- dashboard -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Dashboard:
    partners: pd.DataFrame  # one row per partner, French columns
    coverage: pd.DataFrame  # one row per pillar: partners supplying it in the territory
    uncovered: tuple[Pillar, ...]


def dashboard(store: Store, territory: Territory | None, today: date | None = None, *,
              partner_id: int | None = None) -> Dashboard:
    """The partner dashboard of ``territory`` (every partner, or only ``partner_id``)."""
    today = today or date.today()
    cutoff = pd.Timestamp(veille_cutoff(today, inventory_store.veille_months(store)))
    records = [p for p in repo.list_partners(store)
               if partner_id is None or p.id == partner_id]
    frame = repo.supplied(store, partner_id)
    communes: set[str] | None = None
    if territory is not None and territory.level is not TerritoryLevel.MASSIF:
        communes = set(territory_store.territory_communes(store, territory))
        frame = frame[frame["commune_insee"].isin(communes)]
    on = pd.to_datetime(frame["confirmed_on"])
    frame = frame.assign(fresh=on.notna() & (on >= cutoff),
                         qualified=(frame["subject"] == "activite")
                         & (frame["qualification"] == Qualification.QUALIFIEE.value))
    rows = []
    for partner in records:
        mine = frame[frame["partner_id"] == partner.id]
        rows.append({"Partenaire": partner.name, "Type": partner.kind.label,
                     "Éléments fournis": len(mine), "Confirmés": int(mine["fresh"].sum()),
                     "À revérifier": int((~mine["fresh"]).sum()),
                     "Offres qualifiées": int(mine["qualified"].sum())})
    table = pd.DataFrame(rows, columns=["Partenaire", "Type", "Éléments fournis", "Confirmés",
                                        "À revérifier", "Offres qualifiées"])
    table = table.sort_values(["Éléments fournis", "Partenaire"], ascending=[False, True])
    coverage_rows = []
    uncovered = []
    supplied_by = {p.id: p for p in records}
    for pillar in Pillar:
        names = set()
        if pillar is Pillar.ACTIVITE:
            names |= {supplied_by[int(i)].name for i in
                      frame.loc[frame["subject"] == "activite", "partner_id"].dropna()
                      if int(i) in supplied_by}
        elif pillar is Pillar.RECEPTIVITE:
            names |= {supplied_by[int(i)].name for i in
                      frame.loc[frame["subject"] == "bien", "partner_id"].dropna()
                      if int(i) in supplied_by}
        for partner in records:
            declares = any(s.pillar is pillar for s in partner.supplies)
            covers = bool(partner.communes) and (communes is None
                                                 or bool(partner.communes & communes))
            if declares and covers:
                names.add(partner.name)
        if not names:
            uncovered.append(pillar)
        coverage_rows.append({"Pilier": pillar.label,
                              "Partenaires": ", ".join(sorted(names)) or "aucun partenaire"})
    return Dashboard(table.reset_index(drop=True), pd.DataFrame(coverage_rows),
                     tuple(uncovered))



def _shown(field: str, value: object) -> str:
    if isinstance(value, date):
        return fr.day(value)
    if not isinstance(value, int | float):
        return str(value)
    if field == "surface_m2":
        return f"{fr.number(value, 0 if value == int(value) else 1)} m²"
    return fr.euros(value, 0 if value == int(value) else 2)


# -- aménités of a commune -------------------------------------------------------------------


def amenity_provenance(store: Store, commune: str) -> str:
    """Who supplied a commune's aménités and who confirmed them when, in French."""
    found = repo.provenance_of(store, "amenites", commune)
    if found is None:
        return "Provenance : aucun partenaire indiqué, jamais confirmée."
    who = found.partner or "partenaire non indiqué"
    when = (f"confirmée le {fr.day(found.confirmed_on)}"
            + (f" par {found.confirmed_by}" if found.confirmed_by else "")
            if found.confirmed_on else "jamais confirmée")
    return f"Provenance : {who}, {when}."


def confirm_amenities(store: Store, principal: Principal, commune: str,
                      partner_id: int | None, today: date | None = None) -> str:
    """Record that ``partner_id`` supplied the aménités of ``commune`` and that they were
    confirmed today by ``principal``."""
    require(principal, Action.EDIT_AMENITIES, commune=commune)
    repo.confirm(store, "amenites", [commune], by=_by(principal), on=today or date.today(),
                 partner_id=partner_id, author=principal.login)
    return "Aménités confirmées aujourd'hui" + (
        "." if partner_id is None else
        f", fournies par « {(repo.get_partner(store, partner_id) or Partner('?')).name} ».")
