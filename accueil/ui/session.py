"""Who is using this browser tab: the signed-in principal, kept in the Streamlit session.

Every page and service call gets its principal from :func:`current_principal`; services check
it with :func:`accueil.domain.access.require`, outputs filter with
:func:`accueil.domain.access.visibility`. Tests sign in by putting a
:class:`~accueil.domain.access.Principal` under :data:`KEY` in ``session_state``.
"""

from __future__ import annotations

import streamlit as st

from accueil.domain.access import Principal, Role

KEY = "accueil.principal"

# Until sign-in lands (issue 13), the one local user of the embedded store administers it.
LOCAL_ADMIN = Principal(login="local", role=Role.ADMINISTRATEUR, display_name="Utilisateur local")


def current_principal() -> Principal:
    principal = st.session_state.get(KEY)
    if isinstance(principal, Principal):
        return principal
    return LOCAL_ADMIN


def sign_in(principal: Principal) -> None:
    st.session_state[KEY] = principal
