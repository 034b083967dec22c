"""Process-wide resources of the app: the open store and the reference lists, cached here.

Caching happens at this UI edge (``st.cache_resource``/``st.cache_data``), never inside the
store: the store stays usable from tests, scripts and benchmarks without Streamlit.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import date, datetime

import altair as alt
import pandas as pd
import streamlit as st

from accueil.domain.access import Refused
from accueil.domain.territories import Territory
from accueil.io.demo import load_demo_offers
from accueil.io.demo_inventory import load_demo_inventory
from accueil.services import accounts, charts
from accueil.store import backup
from accueil.store import dashboard as queries
from accueil.store.dashboard import DashboardData
from accueil.store.db import Store, StoreError
from accueil.store.inventory import seed_demo_inventory
from accueil.store.offers import refresh_assessments, seed_demo

logger = logging.getLogger("accueil")
_opened: list[Store] = []


@st.cache_resource(show_spinner="Ouverture de la base…")
def get_store() -> Store:
    """The one store of this process: migrated, rules applied, demo installed on first run."""
    store = Store.open()
    _opened.append(store)
    with store.exclusive():  # two app processes starting together install the demo once
        refresh_assessments(store)
        if seed_demo(store, load_demo_offers()):
            accounts.seed_demo_account(store)  # a new store only: never beside real accounts
        seed_demo_inventory(store, *load_demo_inventory())
    return store


def release_store() -> None:
    """Close the process's store and forget every cache, so that another process (or test)
    can open the file: DuckDB holds a file lock for as long as a connection lives."""
    st.cache_resource.clear()
    st.cache_data.clear()
    while _opened:
        _opened.pop().close()


_router_forced: list[bool] = []


def _ensure_router() -> None:
    """Run the page through ``app.py`` even when a fresh server is first asked for it by URL.

    Streamlit starts in its older multipage mode whenever a ``pages/`` folder sits beside the
    main script, and leaves it only once ``st.navigation`` has run: until someone opens the
    root URL, a bookmarked ``/offres`` would run the page alone, without the shared sidebar.
    Leaving that mode here and rerunning sends the request through the router. Once per
    process: ``AppTest`` resets the mode before each of its runs, and a rerun there would
    drop the button click being tested.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not _router_forced:
        _router_forced.append(True)
        PagesManager.uses_pages_directory = False
        st.rerun()


def run_page(page: Callable[[], None]) -> None:
    """Run ``page``; an unexpected error becomes a French message, its traceback goes to the
    server log. ``ACCUEIL_RAISE=1`` (set by the tests) lets it through instead."""
    try:
        page()
    except Refused as refused:
        # The service said no (accueil.domain.access): its French reason, never a traceback.
        st.error(refused.reason, icon=":material/block:")
    except Exception:
        if os.environ.get("ACCUEIL_RAISE") == "1":
            raise
        moment = datetime.now().strftime("%d/%m/%Y à %H:%M:%S")
        logger.exception("unexpected error in a page (%s)", moment)
        st.error(
            "Une erreur inattendue a interrompu cette page. Rien n'a été enregistré à moitié : "
            "chaque enregistrement est tout ou rien. Rechargez la page ; si l'erreur revient, "
            f"signalez-la en donnant l'heure ({moment}), le détail est dans le journal du "
            "serveur.", icon=":material/error:")


_daily_done: dict[str, date] = {}


def daily_backup(store: Store) -> None:
    """Once a day per process, the automatic backup (:func:`accueil.store.backup.daily`); a
    failure is told on the page, in French, and the work goes on."""
    today = date.today()
    if store.path is None or _daily_done.get(str(store.path)) == today:
        return
    _daily_done[str(store.path)] = today
    try:
        backup.daily(store, today)
    except StoreError as error:
        logger.warning("daily backup failed: %s", error)
        st.warning(f"Sauvegarde automatique du jour impossible. {error}",
                   icon=":material/warning:")


def store_or_stop() -> Store:
    """The store, or a French error on the page and nothing else: never a traceback."""
    _ensure_router()
    try:
        store = get_store()
    except StoreError as error:
        st.error(str(error), icon=":material/error:")
        st.stop()
        raise  # unreachable: st.stop() raises
    daily_backup(store)
    return store


@st.cache_data(show_spinner=False, max_entries=32)
def dashboard_view(_store: Store, territory: Territory | None, revision: int
                   ) -> tuple[DashboardData, dict[str, alt.Chart]]:
    """The dashboard's figures for ``territory``, recomputed only after a write (``revision``:
    the store's change counter, :meth:`Store.revision`, which moves with any process's write)."""
    data = queries.dashboard(_store, territory)
    return data, {
        "kind": charts.offers_by_kind(data.by_kind_qualification),
        "pillars": charts.missing_pillars(data.missing_pillars),
        "area": charts.offers_by_area(data.by_area, data.area_level),
        "status": charts.offers_by_status(data.by_status),
    }


def territories(store: Store) -> list[Territory]:
    """The territories to pick from, fresh after any write of any process."""
    return _territories(store, store.revision())


@st.cache_data(show_spinner=False, max_entries=4)
def _territories(_store: Store, revision: int) -> list[Territory]:
    return queries.territories(_store)


@st.cache_data(show_spinner=False)
def communes(_store: Store) -> pd.DataFrame:
    return queries.communes(_store)


@st.cache_data(show_spinner=False)
def commune_labels(_store: Store) -> dict[str, str]:
    """INSEE code → ``Nom (dép.)`` for pickers; names alone repeat across départements."""
    frame = communes(_store)
    return dict(zip(frame["code_insee"],
                    frame["nom"] + " (" + frame["code_departement"] + ")", strict=True))
