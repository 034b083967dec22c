"""Importer: a spreadsheet of offers or réceptivité items, checked, then written all at once.

A guided flow: the file, its columns, the check of every row, then the import as one batch
that can be undone below. The work happens in :mod:`accueil.services.importing`; this page draws.
"""

import streamlit as st

from accueil.services import importing
from accueil.ui import resources, session, widgets
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
state = st.session_state
state.setdefault("import_round", 0)

st.title("Importer")
st.caption("Ajoutez d'un coup les offres, ou les logements, fonciers et locaux, d'un tableur "
           "(.xlsx, .ods ou .csv). Rien n'est enregistré avant votre confirmation, et un import "
           "se défait en un clic.")

if done := state.pop("import_done", None):
    st.success(md(done.message), icon=":material/check_circle:")
    if done.target == "offers":
        st.page_link("pages/offres.py", label="Voir la liste des offres",
                     icon=":material/list_alt:")
if undone := state.pop("import_undone", None):
    if undone.done:
        st.success(md(undone.message), icon=":material/undo:")
    else:
        st.error(md(undone.message), icon=":material/error:")


def next_round() -> None:
    """A new, empty uploader: the file just imported or cancelled leaves the page."""
    importing.forget_draft(state)
    state["import_round"] += 1


def import_flow() -> None:
    st.subheader("1. Le fichier")
    left, right = st.columns([3, 2], vertical_alignment="bottom")
    target = left.radio("Le fichier contient", importing.TARGETS, key="import_target",
                        format_func=importing.target_label)
    right.download_button(
        "Modèle à remplir (.xlsx)", importing.template_file(target),
        file_name=importing.template_file_name(target), icon=":material/download:",
        help="Un classeur avec une colonne par champ et une feuille « Aide » qui explique "
             "chacun : sens, format attendu, exemple.")
    upload = st.file_uploader(
        "Fichier à importer", type=list(importing.EXTENSIONS),
        key=f"import_file_{state['import_round']}",
        help="Classeur Excel (.xlsx, .xls), LibreOffice (.ods) ou texte CSV (séparateur « ; », "
             "« , » ou tabulation, tout encodage). 20 Mo et 200 000 lignes au plus.")
    if upload is None:
        return
    draft = importing.current_draft(state, upload.name, upload.getvalue(), target)
    bar = st.empty()

    def show(fraction: float, text: str) -> None:
        bar.progress(fraction, text=text)

    outcome = draft.read(progress=show if importing.wants_progress(draft) else importing.silent)
    if outcome.table is None:
        bar.empty()
        st.error(md(outcome.error), icon=":material/block:")
        return
    table = outcome.table
    if len(table.sheets) > 1:
        sheet = st.selectbox("Feuille à importer", table.sheets, key=f"sheet_{draft.key}",
                             index=table.sheets.index(table.sheet or table.sheets[0]))
        outcome = draft.read(sheet)
        if outcome.table is None:
            bar.empty()
            st.error(md(outcome.error), icon=":material/block:")
            return
        table = outcome.table
    st.caption(md(importing.describe_table(table)))

    st.subheader("2. Les colonnes")
    templates = importing.saved_templates(store, target)
    headers = [str(header) for header in table.frame.columns]
    best = importing.best_template(templates, headers)
    names = ["", *(t.name for t in templates)]
    choice = st.selectbox(
        "Modèle d'association", names, index=names.index(best.name) if best else 0,
        key=f"template_{draft.key}",
        format_func=lambda name: name or "Aucun : associations devinées d'après les en-têtes",
        help="L'association des colonnes mémorisée lors d'un import précédent de la même source.")
    template = next((t for t in templates if t.name == choice), None)
    st.markdown("Pour chaque colonne du fichier, le champ d'Accueil où la ranger "
                "(* : obligatoire). Vérifiez les propositions et corrigez-les au besoin.")
    mapping = draft.guess(table, template)
    options = importing.field_options(target)
    samples = importing.column_samples(table)
    columns = st.columns(3)
    chosen = {
        header: columns[index % 3].selectbox(
            md(header, limit=200), options, index=options.index(mapping[header]),
            format_func=lambda key: importing.field_label(target, key),
            key=f"map_{draft.key}_{choice}_{index}",
            help=md(samples[header], multiline=True, limit=2000))
        for index, header in enumerate(headers)}
    kinds = importing.kind_choices(target)
    kind_key = importing.KIND_KEYS[target]
    kind_options = ["", *kinds]
    preset = template.defaults.get(kind_key, "") if template else ""
    default_kind = st.selectbox(
        importing.default_kind_label(target), kind_options,
        index=kind_options.index(preset) if preset in kind_options else 0,
        key=f"default_kind_{draft.key}_{choice}",
        format_func=lambda value: kinds.get(value, "Aucun : chaque ligne doit l'indiquer"),
        help="Pour un fichier d'un seul type (une liste de cédants : « Reprise d'entreprise »).")

    st.subheader("3. La vérification")
    preview = draft.preview(store, table, chosen, {kind_key: default_kind},
                            progress=show if importing.wants_progress(draft, table)
                            else importing.silent)
    bar.empty()
    if preview.blocked:
        for problem in preview.validation.problems:
            st.error(md(problem), icon=":material/rule:")
        return
    again = True
    if message := importing.previous_imports_message(preview):
        st.warning(md(message), icon=":material/history:")
        again = st.checkbox("Importer quand même ce fichier une nouvelle fois",
                            key=f"again_{draft.key}")
    for column, (label, value) in zip(st.columns(4), importing.summary(preview).items(),
                                      strict=True):
        column.metric(label, value)
    if message := importing.errors_message(preview):
        st.warning(md(message), icon=":material/warning:")
        if sentences := importing.errors_as_sentences(preview):
            st.markdown("\n".join(f"- {md(sentence)}" for sentence in sentences))
        else:
            st.dataframe(importing.errors_table(preview), hide_index=True, width="stretch",
                         height=importing.table_height(preview.invalid_rows),
                         column_config={"Problème": st.column_config.TextColumn(width="large")})
    if preview.validation.errors or preview.validation.notes:
        st.download_button(
            "Rapport des erreurs et remarques (.csv)", importing.error_report(draft, preview),
            file_name=importing.error_report_name(draft), mime="text/csv",
            icon=":material/download:", key="rapport_erreurs")
    if preview.validation.notes:
        with st.expander(f"Remarques sur des lignes importées ({len(preview.validation.notes)})",
                         icon=":material/info:"):
            st.dataframe(importing.notes_table(preview), hide_index=True, width="stretch",
                         column_config={"Remarque": st.column_config.TextColumn(width="large")})
    if preview.valid_rows:
        st.markdown("**Aperçu des premières lignes valides**, telles qu'elles seront "
                    "enregistrées :")
        st.dataframe(importing.sample_table(preview), hide_index=True, width="stretch")

    import_anyway: list[int] = []
    all_anyway = False
    if message := importing.duplicates_message(preview):
        st.warning(md(message), icon=":material/content_copy:")
        st.dataframe(importing.duplicates_table(preview), hide_index=True, width="stretch",
                     height=importing.table_height(len(preview.duplicates), 300))
        all_anyway = st.checkbox("Importer quand même tous ces doublons probables",
                                 key=f"all_anyway_{draft.key}")
        if not all_anyway:
            labels = importing.duplicate_labels(preview)
            import_anyway = st.multiselect(
                "Importer quand même ces lignes", list(labels), format_func=labels.__getitem__,
                placeholder="Aucune : toutes sont laissées de côté",
                key=f"anyway_{draft.key}")
    skip = importing.rows_to_skip(preview, import_anyway, all_anyway=all_anyway)

    st.subheader("4. L'import")
    source = st.text_input(
        "Source du fichier", value=template.name if template else "",
        key=f"source_{draft.key}_{choice}",
        placeholder="par ex. CCI du Cantal – cédants",
        help="Qui vous a transmis ce fichier : l'historique des imports l'indique, et "
             "l'association des colonnes est mémorisée sous ce nom.")
    remember = st.checkbox("Mémoriser l'association des colonnes pour cette source", value=True,
                           key=f"remember_{draft.key}")
    buttons = st.container(horizontal=True)
    count = importing.rows_to_import(preview, skip)
    clicked = buttons.button(importing.import_button_label(count), type="primary",
                             icon=":material/upload:", key="importer",
                             disabled=not again or not count)
    cancelled = buttons.button("Annuler", icon=":material/close:", key="annuler_import")
    writing = st.empty()

    def show_writing(fraction: float, text: str) -> None:
        writing.progress(fraction, text=text)

    if clicked:
        result = session.checked(importing.commit, store, draft, preview, skip_rows=skip,
                                 source=source, by=principal, remember=remember,
                                 progress=show_writing
                                 if importing.wants_progress(draft, table)
                                 else importing.silent)
        writing.empty()
        if result.done:
            state["import_done"] = result
            next_round()
            st.rerun()
        st.error(md(result.message), icon=":material/error:")
    if cancelled:
        next_round()
        st.rerun()


import_flow()

st.divider()
st.subheader("Imports précédents")
batches = importing.history(store)
if not batches:
    st.caption("Aucun import pour l'instant.")
else:
    history = importing.history_table(batches)
    st.dataframe(history, hide_index=True, width="stretch")
    widgets.table_download(history, "imports", "dl_imports")
    by_id = {batch.id: batch for batch in importing.undoable(batches)}
    if by_id:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        chosen_id = left.selectbox("Import à annuler", list(by_id), key="import_a_annuler",
                                   format_func=lambda batch_id: importing.batch_label(
                                       by_id[batch_id]))
        removal, changes = importing.undo_warning(by_id[chosen_id])
        with right.popover("Annuler cet import", icon=":material/undo:"):
            st.markdown(md(removal))
            if changes:
                st.warning(md(changes), icon=":material/warning:")
            if st.button("Oui, annuler cet import", type="primary", key="confirmer_annulation"):
                undo = session.checked(importing.undo, store, by_id[chosen_id], by=principal)
                state["import_undone"] = undo
                st.rerun()
