"""Accounts rules: what a password must be, when a session ends, when attempts slow down."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from accueil.domain.accounts import (
    FREE_ATTEMPTS,
    MAX_LOCK_MINUTES,
    SessionPolicy,
    locked_until,
    login_problems,
    parse_scope,
    password_problems,
    scope_problems,
    session_end,
)

T0 = datetime(2026, 12, 6, 9, 0)


@pytest.mark.parametrize(("password", "login", "complaint"), [
    ("Court-1", "", "au moins 12"),
    ("toutenminuscules", "", "sorte"),
    ("TOUTENMAJUSCULE5", "", "sorte"),
    ("Bon-jean.dupont-9", "jean.dupont", "identifiant"),
    ("motdepasse", "", "premiers"),
    ("aaaaaaaaaaaaaaaaaa", "", "premiers"),
])
def test_a_weak_password_is_refused_with_the_reason(password: str, login: str,
                                                    complaint: str) -> None:
    problems = password_problems(password, login)
    assert any(complaint in p for p in problems), problems


@pytest.mark.parametrize("password", ["Saint-Flour-15100", "trois mots Longs 4", "ÉtéCantal2026x"])
def test_a_long_varied_password_passes(password: str) -> None:
    assert password_problems(password, "marie") == []


def test_logins_are_checked_and_compared_without_case() -> None:
    assert login_problems("Marie.Dupont@cantal.fr") == []
    assert login_problems("")
    assert login_problems("é accent")


def test_scope_codes_are_parsed_whatever_the_separator_and_checked() -> None:
    assert parse_scope("15187, 200066660\n15 15187; 2a") == ("15187", "200066660", "15", "2A")
    assert scope_problems(("15187", "200066660", "15", "2A", "2A004")) == []
    assert scope_problems(("1518",))
    assert scope_problems(("Cantal",))


def test_attempts_are_free_until_the_limit_then_wait_doubles_up_to_a_cap() -> None:
    assert locked_until(FREE_ATTEMPTS - 1, T0) is None
    assert locked_until(FREE_ATTEMPTS, T0) == T0 + timedelta(minutes=1)
    assert locked_until(FREE_ATTEMPTS + 2, T0) == T0 + timedelta(minutes=4)
    assert locked_until(FREE_ATTEMPTS + 40, T0) == T0 + timedelta(minutes=MAX_LOCK_MINUTES)


def test_a_session_ends_after_idle_time_or_its_lifetime() -> None:
    policy = SessionPolicy(idle=timedelta(minutes=30), lifetime=timedelta(hours=10))
    assert session_end(T0, T0, T0 + timedelta(minutes=29), policy) is None
    idle = session_end(T0, T0, T0 + timedelta(minutes=30), policy)
    assert idle is not None
    assert "30 minutes sans activité" in idle
    # Active all along, the session still ends at its lifetime.
    late = T0 + timedelta(hours=10)
    over = session_end(T0, late - timedelta(minutes=1), late, policy)
    assert over is not None
    assert "durée maximale" in over
