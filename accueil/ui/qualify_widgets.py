"""Widgets of the qualification screens: the checklist per pillar and a suggestion card.

Draws only, with Streamlit's icon font (the word always goes with the colour); what to show
comes from :mod:`accueil.services.qualify` and the domain.
"""

from __future__ import annotations

import streamlit as st

from accueil.domain.checklist import Checklist, CheckState
from accueil.domain.pillars import Pillar
from accueil.services.qualify import SuggestionCard
from accueil.ui.text import md
from accueil.ui.widgets import QUALIFICATION_BADGE, STATUS_BADGE

CHECK_BADGE = {CheckState.PRESENT: ":blue[:material/check_circle:]",
               CheckState.MISSING: ":red[:material/cancel:]",
               CheckState.STALE: ":orange[:material/schedule:]"}
CHECK_WORD = {CheckState.PRESENT: "", CheckState.MISSING: " — :red[manquant]",
              CheckState.STALE: " — :orange[à revérifier]"}


def checklist_panel(checklist: Checklist) -> None:
    """The qualification, then three columns: each pillar's requirements and their state."""
    assessment = checklist.assessment
    st.markdown(f"#### {QUALIFICATION_BADGE[assessment.qualification]}")
    for column, pillar in zip(st.columns(3), Pillar, strict=True):
        status = next(p for p in assessment.pillars if p.pillar is pillar).status
        with column.container(border=True):
            st.markdown(f"**{pillar.label}** — {STATUS_BADGE[status]}")
            lines = []
            for check in checklist.of(pillar):
                detail = f" ({md(check.detail)})" if check.detail else ""
                label = check.label[:1].upper() + check.label[1:]  # "code NAF" stays upper
                lines.append(f"{CHECK_BADGE[check.state]} {label}"
                             f"{CHECK_WORD[check.state]}{detail}")
            st.markdown("  \n".join(lines))


def suggestion_card(card: SuggestionCard, key: str) -> bool:
    """One suggested item in a bordered box; ``True`` when its link button was clicked."""
    with st.container(border=True):
        st.markdown(f"**{md(card.title)}**" + (" · démo" if card.is_demo else ""))
        st.caption(f":material/location_on: {md(card.commune)} · {md(card.where)} · {md(card.cost)}")
        if card.description:
            st.markdown(md(card.description, multiline=True, limit=2000))
        lines = [f":blue[:material/check:] {md(r)}" for r in card.reasons]
        lines += [f":orange[:material/warning:] {md(w)}" for w in card.warnings]
        st.markdown("  \n".join(lines))
        st.progress(card.fit / 100, text=f"Adéquation : {card.fit} / 100")
        return st.button("Rattacher à l'offre", key=key, icon=":material/link:",
                         type="primary" if not card.warnings else "secondary")
