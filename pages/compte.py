"""Mon compte: who is signed in, their role and scope, and the change of their own password."""

import streamlit as st

from accueil import fr
from accueil.ui import resources, session
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()

st.title("Mon compte")
st.markdown(f"**{md(principal.display_name or principal.login)}** — identifiant "
            f"`{md(principal.login)}` · {principal.role.label}"
            + (f" · {md(principal.organisation)}" if principal.organisation else ""))
if principal.communes is None:
    st.caption("Territoire : tout le Massif central.")
else:
    st.caption(f"Territoire : {fr.plural(len(principal.communes), 'commune')}.")

st.subheader("Changer mon mot de passe")
if principal.account_id is None:
    st.info("Ce compte local n'a pas de mot de passe.", icon=":material/info:")
else:
    session.password_change_form(store, principal, "mon_mot_de_passe")
