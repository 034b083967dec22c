"""Territoires: the user's own territories (a name and communes), which filter every page."""

import streamlit as st

from accueil import fr
from accueil.domain.territories import TerritoryLevel
from accueil.services import territories
from accueil.store.territories import user_territories
from accueil.ui import resources, session, widgets
from accueil.ui.text import md

store = resources.store_or_stop()
principal = session.current_principal()
labels = resources.commune_labels(store)
MESSAGE_KEY = "territoires_message"
TAB_KEY = "territoires_onglet"  # the tab stays open across reruns (a click, a file)
CREATE, EDIT = "Créer un territoire", "Modifier ou supprimer"
ROUND_KEY = "territoires_tour"  # bumped after a save: fresh, empty inputs
round_ = st.session_state.setdefault(ROUND_KEY, 0)


def saved(message: str) -> None:
    """Remember the message, empty the inputs and rerun (the sidebar's list follows the
    store's change counter)."""
    st.session_state[MESSAGE_KEY] = message
    st.session_state[ROUND_KEY] = round_ + 1
    st.rerun()


def add_communes_of(target: str, source: str) -> None:
    """Callback: the communes of a predefined territory join the multiselect ``target``."""
    chosen = next((t for t in resources.territories(store) if t.code
                   == st.session_state.get(source)), None)
    if chosen is not None:
        current = set(st.session_state.get(target, []))
        st.session_state[target] = sorted(current | set(territories.communes_of(store, chosen)),
                                          key=lambda c: labels.get(c, c))


def perimeter_upload(key: str) -> list[str] | None:
    """A file of INSEE codes read and explained; its communes, or None while unusable."""
    upload = st.file_uploader(
        "Fichier des communes (CSV, XLSX, ODS)", type=["csv", "txt", "xlsx", "xls", "ods"],
        key=key, help="Une colonne « code_insee » : un code INSEE de commune par ligne "
                      "(par ex. 15187). Une colonne du nom de la commune peut l'accompagner.")
    if upload is None:
        return None
    found = territories.read_perimeter_file(upload.getvalue(), upload.name)
    if found.codes:
        st.success(f"{fr.plural(len(found.codes), 'commune reconnue', 'communes reconnues')} "
                   f"sur {fr.plural(found.rows, 'ligne lue', 'lignes lues')} dans "
                   f"« {md(found.file_name)} ».",
                   icon=":material/check_circle:")
    for note in found.notes[:10]:
        st.info(md(note), icon=":material/info:")
    if found.errors:
        shown = "\n".join(f"- {md(e)}" for e in found.errors[:20])
        more = len(found.errors) - 20
        st.error(f"**{fr.plural(len(found.errors), 'ligne')} à corriger** :\n\n{shown}"
                 + (f"\n\n… et {more} autre(s)." if more > 0 else ""), icon=":material/error:")
        if not found.codes:
            return None
        if not st.checkbox(f"Ignorer ces lignes et garder les {len(found.codes)} communes "
                           "reconnues", key=f"{key}_ignorer"):
            return None
    return list(found.codes)


st.title("Territoires")
st.markdown("Définissez vos propres territoires — un bassin de vie, un pays, le périmètre "
            "d'un programme — par leurs communes. Ils s'ajoutent au choix **Territoire** de la "
            "barre latérale et filtrent alors toutes les pages : tableau de bord, offres, carte.")
if message := st.session_state.pop(MESSAGE_KEY, None):
    st.success(md(message), icon=":material/check_circle:")

mine = user_territories(store)
st.subheader("Vos territoires")
if mine.empty:
    st.info("Aucun territoire personnalisé pour l'instant : créez le premier ci-dessous.",
            icon=":material/info:")
else:
    shown_territories = mine.rename(columns={
        "name": "Nom", "communes": "Communes", "population": "Population",
        "departements": "Départements", "updated_at": "Modifié le"}).drop(columns="code")
    st.dataframe(shown_territories, hide_index=True, width="stretch", column_config={
        "Modifié le": st.column_config.DatetimeColumn(format="DD/MM/YYYY HH:mm"),
        "Population": st.column_config.NumberColumn(format="localized")})
    widgets.table_download(shown_territories, "territoires", "dl_territoires")

predefined = [t for t in resources.territories(store)
              if t.level in (TerritoryLevel.DEPARTEMENT, TerritoryLevel.EPCI)]
predefined_labels = {t.code: f"{t.level.label} · {t.label}" for t in predefined}


