"""Qualifier: the offers closest to qualification, then one offer's checklist and assistant."""

import streamlit as st

from accueil import fr
from accueil.domain.offers import TEXT_LIMITS
from accueil.domain.suggestions import Household
from accueil.services import qualify
from accueil.services.audience import offer_for
from accueil.ui import indicators, qualify_widgets, resources, session, widgets
from accueil.ui.session import current_principal
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
territory = widgets.current_territory(store)
audience = current_principal()

st.title("Qualifier les offres")
st.caption(f"Territoire : **{md(territory.label)}** · une offre est qualifiée quand ses trois "
           "piliers sont complets : activité, réceptivité, aménités.")

if notice := st.session_state.pop("qualifier_message", None):
    ok, text, qualified_now = notice
    if qualified_now:
        st.success(md(text), icon=":material/verified:")
    elif ok:
        st.info(md(text), icon=":material/info:")
    else:
        st.warning(md(text), icon=":material/warning:")

queue = qualify.territory_queue(store, territory, audience=audience)
indicators.metrics(queue.indicators)

st.subheader("Les plus proches de la qualification")
st.caption("Les offres auxquelles il manque le moins d'éléments d'abord. Cliquez sur une ligne "
           "pour ouvrir sa liste de contrôle et l'assistant.")
event = st.dataframe(
    queue.table, hide_index=True, width="stretch", height=320, on_select="rerun",
    selection_mode=widgets.ROW_CLICK, key="file_qualification",
    column_config={"Offre": st.column_config.TextColumn(width="medium"),
                   "Complétude": st.column_config.ProgressColumn(
                       "Complétude", min_value=0, max_value=100, format="%d %%", width="small"),
                   "Il manque": st.column_config.TextColumn("Il manque", width="large")})
widgets.table_download(queue.table, "offres-a-qualifier", "dl_qualifier")
row = widgets.clicked_row(event)
if row is not None:
    st.query_params["offre"] = str(queue.ids[row])
selected = st.query_params.get("offre", "")
if not selected.isdigit():
    st.info("Choisissez une offre dans la liste ci-dessus.", icon=":material/touch_app:")
    st.stop()

access = offer_for(store, int(selected), audience=audience)
if not access.full:
    st.warning(access.message or "Cette offre n'est consultable qu'en version résumée, sur la "
               "page *Offres* : son assistant de qualification demande l'accès à tous ses "
               "champs.", icon=":material/lock:")
    st.stop()

st.divider()
with st.container(border=True):
    st.markdown("**Réglages de l'assistant**")
    c1, c2, c3, c4 = st.columns([1, 1, 2, 2])
    adults = c1.number_input("Adultes à loger", min_value=1, max_value=6, value=2, step=1,
                             key="foyer_adultes")
    children = c2.number_input("Enfants", min_value=0, max_value=8, value=1, step=1,
                               key="foyer_enfants")
    radius = c3.slider("Chercher jusqu'à (km)", min_value=0, max_value=qualify.MAX_RADIUS_KM,
                       value=qualify.DEFAULT_RADIUS_KM, step=5, key="rayon",
                       help="Les biens de la commune de l'offre d'abord, puis ceux des communes "
                            "dont le centre est à moins de cette distance (à vol d'oiseau).")
    user = c4.text_input("Votre nom", key="qualifie_par", placeholder="Ex. : Marie Dupont",
                         max_chars=TEXT_LIMITS["qualified_by"],
                         help="Enregistré avec la date quand l'offre devient qualifiée.")

view = qualify.assistant(store, int(selected), Household(int(adults), int(children)), radius,
                         audience=audience)
if view is None:
    st.warning("Cette offre n'existe plus : elle a peut-être été supprimée entre-temps.")
    st.stop()
offer = view.offer
assert offer.id is not None

st.header(md(offer.title, limit=300))
st.caption(f"{md(view.commune_label)} · {offer.status.label} · source : "
           f"{md(offer.source_partner) or '—'} · vérifiée le {fr.day(offer.verified_on)}"
           + (" · démonstration" if offer.is_demo else ""))
if view.qualified_at is not None:
    st.markdown(f":blue[:material/verified:] Qualifiée le {fr.day(view.qualified_at)}"
                + (f" par **{md(view.qualified_by)}**" if view.qualified_by else ""))
