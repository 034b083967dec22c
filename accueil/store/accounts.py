"""Accounts in the store (migration 0009_accounts): reading, writing, sign-in bookkeeping.

Takes password *hashes* only (hashing is :mod:`accueil.services.accounts`' job); every change
of an account is journaled in the same transaction, a password change as the bare fact that
it changed. Holds no rule of its own: which role may do what is :mod:`accueil.domain.access`,
what a valid account is :mod:`accueil.domain.accounts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accueil.domain.access import Role
from accueil.domain.accounts import Account, login_key
from accueil.store import journal
from accueil.store.db import Db, Tx

_COLUMNS = ("id", "login", "display_name", "role", "organisation", "scope", "oidc_subject",
            "password_hash", "must_change_password", "disabled", "is_demo", "failed_attempts",
            "last_failed_at", "created_at", "last_sign_in_at")
# What the journal tells of an account's changes (never its hash).
_JOURNALED = ("login", "display_name", "role", "organisation", "scope", "oidc_subject",
              "disabled", "must_change_password")


class DuplicateLogin(Exception):
    """Another account already has this login (compared without case)."""


@dataclass(frozen=True, slots=True)
class Credentials:
    account: Account
    password_hash: str


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _account(record: dict[str, Any]) -> Account:
    return Account(
        id=int(record["id"]), login=record["login"], display_name=record["display_name"],
        role=Role(record["role"]), organisation=record["organisation"],
        scope=tuple(record["scope"] or ()), oidc_subject=record["oidc_subject"],
        has_password=bool(record["password_hash"]),
        must_change_password=bool(record["must_change_password"]),
        disabled=bool(record["disabled"]), is_demo=bool(record["is_demo"]),
        failed_attempts=int(record["failed_attempts"]),
        last_failed_at=record["last_failed_at"], created_at=record["created_at"],
        last_sign_in_at=record["last_sign_in_at"])


def _select(tx: Tx, where: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    return tx.records(f"SELECT {', '.join(_COLUMNS)} FROM accounts {where}", params)


def count_accounts(db: Db) -> int:
    with db.reading() as tx:
        return int(tx.scalar("SELECT count(*) FROM accounts") or 0)


def list_accounts(db: Db) -> list[Account]:
    with db.reading() as tx:
        return [_account(r) for r in _select(tx, "ORDER BY login_key", [])]


def get_account(db: Db, account_id: int) -> Account | None:
    with db.reading() as tx:
        found = _select(tx, "WHERE id = ?", [account_id])
    return _account(found[0]) if found else None


def credentials(db: Db, login: str) -> Credentials | None:
    """The account of ``login`` (any case) with its password hash, for signing in."""
    with db.reading() as tx:
        found = _select(tx, "WHERE login_key = ?", [login_key(login)])
    return Credentials(_account(found[0]), str(found[0]["password_hash"])) if found else None


def by_oidc_subject(db: Db, subject: str) -> Account | None:
    """The account an OpenID Connect identity (e-mail, any case) is mapped to."""
    with db.reading() as tx:
        found = _select(tx, "WHERE oidc_subject = ?", [subject.strip().lower()])
    return _account(found[0]) if found else None


def create_account(db: Db, *, login: str, role: Role, password_hash: str,
                   display_name: str = "", organisation: str = "", scope: Sequence[str] = (),
                   oidc_subject: str | None = None, must_change_password: bool = False,
                   is_demo: bool = False, author: str = "", now: datetime | None = None) -> int:
    """Store a new account; raises :class:`DuplicateLogin` if the login is taken."""
    now = now or _now()
    with db.writing() as tx:
        if tx.scalar("SELECT count(*) FROM accounts WHERE login_key = ?", [login_key(login)]):
            raise DuplicateLogin(login)
        account_id = tx.next_ids("account_id_seq", 1)[0]
        row = {"login": login.strip(), "display_name": display_name.strip(),
               "role": role.value, "organisation": organisation.strip(), "scope": list(scope),
               "oidc_subject": (oidc_subject or "").strip().lower() or None,
               "must_change_password": must_change_password, "disabled": False}
        tx.execute(
            "INSERT INTO accounts (id, login, login_key, display_name, role, organisation, scope, "
            "oidc_subject, password_hash, must_change_password, disabled, is_demo, "
            "failed_attempts, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, ?, 0, ?, ?)",
            [account_id, row["login"], login_key(login), row["display_name"], row["role"],
             row["organisation"], row["scope"], row["oidc_subject"], password_hash,
             must_change_password, is_demo, now, now])
        journal.record(tx, author, "account", account_id, "created", now,
                       journal.diff({}, row, _JOURNALED))
    return account_id


def update_account(db: Db, account_id: int, *, author: str = "", now: datetime | None = None,
                   **changes: Any) -> list[str]:
    """Change some of ``display_name``, ``role``, ``organisation``, ``scope``,
    ``oidc_subject``, ``disabled``; the names of the fields that changed. Raises KeyError
    when the account is gone."""
    allowed = {"display_name", "role", "organisation", "scope", "oidc_subject", "disabled"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not account fields: {sorted(unknown)}")
    now = now or _now()
    with db.writing() as tx:
        found = _select(tx, "WHERE id = ?", [account_id])
        if not found:
            raise KeyError(account_id)
        before = found[0]
        after = dict(before)
        for name, value in changes.items():
            if isinstance(value, Role):
                value = value.value
            elif name == "scope":
                value = list(value)
            elif name == "oidc_subject":
                value = (value or "").strip().lower() or None
            elif isinstance(value, str):
                value = value.strip()
            after[name] = value
        changed = journal.diff(before, after, _JOURNALED)
        if not changed:
            return []
        names = [name for name, _, _ in changed]
        tx.execute(f"UPDATE accounts SET {', '.join(f'{n} = ?' for n in names)}, updated_at = ? "
                   "WHERE id = ?", [*(after[n] for n in names), now, account_id])
        journal.record(tx, author, "account", account_id, "updated", now, changed)
    return names


def set_password(db: Db, account_id: int, password_hash: str, *, must_change: bool,
                 author: str = "", now: datetime | None = None) -> None:
    """Replace the password hash; the journal says it changed, never what to."""
    now = now or _now()
    with db.writing() as tx:
        if not tx.change("UPDATE accounts SET password_hash = ?, must_change_password = ?, "
                         "failed_attempts = 0, last_failed_at = NULL, updated_at = ? "
                         "WHERE id = ?", [password_hash, must_change, now, account_id]):
            raise KeyError(account_id)
        action = "password_reset" if must_change else "password_changed"
        journal.record(tx, author, "account", account_id, action, now)


def record_failure(db: Db, account_id: int, now: datetime) -> None:
    with db.writing() as tx:
        tx.execute("UPDATE accounts SET failed_attempts = failed_attempts + 1, "
                   "last_failed_at = ? WHERE id = ?", [now, account_id])


def record_sign_in(db: Db, account_id: int, now: datetime, rehashed: str | None = None) -> None:
    """A successful sign-in: attempts reset, time kept; ``rehashed`` replaces a hash made
    with older argon2 parameters."""
    with db.writing() as tx:
        tx.execute("UPDATE accounts SET failed_attempts = 0, last_failed_at = NULL, "
                   "last_sign_in_at = ? WHERE id = ?", [now, account_id])
        if rehashed:
            tx.execute("UPDATE accounts SET password_hash = ? WHERE id = ?",
                       [rehashed, account_id])


def administrators(db: Db) -> list[Account]:
    """Enabled administrator accounts that are not the demo's."""
    return [a for a in list_accounts(db)
            if a.role is Role.ADMINISTRATEUR and not a.disabled and not a.is_demo]


