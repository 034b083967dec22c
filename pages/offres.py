"""Offres: the filterable list, and the selected offer's page with its three pillars."""

import streamlit as st

from accueil import fr
from accueil.domain.offers import AMENITY_LABELS, ActivityKind, OfferStatus
from accueil.domain.pillars import Qualification, assess
from accueil.services import tables
from accueil.store.offers import OfferQuery, archive_offer, get_offer, list_offers
from accueil.ui import resources, widgets
from accueil.ui.text import md

store = resources.store_or_stop()
territory = widgets.current_territory(store)

st.title("Offres")
st.caption(f"Territoire : **{md(territory.label)}**")

with st.expander("Filtrer", expanded=False):
    c1, c2, c3 = st.columns(3)
    kinds = c1.multiselect("Type d'activité", list(ActivityKind), format_func=lambda k: k.label,
                           placeholder="Tous")
    statuses = c2.multiselect("Étape", list(OfferStatus), format_func=lambda s: s.label,
                              placeholder="Toutes (sauf archivées)")
    qualifications = c3.multiselect("Qualification", list(Qualification),
                                    format_func=lambda q: q.label, placeholder="Toutes")
    text = st.text_input("Rechercher", placeholder="Titre, commune ou partenaire")

offers = list_offers(store, OfferQuery(
    territory=territory, kinds=tuple(kinds), statuses=tuple(statuses),
    qualifications=tuple(q.value for q in qualifications), text=text,
    include_archived=OfferStatus.ARCHIVEE in statuses))

total = int(offers["total"].iloc[0]) if len(offers) else 0
shown = (f"les {fr.number(len(offers))} plus récentes sur " if total > len(offers) else "")
st.markdown(f"**{shown}{fr.plural(total, 'offre')}** · cliquez sur une ligne pour ouvrir "
            "l'offre." + (" Affinez les filtres pour voir les autres." if shown else ""))
listing = tables.offers_table(offers)
event = st.dataframe(
    tables.status_colours(listing), hide_index=True, width="stretch", height=420,
    on_select="rerun", selection_mode="single-row", key="liste_offres",
    column_config={
        "Offre": st.column_config.TextColumn("Offre", width="large"),
        "Complétude": st.column_config.ProgressColumn(
            "Complétude", min_value=0, max_value=100, format="%d %%"),
        "Vérifiée le": st.column_config.DateColumn("Vérifiée le", format="DD/MM/YYYY"),
    })

widgets.table_download(listing, "offres", "dl_offres")
rows = event.selection.rows if event is not None else []
if rows:
    st.query_params["offre"] = str(offers.iloc[rows[0]]["id"])
selected = st.query_params.get("offre", "")
if not selected.isdigit():
    st.stop()

offer = get_offer(store, int(selected))
if offer is None:
    st.warning("Cette offre n'existe plus : elle a peut-être été supprimée entre-temps.")
    st.stop()
assert offer.id is not None

st.divider()
st.header(md(offer.title, limit=300))
labels = resources.commune_labels(store)
st.caption(
    f"{md(labels.get(offer.commune_insee, offer.commune_insee))} · {offer.status.label} · "
    f"{offer.confidentiality.label} · source : {md(offer.source_partner) or '—'} · "
    f"vérifiée le {fr.day(offer.verified_on)}" + (" · démonstration" if offer.is_demo else ""))
widgets.pillar_panel(assess(offer))
widgets.evidence_panel(store, offer.id)

left, right = st.columns(2)
with left:
    st.subheader("Activité")
    for label, value in tables.activity_facts(offer.activity):
        st.markdown(f"**{label}** : {md(value, limit=2000)}")
with right:
    st.subheader("Aménités")
    if offer.amenities:
        st.markdown("\n".join(f"- {AMENITY_LABELS[a]}" for a in sorted(offer.amenities)))
    st.markdown("**Cadre de vie** : "
                + (md(offer.living_environment, multiline=True, limit=5000) or '—'))
st.subheader("Réceptivité")
if offer.receptivity:
    st.dataframe(tables.receptivity_table(offer.receptivity), hide_index=True, width="stretch")
else:
    st.markdown("Aucun logement, foncier ou local rattaché.")

c1, c2, c3, c4, _ = st.columns([1, 1, 1.2, 1.2, 2])
c3.page_link("pages/qualifier.py", label="Qualifier", icon=":material/fact_check:",
             query_params={"offre": str(offer.id)})
if offer.activity is not None and offer.activity.kind is not ActivityKind.EMPLOI:
    c4.page_link("pages/viabilite.py", label="Analyser la viabilité",
                 icon=":material/query_stats:", query_params={"offre": str(offer.id)})
if c1.button("Modifier", key="modifier", icon=":material/edit:"):
    st.session_state["offre_a_modifier"] = offer.id
    st.switch_page("pages/offre.py")
if offer.status is not OfferStatus.ARCHIVEE:
    with c2.popover("Archiver", icon=":material/archive:"):
        st.markdown(f"Archiver **{md(offer.title)}** ? Elle disparaîtra des listes et du tableau "
                    "de bord, mais restera dans la base.")
        if st.button("Oui, archiver", key="confirmer_archivage", type="primary"):
            archive_offer(store, offer.id)
            del st.query_params["offre"]
            st.toast("Offre archivée.")
            st.rerun()
