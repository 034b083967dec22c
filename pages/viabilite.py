"""Viabilité: is a reprise or création economically viable? Inputs, verdict, details, save, export.

Thin: the form is drawn from ``accueil.io.viability_form``, the analysis comes from
``accueil.services.viability_services.evaluate`` and the tables and charts are already French.
"""

import streamlit as st

from accueil.domain.viability import OfferKind
from accueil.io.viability_form import (
    ASSUMPTIONS,
    BUYER,
    FORECAST,
    GENERAL,
    LOAN,
    NEEDS,
    PREMISES,
    PROJECT,
    RESOURCES,
    THRESHOLDS,
    errors_by_anchor,
)
from accueil.services import viability_services as vs
from accueil.ui import resources, session, widgets
from accueil.ui import viability_widgets as vw
from accueil.ui.text import md

REOPENED = "vb_reopened"
MESSAGE = "vb_message"

store = resources.store_or_stop()
principal = session.current_principal()
territory = widgets.current_territory(store)

st.title("Viabilité économique")
st.caption(f"Territoire : **{md(territory.label)}** · reprises et créations d'activité, ou un exemple "
           "pour découvrir l'outil")

choices = {source.key: source for source in vs.sources(store, territory)}
wanted = f"offre-{st.query_params.get('offre', '')}"
if wanted in choices and st.session_state.get(vw.LOADED) is None:
    st.session_state["vb_source"] = wanted
if st.session_state.get("vb_source") not in choices:
    st.session_state["vb_source"] = next(iter(choices))
source = choices[st.selectbox("Offre à analyser", list(choices), key="vb_source",
                              format_func=lambda key: choices[key].label,
                              help="Les reprises et créations du territoire choisi dans la "
                                   "barre latérale, et deux exemples complets.")]
if st.session_state.get(vw.LOADED) != source.key:
    vw.load(vs.initial_form(store, source), source.key)
    st.session_state.pop(REOPENED, None)
vw.apply_pending(source.key)
vw.restore()

if message := st.session_state.pop(MESSAGE, None):
    st.success(md(message), icon=":material/check_circle:")
saved = vs.saved_analyses(store, source)
left, right = st.columns(2)
with left.expander(f"Analyses enregistrées ({len(saved)})", icon=":material/bookmarks:"):
    if saved:
        by_id = {analysis.id: analysis for analysis in saved}
        picked = st.selectbox("Analyse", list(by_id), key="vb_saved_pick",
                              format_func=lambda i: vs.describe(by_id[i]))
        if st.button("Rouvrir cette analyse", icon=":material/history:", key="vb_reopen"):
            reopened = vs.reopen(store, picked)
            if reopened.state is not None:
                vw.load_later(reopened.state)
                st.session_state[REOPENED] = reopened.analysis
                st.rerun()
            st.error(md(reopened.message), icon=":material/error:")
    else:
        st.caption("Aucune analyse enregistrée pour cette offre.")
workbook_box = right.expander("Classeur Excel : modèle à remplir et import",
                              icon=":material/table_view:")

for note in st.session_state.get(vw.NOTES, ()):
    st.caption(f":material/info: {md(note)}")
banner = st.container()
actions = st.container()

tabs = st.tabs(["Verdict", "Données", "Comptes et EBE", "Valeur", "Financement", "Projection",
                "Résistance"], key="vb_tab")
with tabs[1], st.form(vw.FORM, border=False, enter_to_submit=False):
    # One form: edits are applied together by « Recalculer », not one rerun per cell.
    st.caption(":material/info: Modifiez autant de cases que voulu, puis « Recalculer » : le "
               "verdict et les onglets se mettent à jour d'un coup.")
    slots: vw.Slots = {GENERAL: st.container()}
    kind = vw.current_kind()
    vw.section(PROJECT, kind, slots)
    if kind is OfferKind.TAKEOVER:
        vw.accounts(slots)
        vw.section(PREMISES, kind, slots)
    else:
        vw.forecast(slots)
        vw.section(FORECAST, kind, slots)
    for part in (BUYER, NEEDS, RESOURCES, LOAN):
        vw.section(part, kind, slots)
    with st.expander("Seuils du verdict et hypothèses de calcul", icon=":material/tune:"):
        vw.section(THRESHOLDS, kind, slots)
        vw.section(ASSUMPTIONS, kind, slots)
    st.form_submit_button("Recalculer", type="primary", icon=":material/calculate:",
                          key=vw.RECALCULATE)

state = vw.read_state()
evaluation = vs.evaluate(state, st.session_state.get(REOPENED))
vw.show_errors(slots, errors_by_anchor(evaluation.errors))

