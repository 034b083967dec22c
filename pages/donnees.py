"""Données: the store file, its contents, the demo territory (removed in one click), backups
and restore, and the full export of all data."""

import streamlit as st

from accueil import fr
from accueil.domain.access import Action, may
from accueil.services import backups
from accueil.store import backup
from accueil.store.dashboard import store_summary
from accueil.store.db import StoreError
from accueil.ui import resources, session
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
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
            try:
                offers, items = session.checked(backups.remove_demo, store, by=principal)
            except backups.DemoAccountLeft as refused:
                st.error(str(refused), icon=":material/block:")
            else:
                st.toast(f"Démonstration retirée : {fr.plural(offers, 'offre')}, "
                         f"{fr.plural(items, 'bien')}.")
                st.rerun()
else:
    st.markdown("La démonstration n'est pas installée.")
    if st.button("Réinstaller la démonstration", key="installer_demo"):
        count = session.checked(backups.reinstall_demo, store, by=principal)
        st.toast(f"{fr.plural(count, 'offre')} de démonstration installées.")
        st.rerun()

st.subheader("Sauvegardes")
if store.path is None:
    st.markdown("La base est sur un serveur PostgreSQL : elle se sauvegarde avec les outils du "
                "serveur (`pg_dump`). L'export complet ci-dessous fonctionne aussi.")
else:
    folder = backup.folder_of(store)
    st.markdown(f"Une copie de la base est faite chaque jour à la première ouverture, dans "
                f"« {md(str(folder))} » ; l'application garde les "
                f"{fr.plural(backup.keep_days(store), 'dernière', 'dernières')} sauvegardes "
                "quotidiennes. Les sauvegardes manuelles et celles d'avant une restauration ne "
                "sont jamais effacées.")
    if notice := st.session_state.pop("sauvegarde_message", None):
        st.success(md(notice), icon=":material/check_circle:")
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    if c1.button("Sauvegarder maintenant", icon=":material/backup:", key="sauvegarder"):
        try:
            made = session.checked(backups.take_backup, store, by=principal)
            st.session_state["sauvegarde_message"] = f"Sauvegarde écrite : {made.path.name}."
            st.rerun()
        except StoreError as error:
            st.error(md(str(error)), icon=":material/error:")
    keep = c2.number_input("Sauvegardes quotidiennes à garder", min_value=1, max_value=3650,
                           value=backup.keep_days(store), step=1, key="garder_jours")
    if int(keep) != backup.keep_days(store):
        session.checked(backups.set_keep_days, store, int(keep), by=principal)
        st.toast(f"Les {int(keep)} dernières sauvegardes quotidiennes seront gardées.")
    rows = backups.backup_rows(store)
    if not rows:
        st.caption("Aucune sauvegarde pour l'instant.")
    else:
        by_key = {row.key: row for row in rows}
        chosen = st.selectbox("Sauvegarde à examiner ou restaurer", list(by_key),
                              format_func=lambda k: by_key[k].label, key="sauvegarde_choisie")
        try:
            contents = backup.preview(by_key[chosen].path)
        except StoreError as error:
            st.error(md(str(error)), icon=":material/error:")
        else:
            st.markdown("Elle contient : " + ", ".join(
                md(line) for line in backups.describe_contents(contents)) + ".")
            with st.popover("Restaurer cette sauvegarde", icon=":material/settings_backup_restore:"):
                st.warning("La base actuelle sera remplacée par cette sauvegarde, pour tous les "
                           "utilisateurs. Une sauvegarde de l'état actuel est faite juste avant : "
                           "elle permet de revenir en arrière.", icon=":material/warning:")
                if st.button("Oui, restaurer", type="primary", key="restaurer"):
                    try:
                        safety = session.checked(backups.restore,
                                                 store, by_key[chosen].path, by=principal)
                    except StoreError as error:
                        st.error(md(str(error)), icon=":material/error:")
                    else:
                        st.cache_data.clear()
                        st.session_state["sauvegarde_message"] = (
                            f"Base restaurée depuis {by_key[chosen].path.name}. L'état "
                            f"d'avant est gardé dans {safety.path.name}.")
                        st.rerun()

st.subheader("Tout exporter")
st.markdown("Toutes les tables de la base dans un fichier `.zip` : chaque table en Parquet "
            "(données exactes, pour un outil de données ou une migration) et en CSV (pour un "
            "tableur), avec la description des colonnes. Pour un·e collègue qui reprend le "
            "dossier, ou pour changer d'outil : le format est décrit dans `docs/export.md`.")
if not may(principal, Action.BACKUP):
    st.caption(may(principal, Action.BACKUP).reason)
    st.stop()
st.download_button("Exporter toutes les données (.zip)",
                   data=lambda: backups.export_zip(store, by=principal),
                   file_name="accueil-export-complet.zip", mime="application/zip",
                   icon=":material/folder_zip:", key="export_complet")
