"""Who is using this browser tab: sign-in, the session's limits, sign-out.

``app.py`` asks :func:`signed_in` before drawing anything of the app: without a signed-in
principal, the navigation is hidden and :func:`gate` shows only the sign-in screen (or, on a
store without any account, the first-run screen that creates the first administrator). Pages get the principal
from :func:`current_principal`; services check it with
:func:`accueil.domain.access.require`, outputs filter with
:func:`accueil.domain.access.visibility`.

The principal lives under :data:`KEY` in ``session_state``, beside the session's start and
last activity (:data:`SESSION_KEY`): a session ends after its idle time or its lifetime
(:func:`accueil.services.accounts.session_policy`). A browser cannot put a Python object in
``session_state``; tests sign in by putting a :class:`~accueil.domain.access.Principal` there.
On every run the principal is read again from its account, so that a role changed or an
account disabled by an administrator takes effect at the next click.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, NoReturn, ParamSpec, TypeVar

import streamlit as st

from accueil.domain.access import Principal, Refused, Role
from accueil.domain.accounts import session_end
from accueil.services import accounts
from accueil.services import partners as partner_service
from accueil.store.db import Store
from accueil.ui.french import french_interface

P = ParamSpec("P")
T = TypeVar("T")

KEY = "accueil.principal"
SESSION_KEY = "accueil.session"
MUST_CHANGE_KEY = "accueil.must_change_password"
NOTICE_KEY = "accueil.notice"
OIDC_REFUSAL_KEY = "accueil.oidc_refusal"  # the provider vouched for an e-mail no account has

# A principal for scripts and tools that run without a browser session (never a fallback
# of the app: a tab without a signed-in principal sees the sign-in screen only).
LOCAL_ADMIN = Principal(login="local", role=Role.ADMINISTRATEUR, display_name="Utilisateur local")


def current_principal() -> Principal:
    """The signed-in principal of this tab; stops the page if there is none (the router
    never runs a page without one, so this is a second lock, not a path users take)."""
    principal = st.session_state.get(KEY)
    if isinstance(principal, Principal):
        return principal
    st.error("Connectez-vous pour utiliser Accueil.", icon=":material/lock:")
    st.stop()
    raise AssertionError("unreachable: st.stop() raises")


def checked(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``call(*args, **kwargs)``, a service write; when the service refuses
    (:class:`~accueil.domain.access.Refused`), its French reason where the action was asked,
    and the page stops there: nothing was written."""
    try:
        return call(*args, **kwargs)
    except Refused as refused:
        st.error(refused.reason, icon=":material/block:")
        st.stop()
        raise AssertionError("unreachable: st.stop() raises") from refused


def sign_in(principal: Principal, *, must_change_password: bool = False) -> None:
    now = datetime.now()
    st.session_state[KEY] = principal
    st.session_state[SESSION_KEY] = {"started": now, "seen": now}
    st.session_state[MUST_CHANGE_KEY] = must_change_password


def sign_out(notice: str = "") -> None:
    for key in (KEY, SESSION_KEY, MUST_CHANGE_KEY):
        st.session_state.pop(key, None)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def signed_in(store: Store) -> Principal | None:
    """The principal of this tab, checked against its session's limits and its account as
    it stands now; ``None`` when nobody is signed in (or must first change a temporary
    password). Draws nothing."""
    principal = st.session_state.get(KEY)
    if isinstance(principal, Principal):
        still = _still_signed_in(store, principal)
        if still is not None:
            return None if st.session_state.get(MUST_CHANGE_KEY) else still
    elif _oidc_configured():
        return _oidc_principal(store)
    return None


def gate(store: Store) -> NoReturn:
    """What a tab without a principal sees instead of the app, then the run stops: the
    password change of a temporary password, the first-run screen of a store without any
    account, or the sign-in screen."""
    french_interface(in_sidebar=False)
    principal = st.session_state.get(KEY)
    if isinstance(principal, Principal) and st.session_state.get(MUST_CHANGE_KEY):
        _password_change_screen(store, principal)
    elif not accounts.has_accounts(store):
        _first_run_screen(store)
    else:
        _sign_in_screen(store)
    st.stop()
    raise AssertionError("unreachable: st.stop() raises")


def _still_signed_in(store: Store, principal: Principal) -> Principal | None:
    now = datetime.now()
    times: dict[str, datetime] = st.session_state.get(SESSION_KEY) or {}
    started, seen = times.get("started", now), times.get("seen", now)
    ended = session_end(started, seen, now, accounts.session_policy())
    if ended:
        sign_out(ended)
        return None
    fresh = accounts.current(store, principal)
    if fresh is None:
        sign_out("Votre compte a été désactivé ou supprimé : adressez-vous à un administrateur.")
        return None
    st.session_state[KEY] = fresh
    st.session_state[SESSION_KEY] = {"started": started, "seen": now}
    return fresh


def sidebar(principal: Principal) -> None:
    """Who is signed in, their role, and the sign-out button (in the sidebar)."""
    with st.sidebar:
        st.caption(f":material/person: **{principal.display_name or principal.login}** · "
                   f"{principal.role.label}"
                   + (f" · {principal.organisation}" if principal.organisation else ""))
        if st.button("Se déconnecter", key="se_deconnecter", icon=":material/logout:"):
            oidc = _oidc_configured() and _oidc_logged_in()
            sign_out("Vous êtes déconnecté(e).")
            if oidc:
                st.logout()
            st.rerun()


# -- screens ------------------------------------------------------------------------------------


def _header() -> None:
    st.title(":material/holiday_village: Accueil")
    st.caption("Offres d'accueil qualifiées du Massif central")


