"""Accounts and sign-in rules: who an account is, what a password must be, when a session ends
and when failed attempts slow a login down. Pure: no hashing here (the store and the service
hash with argon2-cffi), no clock (times are passed in), no I/O.

The figures follow the CNIL's recommendation on passwords (délibération n° 2022-100 du
21 juillet 2022) for a password that is the only factor but whose attempts are throttled
(its « cas n° 2 »), with more length than the minimum it asks: at least
:data:`MIN_PASSWORD_LENGTH` characters of at least three kinds among lower case, upper case,
digits and other characters, and never the login itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from accueil.domain.access import ACCOUNT_ROLES, Principal, Role

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # argon2 takes more, but a pasted novel is a mistake
MIN_KINDS = 3

# Sign-in throttling: after FREE_ATTEMPTS wrong passwords in a row, each new attempt waits a
# delay that doubles (1, 2, 4 … minutes) up to MAX_LOCK_MINUTES; a right password resets it.
FREE_ATTEMPTS = 5
MAX_LOCK_MINUTES = 30

# Sessions end after IDLE minutes without any action, and in any case LIFETIME hours after
# signing in (both configurable: ACCUEIL_SESSION_IDLE_MINUTES, ACCUEIL_SESSION_MAX_HOURS).
DEFAULT_IDLE_MINUTES = 30
DEFAULT_LIFETIME_HOURS = 10

_LOGIN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
# Territory codes an account's scope may name: a commune (INSEE, Corsica's 2A/2B included),
# an EPCI (SIREN, 9 digits), a département (2 or 3 characters).
_SCOPE_CODE = re.compile(r"^(\d{9}|\d[\dAB]\d{3}|\d[\dAB]|97\d)$")

# The few passwords every dictionary attack tries first, in their French favourites.
_COMMON = frozenset({
    "motdepasse", "azertyuiop", "azerty123456", "123456789012", "motdepasse123",
    "bonjour12345", "soleil123456", "password1234", "administrateur", "accueil12345",
})


@dataclass(frozen=True, slots=True)
class Account:
    """One stored account; never holds the password, only whether one is set."""

    id: int
    login: str
    display_name: str
    role: Role
    organisation: str = ""
    scope: tuple[str, ...] = ()  # territory codes; () means the whole Massif central
    oidc_subject: str | None = None
    has_password: bool = True
    must_change_password: bool = False
    disabled: bool = False
    is_demo: bool = False
    failed_attempts: int = 0
    last_failed_at: datetime | None = None
    created_at: datetime | None = None
    last_sign_in_at: datetime | None = None

    def principal(self, communes: frozenset[str] | None) -> Principal:
        """The principal of this account once its scope is resolved to ``communes``."""
        return Principal(login=self.login, role=self.role, communes=communes,
                         organisation=self.organisation,
                         display_name=self.display_name or self.login, account_id=self.id)

    @property
    def label(self) -> str:
        return f"{self.display_name or self.login} ({self.role.label.lower()})"


def login_key(login: str) -> str:
    """The case-insensitive form under which a login is unique."""
    return login.strip().lower()


def login_problems(login: str) -> list[str]:
    key = login_key(login)
    if not key:
        return ["Indiquez un identifiant."]
    if not _LOGIN.match(key):
        return [(f"L'identifiant « {login.strip()[:70]} » ne convient pas : de 2 à 64 caractères, "
                "lettres sans accent, chiffres, point, tiret, tiret bas ou @ (une adresse "
                "électronique convient), en commençant par une lettre ou un chiffre.")]
    return []


def password_problems(password: str, login: str = "") -> list[str]:
    """What is wrong with ``password`` as a new password for ``login``, in French; [] if fine."""
    problems: list[str] = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Le mot de passe fait {len(password)} caractère"
                        f"{'s' if len(password) > 1 else ''} ; il en faut au moins "
                        f"{MIN_PASSWORD_LENGTH}.")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"Le mot de passe fait {len(password)} caractères ; "
                        f"{MAX_PASSWORD_LENGTH} au plus sont admis.")
    kinds = sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                 any(c.isdigit() for c in password),
                 any(not c.isalnum() for c in password)))
    if kinds < MIN_KINDS:
        problems.append(f"Le mot de passe ne mêle que {kinds} sorte{'s' if kinds > 1 else ''} "
                        "de caractères ; il en faut au moins 3 parmi : minuscules, majuscules, "
                        "chiffres, autres signes (- _ ! ? …).")
    key = login_key(login)
    lowered = password.lower()
    if key and len(key) >= 3 and key in lowered:
        problems.append("Le mot de passe ne doit pas contenir l'identifiant.")
    if lowered in _COMMON or (password and len(set(password)) <= 2):
        problems.append("Ce mot de passe est parmi les premiers qu'essaie un attaquant : "
                        "choisissez-en un autre.")
    return problems


def scope_problems(codes: tuple[str, ...]) -> list[str]:
    bad = [c for c in codes if not _SCOPE_CODE.match(c)]
    if bad:
        return [(f"Code(s) de territoire non reconnu(s) : {', '.join(bad[:10])}. Attendu : le code "
                "INSEE d'une commune (5 caractères), le SIREN d'une intercommunalité (9 chiffres) "
                "ou le code d'un département (15, 63, 2A…).")]
    return []


def parse_scope(text: str) -> tuple[str, ...]:
    """Territory codes typed or pasted in any separator (comma, space, new line), upper case,
    without repeats, in the order given."""
    seen: dict[str, None] = {}
    for part in re.split(r"[\s,;]+", text.strip()):
        if part:
            seen.setdefault(part.upper(), None)
    return tuple(seen)


def role_problems(role: str) -> list[str]:
    if role not in {r.value for r in ACCOUNT_ROLES}:
        return [f"Rôle inconnu : « {role} »."]
    return []


def locked_until(failed_attempts: int, last_failed_at: datetime | None) -> datetime | None:
    """Until when a login refuses any attempt after ``failed_attempts`` wrong passwords in a
    row (the last at ``last_failed_at``); ``None`` while attempts are free."""
    if failed_attempts < FREE_ATTEMPTS or last_failed_at is None:
        return None
    minutes = min(2 ** (failed_attempts - FREE_ATTEMPTS), MAX_LOCK_MINUTES)
    return last_failed_at + timedelta(minutes=minutes)


def wait_message(until: datetime, now: datetime) -> str:
    seconds = max(1, int((until - now).total_seconds()))
    minutes = -(-seconds // 60)
    return (f"Trop d'essais infructueux pour cet identifiant : réessayez dans {minutes} minute"
            f"{'s' if minutes > 1 else ''}. Si vous avez oublié votre mot de passe, demandez à "
            "un administrateur de le réinitialiser.")


@dataclass(frozen=True, slots=True)
class SessionPolicy:
    idle: timedelta = timedelta(minutes=DEFAULT_IDLE_MINUTES)
    lifetime: timedelta = timedelta(hours=DEFAULT_LIFETIME_HOURS)


def session_end(started: datetime, last_seen: datetime, now: datetime,
                policy: SessionPolicy) -> str | None:
    """Why a session started at ``started`` and last active at ``last_seen`` is over at
    ``now`` (a French sentence for the sign-in screen), or ``None`` if it goes on."""
    if now - started >= policy.lifetime:
        hours = policy.lifetime.total_seconds() / 3600
        shown = f"{hours:g}".replace(".", ",")
        return (f"Votre session a duré {shown} heure{'s' if hours >= 2 else ''}, sa durée "
                "maximale : reconnectez-vous.")
    if now - last_seen >= policy.idle:
        minutes = int(policy.idle.total_seconds() // 60)
        return (f"Session fermée après {minutes} minute{'s' if minutes > 1 else ''} sans "
                "activité : reconnectez-vous.")
    return None