with workbook_box:
    st.download_button("Télécharger le modèle (prérempli avec la saisie)",
                       data=lambda: vs.template(state), icon=":material/download:",
                       file_name=f"{vs.file_stem(source)}-modele.xlsx", key="vb_template",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    uploaded = st.file_uploader("Déposer le classeur rempli", type=["xlsx", "ods", "xls"],
                                key="vb_upload")
    if uploaded is not None and st.button("Charger ce classeur", key="vb_load_file"):
        loaded, problems = vs.load_workbook(uploaded.getvalue(), uploaded.name, state)
        if loaded is not None:
            vw.load_later(loaded)
            st.session_state.pop(REOPENED, None)
            st.session_state[MESSAGE] = f"Classeur « {uploaded.name} » chargé."
            st.rerun()
        st.error("Le classeur n'a pas été chargé :\n\n" + "\n".join(f"- {md(p)}" for p in problems),
                 icon=":material/error:")

with banner:
    if evaluation.view is not None:
        vw.verdict_banner(evaluation.view, vs.describe(evaluation.saved)
                          if evaluation.saved else None)
        vw.blanks(evaluation.blanks)
    else:
        st.error(f"Valeurs impossibles ({len(evaluation.errors)}) : corrigez-les dans l'onglet "
                 "« Données », où chacune est signalée sous son champ. Rien n'est calculé ni "
                 "enregistré d'ici là.", icon=":material/error:")

with actions:
    c1, c2, c3, c4 = st.columns([3, 1.4, 1, 1], vertical_alignment="bottom")
    label = c1.text_input("Nom de l'analyse à enregistrer", key="vb_save_label",
                          placeholder="Ex. : présentation au conseil communautaire du 12/12")
    if c2.button("Enregistrer l'analyse", icon=":material/save:", type="primary",
                 key="vb_save"):
        result = session.checked(vs.save, store, evaluation, source, label, by=principal)
        if result.analysis_id is not None:
            st.session_state[REOPENED] = vs.reopen(store, result.analysis_id).analysis
            st.session_state[MESSAGE] = result.message
            st.rerun()
        st.error(md(result.message), icon=":material/error:")
    c3.download_button("PDF", data=lambda: vs.pdf(evaluation, source),
                       file_name=f"{vs.file_stem(source)}.pdf", mime="application/pdf",
                       icon=":material/picture_as_pdf:", disabled=not evaluation.ok,
                       key="vb_pdf", help="Rapport pour les élus : verdict, tableaux, graphiques.")
    c4.download_button("Excel", data=lambda: vs.workbook(evaluation, source),
                       file_name=f"{vs.file_stem(source)}.xlsx", icon=":material/grid_on:",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       disabled=not evaluation.ok, key="vb_xlsx",
                       help="Données, SIG, plan de financement, échéancier et projection.")

view = evaluation.view
if view is None:
    for tab in (tabs[0], *tabs[2:]):
        tab.caption("Corrigez les valeurs signalées dans l'onglet « Données ».")
    st.stop()
figures = evaluation.figures

with tabs[0]:
    st.subheader(md(view.title, limit=300))
    vw.criteria(view.criteria)
    st.caption("Une ligne éliminatoire non satisfaite rend le projet non viable ; une autre le "
               "rend fragile. Les seuils se règlent dans « Données », rubrique « Seuils du "
               "verdict ».")
    vw.facts(view.inputs)

with tabs[2]:
    if view.is_takeover:
        st.subheader("Soldes intermédiaires de gestion et CAF")
        vw.table(view.sig, index=True)
        if view.caf_agree:
            st.caption(":material/done_all: La CAF calculée par la méthode additive (depuis le "
                       "résultat net) et par la méthode soustractive (depuis l'EBE) concorde "
                       "chaque année.")
        st.markdown("**Évolution d'une année sur l'autre**")
        vw.table(view.trends, index=True)
    st.subheader("EBE retraité" if view.is_takeover else "EBE prévisionnel")
    vw.table(view.restatement)

with tabs[3]:
    if view.is_takeover:
        st.subheader(view.valuation_sentence)
        vw.chart(figures.get("valuation"))
        vw.table(view.valuation.drop(columns="Source"))
        vw.facts(view.valuation_facts)
        with st.expander("Sources des méthodes et des barèmes"):
            vw.sources(view.valuation)
    else:
        st.caption("Une création n'a pas de prix de cession : la valorisation ne s'applique pas.")

with tabs[4]:
    st.subheader("Plan de financement")
    vw.chart(figures.get("plan"))
    left, right = st.columns(2)
    with left:
        st.markdown("**Besoins**")
        vw.table(view.needs)
    with right:
        st.markdown("**Ressources**")
        vw.table(view.resources)
    vw.facts(view.plan)
    st.subheader("Emprunt bancaire")
    vw.facts(view.loan)
    st.markdown("**Par année**")
    vw.table(view.schedule_years)
    with st.expander("Tableau d'amortissement, échéance par échéance"):
        vw.table(view.schedule, height=400)

with tabs[5]:
    st.subheader("Projection sur la durée du prêt")
    vw.chart(figures.get("projection"))
    vw.table(view.projection, index=True)
    left, right = st.columns(2)
    with left:
        st.markdown("**Seuil de rentabilité**")
        vw.facts(view.break_even)
        st.markdown("**Besoin en fonds de roulement**")
        vw.facts(view.working_capital)
    with right:
        st.markdown("**Ratios des banques**")
        vw.facts(view.ratios)

with tabs[6]:
    st.subheader("Et si tout ne se passe pas comme prévu ?")
    vw.chart(figures.get("tornado"))
    vw.table(view.sensitivity)
    st.markdown(f"**Simulation de Monte Carlo** — {view.monte_carlo}")
    vw.facts(view.monte_carlo_facts)
