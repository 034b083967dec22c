"""Saisir une offre: create or edit an offer; errors shown on their field, nothing saved then."""

from datetime import date

import streamlit as st

from accueil.domain.offers import (
    AMENITY_LABELS,
    CONTRACTS,
    SALARY_PERIODS,
    TEXT_LIMITS,
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
from accueil.ui import resources, session, widgets

store = resources.store_or_stop()
principal = session.current_principal()
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
st.text_input("Titre de l'offre *", key="f_title", max_chars=TEXT_LIMITS["title"],
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
                  max_chars=TEXT_LIMITS["source_partner"],
                  placeholder="CCI, CMA, chambre d'agriculture, mairie, agence…")
    st.selectbox("Confidentialité", [c.value for c in Confidentiality], key="f_confidentiality",
                 format_func=lambda v: Confidentiality(v).label)
st.date_input("Vérifiée le", key="f_verified_on", format="DD/MM/YYYY", max_value=date.today())
show_errors("verified_on")
st.text_area("Description", key="f_description", height=80,
             max_chars=TEXT_LIMITS["description"])
show_errors("description")

st.subheader("Activité")
kind = st.radio("Type d'activité", [k.value for k in ActivityKind], key="f_kind",
                format_func=lambda v: ActivityKind(v).label, horizontal=True)
c1, c2 = st.columns([1, 2])
c1.text_input("Code NAF", key="f_naf_code", placeholder="10.71C")
c2.text_input("Libellé du secteur", key="f_naf_label", placeholder="Boulangerie-pâtisserie",
              max_chars=TEXT_LIMITS["naf_label"])
show_errors("naf_code")
show_errors("naf_label")
# Figures are typed as text and read the French way (320 000,50 ; 92,5 k€): a browser's
# number box would drop the decimal comma.
money = "Montant en euros, écrit à la française : 320 000,50 ou 92,5 k€."
if kind == ActivityKind.REPRISE:
    c1, c2, c3 = st.columns(3)
    c1.text_input("Chiffre d'affaires annuel HT (€)", key="f_turnover", help=money,
                  placeholder="320 000")
    c2.text_input("Résultat net (€)", key="f_net_result", help=money, placeholder="24 500")
    c3.text_input("Effectif salarié (ETP)", key="f_headcount", placeholder="2,5",
                  help="En équivalents temps plein : 3, ou 2,5 pour deux temps pleins et un "
                       "mi-temps.")
    show_errors("turnover")
    show_errors("net_result")
    show_errors("headcount")
    c1, c2, c3 = st.columns(3)
    c1.text_input("Prix demandé (€)", key="f_asking_price", help=money, placeholder="180 000")
    c2.text_input("Motif de cession", key="f_sale_reason", placeholder="Départ à la retraite",
                  max_chars=TEXT_LIMITS["sale_reason"])
    c3.date_input("Date de cession souhaitée", key="f_target_date", format="DD/MM/YYYY")
    show_errors("asking_price")
    show_errors("sale_reason")
elif kind == ActivityKind.EMPLOI:
    st.text_input("Intitulé du poste", key="f_job_title", max_chars=TEXT_LIMITS["job_title"])
    show_errors("job_title")
    c1, c2, c3, c4 = st.columns(4)
    c1.selectbox("Contrat", ["", *CONTRACTS], key="f_contract", placeholder="Choisir")
    c2.text_input("Durée (mois)", key="f_contract_months", placeholder="6",
                  help="Pour un CDD, un contrat saisonnier ou un apprentissage.")
    c3.selectbox("Temps de travail", ["", *WORKING_TIMES], key="f_working_time",
                 placeholder="Choisir")
    c4.text_input("Heures par semaine", key="f_weekly_hours", placeholder="35")
    show_errors("contract_months")
    show_errors("weekly_hours")
    c1, c2, c3, c4 = st.columns(4)
    c1.text_input("Salaire brut minimum (€)", key="f_salary_min", help=money,
                  placeholder="1 900")
    c2.text_input("Salaire brut maximum (€)", key="f_salary_max", help=money,
                  placeholder="2 300")
    c3.selectbox("Par", ["", *SALARY_PERIODS], key="f_salary_period",
                 format_func=lambda v: SALARY_PERIODS.get(v, "—"))
    c4.text_input("Ou en mots", key="f_salary_note", placeholder="SMIC, selon profil…",
                  max_chars=TEXT_LIMITS["salary_note"],
                  help="Quand l'annonce ne donne pas de montant. Laissez tout vide si le "
                       "salaire n'est pas indiqué.")
    show_errors("salary_min")
    show_errors("salary_max")
    show_errors("salary")
    c1, c2 = st.columns(2)
    c1.date_input("Date de début", key="f_start_date", format="DD/MM/YYYY",
                  disabled=bool(st.session_state.get("f_start_asap")))
    c2.checkbox("Dès que possible", key="f_start_asap")
else:
    st.text_area("Besoin auquel répond la création", key="f_need",
                 max_chars=TEXT_LIMITS["need"],
                 placeholder="Ex. : plus de boulangerie à moins de 12 km")
    show_errors("need")

st.subheader("Réceptivité : logement, foncier, local")
st.caption("Une ligne par bien. Ajoutez une ligne avec « + » en bas du tableau.")
items = st.data_editor(
    st.session_state["f_items_base"], key="f_items", num_rows="dynamic", hide_index=True,
    width="stretch",
    column_config={
        forms.ITEM_ID: None,
        "Type": st.column_config.SelectboxColumn(
            "Type", options=[k.label for k in ReceptivityKind], required=True),
        # Text columns read the French way (95 m², 2,5 ha, 550 €), as in the import.
        "Description": st.column_config.TextColumn(
            "Description", max_chars=TEXT_LIMITS["item_description"]),
        "Surface (m²)": st.column_config.TextColumn("Surface (m²)", help="95, 95 m² ou 2,5 ha"),
        "Pièces": st.column_config.TextColumn("Pièces", help="Nombre entier : 4"),
        "Loyer mensuel (€)": st.column_config.TextColumn("Loyer mensuel (€)", help="550 ou 550 €"),
        "Prix (€)": st.column_config.TextColumn("Prix (€)", help="120 000 ou 120 k€"),
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
             max_chars=TEXT_LIMITS["living_environment"],
             placeholder="Paysages, vie associative, activités, accès…")
show_errors("living_environment")

values = {name: st.session_state.get(f"f_{name}") for name in forms.FIELDS}
values["items"] = items
preview, _ = forms.offer_from_values(values, frozenset(labels))
with st.container(border=True):
    st.caption("Aperçu de la qualification avant enregistrement")
    widgets.pillar_panel(assess(preview))

c1, c2, _ = st.columns([1, 1, 3])
if c1.button("Enregistrer", type="primary", key="enregistrer", icon=":material/save:"):
    result = session.checked(submit_offer,
                             store, values, editing, known=frozenset(labels), by=principal)
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
