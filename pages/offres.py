"""Offres: the filterable list, and the selected offer's page with its three pillars."""

import streamlit as st

from accueil import fr
from accueil.domain.access import Action, Role, Visibility, may
from accueil.domain.offers import AMENITY_LABELS, ActivityKind, OfferStatus
from accueil.domain.pillars import Qualification, assess
from accueil.services import history, tables
from accueil.services import offers as offer_service
from accueil.services.audience import offer_for
from accueil.services.listing import offers_list
from accueil.store.offers import OfferQuery
from accueil.ui import resources, session, widgets
from accueil.ui.session import current_principal
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
territory = widgets.current_territory(store)
audience = current_principal()

st.title("Offres")
st.caption(f"Territoire : **{md(territory.label)}**")

if may(principal, Action.VALIDATE_PROPOSAL):
    proposed = offer_service.proposals(store, principal)
    if len(proposed):
        with st.expander(f"Propositions des partenaires à valider ({fr.number(len(proposed))})",
                         expanded=True, icon=":material/inbox:"):
            for row in proposed.head(20).itertuples():
                c1, c2, c3 = st.columns([4, 1, 1], vertical_alignment="center")
                c1.markdown(f"**{md(row.title, limit=200)}** · {md(row.commune)} · "
                            f"proposée par {md(row.source_partner) or '—'}")
                for column, accept, label in ((c2, True, "Valider"), (c3, False, "Refuser")):
                    if column.button(label, key=f"proposition_{row.id}_{int(accept)}"):
                        st.toast(session.checked(offer_service.validate_proposal, store,
                                                 int(row.id), by=principal, accept=accept))
                        st.rerun()
elif principal.role is Role.PARTENAIRE:
    st.info("Vos nouvelles offres sont des propositions : un(e) chargé(e) de mission du "
            "territoire les valide avant qu'elles rejoignent les offres repérées.",
            icon=":material/info:")

with st.expander("Filtrer", expanded=False):
    c1, c2, c3 = st.columns(3)
    kinds = c1.multiselect("Type d'activité", list(ActivityKind), format_func=lambda k: k.label,
                           placeholder="Tous")
    statuses = c2.multiselect("Étape", list(OfferStatus), format_func=lambda s: s.label,
                              placeholder="Toutes (sauf archivées)")
    qualifications = c3.multiselect("Qualification", list(Qualification),
                                    format_func=lambda q: q.label, placeholder="Toutes")
    text = st.text_input("Rechercher", placeholder="Titre, commune ou partenaire")

found = offers_list(store, OfferQuery(
    territory=territory, kinds=tuple(kinds), statuses=tuple(statuses),
    qualifications=tuple(q.value for q in qualifications), text=text,
    include_archived=OfferStatus.ARCHIVEE in statuses), audience=audience)
offers, total, listing = found.offers, found.total, found.table

shown = (f"les {fr.number(len(offers))} plus récentes sur " if total > len(offers) else "")
st.markdown(f"**{shown}{fr.plural(total, 'offre')}** · cliquez sur une ligne pour ouvrir "
            "l'offre." + (" Affinez les filtres pour voir les autres." if shown else ""))
event = st.dataframe(
    tables.status_colours(listing), hide_index=True, width="stretch", height=420,
    on_select="rerun", selection_mode=widgets.ROW_CLICK, key="liste_offres",
    column_config={
        "Offre": st.column_config.TextColumn("Offre", width="large"),
        "Complétude": st.column_config.ProgressColumn(
            "Complétude", min_value=0, max_value=100, format="%d %%"),
        "Vérifiée le": st.column_config.DateColumn("Vérifiée le", format="DD/MM/YYYY"),
    })

widgets.table_download(listing, "offres", "dl_offres")
row = widgets.clicked_row(event)
if row is not None:
    st.query_params["offre"] = str(offers.iloc[row]["id"])
selected = st.query_params.get("offre", "")
if not selected.isdigit():
    st.stop()

access = offer_for(store, int(selected), audience=audience)
offer = access.offer
if offer is None:
    st.warning(access.message, icon=":material/lock:")
    st.stop()
assert offer.id is not None
redacted = access.visibility is Visibility.REDACTED

st.divider()
st.header(md(offer.title, limit=300))
labels = resources.commune_labels(store)
st.caption(
    f"{md(labels.get(offer.commune_insee, offer.commune_insee))} · {offer.status.label} · "
    f"{offer.confidentiality.label} · source : {md(offer.source_partner) or '—'} · "
    f"vérifiée le {fr.day(offer.verified_on)}" + (" · démonstration" if offer.is_demo else ""))
if redacted:
    st.info("Offre à diffusion restreinte : présentée sans l'identité du cédant ni ses textes, "
            "les montants par tranches. Le chargé de mission du territoire a le détail.",
            icon=":material/visibility_lock:")
else:
    widgets.pillar_panel(assess(offer))
    widgets.evidence_panel(store, offer.id)

left, right = st.columns(2)
with left:
    st.subheader("Activité")
    for label, value in tables.activity_facts(offer.activity,
                                              access.bands if redacted else None):
        st.markdown(f"**{label}** : {md(value, limit=2000)}")
with right:
    st.subheader("Aménités")
    if offer.amenities:
        st.markdown("\n".join(f"- {AMENITY_LABELS[a]}" for a in sorted(offer.amenities)))
    st.markdown("**Cadre de vie** : "
                + (md(offer.living_environment, multiline=True, limit=5000) or '—'))
st.subheader("Réceptivité")
if offer.receptivity:
    st.dataframe(tables.receptivity_table(offer.receptivity, access.item_bands),
                 hide_index=True, width="stretch")
else:
    st.markdown("Aucun logement, foncier ou local rattaché.")

if not access.full:
    st.stop()  # analysing, qualifying and editing need every field of the offer
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
            outcome = session.checked(offer_service.archive, store, offer, by=principal)
            if outcome.conflict is not None:
                st.warning(md(outcome.conflict.message(
                    "Rien n'a été archivé : relisez l'offre (la page montre sa version "
                    "enregistrée), puis archivez-la si c'est toujours voulu.")),
                    icon=":material/sync_problem:")
            else:
                del st.query_params["offre"]
                st.toast("Offre archivée.")
                st.rerun()

if may(principal, Action.VIEW_HISTORY):
    with st.expander("Historique des modifications", icon=":material/history:"):
        changes = session.checked(history.offer_history, store, offer.id, by=principal)
        if changes.empty:
            st.caption("Aucune modification enregistrée depuis la mise en place du journal.")
        else:
            st.dataframe(changes, hide_index=True, width="stretch")
