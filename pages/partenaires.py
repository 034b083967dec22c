"""Partenaires: the partner network, its veille loop and what each partner contributes."""

import streamlit as st

from accueil import fr
from accueil.domain.access import Action, Refused, Role, may
from accueil.domain.partners import PartnerKind, Supply
from accueil.services import importing
from accueil.services import partners as service
from accueil.ui import resources, widgets
from accueil.ui.session import current_principal
from accueil.ui.text import md

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

store = resources.store_or_stop()
territory = widgets.current_territory(store)
principal = current_principal()

st.title("Partenaires")
st.caption("Qui fournit quoi, qui l'a confirmé et quand ; la veille à faire avec chaque "
           f"partenaire. Territoire : **{md(territory.label)}**.")

if notice := st.session_state.pop("partenaires_message", None):
    ok, text = notice
    (st.success if ok else st.warning)(md(text))

records = service.partners(store)
officer = bool(may(principal, Action.MANAGE_PARTNERS))

if principal.role is Role.PARTENAIRE:
    own = service.partner_for(store, principal)
    if own is None:
        st.info(f"Aucune fiche partenaire ne correspond à votre organisation "
                f"(« {md(principal.organisation) or 'non renseignée'} ») : demandez au chargé "
                "de mission de la créer.", icon=":material/info:")
        st.stop()
    records = [own]


def veille_section(partner_id: int, key: str) -> None:
    """The veille of one partner: what is due, its file, and the filled file read back."""
    due = service.due_table(service.due(store, partner_id, by=principal))
    st.caption(f"{fr.plural(len(due), 'élément')} à revérifier (jamais confirmé, ou confirmé "
               "avant le début de la période de veille).")
    st.dataframe(due, hide_index=True, width="stretch", height=importing.table_height(len(due)))
    if len(due):
        name, data = service.veille_file(store, principal, partner_id)
        st.download_button("Fichier de veille à envoyer (Excel)", data=data, file_name=name,
                           mime=XLSX_MIME, icon=":material/outgoing_mail:", key=f"{key}_dl",
                           on_click="ignore",
                           help="Une ligne par élément, avec ce que nous savons et une colonne "
                                "« Réponse » : Confirmé, Modifié ou Plus disponible.")
    if not may(principal, Action.IMPORT):
        return
    upload = st.file_uploader("Fichier de veille rempli par le partenaire", type=["xlsx"],
                              key=f"{key}_up_{st.session_state.get('veille_round', 0)}")
    if upload is None:
        return
    preview = service.preview_veille(store, partner_id, upload.name, upload.getvalue())
    if preview.already:
        st.warning(md(preview.already), icon=":material/content_copy:")
    for error in preview.errors:
        st.warning(md(error), icon=":material/warning:")
    if preview.read.unanswered:
        st.caption(f"{fr.plural(preview.read.unanswered, 'ligne')} sans réponse : inchangée(s).")
    if preview.blocked:
        st.info("Aucune réponse à importer dans ce fichier.", icon=":material/info:")
        return
    st.markdown(f"**Aperçu : {fr.plural(len(preview.accepted), 'réponse')} à importer**")
    st.dataframe(preview.table, hide_index=True, width="stretch")
    if st.button(f"Importer {fr.plural(len(preview.accepted), 'réponse')}", type="primary",
                 key=f"{key}_go", icon=":material/upload:"):
        try:
            message = service.commit_veille(store, principal, preview)
        except Refused as refused:
            message = refused.reason
        st.session_state["partenaires_message"] = (True, message)
        st.session_state["veille_round"] = st.session_state.get("veille_round", 0) + 1
        st.rerun()


if principal.role is Role.PARTENAIRE:
    own = records[0]
    assert own.id is not None
    st.subheader(f"Ce que {md(own.name)} a fourni")
    board = service.dashboard(store, None, partner_id=own.id)
    st.dataframe(board.partners, hide_index=True, width="stretch")
    veille_section(own.id, "mine")
    st.stop()

# Records (with contacts: personal data), typed names and the veille (titles of confidential
# offers) are the officers' work; an elected official sees the dashboard's counts only.
SECTIONS = ("Tableau de bord", "Fiches", "Noms saisis et doublons", "Veille") if officer \
    else ("Tableau de bord",)
# A radio rather than tabs: the section chosen stays chosen across reruns (an upload, a click).
section = st.radio("Rubrique", SECTIONS, horizontal=True, key="partenaires_rubrique",
                   label_visibility="collapsed")

if section == "Tableau de bord":
    if not records:
        st.info("Aucune fiche partenaire pour l'instant : l'onglet « Noms saisis et doublons » "
                "crée les fiches à partir des noms déjà saisis sur les offres et les biens.",
                icon=":material/info:")
    board = service.dashboard(store, territory)
    if board.uncovered:
        st.warning("Piliers sans partenaire sur ce territoire : "
                   + ", ".join(p.label for p in board.uncovered)
                   + ". Aucun partenaire n'y a fourni d'élément ni ne déclare le couvrir.",
                   icon=":material/group_off:")
    st.markdown("**Par partenaire** (éléments fournis sur le territoire ; « confirmés » : "
                "dans la période de veille)")
    st.dataframe(board.partners, hide_index=True, width="stretch")
    widgets.table_download(board.partners, "partenaires", "dl_partenaires")
    st.markdown("**Par pilier, les partenaires du territoire**")
    st.markdown("\n".join(f"- **{md(pillar)}** : {md(names)}" for pillar, names in zip(
        board.coverage["Pilier"], board.coverage["Partenaires"], strict=True)))
    if service.requires_confirmation(store) != st.toggle(
            "Exiger pour qualifier une confirmation du partenaire plus récente que la période "
            "de veille", value=service.requires_confirmation(store), key="exige_confirmation",
            disabled=not officer,
            help="Une offre complète dont l'activité ou un bien n'a pas été confirmé par son "
                 "partenaire depuis le début de la période de veille reste « à compléter » "
                 "jusqu'à sa confirmation (fichier de veille), partout dans l'application."):
        st.session_state["partenaires_message"] = (True, service.set_requires_confirmation(
            store, principal, not service.requires_confirmation(store)))
        st.rerun()

