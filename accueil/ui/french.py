"""Streamlit's own English interface words, shown in French (``francais.js``).

Streamlit 1.67 has no setting for the language of its widgets: the file uploader says « Drag
and drop file here », lists say « No results », tables' toolbars « Download as CSV ». A tiny
component, mounted once in the sidebar by ``app.py``, rewrites those phrases in the page as
they appear (exact phrases, inside Streamlit's own widgets only).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

_component: list[Any] = []


def french_interface(*, in_sidebar: bool = True) -> None:
    """Mount the rewriter: in the sidebar of the app, in the page itself on the sign-in
    screens (which have no sidebar; their password field says « Show password »)."""
    if not _component:
        script = Path(__file__).with_name("francais.js").read_text(encoding="utf-8")
        _component.append(st.components.v2.component("accueil_francais", js=script,
                                                      isolate_styles=False))
    with st.sidebar if in_sidebar else st.container():
        _component[0](data={}, key="accueil_francais", height=0)
