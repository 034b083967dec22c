"""Accounts as pages and the command line use them: sign-in, first administrator, password
change and reset, the administrators' account management, OpenID Connect mapping.

Passwords are hashed here with argon2id (argon2-cffi's :class:`PasswordHasher`, its
RFC 9106 low-memory defaults); only the hash reaches the store. Every change of an account
checks :func:`accueil.domain.access.require` with ``MANAGE_ACCOUNTS`` first, except a
person's own password change. Messages are French; a wrong login and a wrong password get the
same one, so the screen never tells which logins exist.

Command line (the first administrator of a server, before opening it to anyone)::

    python -m accueil.services.accounts creer-admin --login prenom.nom --nom "Prénom Nom"

asks the password twice with :func:`getpass.getpass`, never on the command line.
"""

from __future__ import annotations

import argparse
import getpass
import os
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from accueil.domain.access import ACCOUNT_ROLES, Action, Principal, Refused, Role, require
from accueil.domain.accounts import (
    Account,
    SessionPolicy,
    locked_until,
    login_problems,
    parse_scope,
    password_problems,
    role_problems,
    scope_problems,
    wait_message,
)
from accueil.store import accounts as repo
from accueil.store.db import Store, UnitOfWork

_HASHER = PasswordHasher()
# Verified against when the login is unknown, so that an unknown login takes as long to
# refuse as a wrong password (no timing oracle on which logins exist).
_DUMMY_HASH = _HASHER.hash("accueil: no such account")

WRONG = "Identifiant ou mot de passe incorrect."
DEMO_LOGIN = "demo"
DEMO_PASSWORD = "Saint-Flour-15100"  # public: given in the README, removed with the demo

IDLE_VAR = "ACCUEIL_SESSION_IDLE_MINUTES"
LIFETIME_VAR = "ACCUEIL_SESSION_MAX_HOURS"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def session_policy(environ: dict[str, str] | None = None) -> SessionPolicy:
    """The session limits, from ``ACCUEIL_SESSION_IDLE_MINUTES`` and
    ``ACCUEIL_SESSION_MAX_HOURS`` when set to a positive number, else the defaults."""
    env = os.environ if environ is None else environ
    policy = SessionPolicy()

    def number(name: str) -> float | None:
        try:
            value = float(env.get(name, "").replace(",", "."))
        except ValueError:
            return None
        return value if value > 0 else None

    idle = number(IDLE_VAR)
    lifetime = number(LIFETIME_VAR)
    return SessionPolicy(idle=timedelta(minutes=idle) if idle else policy.idle,
                         lifetime=timedelta(hours=lifetime) if lifetime else policy.lifetime)


def principal_of(store: Store, account: Account) -> Principal:
    """The principal of ``account``, its scope resolved to communes (administrators: all)."""
    if account.role is Role.ADMINISTRATEUR:
        return account.principal(None)
    return account.principal(repo.scope_communes(store, account.scope))


@dataclass(frozen=True, slots=True)
class SignIn:
    principal: Principal | None
    message: str = ""  # French, when refused
    must_change_password: bool = False

    @property
    def ok(self) -> bool:
        return self.principal is not None


