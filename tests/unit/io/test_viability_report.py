"""The exports of an analysis: a French PDF (with or without charts) and a workbook whose numbers
are the report's and whose input sheets can be uploaded again."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping
from pathlib import Path

import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from accueil.domain.viability import (
    Assumptions,
    MonteCarloSettings,
    ViabilityInputs,
    ViabilityReport,
    analyse,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.io.viability_form import form_to_inputs, values_from_inputs
from accueil.io.viability_report import CHARTS_UNAVAILABLE, pdf_report, render_charts, xlsx_report
from accueil.io.viability_xlsx import read_workbook

QUICK = Assumptions(monte_carlo=MonteCarloSettings(draws=300))
CHROMIUM = Path("/usr/bin/chromium")


def no_charts(figures: Mapping[str, go.Figure]) -> tuple[dict[str, bytes], str | None]:
    return {}, CHARTS_UNAVAILABLE


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def bakery() -> ViabilityReport:
    return analyse(demo_inputs(), QUICK)


def test_the_pdf_speaks_french_with_euros_and_the_verdict_first(bakery: ViabilityReport) -> None:
    pdf = pdf_report(bakery, subtitle="Exemple", render=no_charts)
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    assert text.index("Verdict : Fragile") < text.index("Soldes intermédiaires de gestion")
    assert "Prix demandé 260 000 €" in text
    assert "Boulangerie-pâtisserie du Puy Mary" in text
    for word in ("nan", "None", "inf"):
        assert f" {word} " not in f" {text} "


def test_the_pdf_prints_the_ligatures_and_signs_the_core_fonts_cannot() -> None:
    inputs = dataclasses.replace(demo_inputs(), label="Bœuf et œufs du Cœur de Cantal")
    text = text_of(pdf_report(analyse(inputs, QUICK), render=no_charts))
    assert "Bœuf et œufs du Cœur de Cantal" in text
    assert "≥ 1,25" in text


def test_without_kaleido_the_pdf_says_so_and_keeps_its_tables(bakery: ViabilityReport) -> None:
    text = text_of(pdf_report(bakery, render=no_charts))
    assert "Les graphiques n'ont pas pu être dessinés" in text
    assert "Emprunt bancaire" in text
    assert "Tests de résistance" in text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="kaleido needs /usr/bin/chromium")
def test_with_kaleido_the_pdf_holds_the_four_charts(bakery: ViabilityReport) -> None:
    pdf = pdf_report(bakery)
    reader = PdfReader(io.BytesIO(pdf))
    assert sum(len(page.images) for page in reader.pages) == 4
    assert "Les graphiques n'ont pas pu" not in text_of(pdf)


def test_when_the_browser_is_missing_the_charts_give_way_to_a_note_without_waiting(
        monkeypatch: pytest.MonkeyPatch, bakery: ViabilityReport) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # where kaleido looks first
    assert render_charts({"plan": go.Figure()}) == ({}, CHARTS_UNAVAILABLE)
    assert "Les graphiques n'ont pas pu être dessinés" in text_of(pdf_report(bakery))


@pytest.mark.parametrize("inputs", [demo_creation_inputs(), ViabilityInputs()],
                         ids=["creation", "nothing typed"])
def test_a_creation_or_a_partial_analysis_still_gives_a_clean_pdf(inputs: ViabilityInputs
                                                                  ) -> None:
    text = text_of(pdf_report(analyse(inputs, QUICK), render=no_charts))
    assert "Verdict :" in text
    assert " nan " not in f" {text} "


def test_the_workbook_holds_the_report_figures_as_numbers(bakery: ViabilityReport) -> None:
    book = load_workbook(io.BytesIO(xlsx_report(bakery, subtitle="Exemple")))
    assert book.sheetnames == ["Synthèse", "Projet", "Compte de résultat", "Bilan", "SIG",
                               "Plan de financement", "Échéancier", "Projection"]
    assert book["Synthèse"]["B6"].value == "Fragile"
    sig = {row[0].value: [c.value for c in row[1:]] for row in book["SIG"].iter_rows(min_row=2)}
    assert sig["Excédent brut d'exploitation (EBE)"] == [f.ebe for f in bakery.statements]
    assert bakery.loan_schedule is not None
    schedule = book["Échéancier"]
    assert schedule.max_row == 1 + bakery.loan_schedule.periods
    assert sum(row[4].value for row in schedule.iter_rows(min_row=2)) == pytest.approx(
        bakery.loan_schedule.amount)
    assert schedule["D2"].number_format == '#,##0.00 "€"'


def test_the_exported_workbook_can_be_uploaded_again(bakery: ViabilityReport) -> None:
    blank = values_from_inputs(ViabilityInputs(), Assumptions())
    result = read_workbook(xlsx_report(bakery), "export.xlsx", blank)
    assert result.state is not None
    inputs, _, _ = form_to_inputs(result.state)
    assert inputs == bakery.inputs


def test_the_pdf_of_an_unfunded_plan_says_non_viable_and_how_much_is_missing() -> None:
    inputs = dataclasses.replace(demo_inputs(), financing=dataclasses.replace(
        demo_inputs().financing, loan=dataclasses.replace(demo_inputs().financing.loan,
                                                          amount=50_000.0)))
    text = text_of(pdf_report(analyse(inputs, QUICK), render=no_charts))
    assert "Verdict : Non viable" in text
    assert "Il manque 179 130 € pour financer le projet" in text
    assert "Reste à financer (besoins − ressources) 179 130 €" in text
    assert "(en excédent)" not in text


def test_the_pdf_shows_the_banking_figures_the_issue_asks_for(bakery: ViabilityReport) -> None:
    text = text_of(pdf_report(bakery, render=no_charts))
    assert "Capacité d'emprunt (annuité supportable actualisée)" in text
    assert "Survaleur (goodwill) = valeur retenue − ANCC" in text
    assert "Marge sur coûts variables" in text
    assert "soit le 9 novembre" in text  # the point mort as a date
    assert "Crédit relais de TVA" in text
    assert "−1 800 €" in text  # the financial result, with the minus sign U+2212
    assert "-1 800" not in text
    assert "−0 €" not in text
