"""Diffuser: choose the offers to publish, set the anonymisation and the contact, preview
exactly what goes out, confirm, generate (catalogue, feeds, sheets), download, withdraw."""

from dataclasses import replace
from pathlib import Path

import streamlit as st

from accueil import fr
from accueil.domain.access import Refused
from accueil.domain.diffusion import PLACE_MODES
from accueil.services import diffusion
from accueil.ui import resources
from accueil.ui.session import current_principal
from accueil.ui.text import clean, md

store = resources.store_or_stop()
principal = current_principal()
root = diffusion.publications_root(store)

st.title("Diffuser")
st.markdown(
    "Publiez les offres **publiques** marquées « à publier » : un catalogue en ligne (site "
    "statique à déposer sur n'importe quel espace web), des flux ouverts (JSON, Atom, RSS) et "
    "une fiche A4 par offre. Les reprises sont anonymisées selon les réglages ci-dessous ; "
    "l'aperçu montre exactement ce qui sera publié.")

if notice := st.session_state.pop("diffuser_message", None):
    st.success(md(notice), icon=":material/check_circle:")

# -- 1. offers to publish ----------------------------------------------------------------------
st.subheader("1. Offres à publier")
choices = diffusion.public_choices(store)
states = diffusion.publication_states(store)
if states.empty:
    st.info("Aucune offre n'est encore marquée « à publier ».", icon=":material/info:")
else:
    st.dataframe(states, hide_index=True, width="stretch")
left, right = st.columns(2)
chosen_ids = left.multiselect("Offres publiques", list(choices), format_func=lambda i: choices[i],
                              key="diffuser_offres", placeholder="Choisissez des offres",
                              help="Seules les offres publiques, ni pourvues ni archivées, "
                                   "peuvent être publiées.")
with right:
    st.write("")
    c1, c2 = st.columns(2)
    if c1.button("Marquer « à publier »", disabled=not chosen_ids, key="diffuser_marquer"):
        try:
            count = diffusion.mark_to_publish(store, principal, chosen_ids)
            st.session_state["diffuser_message"] = (
                f"{fr.plural(count, 'offre marquée', 'offres marquées')} « à publier ».")
            st.rerun()
        except Refused as refused:
            st.error(md(refused.reason), icon=":material/block:")
    if c2.button("Retirer de la publication", disabled=not chosen_ids, key="diffuser_retirer"):
        try:
            count = diffusion.withdraw_offers(store, principal, chosen_ids)
            st.session_state["diffuser_message"] = (
                f"{fr.plural(count, 'offre retirée', 'offres retirées')} : elles ne seront pas "
                "dans la prochaine publication.")
            st.rerun()
        except Refused as refused:
            st.error(md(refused.reason), icon=":material/block:")

# -- 2. settings -------------------------------------------------------------------------------
current = diffusion.settings(store)
with st.expander("2. Réglages de la publication (anonymisation, contact, couleurs)",
                 icon=":material/tune:"), st.form("diffuser_reglages"):
    c1, c2, c3 = st.columns(3)
    population = c1.number_input(
        "Commune « petite » en dessous de (habitants)", min_value=0, step=100,
        value=current.small_commune_population,
        help="Une reprise dans une commune plus petite n'est pas située à la commune.")
    mode = c2.selectbox("Situer une reprise d'une petite commune par", list(PLACE_MODES),
                        index=list(PLACE_MODES).index(current.small_place),
                        format_func=lambda m: PLACE_MODES[m])
    headcount = c3.number_input("Effectif non montré en dessous de (ETP)", min_value=0.0,
                                step=1.0, value=float(current.min_headcount))
    bands = st.text_input(
        "Tranches de chiffre d'affaires et de prix (euros, séparées par des points-virgules)",
        value=" ; ".join(fr.number(b) for b in current.amount_bands))
    c1, c2 = st.columns(2)
    site_title = c1.text_input("Titre du catalogue", value=current.site_title)
    territory_name = c2.text_input("Territoire", value=current.territory_name)
    contact_name = c1.text_input("Service à contacter (seul contact publié)",
                                 value=current.contact_name)
    contact_email = c2.text_input("Courriel", value=current.contact_email)
    contact_phone = c1.text_input("Téléphone", value=current.contact_phone)
    contact_address = c2.text_input("Adresse", value=current.contact_address)
    base_url = c1.text_input("Adresse du catalogue en ligne (pour les QR codes et les flux)",
                             value=current.base_url, placeholder="https://…")
    colour = c2.color_picker("Couleur du territoire (texte blanc dessus)",
                             value=current.colour)
    logo = st.file_uploader("Logo (PNG, 300 ko au plus)", type=["png"])
    if st.form_submit_button("Enregistrer les réglages", icon=":material/save:"):
        parsed, bad = diffusion.parse_bands(bands)
        wanted = replace(
            current, small_commune_population=int(population), small_place=mode,
            min_headcount=float(headcount), amount_bands=parsed or current.amount_bands,
            site_title=site_title, territory_name=territory_name,
            contact_name=contact_name, contact_email=contact_email,
            contact_phone=contact_phone, contact_address=contact_address,
            base_url=base_url.strip(), colour=colour,
            logo_png=diffusion.logo_text(logo.getvalue()) if logo else current.logo_png)
        try:
            errors = bad + diffusion.save_settings(store, principal, wanted)
        except Refused as refused:
            errors = [refused.reason]
        if errors:
            for error in errors:
                st.error(md(error), icon=":material/error:")
        else:
            st.session_state["diffuser_message"] = "Réglages enregistrés."
            st.session_state.pop("diffuser_apercu", None)
            st.rerun()

