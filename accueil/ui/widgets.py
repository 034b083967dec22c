"""Shared widgets: the sidebar's territory picker and the pillar badges.

Draws only; the numbers and statuses come from the package's pure functions.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from accueil.domain.pillars import Assessment, PillarStatus, Qualification
from accueil.domain.territories import MASSIF_CENTRAL, Territory
from accueil.domain.versions import Conflict
from accueil.io import cells
from accueil.services import partners as partner_service
from accueil.store.db import Store
from accueil.ui import resources
from accueil.ui.text import md

TERRITORY_KEY = "territoire"
PENDING_TERRITORY_KEY = "territoire_a_afficher"

# Streamlit's own icon font works offline and everywhere; the word always goes with the colour.
STATUS_BADGE = {PillarStatus.COMPLET: ":blue[:material/check_circle: Complet]",
                PillarStatus.PARTIEL: ":orange[:material/pending: Partiel]",
                PillarStatus.ABSENT: ":red[:material/cancel: Absent]"}
QUALIFICATION_BADGE = {
    Qualification.QUALIFIEE: ":blue[:material/verified: Offre qualifiée]",
    Qualification.A_COMPLETER: ":orange[:material/pending: Offre à compléter]",
    Qualification.NON_QUALIFIEE: ":red[:material/block: Offre non qualifiée]"}


def territory_picker(store: Store) -> Territory:
    """The territory chosen in the sidebar, shared by every page through session state."""
    options = resources.territories(store)
    by_code = {t.code: t for t in options}
    pending = st.session_state.pop(PENDING_TERRITORY_KEY, None)
    if pending in by_code:
        st.session_state[TERRITORY_KEY] = pending
    if st.session_state.get(TERRITORY_KEY) not in by_code:
        st.session_state[TERRITORY_KEY] = MASSIF_CENTRAL.code
    code = st.sidebar.selectbox(
        "Territoire", options=list(by_code), key=TERRITORY_KEY,
        placeholder="Tapez un nom de territoire",
        format_func=lambda c: by_code[c].label if by_code[c] == MASSIF_CENTRAL
        else f"{by_code[c].level.label} · {by_code[c].label}",
        help="Filtre toutes les pages : Massif central, un département, une intercommunalité "
             "ou l'un de vos territoires (page « Territoires »). Tapez pour chercher.")
    return by_code[code]


def show_territory(code: str) -> None:
    """Make ``code`` the sidebar's territory at the next run (the picker is drawn already)."""
    st.session_state[PENDING_TERRITORY_KEY] = code


def current_territory(store: Store) -> Territory:
    by_code = {t.code: t for t in resources.territories(store)}
    return by_code.get(st.session_state.get(TERRITORY_KEY, ""), MASSIF_CENTRAL)


def pillar_panel(assessment: Assessment) -> None:
    """Three columns, one per pillar: status and what is missing, in plain French."""
    st.markdown(f"#### {QUALIFICATION_BADGE[assessment.qualification]}")
    for column, pillar in zip(st.columns(3), assessment.pillars, strict=True):
        with column.container(border=True):
            st.markdown(f"**{pillar.pillar.label}** — {STATUS_BADGE[pillar.status]}")
            if pillar.missing:
                st.markdown("Manque :\n" + "\n".join(f"- {m}" for m in pillar.missing))
            else:
                st.markdown("Rien ne manque.")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(table: pd.DataFrame | Any, stem: str, key: str) -> None:
    """The app's own download of a table, in place of Streamlit's (turned off in the config):
    Excel and CSV, every cell neutralised against formula injection (:mod:`accueil.io.cells`).

    ``table`` may be a pandas ``Styler``; its data is what is written. The files are made only
    when a button is clicked.
    """
    frame: pd.DataFrame = getattr(table, "data", table)
    if frame is None or len(frame) == 0:
        return
    row = st.container(horizontal=True)
    row.download_button("Excel", data=lambda: cells.xlsx_bytes(frame), file_name=f"{stem}.xlsx",
                        mime=XLSX_MIME, icon=":material/grid_on:", key=f"{key}_xlsx",
                        help="Ce tableau dans un classeur Excel ou LibreOffice.")
    row.download_button("CSV", data=lambda: cells.csv_bytes(frame), file_name=f"{stem}.csv",
                        mime="text/csv", icon=":material/download:", key=f"{key}_csv",
                        help="Ce tableau en CSV (séparateur « ; », UTF-8), pour Excel.")


RELOAD_LABEL = "Recharger (abandonner mes modifications)"
OVERWRITE_LABEL = "Enregistrer quand même (écraser)"


def conflict_panel(conflict: Conflict, key: str) -> str | None:
    """A save refused because someone else saved meanwhile: the French explanation, the
    fields they changed (as opened → as they saved it → as typed here) and the two ways out.

    Returns ``"reload"`` or ``"overwrite"`` when a button was clicked, else ``None``. The
    values are shown in a table (plain text, never Markdown: they are user text).
    """
    with st.container(border=True, key=f"{key}_conflit"):
        st.warning(md(conflict.message()), icon=":material/sync_problem:")
        if conflict.changes:
            st.dataframe(pd.DataFrame(
                [{"Champ": c.label, "Quand vous l'avez ouvert": c.seen,
                  "Enregistré par l'autre personne": c.theirs,
                  "Votre saisie": c.yours + (" (modifié aussi par vous)"
                                             if c.yours_differs else "")}
                 for c in conflict.changes]), hide_index=True, width="stretch")
        left, right, _ = st.columns([1.4, 1.3, 2])
        if left.button(RELOAD_LABEL, key=f"{key}_recharger", icon=":material/refresh:"):
            return "reload"
        if not conflict.deleted and right.button(OVERWRITE_LABEL, key=f"{key}_ecraser",
                                                 icon=":material/save_as:"):
            return "overwrite"
    return None


# A table whose rows open something: a click on any cell of a row opens it, as does its box.
ROW_CLICK = ["single-row", "single-cell"]


def clicked_row(event: Any) -> int | None:
    """The position of the row clicked in a table drawn with ``selection_mode=ROW_CLICK``
    (its selection box or any of its cells), or ``None``."""
    if event is None:
        return None
    selection = event.selection
    if selection.rows:
        return int(selection.rows[0])
    cells = selection.get("cells", []) if hasattr(selection, "get") else []
    return int(cells[0][0]) if cells else None
def evidence_panel(store: Store, offer_id: int) -> None:
    """Who supplied each pillar of an offer and who confirmed it when (issue 17)."""
    lines = partner_service.evidence(store, offer_id)
    if not lines:
        return
    st.markdown("**Provenance et confirmations**")
    st.markdown("\n".join(
        f"- {md(line.what)} — fourni par **{md(line.partner)}**, {md(line.confirmed)}"
        + (" :orange[· à revérifier]" if line.stale else "") for line in lines))
    if gap := partner_service.confirmation_gap(store, offer_id):
        st.warning(md(gap), icon=":material/pending_actions:")
