"""Nothing confidential leaks to a read-only role, through any output (issue 13, item 6).

A store holds offers of every confidentiality, in and out of an elected official's communes,
whose titles, texts and figures are unique markers. Every output function of the services
(lists, offer page, dashboard, map and its images, viability and its exports, tables
downloaded as CSV/XLSX, the full export) is run for an elected official and for a partner of
another organisation, and the bytes or text produced are searched for the markers of the
offers that audience may not see in detail. Which functions are outputs is found by
introspection (public functions of ``accueil.services``, ``accueil.io`` and ``accueil.geo``
named ``export_*``/``to_*``/``render_*``/``build_*`` or returning bytes): a new one that is not
listed below, run or explicitly exempted with its reason, fails the test.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import pkgutil
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

import accueil.geo
import accueil.io
import accueil.services
from accueil.domain.access import Principal, Refused, Role
from accueil.domain.offers import ActivityKind, Confidentiality, Offer
from accueil.domain.pillars import Pillar
from accueil.domain.suggestions import Household
from accueil.domain.territories import MASSIF_CENTRAL, Territory, TerritoryLevel
from accueil.domain.viability import OfferKind
from accueil.geo.maps import Metric
from accueil.io import cells
from accueil.io.deck import deck_pptx
from accueil.io.feeds import atom_feed, rss_feed
from accueil.io.fiche import sheets_pdf
from accueil.io.territory_report import report_pdf
from accueil.services import backups, charts, diffusion, listing, present, qualify, receptivite
from accueil.services import maps as map_services
from accueil.services import partners as partner_services
from accueil.services import viability_services as vs
from accueil.services.audience import offer_for
from accueil.services.dashboard import dashboard_for
from accueil.services.tables import activity_facts, receptivity_table
from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.store.maps import MAP_LEVELS, MapFilters
from accueil.store.offers import OfferQuery
from tests.builders import ADMIN, SAINT_FLOUR, housing, qualified_offer, takeover


def _blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG_BLANK = _blank_png()  # drawn in place of the map when the deck is built

MURAT = "15138"  # in the Cantal, outside the elected official's commune
CANTAL = Territory(TerritoryLevel.DEPARTEMENT, "15", "Cantal")
HOME = frozenset({SAINT_FLOUR})
ELU = Principal("maire", Role.ELU, communes=HOME)
OTHER_PARTNER = Principal("chambre", Role.PARTENAIRE, communes=HOME,
                          organisation="Chambre d'agriculture du Cantal")
AUDIENCES = {"elu": ELU, "partenaire": OTHER_PARTNER}

# tag: (confidentiality, commune, supplier, figures)
OFFERS: dict[str, tuple[Confidentiality, str, str, tuple[int, int, int, int, int]]] = {
    "PUBSF": (Confidentiality.PUBLIQUE, SAINT_FLOUR, "CCI du Cantal",
              (913_571, 41_353, 271_843, 163_579, 11_873)),
    "RESSF": (Confidentiality.PARTENAIRES, SAINT_FLOUR, "CCI du Cantal",
              (923_617, 42_389, 272_951, 164_683, 11_913)),
    "CONSF": (Confidentiality.CONFIDENTIELLE, SAINT_FLOUR, "CCI du Cantal",
              (933_659, 43_427, 273_067, 165_797, 11_951)),
    "RESMU": (Confidentiality.PARTENAIRES, MURAT, "CMA du Cantal",
              (943_693, 44_461, 274_171, 166_811, 11_987)),
    "CONMU": (Confidentiality.CONFIDENTIELLE, MURAT, "CMA du Cantal",
              (953_729, 45_497, 275_281, 167_923, 11_999)),
}
PUBLIC_TAGS = ("PUBSF",)
SECRET_TAGS = ("RESSF", "CONSF", "RESMU", "CONMU")  # seen by neither audience in detail


def marker_offer(tag: str) -> Offer:
    level, commune, supplier, (turnover, net, price, item_price, rent) = OFFERS[tag]
    return qualified_offer(
        title=f"Boulangerie QZ{tag}T", description=f"Chez QZ{tag}D, rue du Pont",
        living_environment=f"Cadre QZ{tag}L", commune_insee=commune, source_partner=supplier,
        confidentiality=level,
        activity=takeover(turnover=float(turnover), net_result=float(net),
                          asking_price=float(price), sale_reason=f"Motif QZ{tag}M"),
        receptivity=(housing(description=f"Logement QZ{tag}H", price=float(item_price),
                             monthly_rent=float(rent)),))


def markers(tag: str) -> list[str]:
    """The strings that would betray offer ``tag``: its texts, and its figures as any output
    may write them (plain, grouped by a space, a no-break space, a narrow one, a comma)."""
    figures = OFFERS[tag][3]
    found = [f"QZ{tag}"]
    for figure in figures:
        digits = str(figure)
        found.append(digits)
        if figure >= 1000:
            head, tail = digits[:-3], digits[-3:]
            found += [f"{head}{sep}{tail}" for sep in (" ", "\u00a0", "\u202f", ",", ".")]
    return found


def found_in(text: str, tag: str) -> list[str]:
    """The markers of ``tag`` in ``text``; a figure counts as a whole number, not as digits
    inside another one (0.119994 does not betray 11 999)."""
    return [m for m in markers(tag) if (m.startswith("QZ") and m in text)
            or re.search(rf"(?<![\d.,])(?<!\d[ \u00a0\u202f]){re.escape(m)}(?!\d)", text)]


@pytest.fixture
def leaky(store: Store) -> Store:
    repo.save_offers(store, [marker_offer(tag) for tag in OFFERS])
    return store


# -- decoding what an output produced -------------------------------------------------------


def text_of(value: Any) -> str:
    """Everything a person could read in ``value``: PDF text, workbook cells, archive
    members, figure JSON, frames, dataclasses."""
    if isinstance(value, bytes):
        if value.startswith(b"%PDF"):
            reader = PdfReader(io.BytesIO(value))
            return "\n".join(page.extract_text() or "" for page in reader.pages) \
                + repr(dict(reader.metadata or {}))
        if value.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(value)) as archive:
                names = archive.namelist()
                if "xl/workbook.xml" not in names:  # the full export: CSV and Parquet files
                    return "\n".join(archive.read(n).decode("utf-8", "replace") for n in names)
            book = load_workbook(io.BytesIO(value), read_only=True)
            return "\n".join(str(cell) for sheet in book.worksheets
                             for row in sheet.iter_rows(values_only=True) for cell in row)
        return value.decode("utf-8", "replace")
    if isinstance(value, pd.DataFrame):
        return value.to_csv() + repr(value.to_dict("records"))
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list | tuple):
        return "\n".join(text_of(v) for v in (value.values() if isinstance(value, dict)
                                              else value)) + repr(value)
    if hasattr(value, "to_json"):
        return str(value.to_json())
    return repr(value)


def downloads(table: pd.DataFrame) -> list[bytes]:
    """A table as the page lets one download it (accueil.ui.widgets.table_download)."""
    return [cells.csv_bytes(table), cells.xlsx_bytes(table)]


# -- every output, run for one audience --------------------------------------------------------

Produced = Iterator[Any]


def offers_list(store: Store, who: Principal) -> Produced:
    for text in ("", "QZ", "Boulangerie", "Murat"):
        found = listing.offers_list(store, OfferQuery(territory=CANTAL, text=text), audience=who)
        yield found.offers
        yield from downloads(found.table)


def offer_page(store: Store, who: Principal) -> Produced:
    for offer_id in offer_ids(store):
        access = offer_for(store, offer_id, audience=who)
        yield access.message
        if access.offer is not None:
            yield access.offer
            yield activity_facts(access.offer.activity, access.bands or None)
            yield receptivity_table(access.offer.receptivity, access.item_bands)


def qualifier(store: Store, who: Principal) -> Produced:
    queue = qualify.territory_queue(store, CANTAL, audience=who)
    yield queue.table
    yield from downloads(queue.table)
    yield queue.indicators
    for offer_id in offer_ids(store):
        try:
            yield qualify.assistant(store, offer_id, Household(), 20, audience=who)
        except Refused as refused:
            yield refused.reason


def recheck(store: Store, who: Principal) -> Produced:
    yield qualify.recheck_list(store, CANTAL, audience=who)


def dashboard(store: Store, who: Principal) -> Produced:
    for territory in (MASSIF_CENTRAL, CANTAL, Territory(TerritoryLevel.COMMUNE, SAINT_FLOUR,
                                                        "Saint-Flour")):
        view = dashboard_for(store, territory, audience=who)
        data = view.data
        yield view
        yield charts.offers_by_kind(data.by_kind_qualification)
        yield charts.missing_pillars(data.missing_pillars)
        yield charts.offers_by_area(data.by_area, data.area_level)
        yield charts.offers_by_status(data.by_status, view.withheld_statuses)


def map_outputs(store: Store, who: Principal, monkeypatch: pytest.MonkeyPatch) -> Produced:
    figures: list[Any] = []

    def capture(figure: Any) -> dict[str, bytes]:  # the PNG/SVG's figure, before kaleido
        figures.append(figure)
        return {"png": figure.to_json().encode(), "svg": figure.to_json().encode()}

    monkeypatch.setattr(map_services, "export_images", capture)
    for level in MAP_LEVELS:  # every metric by commune, where small counts live
        for metric in (Metric if level is TerritoryLevel.COMMUNE else (Metric.OFFERS,)):
            view = map_services.map_view(store, CANTAL, level, metric, MapFilters(), str,
                                         audience=who)
            yield json.dumps(view.drawing, ensure_ascii=False)
            yield view.caption
            yield from downloads(view.table())
            yield map_services.map_images(view)
            for code in view.choices:
                area = map_services.area_offers_of(store, view, code, audience=who)
                yield area.table
                yield from downloads(area.table)
    yield map_services.sector_choices(store, CANTAL, audience=who)
    yield figures


def reception(store: Store, who: Principal) -> Produced:
    view = receptivite.inventory_view(store, CANTAL, audience=who)
    yield view.table
    yield from downloads(view.table)
    for text in ("QZ", "Logement"):
        yield receptivite.inventory_view(store, CANTAL, text=text, audience=who).table
    for item_id in item_ids(store):
        yield receptivite.linked_offers(store, item_id, audience=who)


def viability(store: Store, who: Principal) -> Produced:
    sources = vs.sources(store, CANTAL, audience=who)
    yield [source.label for source in sources]
    example = vs.evaluate(vs.initial_form(store, sources[0], audience=who))
    for offer_id in offer_ids(store):
        source = vs.Source(f"offre-{offer_id}", "Reprise", offer_id, OfferKind.TAKEOVER)
        # an administrator's analysis of each offer, saved, then asked for by the audience
        admin_form = vs.initial_form(store, source, audience=ADMIN)
        saved = vs.save(store, vs.evaluate(admin_form), source, "Conseil", by=ADMIN)
        assert saved.analysis_id is not None
        yield vs.reopen(store, saved.analysis_id, audience=who).message
        yield [vs.describe(a) for a in vs.saved_analyses(store, source, audience=who)]
        analysed = vs.evaluate(admin_form)
        for run, evaluation in ((vs.pdf, analysed), (vs.workbook, analysed),
                                (vs.pdf, example)):
            try:
                yield run(evaluation, source, store=store, audience=who)
            except Refused as refused:
                yield refused.reason
        try:
            yield vs.initial_form(store, source, audience=who)
        except Refused as refused:
            yield refused.reason


def presentation(store: Store, who: Principal) -> Produced:
    figures: list[Any] = []

    def capture(figure: Any) -> bytes:  # the map image's figure, before kaleido
        figures.append(figure)
        return PNG_BLANK

    since = date(2020, 1, 1)
    for territory in (CANTAL, Territory(TerritoryLevel.COMMUNE, SAINT_FLOUR, "Saint-Flour")):
        deck = present.build_deck(store, territory, who, since, render=capture)
        yield deck
        yield deck_pptx(deck)
        report = present.build_report(store, territory, who, since, render=capture)
        yield report
        yield report_pdf(report)
    yield figures


def published(store: Store, who: Principal) -> Produced:
    # What diffusion publishes is for the public whoever asks: the same rules for everyone.
    preview = diffusion.prepare(store)
    yield preview
    now = datetime(2026, 12, 6, 12, 0)
    yield atom_feed(preview.offers, preview.settings, now)
    yield rss_feed(preview.offers, preview.settings, now)
    yield sheets_pdf(preview.offers, preview.settings)
    yield diffusion.sheet(store, offer_ids(store))


def veille(store: Store, who: Principal) -> Produced:
    partner_services.adopt_names(store, ADMIN)  # the offers' partners become records
    records = partner_services.partners(store)
    assert records  # else this runner would prove nothing
    for record in records:
        assert record.id is not None
        try:
            yield partner_services.veille_file(store, who, record.id)
        except Refused as refused:
            yield refused.reason


def partners_page(store: Store, who: Principal) -> Produced:
    """The Partenaires page: its dashboard (counts, coverage, downloads) and each partner's
    list of things to re-check (titles), as far as the audience may open it."""
    partner_services.adopt_names(store, ADMIN)
    for territory in (CANTAL, MASSIF_CENTRAL):
        board = partner_services.dashboard(store, territory)
        yield board.partners
        yield board.coverage
        yield from downloads(board.partners)
    for record in partner_services.partners(store):
        assert record.id is not None
        try:
            # years on: everything supplied is due for re-checking
            yield partner_services.due_table(partner_services.due(
                store, record.id, date(2035, 1, 1), by=who))
        except Refused as refused:
            yield refused.reason


def full_export(store: Store, who: Principal) -> Produced:
    try:
        yield backups.export_zip(store, by=who)
    except Refused as refused:
        yield refused.reason


RUNNERS: dict[str, Callable[..., Produced]] = {
    "offers_list": offers_list, "offer_page": offer_page, "qualifier": qualifier,
    "recheck": recheck, "dashboard": dashboard, "map": map_outputs, "reception": reception,
    "viability": viability, "present": presentation, "published": published,
    "veille": veille, "partners": partners_page, "full_export": full_export,
}

# Every output function found by introspection: the runner above that runs it, or why it
# holds no stored offer.
OUTPUT_FUNCTIONS: dict[str, str] = {
    "accueil.services.backups.export_zip": "full_export",
    "accueil.services.maps.map_images": "map",
    "accueil.geo.export.export_images": "map",
    "accueil.services.viability_services.pdf": "viability",
    "accueil.services.viability_services.workbook": "viability",
    "accueil.services.viability_services.export_subtitle": "viability",
    "accueil.io.viability_report.pdf_report": "viability",
    "accueil.io.viability_report.xlsx_report": "viability",
    "accueil.io.viability_report.render_charts": "viability",
    "accueil.io.cells.csv_bytes": "offers_list",  # every table download, in each runner
    "accueil.io.cells.xlsx_bytes": "offers_list",
    "accueil.services.present.build_deck": "present",
    "accueil.services.present.build_report": "present",
    "accueil.services.present.render_png": "present",  # replaced by the figure's capture
    "accueil.io.deck.deck_pptx": "present",
    "accueil.io.territory_report.report_pdf": "present",
    "accueil.io.feeds.atom_feed": "published",
    "accueil.io.feeds.rss_feed": "published",
    "accueil.io.fiche.sheets_pdf": "published",
    "accueil.services.diffusion.sheet": "published",
    "accueil.services.partners.veille_file": "veille",
    "accueil.io.veille_xlsx.write_veille": "veille",
}
EXEMPT: dict[str, str] = {
    "accueil.services.diffusion.build_folder":
        "writes the PublicOffer records the 'published' runner reads (feeds, sheets); its files "
        "are searched for marker offers of every level in tests/integration/test_diffusion.py",
    "accueil.services.importing.build_preview":
        "checks the user's own file; importing is refused to read-only roles",
    "accueil.services.importing.error_report": "the errors of the user's own file",
    "accueil.io.validate.error_report_csv": "the errors of the user's own file",
    "accueil.io.validate.template_xlsx": "a blank import template",
    "accueil.io.viability_xlsx.template_xlsx":
        "the viability form as typed, reachable only for an offer seen in full",
    "accueil.services.viability_services.template":
        "the viability form as typed, reachable only for an offer seen in full",
}


def output_functions() -> set[str]:
    """Public functions of the services, io and geo packages that produce an output."""
    found = set()
    for package in (accueil.services, accueil.io, accueil.geo):
        for module_info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if function.__module__ != module.__name__ or name.startswith("_"):
                    continue
                returned = str(function.__annotations__.get("return", ""))
                if name.startswith(("export_", "to_", "render_", "build_")) \
                        or "bytes" in returned:
                    found.add(f"{module.__name__}.{name}")
    return found


def test_every_output_function_is_run_or_exempted_with_a_reason() -> None:
    found = output_functions()
    unknown = found - set(OUTPUT_FUNCTIONS) - set(EXEMPT)
    assert not unknown, (f"new output functions {sorted(unknown)}: add them to a runner of "
                         "tests/integration/test_no_leak.py (or EXEMPT, with the reason)")
    gone = (set(OUTPUT_FUNCTIONS) | set(EXEMPT)) - found
    assert not gone, f"listed but no longer found: {sorted(gone)}"
    assert set(OUTPUT_FUNCTIONS.values()) <= set(RUNNERS)


def offer_ids(store: Store) -> list[int]:
    return [int(i) for i in repo.list_offers(store, OfferQuery(limit=None))["id"]]


def item_ids(store: Store) -> list[int]:
    return sorted({item.id for offer in repo.load_offers(store) for item in offer.receptivity
                   if item.id is not None})


def produced(runner: str, store: Store, who: Principal,
             monkeypatch: pytest.MonkeyPatch) -> str:
    function = RUNNERS[runner]
    args = (store, who, monkeypatch) if runner == "map" else (store, who)
    return "\n".join(text_of(value) for value in function(*args))


@pytest.mark.parametrize("runner", list(RUNNERS))
@pytest.mark.parametrize("who", list(AUDIENCES))
def test_no_output_shows_what_a_read_only_or_other_partner_may_not_see(
        leaky: Store, runner: str, who: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = produced(runner, leaky, AUDIENCES[who], monkeypatch)
    leaked = {tag: found for tag in SECRET_TAGS if (found := found_in(text, tag))}
    assert not leaked, f"{runner} shows, to the {who}: {leaked}"


@pytest.mark.parametrize("runner", ["offers_list", "offer_page", "map", "reception",
                                    "partners", "full_export"])
def test_the_same_outputs_show_everything_to_an_administrator(
        leaky: Store, runner: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The markers are findable: without this, the test above could not fail."""
    text = produced(runner, leaky, ADMIN, monkeypatch)
    for tag in (*PUBLIC_TAGS, *SECRET_TAGS):
        assert f"QZ{tag}" in text, f"{runner} does not show {tag} to an administrator"


