"""Accounts in the store, sign-in and its throttling, on both engines."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from accueil.domain.access import Refused, Role
from accueil.domain.accounts import FREE_ATTEMPTS
from accueil.services import accounts as service
from accueil.store import accounts as repo
from accueil.store import journal
from accueil.store.db import Store
from tests.builders import ADMIN, OFFICER, SAINT_FLOUR

PASSWORD = "Bon-Mot-de-passe-9"
T0 = datetime(2026, 12, 6, 9, 0)


def first_admin(store: Store) -> int:
    result = service.create_first_administrator(store, "Marie.Admin", "Marie", PASSWORD, PASSWORD)
    assert result.account_id is not None, result.errors
    return result.account_id


def test_the_first_administrator_is_created_once_and_signs_in_without_case(store: Store) -> None:
    assert not service.has_accounts(store)
    first_admin(store)
    again = service.create_first_administrator(store, "autre", "", PASSWORD, PASSWORD)
    assert not again.ok
    assert "existe déjà" in again.errors[0]
    signed = service.sign_in(store, "MARIE.ADMIN", PASSWORD)
    assert signed.principal is not None
    assert signed.principal.role is Role.ADMINISTRATEUR
    assert signed.principal.communes is None
    stored = repo.credentials(store, "marie.admin")
    assert stored is not None
    assert PASSWORD not in stored.password_hash
    assert stored.password_hash.startswith("$argon2id$")


def test_a_wrong_password_and_an_unknown_login_get_the_same_message(store: Store) -> None:
    first_admin(store)
    assert service.sign_in(store, "marie.admin", "Mauvais-Passe-1").message == service.WRONG
    assert service.sign_in(store, "personne", PASSWORD).message == service.WRONG


def test_repeated_failures_lock_the_login_then_time_frees_it(store: Store) -> None:
    first_admin(store)
    for i in range(FREE_ATTEMPTS):
        service.sign_in(store, "marie.admin", "Mauvais-Passe-1", now=T0 + timedelta(seconds=i))
    last = T0 + timedelta(seconds=FREE_ATTEMPTS - 1)
    locked = service.sign_in(store, "marie.admin", PASSWORD, now=last + timedelta(seconds=30))
    assert not locked.ok
    assert "Trop d'essais" in locked.message
    later = service.sign_in(store, "marie.admin", PASSWORD, now=last + timedelta(minutes=2))
    assert later.ok
    account = repo.credentials(store, "marie.admin")
    assert account is not None
    assert account.account.failed_attempts == 0


def test_an_officer_account_covers_the_communes_of_its_epci(store: Store) -> None:
    first_admin(store)
    admin = service.sign_in(store, "marie.admin", PASSWORD).principal
    assert admin is not None
    epci = "200066660"  # CC Saint-Flour Communauté
    created = service.create_account(store, admin, login="cm.stflour", display_name="CM",
                                     role="charge_mission", scope_text=epci)
    assert created.ok, created.errors
    password = created.message.split(" : ")[1].split(" — ")[0]
    signed = service.sign_in(store, "cm.stflour", password)
    assert signed.ok
    assert signed.must_change_password
    principal = signed.principal
    assert principal is not None
    assert principal.communes is not None
    assert SAINT_FLOUR in principal.communes
    assert len(principal.communes) > 20
    assert "15014" not in principal.communes  # Aurillac is in another EPCI


def test_unknown_territory_codes_are_refused(store: Store) -> None:
    result = service.create_account(store, ADMIN, login="x.y", display_name="", role="elu",
                                    scope_text="99999")
    assert not result.ok
    assert "99999" in result.errors[0]


def test_only_an_administrator_manages_accounts(store: Store) -> None:
    with pytest.raises(Refused):
        service.create_account(store, OFFICER, login="x.y", display_name="", role="elu")
    with pytest.raises(Refused):
        service.reset_password(store, OFFICER, 1)


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(store: Store) -> None:
    first_admin(store)
    admin = service.sign_in(store, "marie.admin", PASSWORD).principal
    assert admin is not None
    created = service.create_account(store, admin, login="elu.x", display_name="Élu",
                                     role="elu", scope_text=SAINT_FLOUR)
    assert created.account_id is not None
    password = created.message.split(" : ")[1].split(" — ")[0]
    elected = service.sign_in(store, "elu.x", password).principal
    assert elected is not None
    assert service.current(store, elected) == elected
    result = service.update_account(store, admin, created.account_id, display_name="Élu",
                                    role="elu", organisation="", scope_text=SAINT_FLOUR,
                                    oidc_subject="", disabled=True)
    assert result.ok
    assert service.current(store, elected) is None
    assert "désactivé" in service.sign_in(store, "elu.x", password).message


def test_an_administrator_cannot_remove_their_own_rights(store: Store) -> None:
    account_id = first_admin(store)
    admin = service.sign_in(store, "marie.admin", PASSWORD).principal
    assert admin is not None
    result = service.update_account(store, admin, account_id, display_name="", role="elu",
                                    organisation="", scope_text="", oidc_subject="",
                                    disabled=False)
    assert not result.ok
    assert "propres droits" in result.errors[0]


def test_a_password_change_needs_the_current_one_and_is_journaled_without_it(
        store: Store) -> None:
    account_id = first_admin(store)
    me = service.sign_in(store, "marie.admin", PASSWORD).principal
    assert me is not None
    wrong = service.change_own_password(store, me, "Pas-le-bon-1", "Nouveau-Passe-42",
                                        "Nouveau-Passe-42")
    assert not wrong.ok
    assert "actuel" in wrong.errors[0]
    done = service.change_own_password(store, me, PASSWORD, "Nouveau-Passe-42",
                                       "Nouveau-Passe-42")
    assert done.ok
    assert service.sign_in(store, "marie.admin", "Nouveau-Passe-42").ok
    rows = journal.history(store, "account", account_id)
    assert "password_changed" in set(rows["action"])
    texts = " ".join(str(v) for v in rows[["old_value", "new_value"]].to_numpy().ravel())
    assert "Nouveau-Passe-42" not in texts
    assert PASSWORD not in texts


def test_an_oidc_identity_maps_to_the_account_with_that_address(store: Store) -> None:
    created = service.create_account(store, ADMIN, login="jean", display_name="Jean",
                                     role="charge_mission", scope_text="15",
                                     oidc_subject="Jean.Dupont@Cantal.fr")
    assert created.ok, created.errors
    found = service.sign_in_oidc(store, "jean.dupont@cantal.fr")
    assert found.principal is not None
    assert found.principal.login == "jean"
    assert not service.sign_in_oidc(store, "inconnu@cantal.fr").ok


def test_the_demo_account_is_removed_with_the_demo(store: Store) -> None:
    from accueil.store.offers import delete_demo

    assert service.seed_demo_account(store) is not None
    assert service.sign_in(store, service.DEMO_LOGIN, service.DEMO_PASSWORD).ok
    assert service.seed_demo_account(store) is None  # never a second time
    delete_demo(store, author="marie.admin")
    assert repo.count_accounts(store) == 0
