"""Tableau de bord: where the territory's offers stand, at a glance, for a meeting."""

from datetime import date, timedelta

import streamlit as st

from accueil import fr
from accueil.domain.access import Action, may
from accueil.domain.pillars import describe_missing
from accueil.domain.territories import MASSIF_CENTRAL, MASSIF_NOTE
from accueil.services import history, qualify
from accueil.ui import indicators, resources, session, widgets
from accueil.ui.session import current_principal
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
territory = widgets.current_territory(store)
audience = current_principal()
view, figures = resources.dashboard_view(store, territory, audience)
data = view.data
figures_now = indicators.indicators(store, territory, audience)

st.title("Tableau de bord")
st.caption(f"Territoire : **{md(territory.label)}**"
           + (f" ({MASSIF_NOTE})" if territory == MASSIF_CENTRAL else "")
           + " · offres ouvertes : ni pourvues ni archivées")

if data.demo:
    st.info(f"Ces chiffres incluent {fr.plural(data.demo, 'offre')} de démonstration "
            "(CC de Saint-Flour). Vous pouvez les retirer depuis la page *Données*.", icon=":material/info:")

if not figures_now.open and not figures_now.filled:
    st.warning("Aucune offre sur ce territoire pour l'instant. Saisissez-en une depuis "
               "*Saisir une offre*, ou choisissez un autre territoire dans la barre latérale.")
    st.stop()

indicators.metrics(figures_now, indicators.HEADLINE, indicators.SECONDARY)

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

if view.note:
    st.caption(md(view.note))

st.subheader(":material/event_repeat: À revérifier")
recheck = qualify.recheck_list(store, territory, limit=None, audience=audience)
st.caption(f"Offres et biens non vérifiés depuis plus de {recheck.months} mois : "
           f"{fr.plural(recheck.total, 'élément')}, les plus anciens d'abord. Cliquez sur une "
           "offre pour l'ouvrir ; les biens se revérifient sur la page *Réceptivité*.")
if not recheck.rows:
    st.markdown("Tout est à jour.")
else:
    event = st.dataframe(recheck.table(), hide_index=True, width="stretch", height=320,
                         on_select="rerun", selection_mode=widgets.ROW_CLICK,
                         key="a_reverifier")
    row = widgets.clicked_row(event)
    if row is not None:
        chosen = recheck.rows[row]
        if chosen.offer_id is not None:
            st.switch_page("pages/offres.py", query_params={"offre": str(chosen.offer_id)})
        st.switch_page("pages/receptivite.py")
    widgets.table_download(recheck.table(), "a-reverifier", "dl_reverifier")
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