def create_form() -> None:
    """A new territory: its name, then its communes from the list or from a file."""
    name = st.text_input("Nom du territoire *", key=f"t_nom_{round_}", max_chars=80,
                         placeholder="Ex. : Bassin de vie de Saint-Flour")
    how = st.radio("Communes", ["Choisir dans la liste", "Importer un fichier de codes INSEE"],
                   horizontal=True, key=f"t_comment_{round_}")
    if how == "Choisir dans la liste":
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.selectbox("Partir d'une intercommunalité ou d'un département", list(predefined_labels),
                     format_func=predefined_labels.__getitem__, index=None,
                     key=f"t_source_{round_}", placeholder="Tapez un nom (facultatif)")
        c2.button("Ajouter ses communes", icon=":material/add:", key=f"t_ajouter_{round_}",
                  on_click=add_communes_of, args=(f"t_communes_{round_}", f"t_source_{round_}"))
        codes: list[str] | None = st.multiselect(
            "Communes du territoire *", list(labels), format_func=labels.__getitem__,
            key=f"t_communes_{round_}", placeholder="Tapez le nom d'une commune")
        st.caption(fr.plural(len(codes or []), "commune choisie", "communes choisies"))
    else:
        codes = perimeter_upload(f"t_fichier_{round_}")
    if st.button("Créer le territoire", type="primary", icon=":material/add_location_alt:",
                 key="t_creer"):
        result = session.checked(territories.save_territory, store, name, codes or [], by=principal)
        if result.territory is not None:
            widgets.show_territory(result.territory.code)
            saved(f"Territoire « {result.territory.name} » créé avec "
                  f"{fr.plural(result.communes, 'commune')} ; il est choisi dans la barre "
                  "latérale.")
        for error in result.errors:
            st.error(md(error), icon=":material/error:")


def edit_form() -> None:
    """Rename a territory, add or remove communes, replace them from a file, delete it."""
    if mine.empty:
        st.info("Rien à modifier : vous n'avez pas encore créé de territoire.",
                icon=":material/info:")
        return
    names = dict(zip(mine["code"], mine["name"], strict=True))
    code = st.selectbox("Territoire à modifier", list(names), format_func=names.__getitem__,
                        key=f"m_territoire_{round_}")
    current = next(t for t in resources.territories(store) if t.code == code)
    members = territories.communes_of(store, current)
    new_name = st.text_input("Nouveau nom", value=current.name, max_chars=80,
                             key=f"m_nom_{round_}_{code}")
    c1, c2 = st.columns(2)
    added = c1.multiselect("Ajouter des communes",
                           [c for c in labels if c not in set(members)],
                           format_func=labels.__getitem__, key=f"m_plus_{round_}_{code}",
                           placeholder="Tapez le nom d'une commune")
    removed = c2.multiselect(f"Retirer des communes (parmi ses {len(members)})", members,
                             format_func=lambda c: labels.get(c, c),
                             key=f"m_moins_{round_}_{code}",
                             placeholder="Tapez le nom d'une commune")
    replacement = None
    replacing = st.toggle("Remplacer toutes ses communes par celles d'un fichier",
                          key=f"m_remplacer_{round_}_{code}")
    if replacing:
        replacement = perimeter_upload(f"m_fichier_{round_}_{code}")
        if replacement is None:
            st.caption("Déposez un fichier utilisable, ou désactivez le remplacement, pour "
                       "enregistrer.")
    b1, b2, _ = st.columns([2, 2, 3])
    if b1.button("Enregistrer les modifications", type="primary", icon=":material/save:",
                 key="m_enregistrer", disabled=replacing and replacement is None):
        result = session.checked(territories.change_territory,
                                 store, current, new_name, added, removed,
                                              replacement, by=principal)
        if result.territory is not None:
            saved(f"Territoire « {result.territory.name} » enregistré : "
                  f"{fr.plural(result.communes, 'commune')}.")
        for error in result.errors:
            st.error(md(error), icon=":material/error:")
    with b2.popover("Supprimer ce territoire", icon=":material/delete:"):
        st.markdown(f"Supprimer **{md(current.name)}** ? Ses communes et les offres ne sont pas "
                    "touchées : seul ce regroupement disparaît.")
        if st.button("Oui, supprimer", type="primary", key="m_supprimer"):
            session.checked(territories.remove_territory, store, current, by=principal)
            saved(f"Territoire « {current.name} » supprimé.")

create, edit = st.tabs([CREATE, EDIT], key=TAB_KEY, on_change="rerun")
if create.open:
    with create:
        create_form()
if edit.open:
    with edit:
        edit_form()
