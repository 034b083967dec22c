"""Tableau de bord: where the territory's offers stand, at a glance, for a meeting."""

import streamlit as st

from accueil import fr
from accueil.domain.pillars import Pillar, describe_missing
from accueil.domain.territories import MASSIF_CENTRAL, MASSIF_NOTE
from accueil.services import qualify
from accueil.services.audience import count_text
from accueil.ui import resources, widgets
from accueil.ui.session import current_principal
from accueil.ui.text import md

store = resources.store_or_stop()
territory = widgets.current_territory(store)
audience = current_principal()
view, figures = resources.dashboard_view(store, territory, audience)
data = view.data

st.title("Tableau de bord")
st.caption(f"Territoire : **{md(territory.label)}**"
           + (f" ({MASSIF_NOTE})" if territory == MASSIF_CENTRAL else "")
           + " · offres en cours, archivées exclues")

if data.demo:
    st.info(f"Ces chiffres incluent {fr.plural(data.demo, 'offre')} de démonstration "
            "(CC de Saint-Flour). Vous pouvez les retirer depuis la page *Données*.", icon=":material/info:")

if view.total == 0:
    st.warning("Aucune offre sur ce territoire pour l'instant. Saisissez-en une depuis "
               "*Saisir une offre*, ou choisissez un autre territoire dans la barre latérale.")
    st.stop()

most_missing = data.most_missing_pillar
c1, c2, c3, c4 = st.columns(4)
c1.metric("Offres en cours", count_text(view.total))
c2.metric("Offres qualifiées", count_text(view.qualified),
          help="Les trois piliers sont complets : activité, réceptivité, aménités.")
c3.metric("Part qualifiée", fr.percent(view.qualified_share))
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

if view.note:
    st.caption(md(view.note))

st.subheader(":material/event_repeat: À revérifier")
recheck = qualify.recheck_list(store, territory, audience=audience)
st.caption(f"Offres et biens non vérifiés depuis plus de {recheck.months} mois : "
           f"{fr.plural(recheck.total, 'élément')}, les plus anciens d'abord.")
st.markdown("\n".join(f"- **{row.kind}** · {md(row.label)} ({md(row.commune)}) — {row.verified}"
                      for row in recheck.rows) or "Tout est à jour.")
