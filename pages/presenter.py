"""Présenter: the territory to elected officials, one slide at a time, and the same slides as
a PowerPoint file."""

from datetime import date

import streamlit as st

from accueil.domain.access import PUBLIC, elected_officials
from accueil.ui import present, resources, widgets
from accueil.ui.session import current_principal
from accueil.ui.text import md

store = resources.store_or_stop()
territory = widgets.current_territory(store)
today = date.today()

AUDIENCES = {"elus": "Élus (sans détail confidentiel)", "equipe": "Mon équipe (mes droits)",
             "public": "Grand public (offres publiques seulement)"}
audiences = {"elus": elected_officials(None), "equipe": current_principal(), "public": PUBLIC}

full = bool(st.session_state.get(present.MODE_KEY, False))
if not full:
    st.title("Présenter le territoire")
    st.caption(f"Territoire : **{md(territory.label)}** (barre latérale) · les mêmes "
               "diapositives à l'écran, dans le fichier PowerPoint et dans le rapport.")
    c1, c2 = st.columns(2)
    chosen = c1.selectbox("Public", list(AUDIENCES), format_func=AUDIENCES.__getitem__,
                          key="presenter_public",
                          help="Ce que le public voit : les élus ne voient aucune offre "
                               "confidentielle en détail, et les petits nombres qui en "
                               "contiennent sont masqués.")
    since = c2.date_input("Progrès depuis le", value=date(today.year, 1, 1), max_value=today,
                          format="DD/MM/YYYY", key="presenter_depuis")
else:
    chosen = st.session_state.get("presenter_public", "elus")
    since = st.session_state.get("presenter_depuis", date(today.year, 1, 1))

audience = audiences.get(str(chosen), audiences["elus"])
deck = present.deck_for(store, territory, audience, audience.cache_key, since, today,
                        store.revision())
count = len(deck.slides)
number = present.current_slide(count)

if not full:
    c1, c2, c3 = st.columns([1, 1, 1])
    if c1.button("Présenter en plein écran", type="primary", icon=":material/slideshow:",
                 key="presenter_demarrer"):
        st.session_state[present.MODE_KEY] = True
        st.rerun()
    fingerprint = (territory.code, audience.cache_key, since, today, store.revision())
    c2.download_button(
        "Diaporama PowerPoint (.pptx)", present.pptx_of(deck, fingerprint),
        file_name=f"presentation-{territory.code}-{today.isoformat()}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/download:", key="presenter_pptx",
        help="Graphiques modifiables dans PowerPoint ou LibreOffice Impress.")
    if st.session_state.get("presenter_rapport_demande") != fingerprint:
        if c3.button("Préparer le rapport PDF (A4)", icon=":material/picture_as_pdf:",
                     key="presenter_rapport",
                     help="Les mêmes chiffres, une fiche par zone et le glossaire."):
            st.session_state["presenter_rapport_demande"] = fingerprint
            st.rerun()
    else:
        c3.download_button(
            "Rapport PDF (A4)", present.report_of(store, territory, audience, deck, fingerprint),
            file_name=f"rapport-{territory.code}-{today.isoformat()}.pdf",
            mime="application/pdf", icon=":material/download:", key="presenter_pdf")
    st.divider()
else:
    present.full_screen()

present.listen_to_keys(count)
present.draw_slide(deck, number)

left, middle, right, leave = st.columns([1, 2, 1, 1])
left.button("Précédente", icon=":material/arrow_back:", key="presenter_precedente",
            disabled=number <= 1, on_click=present.move, args=(-1, count), width="stretch")
middle.markdown(f"<div style='text-align:center;font-size:1.2rem'>Diapositive {number} / "
                f"{count} · touches ← →</div>", unsafe_allow_html=True)
right.button("Suivante", icon=":material/arrow_forward:", key="presenter_suivante",
             disabled=number >= count, on_click=present.move, args=(1, count),
             width="stretch")
if full and leave.button("Quitter le plein écran", key="presenter_quitter", width="stretch"):
    st.session_state[present.MODE_KEY] = False
    st.rerun()
