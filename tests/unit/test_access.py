"""The access policy as a table: role × action × scope, and role × confidentiality × scope."""

from __future__ import annotations

import pytest

from accueil.domain.access import (
    ACCOUNT_ROLES,
    PUBLIC,
    Action,
    Principal,
    Refused,
    Role,
    Visibility,
    amount_band,
    elected_officials,
    may,
    protect_count,
    require,
    same_organisation,
    visibility,
)
from accueil.domain.offers import Confidentiality

SAINT_FLOUR, AURILLAC = "15187", "15014"
HOME = frozenset({SAINT_FLOUR})

ADMIN = Principal("admin", Role.ADMINISTRATEUR)
OFFICER = Principal("cm", Role.CHARGE_MISSION, communes=HOME)
PARTNER = Principal("cci", Role.PARTENAIRE, communes=HOME, organisation="CCI du Cantal")
ELU = Principal("maire", Role.ELU, communes=HOME)

A = Action
# (principal, action, commune, organisation of the offer, allowed?)
MAY_CASES = [
    # reading, exporting, presenting: everyone with an account (the audience rule filters)
    *[(who, action, None, None, True) for who in (ADMIN, OFFICER, PARTNER, ELU)
      for action in (A.READ, A.EXPORT, A.PRESENT)],
    # the administrator does everything, everywhere
    *[(ADMIN, action, AURILLAC, None, True) for action in Action],
    # whole-store operations are the administrator's only
    *[(who, action, None, None, False) for who in (OFFICER, PARTNER, ELU)
      for action in (A.MANAGE_DATA, A.BACKUP, A.RESTORE, A.MANAGE_ACCOUNTS)],
    # an officer writes on their territory, not on another one
    (OFFICER, A.EDIT_OFFER, SAINT_FLOUR, None, True),
    (OFFICER, A.EDIT_OFFER, AURILLAC, None, False),
    (OFFICER, A.DELETE_OFFER, SAINT_FLOUR, None, True),
    (OFFICER, A.DELETE_OFFER, AURILLAC, None, False),
    (OFFICER, A.EDIT_AMENITIES, AURILLAC, None, False),
    (OFFICER, A.VALIDATE_PROPOSAL, SAINT_FLOUR, None, True),
    (OFFICER, A.IMPORT, None, None, True),
    (OFFICER, A.EDIT_TERRITORIES, None, None, True),
    (OFFICER, A.PUBLISH, SAINT_FLOUR, None, True),
    (OFFICER, A.VIEW_HISTORY, None, None, True),
    # a partner edits what their organisation supplied, proposes new offers, nothing else
    (PARTNER, A.EDIT_OFFER, SAINT_FLOUR, "CCI Cantal", True),
    (PARTNER, A.EDIT_OFFER, SAINT_FLOUR, "CMA Cantal", False),
    (PARTNER, A.EDIT_OFFER, AURILLAC, "CCI du Cantal", False),
    (PARTNER, A.PROPOSE_OFFER, SAINT_FLOUR, None, True),
    (PARTNER, A.PROPOSE_OFFER, AURILLAC, None, False),
    *[(PARTNER, action, SAINT_FLOUR, "CCI du Cantal", False)
      for action in (A.DELETE_OFFER, A.VALIDATE_PROPOSAL, A.IMPORT, A.EDIT_AMENITIES,
                     A.EDIT_TERRITORIES, A.PUBLISH, A.VIEW_HISTORY)],
    # an elected official reads only
    *[(ELU, action, SAINT_FLOUR, None, False) for action in Action
      if action not in (A.READ, A.EXPORT, A.PRESENT)],
    # the public reads what is published, nothing else
    (PUBLIC, A.READ, None, None, True),
    (PUBLIC, A.PRESENT, None, None, False),
    (PUBLIC, A.EDIT_OFFER, SAINT_FLOUR, None, False),
]


@pytest.mark.parametrize(("who", "action", "commune", "organisation", "allowed"), MAY_CASES)
def test_may(who: Principal, action: Action, commune: str | None, organisation: str | None,
             allowed: bool) -> None:
    decision = may(who, action, commune=commune, organisation=organisation)
    assert decision.allowed is allowed
    if not allowed:
        assert decision.reason  # a French sentence to show
        assert decision.reason[0].isupper()


