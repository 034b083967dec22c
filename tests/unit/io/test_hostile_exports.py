"""Every spreadsheet and CSV the app writes, fed the hostile payloads: no cell a spreadsheet
would run, no control character, no crash; and the text still reads as typed."""

from __future__ import annotations

import csv
import dataclasses
import io
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from accueil.domain.access import Principal, Role
from accueil.domain.viability import Assumptions, OfferKind, demo_inputs
from accueil.io import cells
from accueil.io.validate import RowError, RowNote, error_report_csv, template_xlsx
from accueil.io.viability_form import FormState, values_from_inputs
from accueil.io.viability_xlsx import read_workbook
from accueil.services import viability_services as vs
from tests.payloads import CONTROL, FORMULAS, PAYLOADS

CONTROL_CHARS = {chr(c) for c in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20),
                                  *range(0x7F, 0xA0)]} | set("\u202a\u202b\u202c\u202d\u202e")

ADMIN = Principal("admin", Role.ADMINISTRATEUR)
# An analysis of no stored offer (offer_id None) is checked without reading the store.
NO_STORE: Any = object()


def workbook_cells(data: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(data))
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for item in row:
                if item.data_type == "f":
                    found.append(("formula", item.value))
                elif item.value is not None:
                    found.append(item.value)
    return found


def csv_cells(data: bytes) -> list[str]:
    text = data.decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text, newline=""), delimiter=";")
            for value in row]


def assert_inert(values: list[Any]) -> None:
    for value in values:
        assert not (isinstance(value, tuple) and value[0] == "formula"), value
        if isinstance(value, str):
            assert not cells.is_formula(value), value[:80]
            assert not CONTROL_CHARS & set(value), value[:80]


def as_stored(payload: str) -> str:
    """The payload as an .xlsx gives it back: cleaned, and with line feeds only."""
    return cells.clean_text(payload).replace("\r\n", "\n").replace("\r", "\n").strip()


def viability_state(label: str) -> FormState:
    state = values_from_inputs(demo_inputs(), Assumptions())
    return dataclasses.replace(state, values={**state.values, "label": label})


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_import_error_report_holds_no_live_formula(payload: str) -> None:
    data = error_report_csv([RowError(2, payload, payload, f"« {payload} » n'est pas un nombre")],
                            payload, [RowNote(3, payload, payload, payload)])
    values = csv_cells(data)
    assert_inert(values)
    assert cells.text(payload) in values


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_viability_template_holds_no_live_formula_and_reads_back_as_typed(
        payload: str) -> None:
    state = viability_state(payload)
    data = vs.template(state)
    assert_inert(workbook_cells(data))
    back = read_workbook(data, "modele.xlsx", state)
    assert back.state is not None, back.errors
    expected = as_stored(payload)
    assert str(back.state.values["label"]).startswith(expected[:1000])


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_viability_workbook_holds_no_live_formula(payload: str) -> None:
    evaluation = vs.evaluate(viability_state(payload))
    source = vs.Source("exemple", f"Reprise · {payload} · Saint-Flour", None, OfferKind.TAKEOVER)
    data = vs.workbook(evaluation, source, store=NO_STORE, audience=ADMIN)
    values = workbook_cells(data)
    assert_inert(values)
    assert any(isinstance(v, str) and as_stored(payload)[:200] in v
               for v in values)


@pytest.mark.parametrize("payload", CONTROL[:3], ids=range(3))
def test_the_viability_pdf_survives_control_characters(payload: str) -> None:
    evaluation = vs.evaluate(viability_state(payload))
    source = vs.Source("exemple", payload, None, OfferKind.TAKEOVER)
    assert vs.pdf(evaluation, source, store=NO_STORE, audience=ADMIN).startswith(b"%PDF")


@pytest.mark.parametrize("target", ["offers", "receptivity"])
def test_the_import_templates_hold_no_live_formula(target: Any) -> None:
    assert_inert(workbook_cells(template_xlsx(target)))


def test_a_table_export_holds_no_live_formula_in_csv_or_xlsx() -> None:
    frame = pd.DataFrame({"Offre": list(PAYLOADS), "n": range(len(PAYLOADS))})
    for values in (csv_cells(cells.csv_bytes(frame)), workbook_cells(cells.xlsx_bytes(frame))):
        assert_inert(values)
        assert len([v for v in values if isinstance(v, str) and v.startswith("'")]) \
            >= len(FORMULAS)


@pytest.mark.parametrize(("typed", "written"), [
    ("=1+1", "'=1+1"), ("+33 6", "'+33 6"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("a\x00b", "ab"), ("\u202eabc", "abc"),
    ("\x00=1", "'=1"), ("Boulangerie", "Boulangerie"), ("1 = 1", "1 = 1"), ("", ""),
])
def test_a_cell_text_is_neutralised_as_owasp_says(typed: str, written: str) -> None:
    assert cells.text(typed) == written
    assert cells.unquote(written) == cells.clean_text(typed)


def test_numbers_and_dates_pass_unchanged() -> None:
    assert cells.cell(-5) == -5
    assert cells.cell(2.5) == 2.5
    assert cells.cell(None) is None