def test_an_administrator_exports_the_viability_of_a_confidential_offer(leaky: Store) -> None:
    """The viability runner's exports can show a marker: the audiences above get none."""
    offer_id = next(i for i in offer_ids(leaky)
                    if offer_for(leaky, i, audience=ADMIN).offer.title.endswith("QZCONSFT"))  # type: ignore[union-attr]
    source = vs.Source(f"offre-{offer_id}", "Reprise", offer_id, OfferKind.TAKEOVER)
    evaluation = vs.evaluate(vs.initial_form(leaky, source, audience=ADMIN))
    assert found_in(text_of(vs.workbook(evaluation, source, store=leaky, audience=ADMIN)),
                    "CONSF")
    with pytest.raises(Refused):
        vs.workbook(evaluation, source, store=leaky, audience=ELU)


def test_public_offers_stay_visible_to_the_elected_official(leaky: Store) -> None:
    found = listing.offers_list(leaky, OfferQuery(territory=CANTAL), audience=ELU)
    assert list(found.offers["title"]) == ["Boulangerie QZPUBSFT"]


def test_a_restricted_offer_reaches_another_partner_redacted_with_bands(leaky: Store) -> None:
    found = listing.offers_list(leaky, OfferQuery(territory=CANTAL), audience=OTHER_PARTNER)
    assert set(found.offers["title"]) == {
        "Boulangerie QZPUBSFT", "Reprise · boulangerie · Saint-Flour",
        "Reprise · boulangerie · Murat"}
    restricted = [i for i in offer_ids(leaky)
                  if offer_for(leaky, i, audience=OTHER_PARTNER).visibility.value == "redacted"]
    access = offer_for(leaky, restricted[0], audience=OTHER_PARTNER)
    assert access.bands["turnover"] == "500\u00a0000 à 1\u00a0000\u00a0000\u00a0€"
    assert access.item_bands[0]["monthly_rent"] == "2\u00a0000\u00a0€/mois ou plus"


