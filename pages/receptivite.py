"""Réceptivité: the territory's housing, land and premises; add, edit, archive."""

from datetime import date

import streamlit as st

from accueil import fr
from accueil.domain.inventory import HousingType, LandType, PremisesType, Tenure
from accueil.domain.offers import ReceptivityKind
from accueil.services import receptivite
from accueil.store.inventory import get_item
from accueil.ui import resources, session, widgets
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
territory = widgets.current_territory(store)
labels = resources.commune_labels(store)

st.title("Réceptivité : logements, fonciers, locaux")
if message := st.session_state.pop("r_message", None):
    st.success(message, icon=":material/check_circle:")

with st.expander("Filtrer", icon=":material/filter_list:"):
    c1, c2, c3 = st.columns([2, 2, 1])
    kinds = c1.multiselect("Type de bien", list(ReceptivityKind), format_func=lambda k: k.label,
                           key="r_filtre_types")
    text = c2.text_input("Rechercher", placeholder="Description, commune ou partenaire",
                         key="r_filtre_texte")
    only_stale = c3.toggle("À revérifier seulement", key="r_filtre_veille")
    archived = c3.toggle("Voir les biens archivés", key="r_filtre_archives")

view = receptivite.inventory_view(store, territory, tuple(kinds), text, archived, only_stale)
st.caption(f"Territoire : **{md(territory.label)}** · « à revérifier » : pas vérifié depuis plus de "
           f"{view.months} mois (réglable sur la page *Qualifier*).")
c1, c2, c3, c4, c5 = st.columns(5)
c1.metric("Biens", fr.number(view.total))
c2.metric("Logements", fr.number(view.by_kind[ReceptivityKind.LOGEMENT]))
c3.metric("Fonciers", fr.number(view.by_kind[ReceptivityKind.FONCIER]))
c4.metric("Locaux", fr.number(view.by_kind[ReceptivityKind.LOCAL]))
c5.metric("À revérifier", fr.number(view.stale))

st.caption("Cliquez sur une ligne pour modifier ou archiver le bien.")
event = st.dataframe(
    view.table, hide_index=True, width="stretch", height=360, on_select="rerun",
    selection_mode="single-row", key="r_liste",
    column_config={"Description": st.column_config.TextColumn(width="medium"),
                   "Offres liées": st.column_config.NumberColumn(width="small")})
widgets.table_download(view.table, "receptivite", "dl_receptivite")
rows = event.selection.rows if event is not None else []
editing = view.ids[rows[0]] if rows else None

if st.session_state.get("r_form_for") != (editing or "new"):
    entry = get_item(store, editing) if editing else None
    values = (receptivite.values_from_item(entry) if entry else receptivite.blank_values())
    for name, value in values.items():
        st.session_state[f"r_{name}"] = value
    st.session_state["r_form_for"] = editing or "new"
    st.session_state["r_errors"] = {}
    st.session_state["r_archived"] = bool(entry and entry.archived)
errors: dict[str, list[str]] = st.session_state.get("r_errors", {})


def show_errors(*fields: str) -> None:
    for field in fields:
        for text in errors.get(field, []):
            st.error(md(text), icon=":material/error:")


st.subheader("Modifier le bien" if editing else "Ajouter un bien")
if editing:
    st.caption("Pour saisir un nouveau bien, décochez la ligne sélectionnée dans la liste.")
if errors:
    st.error("Le bien n'a pas été enregistré : corrigez les points signalés sous les champs.",
             icon=":material/error:")
kind = st.radio("Type de bien *", [k.value for k in ReceptivityKind], key="r_kind",
                format_func=lambda v: ReceptivityKind(v).label, horizontal=True)
c1, c2 = st.columns(2)
with c1:
    st.selectbox("Commune *", options=list(labels), key="r_commune", index=None,
                 format_func=lambda code: labels.get(code, code),
                 placeholder="Tapez le nom de la commune")
    show_errors("commune")
    st.text_input("Description", key="r_description", max_chars=500,
                  placeholder="Ex. : Maison de bourg avec jardin")
    show_errors("description")
    st.radio("À louer ou à vendre", [t.value for t in Tenure], key="r_tenure",
             format_func=lambda v: Tenure(v).label, horizontal=True)
    if kind == ReceptivityKind.LOGEMENT:
        st.selectbox("Type de logement", [h.value for h in HousingType], key="r_housing_type",
                     index=None, format_func=lambda v: HousingType(v).label,
                     placeholder="Maison, appartement…")
    elif kind == ReceptivityKind.FONCIER:
        st.selectbox("Type de terrain", [t.value for t in LandType], key="r_land_type",
                     index=None, format_func=lambda v: LandType(v).label,
                     placeholder="Terrain à bâtir, terre agricole…")
    else:
        st.multiselect("Usage du local", [p.value for p in PremisesType], key="r_premises_types",
                       format_func=lambda v: PremisesType(v).label,
                       help="Une boulangerie a besoin d'un commerce et d'un atelier (fournil).")
    st.text_input("Partenaire source", key="r_source_partner",
                  placeholder="Agence, mairie, bailleur, SAFER…")
with c2:
    st.text_input("Surface (m²)", key="r_surface_m2", placeholder="85",
                  help="En m² ; « 2,5 ha » ou « 30 a » sont convertis.")
    show_errors("surface_m2")
    if kind == ReceptivityKind.LOGEMENT:
        st.number_input("Nombre de pièces", min_value=0, step=1, value=None, key="r_rooms")
        show_errors("rooms")
    st.text_input("Loyer mensuel (€)", key="r_monthly_rent", placeholder="650")
    show_errors("monthly_rent")
    st.text_input("Prix de vente (€)", key="r_price", placeholder="120 000")
    show_errors("price")
    st.date_input("Disponible le", key="r_available_from", format="DD/MM/YYYY", value=None)
    show_errors("available_from")
    st.date_input("Vérifié le", key="r_verified_on", format="DD/MM/YYYY", value=None,
                  max_value=date.today())
    show_errors("verified_on")

if editing:
    offers = receptivite.linked_offers(store, editing)
    st.caption("Rattaché à : " + (", ".join(md(o) for o in offers) if offers else "aucune offre pour l'instant"))

c1, c2, _ = st.columns([1, 1, 3])
if c1.button("Enregistrer", type="primary", key="r_enregistrer", icon=":material/save:"):
    values = {name: st.session_state.get(f"r_{name}") for name in receptivite.FIELDS}
    result = session.checked(receptivite.submit_item, store, values, editing, by=principal)
    if result.saved:
        st.session_state.pop("r_form_for", None)
        st.session_state["r_message"] = (
            f"Bien enregistré (n° {result.item_id}). Il peut désormais être proposé aux offres "
            "depuis la page *Qualifier*.")
    else:
        grouped: dict[str, list[str]] = {}
        for error in result.errors:
            grouped.setdefault(error.field, []).append(error.message)
        st.session_state["r_errors"] = grouped
    st.rerun()
if editing:
    restore = st.session_state.get("r_archived", False)
    if c2.button("Remettre dans l'inventaire" if restore else "Archiver", key="r_archiver",
                 icon=":material/unarchive:" if restore else ":material/archive:"):
        st.session_state["r_message"] = session.checked(receptivite.archive_item,
                                                        store, editing, not restore,
                                                                    by=principal)
        st.session_state.pop("r_form_for", None)
        st.rerun()
