"""Comptes (administrators): create accounts, change their role and scope, disable, reset a
password. Every action goes through :mod:`accueil.services.accounts`, which checks the role."""

import pandas as pd
import streamlit as st

from accueil import fr
from accueil.domain.access import ACCOUNT_ROLES, Action, Refused, may
from accueil.services import accounts
from accueil.ui import resources, session
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
MESSAGE_KEY = "comptes_message"

st.title("Comptes")
decision = may(principal, Action.MANAGE_ACCOUNTS)
if not decision:
    st.error(decision.reason, icon=":material/block:")
    st.stop()

message = st.session_state.pop(MESSAGE_KEY, None)
if message:
    st.success(md(message), icon=":material/check_circle:")

ROLE_LABELS = {r.value: r.label for r in ACCOUNT_ROLES}
SCOPE_HELP = ("Codes des territoires couverts, séparés par des virgules : code INSEE d'une "
              "commune (15187), SIREN d'une intercommunalité (200066660) ou code d'un "
              "département (15). Vide : tout le Massif central.")


def done(text: str) -> None:
    st.session_state[MESSAGE_KEY] = text
    st.rerun()


try:
    listed = accounts.accounts(store, principal)
except Refused as refused:
    st.error(refused.reason, icon=":material/block:")
    st.stop()

table = pd.DataFrame([{
    "Identifiant": a.login, "Nom": a.display_name, "Rôle": a.role.label,
    "Organisation": a.organisation, "Territoires": ", ".join(a.scope) or "Massif central",
    "État": "désactivé" if a.disabled else ("mot de passe provisoire"
                                            if a.must_change_password else "actif"),
    "Dernière connexion": fr.day(a.last_sign_in_at) if a.last_sign_in_at else "jamais",
} for a in listed])
st.dataframe(table, hide_index=True, width="stretch")

create_tab, edit_tab = st.tabs(["Créer un compte", "Modifier un compte"])
with create_tab, st.form("compte_nouveau", clear_on_submit=False):
    login = st.text_input("Identifiant", key="nouveau_identifiant")
    name = st.text_input("Nom affiché", key="nouveau_nom")
    role = st.selectbox("Rôle", list(ROLE_LABELS), format_func=ROLE_LABELS.__getitem__,
                        index=1, key="nouveau_role")
    organisation = st.text_input("Organisation (partenaires : CCI, CMA…)",
                                 key="nouveau_organisation")
    scope = st.text_input("Territoires", help=SCOPE_HELP, key="nouveau_territoires")
    oidc = st.text_input("Adresse OpenID Connect (facultatif)", key="nouveau_oidc",
                         help="L'adresse électronique que transmet le fournisseur d'identité "
                              "(ProConnect, Keycloak…), si la connexion par ce fournisseur est "
                              "configurée.")
    if st.form_submit_button("Créer le compte", type="primary"):
        try:
            result = accounts.create_account(store, principal, login=login, display_name=name,
                                             role=role, organisation=organisation,
                                             scope_text=scope, oidc_subject=oidc)
        except Refused as refused:
            st.error(refused.reason, icon=":material/block:")
        else:
            for error in result.errors:
                st.error(error, icon=":material/error:")
            if result.ok:
                done(result.message)

with edit_tab:
    by_id = {a.id: a for a in listed}
    chosen_id = st.selectbox("Compte", list(by_id), format_func=lambda i: by_id[i].label,
                             key="compte_choisi")
    if chosen_id is not None:
        chosen = by_id[chosen_id]
        with st.form(f"compte_{chosen.id}"):
            name = st.text_input("Nom affiché", chosen.display_name)
            role = st.selectbox("Rôle", list(ROLE_LABELS), format_func=ROLE_LABELS.__getitem__,
                                index=list(ROLE_LABELS).index(chosen.role.value))
            organisation = st.text_input("Organisation", chosen.organisation)
            scope = st.text_input("Territoires", ", ".join(chosen.scope), help=SCOPE_HELP)
            oidc = st.text_input("Adresse OpenID Connect", chosen.oidc_subject or "")
            disabled = st.checkbox("Compte désactivé (plus de connexion possible)",
                                   chosen.disabled)
            if st.form_submit_button("Enregistrer", type="primary"):
                try:
                    result = accounts.update_account(
                        store, principal, chosen.id, display_name=name, role=role,
                        organisation=organisation, scope_text=scope, oidc_subject=oidc,
                        disabled=disabled)
                except Refused as refused:
                    st.error(refused.reason, icon=":material/block:")
                else:
                    for error in result.errors:
                        st.error(error, icon=":material/error:")
                    if result.ok:
                        done(f"{chosen.login} : {result.message}")
        if st.button("Réinitialiser le mot de passe", key="reinitialiser",
                     icon=":material/key:"):
            try:
                result = accounts.reset_password(store, principal, chosen.id)
            except Refused as refused:
                st.error(refused.reason, icon=":material/block:")
            else:
                if result.ok:
                    done(f"{chosen.login} : {result.message}")
                for error in result.errors:
                    st.error(error, icon=":material/error:")