def test_the_elected_official_counts_the_offers_of_their_commune_with_small_cells_withheld(
        leaky: Store) -> None:
    view = dashboard_for(leaky, CANTAL, audience=ELU)
    # Saint-Flour: 1 public + 2 counted only = 3, shown; Murat's are not counted at all.
    assert view.total == 3
    assert view.note == ""
    commune = dashboard_for(leaky, Territory(TerritoryLevel.COMMUNE, MURAT, "Murat"),
                            audience=ELU)
    assert commune.total == 0
    areas = map_services.map_view(leaky, CANTAL, TerritoryLevel.COMMUNE, Metric.OFFERS,
                                  MapFilters(statuses=()), str, audience=ELU).areas
    row = areas[areas["code"] == SAINT_FLOUR].iloc[0]
    assert (int(row["offers"]), bool(row["protected_offers"])) == (3, False)
    assert int(areas[areas["code"] == MURAT].iloc[0]["offers"]) == 0


def test_one_confidential_offer_in_a_commune_is_never_counted_alone(leaky: Store) -> None:
    """The case of the issue: with filters, « 1 offre » in a small commune. An offer the
    official may only count is not counted where it is one of fewer than 3 of its commune:
    neither the cell nor any total (whose difference would give it away) holds it."""
    only = MapFilters(kinds=(ActivityKind.REPRISE,))
    by_title = {repo.get_offer(leaky, i).title: i for i in offer_ids(leaky)}  # type: ignore[union-attr]
    repo.archive_offer(leaky, by_title["Boulangerie QZRESSFT"])
    elu_map = map_services.map_view(leaky, CANTAL, TerritoryLevel.COMMUNE, Metric.OFFERS, only,
                                    str, audience=ELU)
    row = elu_map.areas[elu_map.areas["code"] == SAINT_FLOUR].iloc[0]
    assert int(row["offers"]) == 1  # the public one; the confidential one is not counted
    position = elu_map.drawing["codes"].index(SAINT_FLOUR)
    assert "2 offres" not in elu_map.drawing["texts"][position]
    assert elu_map.offers == 1
    dash = dashboard_for(leaky, CANTAL, audience=ELU)
    assert dash.total == 1
    # with three offers in the commune, the confidential one is counted again
    repo.save_offer(leaky, replace(marker_offer("PUBSF"), title="Deuxième publique"))
    assert dashboard_for(leaky, CANTAL, audience=ELU).total == 3
    # the administrator always sees the exact figure
    admin = map_services.map_view(leaky, CANTAL, TerritoryLevel.COMMUNE, Metric.OFFERS, only,
                                  str, audience=ADMIN)
    assert int(admin.areas[admin.areas["code"] == SAINT_FLOUR].iloc[0]["offers"]) == 3


