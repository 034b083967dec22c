"""Tableau de bord: where the territory's offers stand, at a glance, for a meeting."""

from datetime import date, timedelta

import streamlit as st

from accueil import fr
from accueil.domain.access import Action, may
from accueil.domain.pillars import Pillar, describe_missing
from accueil.domain.territories import MASSIF_CENTRAL, MASSIF_NOTE
from accueil.services import history, qualify
from accueil.ui import resources, session, widgets
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
territory = widgets.current_territory(store)
data, figures = resources.dashboard_view(store, territory, store.revision())

st.title("Tableau de bord")
st.caption(f"Territoire : **{md(territory.label)}**"
           + (f" ({MASSIF_NOTE})" if territory == MASSIF_CENTRAL else "")
           + " · offres en cours, archivées exclues")

if data.demo:
    st.info(f"Ces chiffres incluent {fr.plural(data.demo, 'offre')} de démonstration "
            "(CC de Saint-Flour). Vous pouvez les retirer depuis la page *Données*.", icon=":material/info:")

if data.total == 0:
    st.warning("Aucune offre sur ce territoire pour l'instant. Saisissez-en une depuis "
               "*Saisir une offre*, ou choisissez un autre territoire dans la barre latérale.")
    st.stop()

most_missing = data.most_missing_pillar
c1, c2, c3, c4 = st.columns(4)
c1.metric("Offres en cours", fr.number(data.total))
c2.metric("Offres qualifiées", fr.number(data.qualified),
          help="Les trois piliers sont complets : activité, réceptivité, aménités.")
c3.metric("Part qualifiée", fr.percent(data.qualified_share))
c4.metric("Pilier le plus souvent manquant",
          Pillar(most_missing).label if most_missing else "Aucun",
          help="Le pilier partiel ou absent dans le plus grand nombre d'offres.")

left, right = st.columns(2)
with left:
    st.subheader("Offres par type d'activité")
    st.altair_chart(figures["kind"], width="stretch")
with right:
    st.subheader("Piliers à compléter")
    st.altair_chart(figures["pillars"], width="stretch")

left, right = st.columns(2)
with left:
    st.subheader(f"Offres par {data.area_level.lower()}")
    st.altair_chart(figures["area"], width="stretch")
with right:
    st.subheader("Avancement des offres")
    st.altair_chart(figures["status"], width="stretch")
    st.subheader("Ce qui manque le plus souvent")
    for key, n in zip(data.top_missing["item"], data.top_missing["n"], strict=True):
        st.markdown(f"- {describe_missing(key)} — **{fr.plural(int(n), 'offre')}**")

st.subheader(":material/event_repeat: À revérifier")
recheck = qualify.recheck_list(store, territory, limit=None)
st.caption(f"Offres et biens non vérifiés depuis plus de {recheck.months} mois : "
           f"{fr.plural(recheck.total, 'élément')}, les plus anciens d'abord.")
st.markdown("\n".join(f"- **{row.kind}** · {md(row.label)} ({md(row.commune)}) — {row.verified}"
                      + (f" · {md(row.partner)}" if row.partner else "")
                      for row in recheck.rows[:10]) or "Tout est à jour.")
if recheck.total > 10:
    with st.expander(f"Voir les {fr.number(recheck.total)} éléments à revérifier"):
        table = qualify.recheck_table(recheck)
        st.dataframe(table, hide_index=True, width="stretch")
        widgets.table_download(table, "a-reverifier", "dl_reverifier")
if recheck.total:
    st.page_link("pages/partenaires.py", label="Préparer les fichiers de veille par partenaire",
                 icon=":material/outgoing_mail:")

if may(principal, Action.VIEW_HISTORY):
    st.subheader(":material/history: Ce qui a changé")
    since = st.date_input("Depuis le", value=date.today() - timedelta(days=30),
                          max_value=date.today(), format="DD/MM/YYYY", key="changes_depuis")
    counts, rows, total = history.changes_since(store, since, by=principal)
    if not total:
        st.caption(f"Aucun changement depuis le {fr.day(since)}.")
    else:
        st.caption(f"{fr.plural(total, 'changement')} depuis le {fr.day(since)}, toutes "
                   "personnes confondues (journal des modifications).")
        st.dataframe(counts, hide_index=True, width="content")
        with st.expander(f"Le détail, les plus récents d'abord ({fr.number(len(rows))} "
                         "au plus)"):
            st.dataframe(rows, hide_index=True, width="stretch")
