"""Every service write path checks the principal before writing (issue 13): refused roles get
a French reason and the store does not move; allowed roles write, journaled under their login."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from accueil.domain.access import Principal, Refused, Role
from accueil.domain.offers import OfferStatus
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.services import accounts, amenites, backups, importing, offers, qualify, receptivite
from accueil.services import territories as territory_service
from accueil.services import viability_services as vs
from accueil.store import journal
from accueil.store import offers as repo
from accueil.store.db import Store
from tests.builders import ADMIN, AURILLAC, ELECTED, OFFICER, PARTNER, SAINT_FLOUR, qualified_offer

PRINCIPALS = {"administrateur": ADMIN, "charge_mission": OFFICER, "partenaire": PARTNER,
              "elu": ELECTED}
MINE = Territory(TerritoryLevel.USER, "perso-1", "Mon territoire")


def form(commune: str = SAINT_FLOUR, title: str = "Épicerie du bourg") -> dict[str, Any]:
    from accueil.services.forms import blank_values

    values = blank_values()
    values.update(title=title, commune=commune, turnover="250 000")
    return values


def item_form() -> dict[str, Any]:
    values = receptivite.blank_values()
    values.update(description="Maison", commune=SAINT_FLOUR, monthly_rent="500")
    return values


# Each write path, with what it is called with; None stands for arguments the check must
# refuse before reading (it is the first thing the service does).
ACTIONS: dict[str, tuple[Callable[[Store, Principal, int], Any], set[str]]] = {
    "create_offer": (lambda s, p, o: offers.submit_offer(s, form(), by=p),
                     {"administrateur", "charge_mission", "partenaire"}),
    "edit_offer": (lambda s, p, o: offers.submit_offer(s, form(), o, by=p),
                   {"administrateur", "charge_mission", "partenaire"}),
    "archive_offer": (lambda s, p, o: offers.archive(s, o, by=p),
                      {"administrateur", "charge_mission"}),
    "link_item": (lambda s, p, o: qualify.apply_commune_amenities(s, o, by=p),
                  {"administrateur", "charge_mission", "partenaire"}),
    "save_item": (lambda s, p, o: receptivite.submit_item(s, item_form(), by=p),
                  {"administrateur", "charge_mission", "partenaire"}),
    "amenities": (lambda s, p, o: amenites.submit_profile(
        s, SAINT_FLOUR, pd.DataFrame({"Service": [], "Nombre": []}), "Cadre", by=p),
        {"administrateur", "charge_mission"}),
    "import": (lambda s, p, o: importing.commit(s, None, None, by=p),  # type: ignore[arg-type]
               {"administrateur", "charge_mission"}),
    "undo_import": (lambda s, p, o: importing.undo(s, None, by=p),  # type: ignore[arg-type]
                    {"administrateur", "charge_mission"}),
    "bpe_import": (lambda s, p, o: amenites.import_bpe(s, None, by=p),  # type: ignore[arg-type]
                   {"administrateur", "charge_mission"}),
    "territory": (lambda s, p, o: territory_service.save_territory(s, "Planèze", [SAINT_FLOUR],
                                                                    by=p),
                  {"administrateur", "charge_mission"}),
    "remove_territory": (lambda s, p, o: territory_service.remove_territory(s, MINE, by=p),
                         {"administrateur", "charge_mission"}),
    "veille": (lambda s, p, o: qualify.set_veille(s, "12", by=p), {"administrateur"}),
    "viability": (lambda s, p, o: vs.save(s, None, None, "", by=p),  # type: ignore[arg-type]
                  {"administrateur", "charge_mission"}),
    "remove_demo": (lambda s, p, o: backups.remove_demo(s, by=p), {"administrateur"}),
    "reinstall_demo": (lambda s, p, o: backups.reinstall_demo(s, by=p), {"administrateur"}),
    "backup": (lambda s, p, o: backups.take_backup(s, by=p), {"administrateur"}),
    "restore": (lambda s, p, o: backups.restore(s, Path("nowhere"), by=p), {"administrateur"}),
    "export_all": (lambda s, p, o: backups.export_zip(s, by=p), {"administrateur"}),
    "keep_days": (lambda s, p, o: backups.set_keep_days(s, 9, by=p), {"administrateur"}),
    "create_account": (lambda s, p, o: accounts.create_account(
        s, p, login="nouveau", display_name="", role="elu"), {"administrateur"}),
    "reset_password": (lambda s, p, o: accounts.reset_password(s, p, 1), {"administrateur"}),
}
REFUSALS = [(name, role) for name, (_, allowed) in ACTIONS.items()
            for role in PRINCIPALS if role not in allowed]


@pytest.mark.parametrize(("action", "role"), REFUSALS)
def test_a_role_that_may_not_write_is_refused_and_nothing_moves(store: Store, action: str,
                                                                role: str) -> None:
    offer_id = repo.save_offer(store, qualified_offer(source_partner="CCI du Cantal"))
    before = store.revision()
    call, _ = ACTIONS[action]
    with pytest.raises(Refused) as refused:
        call(store, PRINCIPALS[role], offer_id)
    assert refused.value.reason  # French, for st.error
    assert store.revision() == before


def test_an_officer_writes_only_in_their_territory(store: Store) -> None:
    elsewhere = repo.save_offer(store, qualified_offer(commune_insee=AURILLAC))
    with pytest.raises(Refused, match="pas dans les territoires"):
        offers.submit_offer(store, form(AURILLAC), by=OFFICER)
    with pytest.raises(Refused, match="pas dans les territoires"):
        offers.submit_offer(store, form(SAINT_FLOUR), elsewhere, by=OFFICER)
    saved = offers.submit_offer(store, form(SAINT_FLOUR), by=OFFICER)
    assert saved.offer_id is not None
    rows = journal.offer_history(store, saved.offer_id)
    assert set(rows["author"]) == {OFFICER.login}


def test_a_partner_proposes_and_an_officer_validates(store: Store) -> None:
    proposed = offers.submit_offer(store, form(title="Reprise du garage"), by=PARTNER)
    assert proposed.offer_id is not None
    offer = repo.get_offer(store, proposed.offer_id)
    assert offer is not None
    assert (offer.status, offer.source_partner) == (OfferStatus.PROPOSEE, "CMA du Cantal")
    queue = offers.proposals(store, OFFICER)
    assert list(queue["id"]) == [proposed.offer_id]
    assert offers.proposals(store, replace(OFFICER, communes=frozenset({AURILLAC}))).empty
    with pytest.raises(Refused):
        offers.validate_proposal(store, proposed.offer_id, by=ELECTED)
    message = offers.validate_proposal(store, proposed.offer_id, by=OFFICER)
    assert "validée" in message
    validated = repo.get_offer(store, proposed.offer_id)
    assert validated is not None
    assert validated.status is OfferStatus.VEILLE
    changes = journal.offer_history(store, proposed.offer_id)
    assert ("status", "proposee", "veille") in list(zip(
        changes["field"], changes["old_value"], changes["new_value"], strict=True))


def test_a_partner_edits_only_what_their_organisation_supplied(store: Store) -> None:
    theirs = repo.save_offer(store, qualified_offer(source_partner="cma du Cantal"))
    other = repo.save_offer(store, qualified_offer(source_partner="CCI du Cantal"))
    assert offers.submit_offer(store, form(), theirs, by=PARTNER).offer_id == theirs
    with pytest.raises(Refused, match="fournies par votre organisation"):
        offers.submit_offer(store, form(), other, by=PARTNER)


def test_the_demo_cannot_be_removed_while_its_account_is_the_only_administrator(
        store: Store) -> None:
    repo.seed_demo(store, [qualified_offer(is_demo=True)])
    accounts.seed_demo_account(store)
    with pytest.raises(backups.DemoAccountLeft):
        backups.remove_demo(store, by=ADMIN)
    accounts.create_account(store, ADMIN, login="vraie.admin", display_name="",
                            role=Role.ADMINISTRATEUR.value)
    assert backups.remove_demo(store, by=ADMIN) == (1, 1)
    assert [a.login for a in accounts.accounts(store, ADMIN)] == ["vraie.admin"]


def test_the_full_export_holds_no_password_hash(store: Store) -> None:
    import io
    import zipfile

    accounts.seed_demo_account(store)
    data = backups.export_zip(store, by=ADMIN)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        text = archive.read("csv/accounts.csv").decode("utf-8-sig")
    assert "argon2" not in text
    assert "demo" in text