elif section == "Fiches":
    st.dataframe(service.partners_table(records), hide_index=True, width="stretch")
    choices = {None: "Nouvelle fiche", **{p.id: p.name for p in records}}
    chosen = st.selectbox("Fiche", list(choices), format_func=lambda k: choices[k],
                          key="fiche_choisie")
    current = next((p for p in records if p.id == chosen), None)
    with st.form(f"fiche_{chosen}"):
        c1, c2 = st.columns(2)
        name = c1.text_input("Nom de l'organisation", value=current.name if current else "")
        kinds = list(PartnerKind)
        kind = c2.selectbox("Type", kinds, format_func=lambda k: k.label,
                            index=kinds.index(current.kind) if current else len(kinds) - 1)
        territory_text = c1.text_input("Territoire couvert",
                                       value=current.territory if current else "",
                                       placeholder="Ex. : Cantal, Hautes Terres Communauté")
        siren = c2.text_input("SIREN (facultatif)", value=current.siren if current else "",
                              help="Neuf chiffres ; la clé de contrôle est vérifiée.")
        places = [None, *resources.territories(store)]
        covers = st.selectbox(
            "Communes couvertes", places, key=f"couvre_{chosen}",
            format_func=lambda t: (f"Inchangées ({fr.plural(len(current.communes), 'commune')})"
                                   if current else "Non précisées") if t is None else t.label,
            help="Le territoire dont le partenaire couvre les communes : il compte pour ce "
                 "territoire dans « Par pilier, les partenaires du territoire ».")
        supplies = st.multiselect("Fournit habituellement", list(Supply),
                                  default=sorted(current.supplies) if current else [],
                                  format_func=lambda s: s.label, placeholder="Choisir…")
        templates = st.text_area("Modèles d'import de leurs fichiers (un par ligne)",
                                 value="\n".join(current.templates) if current else "",
                                 height=68)
        st.markdown("**Contacts** (données personnelles : nom, fonction, courriel et téléphone "
                    "professionnels seulement)")
        people = [{"name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
                  for c in (current.contacts if current else ())]
        edited = st.data_editor(
            people or [{"name": "", "role": "", "email": "", "phone": ""}],
            num_rows="dynamic", width="stretch", key=f"contacts_{chosen}",
            column_config={"name": "Nom", "role": "Fonction", "email": "Courriel",
                           "phone": "Téléphone"})
        notes = st.text_area("Notes", value=current.notes if current else "", height=68)
        saved = st.form_submit_button("Enregistrer la fiche", type="primary",
                                      disabled=not officer)
    if saved:
        result = service.save(
            store, principal,
            {"name": name, "kind": kind.value, "territory": territory_text, "siren": siren,
             "supplies": [s.value for s in supplies], "templates": templates, "notes": notes,
             "covers": covers},
            list(edited) if isinstance(edited, list) else edited.to_dict("records"),
            partner_id=current.id if current else None)
        if result.ok:
            st.session_state["partenaires_message"] = (True, result.message)
            st.rerun()
        st.error(md(result.message))

elif section == "Noms saisis et doublons":
    names = service.unlinked_names(store)
    st.markdown(f"**Noms de partenaires saisis sans fiche : {fr.number(len(names))}**")
    st.caption("Les noms qui ne diffèrent que par la casse, les accents ou « du / de la » "
               "(« CCI Cantal », « CCI du Cantal ») donnent une seule fiche.")
    if len(names):
        st.dataframe(names, hide_index=True, width="stretch")
        if st.button("Créer les fiches de ces partenaires", disabled=not officer,
                     key="creer_fiches", icon=":material/group_add:"):
            st.session_state["partenaires_message"] = (True,
                                                       service.adopt_names(store, principal))
            st.rerun()
    pairs = service.merge_candidates(store)
    st.markdown(f"**Doublons probables : {fr.number(len(pairs))}**")
    if not pairs:
        st.caption("Aucune paire de fiches aux noms très proches.")
    for pair in pairs:
        assert pair.keep.id is not None
        assert pair.other.id is not None
        c1, c2 = st.columns([4, 1])
        c1.markdown(f"« {md(pair.other.name)} » ({fr.plural(pair.supplied[1], 'élément')}) "
                    f"ressemble à « {md(pair.keep.name)} » "
                    f"({fr.plural(pair.supplied[0], 'élément')}) — similarité "
                    f"{fr.percent(pair.similarity)}")
        if c2.button("Fusionner", key=f"fusion_{pair.keep.id}_{pair.other.id}",
                     disabled=not officer, icon=":material/merge:",
                     help=f"« {pair.other.name} » devient un autre nom de « {pair.keep.name} »."):
            st.session_state["partenaires_message"] = (
                True, service.merge(store, principal, pair.keep.id, pair.other.id))
            st.rerun()

else:
    if not records:
        st.info("Aucune fiche partenaire : créez-les d'abord depuis l'onglet « Noms saisis et "
                "doublons ».", icon=":material/info:")
    else:
        by_id = {p.id: p.name for p in records}
        partner_id = st.selectbox("Partenaire", list(by_id), format_func=lambda k: by_id[k],
                                  key="veille_partenaire")
        assert partner_id is not None
        veille_section(int(partner_id), f"veille_{partner_id}")
