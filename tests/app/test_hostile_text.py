"""Every page, run by AppTest on a store whose free-text fields hold the hostile payloads:
no payload reaches a Markdown element (body, label or help text) as typed, and each one does
reach some Markdown element in its escaped form, or a table cell as plain text (so the check is
not vacuous; a table's cells are never read as Markdown).

The payloads go into offers (title, partner, sector, sale reason, living environment), an
item of the inventory, commune amenities and user territories; the pages are then run with
each offer selected. What a browser makes of the escaped text is measured apart, in
``bench/bench_hostile_text.py``; here the check is on what the pages send to Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from accueil.domain.inventory import InventoryItem
from accueil.domain.offers import Activity, ActivityKind, Offer, ReceptivityItem, ReceptivityKind
from accueil.store import amenities as amenity_store
from accueil.store import inventory as inventory_store
from accueil.store import offers as repo
from accueil.store import territories as territory_store
from accueil.store.db import Store
from accueil.ui.resources import release_store
from accueil.ui.text import clean, md
from tests.builders import SAINT_FLOUR
from tests.payloads import PAYLOADS

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LIST_PAGES = ["pages/tableau_de_bord.py", "pages/offres.py", "pages/offre.py",
              "pages/importer.py", "pages/qualifier.py", "pages/receptivite.py",
              "pages/amenites.py", "pages/viabilite.py", "pages/carte.py",
              "pages/territoires.py", "pages/donnees.py", "pages/diffuser.py"]
OFFER_PAGES = ["pages/offres.py", "pages/qualifier.py"]
FIELDS_PER_OFFER = 5
INVISIBLE = set("\x00\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\u202e\u2066\u2069")


def groups() -> list[tuple[str, ...]]:
    return [PAYLOADS[i:i + FIELDS_PER_OFFER] for i in range(0, len(PAYLOADS), FIELDS_PER_OFFER)]


def hostile_offer(fields: tuple[str, ...]) -> Offer:
    title, partner, sector, reason, living = (*fields, *PAYLOADS[:FIELDS_PER_OFFER])[:5]
    return Offer(
        title=title, commune_insee=SAINT_FLOUR, source_partner=partner,
        activity=Activity(kind=ActivityKind.REPRISE, naf_code="10.71C", naf_label=sector,
                          turnover=250_000.0, asking_price=90_000.0, sale_reason=reason),
        receptivity=(ReceptivityItem(ReceptivityKind.LOGEMENT, description=living,
                                     surface_m2=80.0),),
        living_environment=living, verified_on=date(2026, 11, 2))


@pytest.fixture
def hostile_store(db: Path) -> Iterator[tuple[Path, list[int]]]:
    """The demo store, plus the payloads in every free-text field the pages show."""
    AppTest.from_file(APP, default_timeout=60).run()  # installs the demo
    release_store()
    store = Store.open(db)
    ids = repo.save_offers(store, [hostile_offer(g) for g in groups()])
    for payload in PAYLOADS[:12]:
        inventory_store.save_item(store, InventoryItem(
            ReceptivityItem(ReceptivityKind.LOCAL, description=payload, surface_m2=100.0),
            SAINT_FLOUR, source_partner=payload))
    amenity_store.save_profile(store, SAINT_FLOUR, {}, PAYLOADS[40])
    for index, payload in enumerate(p for p in PAYLOADS if len(p) < 60):
        territory_store.create_territory(store, f"{payload} {index}", [SAINT_FLOUR])
    store.close()
    yield db, ids
    release_store()


def markdown_strings(app: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown: bodies, labels and help texts."""
    found: list[str] = []

    def walk(node: Any) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            for name in ("body", "label", "help"):
                value = getattr(proto, name, None)
                if isinstance(value, str) and value:
                    found.append(value)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return found


def table_strings(app: AppTest) -> list[str]:
    """Every text cell of the page's tables (shown as typed: tables do not read Markdown)."""
    return [str(value) for table in app.dataframe for column in table.value.columns
            for value in table.value[column].tolist() if isinstance(value, str)]


def run(page: str, *, offer: int | None = None, territory: str | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    if offer is not None:
        app.query_params["offre"] = str(offer)
    if territory is not None:
        app.session_state["territoire"] = territory
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def needle_of(text: str) -> str:
    return " ".join(text.split())


def raw_payloads_in(strings: list[str]) -> list[tuple[str, str]]:
    """(payload, string) pairs where a payload that Markdown would act on appears as typed:
    anywhere, for what acts anywhere (``[``, ``*``, ``:red[``…); at the start of the string,
    for what acts only at the start of a line (``- ``, ``1. ``, ``=``)."""
    found = []
    for payload in PAYLOADS:
        shown = clean(payload)
        needle = needle_of(shown)[:60]
        if md(payload) == shown or not needle:
            continue  # nothing in it that Markdown would act on
        acts_inline = " ".join(md("x " + payload).split()) != "x " + needle_of(shown)
        if acts_inline:
            typed = re.compile(r"(?<!\\)" + re.escape(needle))
            found += [(payload, s) for s in strings if typed.search(s)]
        else:
            found += [(payload, s) for s in strings if s.startswith(shown[:60])]
    return found


def test_no_page_shows_a_payload_as_live_markdown(
        hostile_store: tuple[Path, list[int]]) -> None:
    _, ids = hostile_store
    strings: list[str] = []
    cells: list[str] = []
    territory = "perso-1"  # the first user territory: its hostile name on every page
    for page in LIST_PAGES:
        app = run(page, territory=territory)
        strings += markdown_strings(app)
        cells += table_strings(app)
    for offer_id in ids:
        for page in OFFER_PAGES:
            app = run(page, offer=offer_id)
            strings += markdown_strings(app)
            cells += table_strings(app)
    assert not raw_payloads_in(strings), raw_payloads_in(strings)[:5]
    assert not [s for s in strings if INVISIBLE & set(s)]
    joined = "\n".join(strings)
    # The first line, escaped: a multi-line field keeps its lines, a one-line one joins them.
    in_tables = "\n".join(cells)
    unseen = [p for p in PAYLOADS if md(clean(p).strip().splitlines()[0])[:30] not in joined
              and clean(p).strip().splitlines()[0][:30] not in in_tables]
    assert not unseen, f"{len(unseen)} payloads never reached a Markdown element: {unseen[:3]}"
