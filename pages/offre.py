"""Saisir une offre: create or edit an offer; errors shown on their field, nothing saved then."""

from datetime import date

import streamlit as st

from accueil.domain.offers import (
    AMENITY_LABELS,
    CONTRACTS,
    WORKING_TIMES,
    ActivityKind,
    Amenity,
    Confidentiality,
    OfferStatus,
    ReceptivityKind,
)
from accueil.domain.pillars import assess
from accueil.services import forms
from accueil.services.offers import submit_offer
from accueil.store.offers import get_offer
from accueil.ui import resources, widgets

store = resources.store_or_stop()
labels = resources.commune_labels(store)

editing = st.session_state.get("offre_a_modifier")
if st.session_state.get("form_for") != (editing or "new"):
    offer = get_offer(store, editing) if editing else None
    values = forms.values_from_offer(offer) if offer else forms.blank_values()
    for name, value in values.items():
        st.session_state[f"f_{name}"] = value
    st.session_state["f_items_base"] = values["items"]
    st.session_state.pop("f_items", None)
    st.session_state["form_for"] = editing or "new"
    st.session_state["f_errors"] = {}

errors: dict[str, list[str]] = st.session_state.get("f_errors", {})


def show_errors(field: str) -> None:
    for message in errors.get(field, []):
        st.error(message, icon=":material/warning:")


st.title("Modifier l'offre" if editing else "Saisir une offre")
if message := st.session_state.pop("f_saved_message", None):
    st.success(message, icon=":material/check_circle:")
if errors:
    st.error(f"L'offre n'a pas été enregistrée : {sum(map(len, errors.values()))} point(s) à "
             "corriger, signalés sous les champs concernés.", icon=":material/error:")

st.subheader("Identité")
st.text_input("Titre de l'offre *", key="f_title", max_chars=200,
              placeholder="Ex. : Boulangerie-pâtisserie au cœur du bourg")
show_errors("title")
c1, c2 = st.columns(2)
with c1:
    st.selectbox("Commune *", options=list(labels), key="f_commune", index=None,
                 format_func=lambda code: labels.get(code, code),
                 placeholder="Tapez le nom de la commune")
    show_errors("commune")
    st.selectbox("Étape", [s.value for s in OfferStatus], key="f_status",
                 format_func=lambda v: OfferStatus(v).label)
with c2:
    st.text_input("Partenaire source", key="f_source_partner",
                  placeholder="CCI, CMA, chambre d'agriculture, mairie, agence…")
    st.selectbox("Confidentialité", [c.value for c in Confidentiality], key="f_confidentiality",
                 format_func=lambda v: Confidentiality(v).label)
st.date_input("Vérifiée le", key="f_verified_on", format="DD/MM/YYYY", max_value=date.today())
show_errors("verified_on")
st.text_area("Description", key="f_description", height=80)

st.subheader("Activité")
kind = st.radio("Type d'activité", [k.value for k in ActivityKind], key="f_kind",
                format_func=lambda v: ActivityKind(v).label, horizontal=True)
c1, c2 = st.columns([1, 2])
c1.text_input("Code NAF", key="f_naf_code", placeholder="10.71C")
c2.text_input("Libellé du secteur", key="f_naf_label", placeholder="Boulangerie-pâtisserie")
show_errors("naf_code")
amount = {"step": 1000.0, "format": "%.0f"}
if kind == ActivityKind.REPRISE:
    c1, c2, c3 = st.columns(3)
    c1.number_input("Chiffre d'affaires annuel HT (€)", key="f_turnover", **amount)
    c2.number_input("Résultat net (€)", key="f_net_result", **amount)
    c3.number_input("Effectif salarié", key="f_headcount", step=1)
    show_errors("turnover")
    show_errors("headcount")
    c1, c2, c3 = st.columns(3)
    c1.number_input("Prix demandé (€)", key="f_asking_price", **amount)
    c2.text_input("Motif de cession", key="f_sale_reason", placeholder="Départ à la retraite")
    c3.date_input("Date de cession souhaitée", key="f_target_date", format="DD/MM/YYYY")
    show_errors("asking_price")
elif kind == ActivityKind.EMPLOI:
    c1, c2 = st.columns(2)
    c1.text_input("Intitulé du poste", key="f_job_title")
    c2.number_input("Salaire brut annuel (€)", key="f_gross_annual_salary", **amount)
    show_errors("gross_annual_salary")
    c1, c2 = st.columns(2)
    c1.selectbox("Contrat", ["", *CONTRACTS], key="f_contract")
    c2.selectbox("Temps de travail", ["", *WORKING_TIMES], key="f_working_time")
else:
    st.text_area("Besoin auquel répond la création", key="f_need",
                 placeholder="Ex. : plus de boulangerie à moins de 12 km")

st.subheader("Réceptivité : logement, foncier, local")
st.caption("Une ligne par bien. Ajoutez une ligne avec « + » en bas du tableau.")
items = st.data_editor(
    st.session_state["f_items_base"], key="f_items", num_rows="dynamic", hide_index=True,
    width="stretch",
    column_config={
        forms.ITEM_ID: None,
        "Type": st.column_config.SelectboxColumn(
            "Type", options=[k.label for k in ReceptivityKind], required=True),
        "Description": st.column_config.TextColumn("Description"),
        "Surface (m²)": st.column_config.NumberColumn("Surface (m²)", format="%d"),
        "Pièces": st.column_config.NumberColumn("Pièces", format="%d"),
        "Loyer mensuel (€)": st.column_config.NumberColumn("Loyer mensuel (€)", format="%d €"),
        "Prix (€)": st.column_config.NumberColumn("Prix (€)", format="%d €"),
        "Disponible le": st.column_config.DateColumn("Disponible le", format="DD/MM/YYYY"),
    })
show_errors("items")
for field in list(errors):
    if field.startswith("receptivity"):
        show_errors(field)

st.subheader("Aménités")
st.multiselect("Services présents", [a.value for a in Amenity], key="f_amenities",
               placeholder="Choisissez les services présents dans la commune",
               format_func=lambda v: AMENITY_LABELS[Amenity(v)])
st.text_area("Cadre de vie", key="f_living_environment", height=80,
             placeholder="Paysages, vie associative, activités, accès…")

values = {name: st.session_state.get(f"f_{name}") for name in forms.FIELDS}
values["items"] = items
preview, _ = forms.offer_from_values(values, frozenset(labels))
with st.container(border=True):
    st.caption("Aperçu de la qualification avant enregistrement")
    widgets.pillar_panel(assess(preview))

c1, c2, _ = st.columns([1, 1, 3])
if c1.button("Enregistrer", type="primary", key="enregistrer", icon=":material/save:"):
    result = submit_offer(store, values, editing, known=frozenset(labels))
    if result.saved:
        for key in [k for k in st.session_state if str(k).startswith("f_")]:
            del st.session_state[key]
        st.session_state.pop("form_for", None)
        st.session_state.pop("offre_a_modifier", None)
        st.session_state["f_saved_message"] = (
            f"Offre « {values['title']} » enregistrée (n° {result.offer_id}). "
            "Elle apparaît dans la liste des offres.")
    else:
        grouped: dict[str, list[str]] = {}
        for error in result.errors:
            grouped.setdefault(error.field, []).append(error.message)
        st.session_state["f_errors"] = grouped
    st.rerun()
if editing and c2.button("Annuler la modification", key="annuler"):
    st.session_state.pop("offre_a_modifier", None)
    st.session_state.pop("form_for", None)
    st.switch_page("pages/offres.py")
