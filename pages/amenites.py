"""Aménités: each commune's services and living environment, by hand or from INSEE's BPE."""

import streamlit as st

from accueil import fr
from accueil.domain.offers import TEXT_LIMITS
from accueil.io.bpe import BPE_UPLOAD_MB
from accueil.services import amenites
from accueil.services import partners as partner_service
from accueil.ui import resources, session, widgets
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
territory = widgets.current_territory(store)
labels = resources.commune_labels(store)

st.title("Aménités des communes")
st.caption(f"Territoire : **{md(territory.label)}** · services qui comptent pour s'installer, et "
           "cadre de vie. Une offre reprend les aménités de sa commune depuis la page "
           "*Qualifier*.")
if message := st.session_state.pop("a_message", None):
    st.success(md(message), icon=":material/check_circle:")

overview = amenites.territory_overview(store, territory)
by_commune, whole, bpe = st.tabs([":material/location_city: Une commune",
                                  ":material/table_view: Tout le territoire",
                                  ":material/upload_file: Importer la BPE (INSEE)"])

with by_commune:
    if not overview.codes:
        st.info("Aucune commune dans ce territoire.")
    else:
        code = st.selectbox("Commune", overview.codes, key="a_commune",
                            index=overview.first_known, format_func=lambda c: labels.get(c, c))
        view = amenites.amenities_view(store, code)
        # The version the editor starts from, kept until saved or reloaded.
        seen_profile = st.session_state.setdefault(f"a_seen_{code}", view.profile)
        st.markdown(f"**{md(labels.get(code, code))}** — {md(view.summary)}")
        left, right = st.columns([3, 2])
        with left:
            edited = st.data_editor(
                view.editor, key=f"a_services_{code}", hide_index=True, width="stretch",
                disabled=[amenites.CATEGORY_COLUMN, "Source", "Mis à jour"],
                column_config={amenites.COUNT_COLUMN: st.column_config.TextColumn(
                    amenites.COUNT_COLUMN,
                    help="Combien la commune en compte ; 0 si aucun ; vide si vous ne savez "
                         "pas.")})
            living = st.text_area("Cadre de vie", value=view.profile.living_environment,
                                  max_chars=TEXT_LIMITS["living_environment"],
                                  key=f"a_cadre_{code}", height=100,
                                  placeholder="Paysages, vie associative, activités, accès…")
            overwrite = False
            refused = st.session_state.get(f"a_conflict_{code}")
            if refused is not None:
                choice = widgets.conflict_panel(refused.conflict, f"profil_{code}")
                if choice == "reload":
                    for key in (f"a_seen_{code}", f"a_conflict_{code}", f"a_services_{code}",
                                f"a_cadre_{code}"):
                        st.session_state.pop(key, None)
                    st.rerun()
                overwrite = choice == "overwrite"
            if st.button("Enregistrer", type="primary", key="a_enregistrer",
                         icon=":material/save:") or overwrite:
                result = session.checked(
                    amenites.submit_profile, store, code, edited, living, by=principal,
                    name=labels.get(code, code),
                    seen=refused.current if overwrite else seen_profile)
                st.session_state.pop(f"a_conflict_{code}", None)
                if result.conflict is not None:
                    st.session_state[f"a_conflict_{code}"] = result
                    st.rerun()
                if result.saved:
                    st.session_state.pop(f"a_seen_{code}", None)
                    st.session_state["a_message"] = (
                        f"Aménités de {labels.get(code, code)} enregistrées "
                        f"({fr.plural(result.changed, 'nombre modifié', 'nombres modifiés')}).")
                    st.rerun()
                for error in result.errors:
                    st.error(md(error), icon=":material/error:")
            st.caption(md(partner_service.amenity_provenance(store, code)))
            suppliers = {p.id: p.name for p in partner_service.partners(store)}
            c1, c2 = st.columns([3, 2], vertical_alignment="bottom")
            supplier = c1.selectbox("Fournies par", [None, *suppliers], key=f"a_fournies_{code}",
                                    format_func=lambda k: "Non indiqué" if k is None
                                    else suppliers[k])
            if c2.button("Confirmer aujourd'hui", key="a_confirmer",
                         icon=":material/task_alt:"):
                st.session_state["a_message"] = session.checked(
                    partner_service.confirm_amenities, store, principal, code, supplier)
                st.rerun()
        with right:
            st.markdown("**Ce qui manque, au plus près**")
            if view.nearest:
                st.markdown("\n".join(f"- {line}" for line in view.nearest))
            else:
                st.markdown("Aucun service connu comme absent.")

with whole:
    st.dataframe(overview.table, hide_index=True, width="stretch", height=480,
                 column_config={"Population": st.column_config.NumberColumn(
                     format="localized")})
    widgets.table_download(overview.table, "amenites", "dl_amenites")

with bpe:
    st.markdown(
        "Déposez le fichier de la **Base permanente des équipements** tel que l'INSEE le "
        "publie (colonnes `DEPCOM`, `TYPEQU` et, pour le fichier communal, `NB_EQUIP`), en "
        "CSV ou en classeur. Les communes du fichier sont mises à jour ; les nombres saisis à "
        "la main sont conservés. Le très haut débit et le transport à la demande ne sont pas "
        "dans la BPE : renseignez-les à la main.")
    upload = st.file_uploader("Fichier BPE", type=["csv", "txt", "xlsx", "xls", "ods", "zip"],
                              key="a_fichier_bpe", max_upload_size=BPE_UPLOAD_MB)
    if upload is not None:
        if st.session_state.get("a_bpe_for") != upload.file_id:  # read a big file once
            st.session_state["a_bpe_plan"] = amenites.preview_bpe(upload.getvalue(), upload.name)
            st.session_state["a_bpe_for"] = upload.file_id
        plan = st.session_state["a_bpe_plan"]
        for error in plan.errors:
            st.error(md(error), icon=":material/error:")
        for warning in plan.warnings:
            st.warning(md(warning), icon=":material/warning:")
        if plan.ok and plan.covered:
            c1, c2, c3, c4 = st.columns(4)
            c1.metric("Lignes lues", fr.number(plan.rows))
            c2.metric("Communes du massif", fr.number(len(plan.covered)))
            c3.metric("Équipements retenus", fr.number(plan.used_rows))
            c4.metric("Hors massif ou non suivis",
                      fr.number(plan.outside_rows + plan.unmapped_rows))
            st.dataframe(amenites.bpe_summary(plan), hide_index=True)
            if st.button("Importer ces données", type="primary", key="a_importer_bpe",
                         icon=":material/download_done:"):
                st.session_state["a_message"] = session.checked(amenites.import_bpe,
                                                                store, plan, by=principal)
                st.session_state.pop("a_bpe_for", None)
                st.rerun()
