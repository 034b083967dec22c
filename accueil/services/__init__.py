"""What the pages call: one module per screen or family of screens.

Each service takes the open store and plain values (what the widgets hold), asks
:mod:`accueil.store` and :mod:`accueil.domain`, and returns what a page draws: French tables,
labels, messages and figures, with errors a user can fix as French messages rather than
exceptions. No streamlit here (``accueil.ui`` holds what needs it) and no SQL (``accueil.store``
holds that): pages -> accueil.ui -> accueil.services -> accueil.(io|geo|store) -> accueil.domain.
"""