# -- 3. preview, confirm, generate ---------------------------------------------------------
st.subheader("3. Aperçu et publication")
if st.button("Afficher l'aperçu", icon=":material/preview:", key="diffuser_voir"):
    st.session_state["diffuser_apercu"] = diffusion.prepare(store, publisher=principal)
preview: diffusion.Preview | None = st.session_state.get("diffuser_apercu")
if preview is not None:
    c1, c2, c3 = st.columns(3)
    c1.metric("Offres publiées", fr.number(len(preview.offers)))
    c2.metric("Offres retirées", fr.number(len(preview.dropped)))
    c3.metric("Offres laissées de côté", fr.number(preview.left_out),
              help="Non publiques, pourvues, archivées ou retirées.")
    st.markdown("Ce tableau est **exactement** ce qui sera publié (titres, lieux, tranches) :")
    st.dataframe(preview.table(), hide_index=True, width="stretch")
    if preview.dropped:
        st.markdown("Seront retirées : " + ", ".join(
            f"n° {i} ({md(reason)})" for i, reason in sorted(preview.dropped.items())))
    if preview.offers:
        sheet_of = st.selectbox("Fiche d'une offre", [o.offer_id for o in preview.offers],
                                format_func=lambda i: next(
                                    clean(o.title) for o in preview.offers if o.offer_id == i),
                                key="diffuser_fiche")
        st.download_button("Télécharger sa fiche (PDF)",
                           data=diffusion.sheet(store, [sheet_of]),
                           file_name=f"fiche-offre-{sheet_of}.pdf", mime="application/pdf",
                           icon=":material/picture_as_pdf:", key="diffuser_fiche_pdf")
    sheets = st.checkbox(
        f"Écrire aussi une fiche PDF par offre et la brochure (jusqu'à "
        f"{diffusion.SHEET_LIMIT} offres, environ une demi-seconde par fiche)", value=True,
        key="diffuser_fiches")
    confirmed = st.checkbox("J'ai vérifié l'aperçu : publier exactement ces offres",
                            key="diffuser_confirme")
    if st.button("Publier", type="primary", disabled=not confirmed, icon=":material/publish:",
                 key="diffuser_publier"):
        try:
            with st.spinner("Publication en cours…"):
                made = diffusion.generate(store, principal, preview, root,
                                          confirmed=preview.fingerprint, sheets=sheets)
            st.session_state["diffuser_zip"] = str(made.zip_path)
            st.session_state.pop("diffuser_apercu", None)
            st.session_state["diffuser_message"] = (
                f"Publication n° {made.publication_id} : "
                f"{fr.plural(made.offers, 'offre publiée', 'offres publiées')}, "
                f"{fr.plural(made.withdrawn, 'retirée')}, dans « {made.folder} ».")
            st.rerun()
        except (Refused, diffusion.NotConfirmed) as refused:
            st.error(md(refused.reason), icon=":material/block:")

if zip_name := st.session_state.get("diffuser_zip"):
    zip_path = Path(zip_name)
    if zip_path.is_file():
        st.download_button("Télécharger la publication (zip)", data=zip_path.read_bytes(),
                           file_name=zip_path.name, mime="application/zip",
                           icon=":material/download:", key="diffuser_zip_bouton")

# -- 4. publications ---------------------------------------------------------------------------
st.subheader("4. Publications")
table = diffusion.publications_table(store)
if table.empty:
    st.markdown("Aucune publication pour l'instant.")
else:
    st.dataframe(table, hide_index=True, width="stretch")
    online = [int(n) for n, state in zip(table["N°"], table["État"], strict=True)
              if state == "En ligne"]
    if online:
        with st.popover("Retirer une publication", icon=":material/unpublished:"):
            number = st.selectbox("Publication", online, key="diffuser_retrait_numero",
                                  format_func=lambda n: f"n° {n}")
            st.warning("Ses offres seront marquées « retirées » et son dossier supprimé de ce "
                       "poste. Retirez aussi les fichiers déjà déposés sur votre site.")
            if st.button("Oui, retirer", type="primary", key="diffuser_retrait"):
                try:
                    diffusion.withdraw_publication(store, principal, number, root)
                    st.session_state["diffuser_message"] = f"Publication n° {number} retirée."
                    st.rerun()
                except Refused as refused:
                    st.error(md(refused.reason), icon=":material/block:")
