"""Accueil: the router. Page configuration, the shared sidebar, then the chosen page.

No business logic here: each screen lives in ``pages/`` and calls the ``accueil`` package.
Nothing of the app is drawn before someone is signed in (:mod:`accueil.ui.session`): the
navigation is set up hidden (a bookmarked page opens once signed in) and the gate shown.
"""

from pathlib import Path

import streamlit as st

from accueil.domain.access import Action, may
from accueil.ui import resources, session, widgets
from accueil.ui.french import french_interface

# The tab's icon is a file of ours: a Material icon here would be fetched from Google's servers.
st.set_page_config(page_title="Accueil · offres qualifiées",
                   page_icon=str(Path(__file__).with_name("accueil") / "ui" / "favicon.png"),
                   layout="wide")

store = resources.store_or_stop()
principal = session.signed_in(store)

# Grouped by the four steps of the work: spot offers, qualify them, analyse them, present.
pages = {
    "Repérer": [
        st.Page("pages/offres.py", title="Offres", icon=":material/list_alt:"),
        st.Page("pages/offre.py", title="Saisir une offre", icon=":material/edit_note:"),
        st.Page("pages/importer.py", title="Importer", icon=":material/upload_file:"),
    ],
    "Qualifier": [
        st.Page("pages/qualifier.py", title="Qualifier", icon=":material/fact_check:"),
        st.Page("pages/receptivite.py", title="Réceptivité", icon=":material/home_work:"),
        st.Page("pages/amenites.py", title="Aménités", icon=":material/local_library:"),
        st.Page("pages/partenaires.py", title="Partenaires", icon=":material/handshake:"),
    ],
    "Analyser": [
        st.Page("pages/viabilite.py", title="Viabilité", icon=":material/query_stats:"),
    ],
    "Présenter": [
        st.Page("pages/tableau_de_bord.py", title="Tableau de bord", icon=":material/dashboard:",
                default=True),
        st.Page("pages/carte.py", title="Carte", icon=":material/map:"),
        st.Page("pages/presenter.py", title="Présentation", icon=":material/slideshow:"),
        st.Page("pages/diffuser.py", title="Diffuser", icon=":material/campaign:"),
    ],
    "Administrer": [
        st.Page("pages/territoires.py", title="Territoires", icon=":material/travel_explore:"),
        st.Page("pages/donnees.py", title="Données", icon=":material/database:"),
        st.Page("pages/compte.py", title="Mon compte", icon=":material/person:"),
    ],
}
# Comptes for administrators (and, hidden, before sign-in, so that its address opens it once
# signed in); the page checks again, and its service always.
if principal is None or may(principal, Action.MANAGE_ACCOUNTS):
    pages["Administrer"].insert(2, st.Page("pages/comptes.py", title="Comptes",
                                           icon=":material/group:"))
# The five steps as menus along the top: every page in sight of its step (a sidebar list of 16
# folds some behind an English « View 6 more »), and the sidebar keeps the territory in view.
navigation = st.navigation(pages, position="top" if principal else "hidden")
if principal is None:
    session.gate(store)  # the sign-in screen, and nothing else; stops the run
st.sidebar.markdown("### :material/holiday_village: Accueil")
st.sidebar.caption("Offres d'accueil qualifiées du Massif central")
widgets.territory_picker(store)
french_interface()
session.sidebar(principal)
resources.run_page(navigation.run)