def delete_demo_accounts(tx: Tx, author: str, now: datetime) -> int:
    """Remove the demo accounts (with the demo data), journaled; in the caller's transaction."""
    ids = [int(r[0]) for r in tx.all("SELECT id FROM accounts WHERE is_demo")]
    for account_id in ids:
        journal.record(tx, author, "account", account_id, "deleted", now)
    if ids:
        tx.execute("DELETE FROM accounts WHERE is_demo")
    return len(ids)


def scope_communes(db: Db, codes: Sequence[str]) -> frozenset[str] | None:
    """The communes a scope of territory codes covers (``None`` for an empty scope: the whole
    Massif central). A commune code stands for itself, an EPCI or département code for its
    communes as the reference tables say today."""
    if not codes:
        return None
    wanted = [c.upper() for c in codes]
    with db.reading() as tx:
        rows = tx.all("SELECT code_insee FROM ref_communes WHERE code_insee = ANY(?) OR "
                      "code_epci = ANY(?) OR code_departement = ANY(?)", [wanted] * 3)
    return frozenset(str(r[0]) for r in rows)


def unknown_scope_codes(db: Db, codes: Sequence[str]) -> list[str]:
    """Codes of ``codes`` that name no commune, EPCI or département of the reference tables."""
    if not codes:
        return []
    with db.reading() as tx:
        known = {str(r[0]) for r in tx.all(
            "SELECT code_insee FROM ref_communes WHERE code_insee = ANY(?) UNION "
            "SELECT code_epci FROM ref_communes WHERE code_epci = ANY(?) UNION "
            "SELECT code_departement FROM ref_communes WHERE code_departement = ANY(?)",
            [list(codes)] * 3)}
    return [c for c in codes if c not in known]