def _narrow() -> Any:
    """A column of half the page's width, for the forms of the sign-in screens."""
    return st.columns([2, 1])[0]


def _sign_in_screen(store: Store) -> None:
    _header()
    notice = st.session_state.pop(NOTICE_KEY, "")
    if notice:
        st.info(notice, icon=":material/info:")
    with _narrow(), st.form("connexion"):
        st.subheader("Connexion")
        login = st.text_input("Identifiant", key="connexion_identifiant")
        password = st.text_input("Mot de passe", type="password", key="connexion_mot_de_passe")
        submitted = st.form_submit_button("Se connecter", type="primary")
    if submitted:
        result = accounts.sign_in(store, login, password)
        if result.principal is None:
            st.error(result.message, icon=":material/error:")
        else:
            sign_in(result.principal, must_change_password=result.must_change_password)
            # the first sign-in of the day: offers whose partner confirmation just got too old
            partner_service.daily_confirmation_check(store)
            st.rerun()
    if _oidc_configured():
        refusal = st.session_state.get(OIDC_REFUSAL_KEY) if _oidc_logged_in() else None
        if refusal:
            st.error(refusal, icon=":material/no_accounts:")
            st.button("Se déconnecter du fournisseur d'identité (changer de compte)",
                      key="deconnexion_oidc", on_click=st.logout, icon=":material/logout:")
        else:
            st.button("Se connecter avec le fournisseur d'identité de votre organisation",
                      key="connexion_oidc", on_click=st.login, icon=":material/badge:")
    st.caption("Mot de passe oublié ? Un administrateur d'Accueil peut le réinitialiser "
               "(page Comptes). La session se ferme d'elle-même après une période sans activité.")


def _first_run_screen(store: Store) -> None:
    _header()
    st.subheader("Première utilisation : créez le compte administrateur")
    st.markdown(
        "Cette base ne contient encore aucun compte. Le compte créé ici administre Accueil : "
        "il crée ensuite les comptes des chargé(e)s de mission, des partenaires et des élu(e)s "
        "(page *Comptes*). Cet écran disparaît dès qu'un compte existe.")
    st.warning("Si ce serveur est déjà joignable par d'autres personnes, créez plutôt ce compte "
               "en ligne de commande : `python -m accueil.services.accounts creer-admin "
               "--login prenom.nom`.", icon=":material/shield:")
    with _narrow(), st.form("premier_compte"):
        login = st.text_input("Identifiant", key="premier_identifiant",
                              help="Par exemple prenom.nom, ou votre adresse électronique.")
        name = st.text_input("Nom affiché", key="premier_nom")
        password = st.text_input("Mot de passe", type="password", key="premier_mot_de_passe",
                                 help="Au moins 12 caractères, mêlant au moins trois sortes "
                                      "parmi minuscules, majuscules, chiffres et autres signes.")
        confirmation = st.text_input("Le même mot de passe, à nouveau", type="password",
                                     key="premier_confirmation")
        submitted = st.form_submit_button("Créer le compte administrateur", type="primary")
    if submitted:
        result = accounts.create_first_administrator(store, login, name, password, confirmation)
        if not result.ok:
            for error in result.errors:
                st.error(error, icon=":material/error:")
            return
        signed = accounts.sign_in(store, login, password)
        if signed.principal is not None:
            sign_in(signed.principal)
        st.rerun()


def password_change_form(store: Store, principal: Principal, key: str) -> bool:
    """The form to change one's own password; ``True`` once changed."""
    with st.form(key):
        current = st.text_input("Mot de passe actuel", type="password", key=f"{key}_actuel")
        new = st.text_input("Nouveau mot de passe", type="password", key=f"{key}_nouveau",
                            help="Au moins 12 caractères, mêlant au moins trois sortes parmi "
                                 "minuscules, majuscules, chiffres et autres signes.")
        again = st.text_input("Le nouveau, à nouveau", type="password", key=f"{key}_encore")
        submitted = st.form_submit_button("Changer le mot de passe", type="primary")
    if not submitted:
        return False
    result = accounts.change_own_password(store, principal, current, new, again)
    for error in result.errors:
        st.error(error, icon=":material/error:")
    if result.ok:
        st.success(result.message, icon=":material/check_circle:")
    return result.ok


def _password_change_screen(store: Store, principal: Principal) -> None:
    _header()
    st.subheader("Choisissez votre mot de passe")
    st.info("Le mot de passe de votre compte est provisoire : choisissez le vôtre pour "
            "continuer.", icon=":material/key:")
    if password_change_form(store, principal, "mdp_obligatoire"):
        st.session_state[MUST_CHANGE_KEY] = False
        st.rerun()
    if st.button("Se déconnecter", key="se_deconnecter_mdp"):
        sign_out()
        st.rerun()


# -- OpenID Connect (optional: .streamlit/secrets.toml, section [auth]) ------------------------


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all: no OIDC
        return False


def _oidc_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:  # noqa: BLE001 - auth misconfigured: say not signed in
        return False


def _oidc_principal(store: Store) -> Principal | None:
    """The account mapped to the identity provider's e-mail, once the provider signed in."""
    if not _oidc_logged_in():
        return None
    email: Any = st.user.get("email")
    result = accounts.sign_in_oidc(store, str(email) if email else None)
    if result.principal is None:
        # Told on the sign-in screen, with a way out (st.logout() here would reload the page
        # and lose the message with the session).
        st.session_state[OIDC_REFUSAL_KEY] = result.message
        return None
    st.session_state.pop(OIDC_REFUSAL_KEY, None)
    sign_in(result.principal)
    partner_service.daily_confirmation_check(store)
    return result.principal