def test_a_partner_creating_an_offer_needs_no_organisation_match() -> None:
    assert may(PARTNER, A.EDIT_OFFER, commune=SAINT_FLOUR, existing=False)


def test_require_raises_the_french_reason() -> None:
    with pytest.raises(Refused, match="lecture seule"):
        require(ELU, A.EDIT_OFFER, commune=SAINT_FLOUR)
    require(OFFICER, A.EDIT_OFFER, commune=SAINT_FLOUR)  # no exception


P, R, C = Confidentiality.PUBLIQUE, Confidentiality.PARTENAIRES, Confidentiality.CONFIDENTIELLE
F, X, N, H = Visibility.FULL, Visibility.REDACTED, Visibility.COUNTED, Visibility.HIDDEN
# audience, commune of the offer, its partner: visibility for publique / restreinte / confidentielle
VISIBILITY_CASES = [
    (ADMIN, AURILLAC, "", (F, F, F)),
    (OFFICER, SAINT_FLOUR, "", (F, F, F)),
    (OFFICER, AURILLAC, "", (F, X, H)),
    (PARTNER, SAINT_FLOUR, "CCI Cantal", (F, F, F)),
    (PARTNER, SAINT_FLOUR, "Agence Dupont", (F, X, H)),
    (PARTNER, AURILLAC, "", (F, X, H)),
    (ELU, SAINT_FLOUR, "", (F, N, N)),
    (ELU, AURILLAC, "", (F, H, H)),
    (elected_officials(None), AURILLAC, "", (F, N, N)),
    (PUBLIC, SAINT_FLOUR, "", (F, H, H)),
]


@pytest.mark.parametrize(("audience", "commune", "partner", "expected"), VISIBILITY_CASES)
def test_visibility(audience: Principal, commune: str, partner: str,
                    expected: tuple[Visibility, Visibility, Visibility]) -> None:
    got = tuple(visibility(audience, level, commune, partner) for level in (P, R, C))
    assert got == expected


def test_no_account_role_sees_a_confidential_offer_outside_its_scope_in_detail() -> None:
    for role in ACCOUNT_ROLES:
        if role is Role.ADMINISTRATEUR:
            continue
        who = Principal("x", role, communes=HOME, organisation="CCI du Cantal")
        assert visibility(who, C, AURILLAC, "") in (N, H)


@pytest.mark.parametrize(("total", "undisclosed", "shown"), [
    (0, 0, 0), (1, 0, 1), (2, 0, 2), (1, 1, None), (2, 1, None), (3, 1, 3), (40, 40, 40),
])
def test_protect_count(total: int, undisclosed: int, shown: int | None) -> None:
    assert protect_count(total, undisclosed) == shown


@pytest.mark.parametrize(("amount", "band"), [
    (None, None), (float("nan"), None), (-1, None), (0, (0, 50_000)), (49_999, (0, 50_000)),
    (50_000, (50_000, 100_000)), (320_000.5, (200_000, 500_000)),
    (1_000_000, (1_000_000, None)), (7e9, (1_000_000, None)),
])
def test_amount_band(amount: float | None, band: tuple[float, float | None] | None) -> None:
    assert amount_band(amount) == band


@pytest.mark.parametrize(("a", "b", "same"), [
    ("CCI du Cantal", "CCI Cantal", True), ("CCI  du  Cantal.", "cci cantal", True),
    ("Chambre d'agriculture", "Chambre agriculture", True), ("Élan", "elan", True),
    ("CCI Cantal", "CMA Cantal", False), ("", "", False),
])
def test_same_organisation(a: str, b: str, same: bool) -> None:
    assert same_organisation(a, b) is same


def test_cache_key_separates_audiences_and_merges_equal_ones() -> None:
    assert OFFICER.cache_key != ELU.cache_key
    twin = Principal("other", Role.CHARGE_MISSION, communes=HOME)
    assert twin.cache_key == OFFICER.cache_key
