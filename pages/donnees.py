"""Données: the store file, its contents, and the demo territory (removed in one click)."""

import streamlit as st

from accueil import fr
from accueil.io.demo import load_demo_offers
from accueil.store.dashboard import store_summary
from accueil.store.offers import delete_demo, seed_demo
from accueil.ui import resources

store = resources.store_or_stop()
summary = store_summary(store)

st.title("Données")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Offres", fr.number(summary.offers))
c2.metric("dont démonstration", fr.number(summary.demo_offers))
c3.metric("Logements, fonciers, locaux", fr.number(summary.items))
c4.metric("Communes de référence", fr.number(summary.communes))
where = "Fichier de la base" if store.engine == "duckdb" else "Base PostgreSQL"
st.markdown(f"**{where}** : `{store.location}` · schéma version {summary.schema_version}")
st.caption("Pour utiliser une autre base, lancez l'application avec la variable "
           "d'environnement ACCUEIL_DB=chemin/vers/base.duckdb, ou "
           "ACCUEIL_DB=postgresql://utilisateur@serveur/base pour un serveur PostgreSQL "
           "partagé par plusieurs instances.")

st.subheader("Territoire de démonstration")
if summary.demo_offers:
    st.markdown(
        f"La base contient {fr.plural(summary.demo_offers, 'offre')} de démonstration "
        "(CC de Saint-Flour, Cantal), marquées « démo ». Retirez-les avant de saisir vos "
        "propres offres : vos offres et les données de référence ne sont pas touchées.")
    with st.popover("Retirer la démonstration", icon=":material/delete_sweep:"):
        st.warning(f"{fr.plural(summary.demo_offers, 'offre')} de démonstration et leurs "
                   "logements seront supprimés définitivement.")
        if st.button("Oui, retirer la démonstration", type="primary", key="retirer_demo"):
            offers, items = delete_demo(store)
            st.toast(f"Démonstration retirée : {fr.plural(offers, 'offre')}, "
                     f"{fr.plural(items, 'bien')}.")
            st.rerun()
else:
    st.markdown("La démonstration n'est pas installée.")
    if st.button("Réinstaller la démonstration", key="installer_demo"):
        count = seed_demo(store, load_demo_offers(), force=True)
        st.toast(f"{fr.plural(count, 'offre')} de démonstration installées.")
        st.rerun()