qualify_widgets.checklist_panel(view.checklist)
widgets.evidence_panel(store, offer.id)
st.caption(f"Complétude : {fr.percent(view.checklist.completeness)} · « à revérifier » : "
           f"pas vérifié depuis plus de {view.veille_months} mois.")

st.subheader(":material/join_inner: Assistant d'agrégation : réceptivité")
if view.linked:
    st.markdown("**Déjà rattaché à l'offre**")
    for linked in view.linked:
        c1, c2 = st.columns([5, 1])
        c1.markdown(f":material/home: {md(linked.label)}")
        if c2.button("Détacher", key=f"detacher_{linked.item_id}", icon=":material/link_off:"):
            result = session.checked(qualify.unlink_item,
                                     store, offer.id, linked.item_id, user, by=principal)
            st.session_state["qualifier_message"] = (result.ok, result.message, False)
            st.rerun()

for index, need_view in enumerate(view.needs):
    need = need_view.need
    st.markdown(f"##### Il faut {need.label}" + (f" — {need.why}" if need.why else ""))
    if need_view.met:
        st.markdown(":blue[:material/check_circle:] Déjà trouvé et décrit : rien à ajouter.")
        continue
    if not need_view.cards:
        st.info(f"Aucun bien disponible à moins de {fr.number(view.radius_km)} km. "
                "Élargissez la recherche, ou ajoutez des biens depuis la page *Réceptivité*.",
                icon=":material/search_off:")
        continue
    st.caption(f"{fr.plural(len(need_view.cards), 'suggestion')} parmi "
               f"{fr.plural(need_view.considered, 'bien')} à moins de "
               f"{fr.number(view.radius_km)} km : la commune de l'offre d'abord, puis par "
               "adéquation.")
    columns = st.columns(3)
    for position, card in enumerate(need_view.cards[:6]):
        with columns[position % 3]:
            if qualify_widgets.suggestion_card(card, key=f"lier_{index}_{card.item_id}"):
                result = session.checked(qualify.link_item,
                                         store, offer.id, card.item_id, user, by=principal)
                st.session_state["qualifier_message"] = (
                    result.ok, result.message, result.qualified_now)
                st.rerun()

st.subheader(":material/local_library: Aménités de la commune")
summary = view.amenities
profile = summary.profile
if profile.is_empty:
    st.info(f"Aucune aménité connue pour {md(view.commune_label)} : renseignez-les sur la page "
            "*Aménités* ou importez la BPE de l'INSEE.", icon=":material/info:")
else:
    left, right = st.columns(2)
    with left:
        st.markdown("**Présent dans la commune** : " + (profile.summary() or "aucun service"))
        if profile.living_environment:
            st.markdown("**Cadre de vie** : "
                        + md(profile.living_environment, multiline=True, limit=5000))
        if summary.to_apply:
            st.markdown(f"**À reprendre dans l'offre** : {summary.to_apply}")
            if st.button("Appliquer à l'offre", key="appliquer_amenites", type="primary",
                         icon=":material/playlist_add_check:"):
                result = session.checked(qualify.apply_commune_amenities,
                                         store, offer.id, user, by=principal)
                st.session_state["qualifier_message"] = (
                    result.ok, result.message, result.qualified_now)
                st.rerun()
        else:
            st.markdown(":blue[:material/check_circle:] L'offre reprend déjà tout ce que la "
                        "commune offre.")
    with right:
        if summary.nearest:
            st.markdown("**Absent de la commune ; au plus près** (à vol d'oiseau)")
            st.markdown("\n".join(f"- {n.label}" for n in summary.nearest))
        if summary.unknown:
            st.caption(f"Non renseigné pour cette commune : {summary.unknown}.")

with st.expander("Réglage de la veille"):
    months = st.number_input("Revérifier ce qui n'a pas été vérifié depuis (mois)",
                             min_value=1, max_value=36, value=view.veille_months, step=1,
                             key="veille_mois")
    if st.button("Enregistrer la période", key="enregistrer_veille"):
        error = session.checked(qualify.set_veille, store, months, by=principal)
        if error:
            st.error(md(error), icon=":material/error:")
        else:
            st.session_state["qualifier_message"] = (
                True, f"Période de veille : {fr.plural(int(months), 'mois', 'mois')}.", False)
            st.rerun()
