"""Carte: where the offers are, where they are qualified, which pillar is missing where."""

import streamlit as st

from accueil.domain.offers import ActivityKind, OfferStatus
from accueil.domain.sectors import sector_label
from accueil.geo.maps import LEVEL_ARTICLES, LEVEL_WORDS, Metric
from accueil.services.maps import (
    MapFilters,
    area_offers_of,
    default_level,
    map_view,
    sector_choices,
)
from accueil.store.maps import MAP_LEVELS
from accueil.ui import maps as ui
from accueil.ui import resources, widgets
from accueil.ui.session import current_principal
from accueil.ui.text import md

store = resources.store_or_stop()
territory = widgets.current_territory(store)
audience = current_principal()

st.title("Carte")
ui.preload_map(territory, default_level(territory))

left, right = st.columns([2, 3])
level = left.segmented_control(
    "Découpage", MAP_LEVELS, format_func=lambda lv: LEVEL_WORDS[lv].capitalize() + "s",
    default=ui.level_asked(default_level(territory)), key=ui.level_key(territory),
    required=True)
metric = right.selectbox("Indicateur", list(Metric), format_func=lambda m: m.label,
                         key="carte_indicateur", help="\n\n".join(
                             f"**{m.label}** : {m.help}" for m in Metric))
with st.expander("Filtrer les offres", icon=":material/filter_alt:"):
    c1, c2, c3 = st.columns(3)
    kinds = c1.multiselect("Type d'activité", list(ActivityKind), format_func=lambda k: k.label,
                           key="carte_types")
    statuses = c2.multiselect("Étape", list(OfferStatus), format_func=lambda s: s.label,
                              key="carte_etapes",
                              help="Sans choix : toutes les offres en cours, archivées exclues.")
    sectors = c3.multiselect("Secteur (NAF)", sector_choices(store, territory, audience=audience),
                             format_func=sector_label, key="carte_secteurs")

view = map_view(store, territory, level, metric,
                MapFilters(tuple(kinds), tuple(statuses), tuple(sectors)), ui.geo_source(),
                selected=st.session_state.get(ui.AREA_KEY), audience=audience)
st.caption(md(view.caption))
if view.note:
    st.caption(md(view.note))
ui.draw_map(view)
st.caption("Survolez une zone pour lire ses chiffres ; cliquez-la pour voir ses offres "
           "ci-dessous. Zones grises : aucune offre. Les boutons + et − zooment ; une fois "
           "zoomée, la carte se déplace en la faisant glisser.")

st.subheader("Offres d'une zone")
if note := ui.chosen_area(view):
    st.info(md(note), icon=":material/info:")
code = st.selectbox(
    f"Choisir {LEVEL_ARTICLES[view.level]} {LEVEL_WORDS[view.level]}", list(view.choices),
    key=ui.AREA_KEY, index=None,
    format_func=lambda c: view.choices[c], placeholder="Cliquez sur la carte ou tapez un nom")
if code is not None:
    listed = area_offers_of(store, view, code, audience=audience)
    if listed.note:
        st.caption(md(listed.note))
    st.dataframe(listed.table, hide_index=True, width="stretch", column_config={
        "Complétude": st.column_config.ProgressColumn(
            "Complétude", min_value=0, max_value=100, format="%d %%"),
        "Vérifiée le": st.column_config.DateColumn("Vérifiée le", format="DD/MM/YYYY")})
    widgets.table_download(listed.table, f"offres-{code}", "dl_carte_offres")

if st.toggle("Afficher les chiffres de la carte, zone par zone", key="carte_tableau"):
    st.dataframe(view.table(), hide_index=True, width="stretch", column_config={
        "Part qualifiée": st.column_config.NumberColumn(format="%d %%"),
        "Offres pour 1 000 hab.": st.column_config.NumberColumn(format="%.2f")})

st.subheader("Images pour une présentation")
ui.image_downloads(view)