def test_a_small_sub_count_is_withheld_with_the_french_note(leaky: Store) -> None:
    """Three offers in the commune, the only qualified one confidential: « dont 1 qualifiée »
    would point at it; the map says « moins de 3 » and the page shows the note."""
    by_title = {repo.get_offer(leaky, i).title: i for i in offer_ids(leaky)}  # type: ignore[union-attr]
    for title in ("Boulangerie QZPUBSFT", "Boulangerie QZRESSFT"):
        offer = repo.get_offer(leaky, by_title[title])
        assert offer is not None
        repo.save_offer(leaky, replace(offer, receptivity=()))  # no longer qualified
    view = map_services.map_view(leaky, CANTAL, TerritoryLevel.COMMUNE, Metric.QUALIFIED,
                                 MapFilters(), str, audience=ELU)
    row = view.areas[view.areas["code"] == SAINT_FLOUR].iloc[0]
    assert (int(row["offers"]), int(row["qualified"])) == (3, 0)
    assert bool(row["protected_qualified"])
    text = view.drawing["texts"][view.drawing["codes"].index(SAINT_FLOUR)]
    assert "moins de 3 qualifiées" in text
    assert "dont 1 qualifiée" not in text
    assert view.note
    table = view.table()
    assert pd.isna(table.loc[table["Commune"].str.startswith("Saint-Flour"), "Qualifiées"]).all()


def test_the_map_keeps_no_count_of_undisclosed_offers(leaky: Store) -> None:
    view = map_services.map_view(leaky, CANTAL, TerritoryLevel.COMMUNE, Metric.PILLAR,
                                 MapFilters(), str, audience=ELU)
    assert not [c for c in view.areas.columns if c.startswith("undisclosed_")]
    row = view.areas[view.areas["code"] == SAINT_FLOUR].iloc[0]
    # three offers, every pillar complete but for the counted ones: nothing isolates one
    assert [int(row[f"missing_{p.value}"]) for p in Pillar] == [0, 0, 0]