def sign_in(store: Store, login: str, password: str, now: datetime | None = None) -> SignIn:
    """Check a login and password; throttled per login after repeated failures."""
    now = now or _now()
    found = repo.credentials(store, login) if login.strip() else None
    if found is None or not found.password_hash:
        _verify(_DUMMY_HASH, password)
        return SignIn(None, WRONG)
    account = found.account
    until = locked_until(account.failed_attempts, account.last_failed_at)
    if until is not None and now < until:
        return SignIn(None, wait_message(until, now))
    if not _verify(found.password_hash, password):
        repo.record_failure(store, account.id, now)
        return SignIn(None, WRONG)
    if account.disabled:
        return SignIn(None, "Ce compte est désactivé : adressez-vous à un administrateur.")
    rehashed = (hash_password(password) if _HASHER.check_needs_rehash(found.password_hash)
                else None)
    repo.record_sign_in(store, account.id, now, rehashed)
    return SignIn(principal_of(store, account), must_change_password=account.must_change_password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def sign_in_oidc(store: Store, email: str | None, now: datetime | None = None) -> SignIn:
    """The account an identity provider's verified e-mail is mapped to (field « adresse
    OpenID Connect » of the account), or a French refusal."""
    if not email or not email.strip():
        return SignIn(None, "Le fournisseur d'identité n'a pas transmis d'adresse électronique : "
                            "la connexion ne peut pas être rattachée à un compte.")
    account = repo.by_oidc_subject(store, email)
    if account is None:
        return SignIn(None, f"Aucun compte Accueil n'est rattaché à l'adresse {email.strip()} : "
                            "demandez à un administrateur de l'indiquer sur votre compte.")
    if account.disabled:
        return SignIn(None, "Ce compte est désactivé : adressez-vous à un administrateur.")
    repo.record_sign_in(store, account.id, now or _now())
    return SignIn(principal_of(store, account))


def current(store: Store, principal: Principal) -> Principal | None:
    """``principal`` as its account stands now (role, scope changed by an administrator), or
    ``None`` when the account was disabled or removed. A principal of no account (tests,
    local tools) is returned as is."""
    if principal.account_id is None:
        return principal
    account = repo.get_account(store, principal.account_id)
    if account is None or account.disabled:
        return None
    return principal_of(store, account)


def has_accounts(store: Store) -> bool:
    return repo.count_accounts(store) > 0


# -- creating and changing accounts -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AccountResult:
    account_id: int | None
    errors: tuple[str, ...] = ()
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.account_id is not None


def _new_account_problems(store: Store, login: str, password: str | None, role: str,
                          scope: Sequence[str]) -> list[str]:
    problems = login_problems(login) + role_problems(role)
    if password is not None:
        problems += password_problems(password, login)
    problems += scope_problems(tuple(scope))
    if not problems:
        unknown = repo.unknown_scope_codes(store, list(scope))
        if unknown:
            problems.append(f"Territoire(s) absent(s) des communes, intercommunalités et "
                            f"départements du Massif central : {', '.join(unknown[:10])}.")
    return problems


def create_first_administrator(store: Store, login: str, display_name: str, password: str,
                               confirmation: str) -> AccountResult:
    """The first account of a store that has none (first-run screen and command line).
    Refused as soon as any account exists."""
    if has_accounts(store):
        return AccountResult(None, (("Un compte existe déjà dans cette base : connectez-vous, "
                                    "ou demandez un compte à un administrateur."),))
    problems = _new_account_problems(store, login, password, Role.ADMINISTRATEUR.value, ())
    if password != confirmation:
        problems.append("Les deux mots de passe saisis diffèrent.")
    if problems:
        return AccountResult(None, tuple(problems))

    def work(uow: UnitOfWork) -> int:
        if repo.count_accounts(uow) > 0:  # checked again inside the write: no race
            raise repo.DuplicateLogin(login)
        return repo.create_account(uow, login=login, role=Role.ADMINISTRATEUR,
                                   password_hash=hash_password(password),
                                   display_name=display_name, author=login.strip())
    try:
        account_id = store.write(work)
    except repo.DuplicateLogin:
        return AccountResult(None, ("Un compte a été créé entre-temps : connectez-vous.",))
    return AccountResult(account_id, (), f"Compte administrateur « {login.strip()} » créé.")


def seed_demo_account(store: Store) -> int | None:
    """The demo's administrator account (login ``demo``, password in the README), only on a
    store without any account; removed with the demo."""
    if has_accounts(store):
        return None
    return repo.create_account(store, login=DEMO_LOGIN, role=Role.ADMINISTRATEUR,
                               password_hash=hash_password(DEMO_PASSWORD),
                               display_name="Compte de démonstration", is_demo=True)


def temporary_password() -> str:
    """A random password for a new or reset account, that passes the policy; the person
    changes it at their first sign-in."""
    while True:
        candidate = "-".join(secrets.token_urlsafe(4) for _ in range(4))
        if not password_problems(candidate):
            return candidate


def create_account(store: Store, by: Principal, *, login: str, display_name: str, role: str,
                   organisation: str = "", scope_text: str = "",
                   oidc_subject: str = "") -> AccountResult:
    """An administrator creates an account; it gets a temporary password, shown once in the
    message, that must be changed at the first sign-in."""
    require(by, Action.MANAGE_ACCOUNTS)
    scope = parse_scope(scope_text)
    problems = _new_account_problems(store, login, None, role, scope)
    if role == Role.PARTENAIRE.value and not organisation.strip():
        problems.append("Un compte partenaire a besoin de son organisation (CCI, CMA…) : c'est "
                        "elle qui dit quelles offres il peut modifier.")
    if problems:
        return AccountResult(None, tuple(problems))
    password = temporary_password()
    try:
        account_id = repo.create_account(
            store, login=login, role=Role(role), password_hash=hash_password(password),
            display_name=display_name, organisation=organisation, scope=scope,
            oidc_subject=oidc_subject or None, must_change_password=True, author=by.login)
    except repo.DuplicateLogin:
        return AccountResult(None, (f"L'identifiant « {login.strip()} » est déjà pris.",))
    return AccountResult(account_id, (), (
        f"Compte « {login.strip()} » créé. Mot de passe provisoire, à transmettre à la personne "
        f"par un autre canal que la messagerie : {password} — il devra le changer à sa "
        "première connexion. Il ne sera plus affiché."))


def update_account(store: Store, by: Principal, account_id: int, *, display_name: str,
                   role: str, organisation: str, scope_text: str, oidc_subject: str,
                   disabled: bool) -> AccountResult:
    """An administrator changes an account's role, scope, organisation, or disables it."""
    require(by, Action.MANAGE_ACCOUNTS)
    scope = parse_scope(scope_text)
    problems = role_problems(role) + scope_problems(scope)
    if not problems:
        unknown = repo.unknown_scope_codes(store, list(scope))
        if unknown:
            problems.append(f"Territoire(s) absent(s) des communes, intercommunalités et "
                            f"départements du Massif central : {', '.join(unknown[:10])}.")
    if by.account_id == account_id and (disabled or role != Role.ADMINISTRATEUR.value):
        problems.append("Vous ne pouvez pas retirer vos propres droits d'administrateur ni "
                        "désactiver votre propre compte : demandez-le à un autre administrateur.")
    if problems:
        return AccountResult(None, tuple(problems))
    try:
        changed = repo.update_account(store, account_id, author=by.login,
                                      display_name=display_name, role=Role(role),
                                      organisation=organisation, scope=scope,
                                      oidc_subject=oidc_subject, disabled=disabled)
    except KeyError:
        return AccountResult(None, ("Ce compte n'existe plus : rechargez la page.",))
    return AccountResult(account_id, (), "Compte mis à jour." if changed
                         else "Rien n'a changé : le compte était déjà ainsi.")


def reset_password(store: Store, by: Principal, account_id: int) -> AccountResult:
    """An administrator gives an account a new temporary password (shown once)."""
    require(by, Action.MANAGE_ACCOUNTS)
    password = temporary_password()
    try:
        repo.set_password(store, account_id, hash_password(password), must_change=True,
                          author=by.login)
    except KeyError:
        return AccountResult(None, ("Ce compte n'existe plus : rechargez la page.",))
    return AccountResult(account_id, (), (
        f"Nouveau mot de passe provisoire : {password} — à transmettre à la personne, qui devra "
        "le changer à sa prochaine connexion. Il ne sera plus affiché."))


def change_own_password(store: Store, by: Principal, current_password: str, new_password: str,
                        confirmation: str) -> AccountResult:
    """A signed-in person changes their own password, giving the current one."""
    if by.account_id is None:
        raise Refused("Ce compte local n'a pas de mot de passe à changer.", Action.READ)
    found = repo.credentials(store, by.login)
    if found is None or found.account.id != by.account_id:
        return AccountResult(None, ("Votre compte n'existe plus : reconnectez-vous.",))
    problems = []
    if not _verify(found.password_hash, current_password):
        problems.append("Le mot de passe actuel n'est pas le bon.")
    problems += password_problems(new_password, by.login)
    if new_password != confirmation:
        problems.append("Les deux nouveaux mots de passe saisis diffèrent.")
    if current_password and new_password == current_password:
        problems.append("Le nouveau mot de passe doit différer de l'actuel.")
    if problems:
        return AccountResult(None, tuple(problems))
    repo.set_password(store, by.account_id, hash_password(new_password), must_change=False,
                      author=by.login)
    return AccountResult(by.account_id, (), "Mot de passe changé.")


def accounts(store: Store, by: Principal) -> list[Account]:
    require(by, Action.MANAGE_ACCOUNTS)
    return repo.list_accounts(store)


ROLE_CHOICES = {r.value: r.label for r in ACCOUNT_ROLES}


# -- command line -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m accueil.services.accounts",
        description="Comptes d'Accueil en ligne de commande (base : variable ACCUEIL_DB).")
    commands = parser.add_subparsers(dest="command", required=True)
    admin = commands.add_parser("creer-admin", help="créer le premier compte administrateur")
    admin.add_argument("--login", required=True, help="identifiant (ex. prenom.nom)")
    admin.add_argument("--nom", default="", help="nom affiché (ex. « Prénom Nom »)")
    commands.add_parser("lister", help="lister les comptes (sans mot de passe)")
    args = parser.parse_args(argv)
    store = Store.open()
    try:
        if args.command == "lister":
            for account in repo.list_accounts(store):
                state = " (désactivé)" if account.disabled else ""
                print(f"{account.login}\t{account.role.label}\t{account.display_name}{state}")
            return 0
        if has_accounts(store):
            print("Cette base a déjà des comptes : créez les suivants depuis la page Comptes "
                  "(Administrer), connecté en administrateur.", file=sys.stderr)
            return 1
        password = getpass.getpass("Mot de passe : ")
        confirmation = getpass.getpass("Le même, à nouveau : ")
        result = create_first_administrator(store, args.login, args.nom, password, confirmation)
        if not result.ok:
            for error in result.errors:
                print(error, file=sys.stderr)
            return 1
        print(result.message)
        return 0
    finally:
        store.close()


if __name__ == "__main__":  # pragma: no cover - the command line entry point
    raise SystemExit(main())
