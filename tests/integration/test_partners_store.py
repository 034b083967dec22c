"""Partners in the store, on both engines: records from typed names, merges, provenance, and
the veille loop (file out, filled file in, preview, commit as an import batch, undo)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from accueil.domain.access import Principal, Refused, Role
from accueil.domain.offers import OfferStatus
from accueil.domain.partners import Partner, PartnerKind
from accueil.domain.pillars import UNCONFIRMED, Pillar
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.io.demo import load_demo_offers
from accueil.io.demo_inventory import load_demo_inventory
from accueil.services import importing
from accueil.services import partners as service
from accueil.store import inventory as inventory_store
from accueil.store import journal
from accueil.store import offers as offer_store
from accueil.store import partners as repo
from accueil.store.db import Store
from accueil.ui.session import LOCAL_ADMIN

TODAY = date(2026, 12, 6)
ELU = Principal(login="elu", role=Role.ELU)


@pytest.fixture
def demo(store: Store) -> Store:
    offer_store.seed_demo(store, load_demo_offers())
    inventory_store.seed_demo_inventory(store, *load_demo_inventory())
    return store


def test_typed_names_become_one_record_per_organisation_and_link_offers_and_items(
        demo: Store) -> None:
    assert service.unlinked_names(demo)["Nom saisi"].tolist()[:3] == [
        "Agence immobilière du Haut-Cantal", "BGE Auvergne", "CCI du Cantal"]
    assert service.adopt_names(demo, LOCAL_ADMIN).startswith("14 fiches partenaires créées")
    assert service.unlinked_names(demo).empty
    records = {p.name: p for p in repo.list_partners(demo)}
    assert records["CCI du Cantal"].kind is PartnerKind.CCI
    supplied = repo.supplied(demo, records["Mairie"].id)
    assert (supplied["subject"] == "activite").sum() == 7
    assert (supplied["subject"] == "bien").sum() == 14
    # a name typed later in another spelling links to the same record
    offer = offer_store.load_offers(demo)[0]
    offer_store.save_offer(demo, replace(offer, source_partner="cci cantal"))
    repo.link_sources(demo)
    assert offer.id is not None
    assert repo.offer_evidence(demo, offer.id)[0].partner == "CCI du Cantal"


def test_an_elected_official_may_not_make_records(demo: Store) -> None:
    with pytest.raises(Refused):
        service.adopt_names(demo, ELU)
    assert not service.save(demo, ELU, {"name": "CCI"}).ok
    assert repo.list_partners(demo) == []


def test_two_spellings_merge_into_one_record_with_contacts_and_supplied_things(
        demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    records = {p.name: p for p in repo.list_partners(demo)}
    agri = records["Chambre d'agriculture du Cantal"]
    typo = service.save(demo, LOCAL_ADMIN, {"name": "Chambre d'agricuture Cantal",
                                            "kind": "chambre_agriculture"},
                        [{"name": "Jean Martin", "email": "jean@agri.fr"}])
    assert typo.ok, typo.message
    pairs = service.merge_candidates(demo)
    assert [(p.keep.name, p.other.name) for p in pairs] == [
        ("Chambre d'agriculture du Cantal", "Chambre d'agricuture Cantal")]
    assert agri.id is not None
    assert typo.partner_id is not None
    message = service.merge(demo, LOCAL_ADMIN, agri.id, typo.partner_id)
    assert "fusionné dans « Chambre d'agriculture du Cantal »" in message
    merged = repo.get_partner(demo, agri.id)
    assert merged is not None
    assert [c.name for c in merged.contacts] == ["Jean Martin"]
    assert repo.get_partner(demo, typo.partner_id) is None
    # the merged name is now an alias: the record cannot be created again under it
    assert repo.aliases(demo)["chambre agricuture cantal"] == agri.id
    assert service.merge_candidates(demo) == []


def test_a_duplicate_name_and_a_wrong_siren_are_refused_in_french(demo: Store) -> None:
    assert service.save(demo, LOCAL_ADMIN, {"name": "CCI du Cantal"}).ok
    again = service.save(demo, LOCAL_ADMIN, {"name": "CCI Cantal"})
    assert not again.ok
    assert "existe déjà" in again.message
    wrong = service.save(demo, LOCAL_ADMIN, {"name": "CMA", "siren": "732829321"})
    assert "clé de contrôle" in wrong.message


def fill(data: bytes, answers: dict[str, tuple[str, dict[str, object]]]) -> bytes:
    """The partner's side: open the file, answer some lines by reference, save."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["À confirmer"]
    headers = [c.value for c in sheet[1]]
    present = {row[0].value for row in sheet.iter_rows(min_row=2)}
    for ref in set(answers) - present:  # a line the partner added by hand
        sheet.append([ref])
    for row in sheet.iter_rows(min_row=2):
        ref = row[0].value
        if ref in answers:
            answer, values = answers[ref]
            row[headers.index("Réponse")].value = answer
            for header, value in values.items():
                row[headers.index(header)].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_veille_loop_confirms_changes_withdraws_and_undoes(demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    mairie = next(p for p in repo.list_partners(demo) if p.name == "Mairie")
    assert mairie.id is not None
    due = service.due(demo, mairie.id, TODAY, by=LOCAL_ADMIN)
    refs = service.due_table(due)["Référence"].tolist()
    items = [r for r in refs if r.startswith("bien-")]
    offers = [r for r in refs if r.startswith("offre-")]
    assert len(items) >= 3
    assert offers
    name, data = service.veille_file(demo, LOCAL_ADMIN, mairie.id, TODAY)
    assert name == "veille-mairie-2026-12-06.xlsx"
    confirmed, changed, gone = items[:3]
    gone_id = int(gone.split("-")[1])
    serving = [o.id for o in offer_store.load_offers(demo)
               if any(i.id == gone_id for i in o.receptivity)
               and o.status not in (OfferStatus.POURVUE, OfferStatus.ARCHIVEE)]
    filled = fill(data, {confirmed: ("Confirmé", {}),
                         changed: ("Modifié", {"Nouveau loyer (€/mois)": "455,50"}),
                         gone: ("plus dispo", {}),
                         offers[0]: ("Plus disponible", {}),
                         "bien-999999": ("Confirmé", {})})
    before = inventory_store.get_item(demo, gone_id)
    assert before is not None
    preview = service.preview_veille(demo, mairie.id, "retour.xlsx", filled)
    assert len(preview.accepted) == 4
    assert len(preview.errors) == 1
    assert ("« bien-999999 » n'est pas une offre ou un bien fourni par ce partenaire ; ligne "
            "ignorée.") in preview.errors[0]
    assert "loyer : 455,50\u00a0€" in preview.table["Changements"].tolist()
    message = service.commit_veille(demo, LOCAL_ADMIN, preview, TODAY)
    assert "1 confirmé, 1 modifié, 2 plus disponibles" in message

    changed_item = inventory_store.get_item(demo, int(changed.split("-")[1]))
    assert changed_item is not None
    assert changed_item.item.monthly_rent == pytest.approx(455.5)
    assert changed_item.verified_on == TODAY
    gone_item = inventory_store.get_item(demo, gone_id)
    assert gone_item is not None
    assert gone_item.archived
    for offer_id in serving:
        offer = offer_store.get_offer(demo, offer_id)
        assert offer is not None
        assert all(i.id != gone_id for i in offer.receptivity)  # left the open offers
    taken = offer_store.get_offer(demo, int(offers[0].split("-")[1]))
    assert taken is not None
    assert taken.status is OfferStatus.POURVUE
    left = service.due_table(service.due(demo, mairie.id, TODAY, by=LOCAL_ADMIN))["Référence"].tolist()
    assert not {confirmed, changed, gone, offers[0]} & set(left)
    evidence = service.evidence(demo, taken.id or 0, TODAY)
    assert "par Mairie (veille, importée par Utilisateur local)" in evidence[0].confirmed

    again = service.preview_veille(demo, mairie.id, "retour.xlsx", filled)
    assert again.already.startswith("Ce fichier a déjà été importé le ")
    assert not preview.already
    batch = importing.history(demo)[0]
    assert batch.target == "veille"
    assert importing.history_table([batch])["Contenu"].tolist() == ["Veille partenaire"]
    assert importing.batch_state(batch) == "En place"
    assert importing.undo(demo, batch, by=LOCAL_ADMIN).done
    back = inventory_store.get_item(demo, gone_id)
    assert back is not None
    assert not back.archived
    assert back.verified_on == before.verified_on != TODAY
    rent = inventory_store.get_item(demo, int(changed.split("-")[1]))
    assert rent is not None
    assert rent.item.monthly_rent != pytest.approx(455.5)
    restored = offer_store.get_offer(demo, taken.id or 0)
    assert restored is not None
    assert restored.status is not OfferStatus.POURVUE
    for offer_id in serving:
        offer = offer_store.get_offer(demo, offer_id)
        assert offer is not None
        assert any(i.id == gone_id for i in offer.receptivity)
    assert sorted(service.due_table(service.due(demo, mairie.id, TODAY, by=LOCAL_ADMIN))["Référence"]) == \
        sorted(refs)
    assert not importing.undo(demo, importing.history(demo)[0], by=LOCAL_ADMIN).done


def test_a_veille_file_that_is_not_one_is_refused_with_the_reason(demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    partner = repo.list_partners(demo)[0]
    assert partner.id is not None
    preview = service.preview_veille(demo, partner.id, "notes.xlsx", b"not a workbook")
    assert preview.blocked
    assert "ne s'ouvre pas comme un classeur" in preview.errors[0]


def test_qualification_may_require_a_recent_partner_confirmation(demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    stale = [o for o in offer_store.load_offers(demo)
             if o.verified_on is not None and (TODAY - o.verified_on).days > 200]
    assert stale
    offer_id = stale[0].id or 0
    assert service.confirmation_gap(demo, offer_id, TODAY) is None  # not required yet
    service.set_requires_confirmation(demo, LOCAL_ADMIN, True)
    gap = service.confirmation_gap(demo, offer_id, TODAY)
    assert gap is not None
    assert "Activité" in gap
    repo.confirm(demo, "activite", [str(offer_id)], by="CCI", on=TODAY)
    gap = service.confirmation_gap(demo, offer_id, TODAY)
    assert gap is None or "Activité" not in gap


def stored_verdicts(store: Store) -> dict[int, tuple[str, list[str]]]:
    with store.reading() as tx:
        return {int(i): (q, list(m or ())) for i, q, m in tx.all(
            "SELECT id, qualification, missing FROM offers")}


def qualified_records(store: Store) -> set[int]:
    with store.reading() as tx:
        return {int(r[0]) for r in tx.all("SELECT offer_id FROM offer_qualifications")}


def test_the_rule_holds_back_qualified_offers_until_the_partner_confirms_them(
        demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    before = stored_verdicts(demo)
    qualified = {i for i, (q, _) in before.items() if q == "qualifiee"}
    assert len(qualified) >= 3
    message = service.set_requires_confirmation(demo, LOCAL_ADMIN, True, TODAY)
    after = stored_verdicts(demo)
    held = {i for i in qualified if after[i][0] != "qualifiee"}
    assert held, "the demo's offers were confirmed long ago: some must be held back"
    assert f"{len(held)} offre" in message
    assert "« à compléter »" in message
    for offer_id in held:
        verdict, missing = after[offer_id]
        assert verdict == "a_completer"
        assert set(missing) & set(UNCONFIRMED.values())
        assert service.confirmation_gap(demo, offer_id, TODAY) is not None
    assert not held & qualified_records(demo)  # nor counted as qualified anywhere
    journaled = journal.history(demo, "offer", min(held))
    assert ["qualification", "qualifiee", "a_completer", ""] in journaled[
        ["field", "old_value", "new_value", "author"]].values.tolist()
    # an edit does not free it: the rule is applied by every write
    offer = offer_store.get_offer(demo, min(held))
    assert offer is not None
    offer_store.save_offer(demo, replace(offer, description=offer.description + " (vu)"))
    assert stored_verdicts(demo)[min(held)][0] == "a_completer"
    # the partner confirms everything through the veille: freed
    for partner in repo.list_partners(demo):
        assert partner.id is not None
        due = service.due(demo, partner.id, TODAY, by=LOCAL_ADMIN)
        if due.empty:
            continue
        _, data = service.veille_file(demo, LOCAL_ADMIN, partner.id, TODAY)
        answers = {ref: ("Confirmé", {}) for ref in service.due_table(due)["Référence"]}
        preview = service.preview_veille(demo, partner.id, "retour.xlsx", fill(data, answers))
        service.commit_veille(demo, LOCAL_ADMIN, preview, TODAY)
    confirmed = stored_verdicts(demo)
    freed = {i for i in held if confirmed[i][0] == "qualifiee"}
    assert freed, "confirmed offers count as qualified again"
    # seven months on, the daily check holds them back again
    later = date(2027, 7, 6)
    service.daily_confirmation_check(demo, later)
    assert all(stored_verdicts(demo)[i][0] == "a_completer" for i in freed)
    service.daily_confirmation_check(demo, later)  # once a day: nothing more
    assert offer_store.rule_checked_on(demo) == "2027-07-06"
    # the rule switched off: every offer has its pillar verdict back
    message = service.set_requires_confirmation(demo, LOCAL_ADMIN, False, later)
    assert "redevien" in message
    final = stored_verdicts(demo)
    assert {i for i, (q, _) in final.items() if q == "qualifiee"} == qualified
    assert qualified_records(demo) >= qualified
    assert not any(set(m) & set(UNCONFIRMED.values()) for _, m in final.values())


def test_the_dashboard_counts_each_partner_and_names_pillars_without_one(demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    board = service.dashboard(demo, None, TODAY)
    row = board.partners.set_index("Partenaire").loc["Mairie"]
    assert row["Éléments fournis"] == 21
    assert row["Confirmés"] + row["À revérifier"] == 21
    assert board.partners["Offres qualifiées"].sum() > 0
    assert board.uncovered == (Pillar.AMENITES,)
    mairie = next(p for p in repo.list_partners(demo) if p.name == "Mairie")
    cantal = Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal")
    saved = service.save(demo, LOCAL_ADMIN, {"name": "Mairie", "kind": "commune",
                                             "supplies": ["services"], "covers": cantal},
                         partner_id=mairie.id)
    assert saved.ok, saved.message
    assert service.dashboard(demo, cantal, TODAY).uncovered == ()


def test_a_partner_account_finds_its_record_by_its_organisation(demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    account = Principal(login="cci", role=Role.PARTENAIRE, organisation="CCI Cantal")
    found = service.partner_for(demo, account)
    assert found is not None
    assert found.name == "CCI du Cantal"
    assert service.partner_for(demo, Principal(login="x", role=Role.PARTENAIRE,
                                               organisation="Inconnue")) is None
    assert found.id is not None
    assert service.veille_file(demo, account, found.id, TODAY)[0].startswith("veille-cci-cantal")
    other = next(p for p in repo.list_partners(demo) if p.name == "Mairie")
    assert other.id is not None
    with pytest.raises(Refused, match="que la veille de votre organisation"):
        service.veille_file(demo, account, other.id, TODAY)
    board = service.dashboard(demo, None, TODAY, partner_id=found.id)
    assert board.partners["Partenaire"].tolist() == ["CCI du Cantal"]


def test_records_round_trip_with_contacts(store: Store) -> None:
    partner_id = repo.save_partner(store, Partner(
        "Cantal Habitat", kind=PartnerKind.BAILLEUR, siren="130005481",
        communes=frozenset({"15014"}), templates=("Cantal Habitat – logements",)))
    got = repo.get_partner(store, partner_id)
    assert got is not None
    assert got.communes == frozenset({"15014"})
    assert got.templates == ("Cantal Habitat – logements",)


def test_a_communes_amenities_record_their_partner_and_confirmation(demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    mairie = next(p for p in repo.list_partners(demo) if p.name == "Mairie")
    offer = offer_store.load_offers(demo)[0]
    assert offer.id is not None
    commune = offer.commune_insee
    assert service.amenity_provenance(demo, commune) == (
        "Provenance : aucun partenaire indiqué, jamais confirmée.")
    with pytest.raises(Refused):
        service.confirm_amenities(demo, ELU, commune, mairie.id, TODAY)
    message = service.confirm_amenities(demo, LOCAL_ADMIN, commune, mairie.id, TODAY)
    assert message == "Aménités confirmées aujourd'hui, fournies par « Mairie »."
    assert service.amenity_provenance(demo, commune) == (
        "Provenance : Mairie, confirmée le 06/12/2026 par Utilisateur local.")
    line = service.evidence(demo, offer.id, TODAY)[-1]
    assert (line.what, line.partner) == ("Aménités", "Mairie")
    assert line.confirmed == "confirmé le 06/12/2026 par Utilisateur local"


def test_every_partner_write_is_journaled_without_the_contacts_personal_data(
        demo: Store) -> None:
    since = datetime(2000, 1, 1)
    service.adopt_names(demo, LOCAL_ADMIN)
    created = journal.changes_since(demo, since)
    assert (created.query("entity == 'partner' and action == 'created'")["entity_id"]
            .nunique()) == 14
    saved = service.save(demo, LOCAL_ADMIN, {"name": "Chambre d'agricuture Cantal",
                                             "kind": "chambre_agriculture"},
                         [{"name": "Jean Martin", "email": "jean@agri.fr", "phone": "0471"}])
    assert saved.partner_id is not None
    edited = service.save(demo, LOCAL_ADMIN, {"name": "Chambre d'agricuture Cantal",
                                              "kind": "chambre_agriculture",
                                              "territory": "Cantal"}, [],
                          partner_id=saved.partner_id)
    assert edited.ok, edited.message
    rows = journal.history(demo, "partner", saved.partner_id)
    rows = rows.astype(object).where(rows.notna(), None)
    fields = {(a, f): (o, n) for a, f, o, n in
              rows[["action", "field", "old_value", "new_value"]].itertuples(index=False)}
    assert fields[("created", "contacts")] == (None, "1")
    assert fields[("updated", "territory")] == (None, "Cantal")
    assert fields[("updated", "contacts")] == ("1", "0")
    assert set(rows["author"]) == {"local"}
    agri = next(p for p in repo.list_partners(demo) if p.name == "Chambre d'agriculture du Cantal")
    assert agri.id is not None
    service.merge(demo, LOCAL_ADMIN, agri.id, saved.partner_id)
    merged = journal.history(demo, "partner", agri.id)
    assert merged.iloc[0]["action"] == "merged"
    assert "Chambre d'agricuture Cantal" in merged.iloc[0]["new_value"]
    assert journal.history(demo, "partner", saved.partner_id).iloc[0]["action"] == "deleted"
    service.set_requires_confirmation(demo, LOCAL_ADMIN, True)
    assert journal.history(demo, "setting", repo.REQUIRE_CONFIRMATION_KEY).iloc[0][
        ["old_value", "new_value"]].tolist() == ["non", "oui"]
    commune = offer_store.load_offers(demo)[0].commune_insee
    service.confirm_amenities(demo, LOCAL_ADMIN, commune, agri.id, TODAY)
    confirmed = journal.history(demo, "amenities", commune).iloc[0]
    assert (confirmed["action"], confirmed["field"], confirmed["author"]) == (
        "confirmed", "confirmed_on", "local")
    assert confirmed["new_value"] == f"2026-12-06 (partenaire n° {agri.id})"
    everything = journal.changes_since(demo, since, limit=10_000)
    text = " ".join(everything[["old_value", "new_value"]].fillna("").to_numpy().ravel())
    assert "jean@agri.fr" not in text
    assert "Jean Martin" not in text
    assert "0471" not in text


def test_a_veille_import_and_its_undo_are_in_the_journal_of_the_offers_they_touch(
        demo: Store) -> None:
    service.adopt_names(demo, LOCAL_ADMIN)
    mairie = next(p for p in repo.list_partners(demo) if p.name == "Mairie")
    assert mairie.id is not None
    offer_ref = next(r for r in service.due_table(service.due(demo, mairie.id, TODAY, by=LOCAL_ADMIN))[
        "Référence"] if r.startswith("offre-"))
    offer_id = int(offer_ref.split("-")[1])
    _, data = service.veille_file(demo, LOCAL_ADMIN, mairie.id, TODAY)
    preview = service.preview_veille(demo, mairie.id, "retour.xlsx",
                                     fill(data, {offer_ref: ("Plus disponible", {})}))
    service.commit_veille(demo, LOCAL_ADMIN, preview, TODAY)
    history = journal.offer_history(demo, offer_id)
    actions = set(zip(history["action"], history["field"], strict=True))
    assert ("confirmed", "confirmed_on") in actions
    assert ("updated", "status") in actions  # taken: it left the open offers
    assert set(history["author"]) == {"local"}
    batch = importing.history(demo)[0]
    imported = journal.history(demo, "import", batch.id)
    assert imported[["action", "field", "new_value"]].values.tolist() == [
        ["imported", "lines", "1"], ["imported", "file", "retour.xlsx"]]
    assert importing.undo(demo, batch, by=LOCAL_ADMIN).done
    assert journal.history(demo, "import", batch.id).iloc[0][["action", "author"]].tolist() == [
        "undone", "local"]
    taken = history[history["field"] == "status"].iloc[0]
    back = journal.offer_history(demo, offer_id)
    status_rows = back[back["field"] == "status"]
    assert len(status_rows) == 2  # taken by the veille, then put back by its undo
    assert status_rows.iloc[0][["old_value", "new_value"]].tolist() == [
        taken["new_value"], taken["old_value"]]
