"""Exports of a viability analysis: a French PDF for elected officials and an ``.xlsx``.

:func:`pdf_report` lays out the verdict and its criteria first, then the SIG and CAF, the
EBE retraité, the valuation, the financing plan and loan, the projection and ratios, and the
stress tests, with the charts as PNG images rendered by kaleido (Chromium). When kaleido or
Chromium is unavailable, the PDF still renders, with its tables and a French note in place of
the charts. Text is set in DejaVu Sans, shipped in ``accueil/assets/fonts`` with its licence,
because the PDF core fonts cannot print ``€`` nor ``œ``. :func:`xlsx_report` writes the inputs
(in the template's layout, so the file can be uploaded again), the SIG, the plan, the schedule
and the projection as real numbers. No streamlit, no store.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped,unused-ignore]

from accueil import fr
from accueil.domain.viability import VerdictKind, ViabilityReport
from accueil.domain.viability.statements import SIG_LABELS
from accueil.images import Drawing, draw
from accueil.io.cells import SafeWorkbook
from accueil.io.viability_charts import all_figures
from accueil.io.viability_form import values_from_inputs
from accueil.io.viability_tables import (
    PROJECTION_ROWS,
    STATUS_LABELS,
    Facts,
    ReportView,
    report_view,
)
from accueil.io.viability_xlsx import write_input_sheets

FONTS = Path(__file__).resolve().parents[1] / "assets" / "fonts"
FAMILY = "DejaVu"
CHART_TITLES = {
    "valuation": "Fourchette de valeur et prix demandé",
    "plan": "Plan de financement : besoins et ressources",
    "projection": "Projection : EBE, CAF, annuités et trésorerie",
    "tornado": "Tests de résistance : DSCR minimal sous chaque choc",
}
CHARTS_UNAVAILABLE = (
    "Les graphiques n'ont pas pu être dessinés sur ce poste (le moteur d'images Kaleido ou le "
    "navigateur Chromium est absent) : les tableaux ci-dessous donnent les mêmes chiffres.")
# Okabe-Ito tints, with the verdict's word always printed: colour is never the only cue.
VERDICT_COLOURS = {VerdictKind.VIABLE: (204, 227, 240), VerdictKind.FRAGILE: (250, 230, 190),
                   VerdictKind.NOT_VIABLE: (245, 205, 185),
                   VerdictKind.UNDETERMINED: (230, 230, 230)}

ChartRenderer = Callable[[Mapping[str, go.Figure]], tuple[dict[str, bytes], str | None]]
CHART_TIMEOUT_SECONDS = 90.0


def render_charts(figures: Mapping[str, go.Figure]) -> tuple[dict[str, bytes], str | None]:
    """PNG bytes of each figure, and a French note when they could not be drawn.

    One Chromium draws all the figures (about 2 s), offline, through :func:`accueil.images.draw`.
    Any failure gives the note instead of an error: the report must come out.
    """
    if not figures:
        return {}, None
    drawings = {name: Drawing(fig, {"format": "png", "width": 1000,
                                    "height": int(fig.layout.height or 400), "scale": 2})
                for name, fig in figures.items()}
    try:
        return draw(drawings, timeout=CHART_TIMEOUT_SECONDS), None
    except Exception:  # noqa: BLE001 - no Chromium, timeout, crash: all mean "no image",
        return {}, CHARTS_UNAVAILABLE  # and the report goes on without them


class _Pdf(FPDF):
    """A4 portrait with the report's running footer."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()} / {{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _new_pdf(footer: str) -> _Pdf:
    pdf = _Pdf(orientation="portrait", unit="mm", format="A4")
    pdf.footer_text = footer
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_margins(15, 15, 15)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title("Analyse de viabilité économique")
    pdf.set_creator("Accueil")
    pdf.set_lang("fr-FR")
    pdf.add_page()
    return pdf


def _heading(pdf: FPDF, text: str, size: float = 13) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(0, 84, 140)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str, size: float = 9, bold: bool = False) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)


def _table(pdf: FPDF, frame: pd.DataFrame, *, index: bool = False,
           widths: Sequence[float] | None = None, size: float = 8,
           align: Sequence[str] | None = None) -> None:
    """A DataFrame of strings as a bordered table; the first column left-aligned, the others
    right-aligned (figures) unless ``align`` says otherwise."""
    if frame.empty:
        return
    data = frame.reset_index() if index else frame
    headers = [str(c) for c in data.columns]
    align = tuple(align or ("LEFT", *(["RIGHT"] * (len(headers) - 1))))
    pdf.set_font(FAMILY, "", size)
    with pdf.table(col_widths=widths, text_align=align, line_height=size * 0.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(217, 225, 242)),
                   padding=0.8, repeat_headings=1) as table:
        table.row(headers)
        for values in data.itertuples(index=False):
            table.row([str(v) for v in values])
    pdf.ln(2)


def _facts(pdf: FPDF, facts: Facts, size: float = 8.5) -> None:
    if not facts:
        return
    _table(pdf, pd.DataFrame(facts, columns=["", "Valeur"]), widths=(3, 2), size=size)


def _image(pdf: FPDF, images: Mapping[str, bytes], name: str) -> None:
    png = images.get(name)
    if png is None:
        return
    width = pdf.epw
    fig_height = width * 0.45  # the PNG keeps its ratio; this only decides the page break
    if pdf.get_y() + fig_height > pdf.h - 20:
        pdf.add_page()
    pdf.image(io.BytesIO(png), w=width, title=CHART_TITLES.get(name, ""),
              alt_text=CHART_TITLES.get(name, ""))
    pdf.ln(2)


def _verdict_box(pdf: FPDF, view: ReportView) -> None:
    pdf.set_fill_color(*VERDICT_COLOURS[view.verdict_kind])
    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(0, 9, f"Verdict : {view.verdict_label}", fill=True, padding=(2, 3, 0, 3),
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9.5)
    pdf.multi_cell(0, 5, view.verdict_summary, fill=True, padding=(1, 3, 2, 3), align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def pdf_report(report: ViabilityReport, *, subtitle: str = "",
               render: ChartRenderer = render_charts,
               generated_on: datetime | None = None) -> bytes:
    """The PDF of ``report``. ``subtitle`` says which offer and when the analysis was saved."""
    view = report_view(report)
    images, note = render(all_figures(report)) if not report.errors else ({}, None)
    generated = generated_on or datetime.now()
    pdf = _new_pdf(f"Accueil · analyse de viabilité · {fr.day(generated)}")
    pdf.set_font(FAMILY, "B", 18)
    pdf.multi_cell(0, 8, "Analyse de viabilité économique", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    _paragraph(pdf, view.title, size=12, bold=True)
    _paragraph(pdf, " · ".join(part for part in (
        subtitle, f"document établi le {fr.day(generated)}",
        f"moteur de calcul version {report.engine_version}") if part), size=8.5)
    if view.errors:
        _heading(pdf, "Données impossibles")
        for message in view.errors:
            _paragraph(pdf, f"• {message}")
        return bytes(pdf.output())
    _verdict_box(pdf, view)
    _table(pdf, view.criteria[["Critère", "Résultat", "Mesure", "Seuil", "Explication"]],
           widths=(30, 14, 12, 12, 42), size=7.5,
           align=("LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT"))
    if view.missing:
        _paragraph(pdf, "Analyse partielle : il manque " + " ; ".join(view.missing) + ".",
                   size=8.5)
    _facts(pdf, view.inputs)
    if note:
        _paragraph(pdf, note, size=8.5)

    if view.is_takeover and not view.sig.empty:
        _heading(pdf, "Soldes intermédiaires de gestion et CAF")
        _table(pdf, view.sig, index=True, size=7.5,
               widths=(3, *([1.3] * len(view.sig.columns))))
        if view.caf_agree:
            _paragraph(pdf, "La CAF calculée par la méthode additive (depuis le résultat net) "
                            "et par la méthode soustractive (depuis l'EBE) concorde chaque année.",
                       size=8)
        _table(pdf, view.trends, index=True, size=7.5)
    _heading(pdf, "EBE retraité" if view.is_takeover else "EBE prévisionnel")
    _table(pdf, view.restatement, widths=(4, 1.3), size=8)
    if view.is_takeover and not view.valuation.empty:
        _heading(pdf, "Valeur de l'entreprise")
        _paragraph(pdf, view.valuation_sentence, bold=True)
        _image(pdf, images, "valuation")
        _table(pdf, view.valuation[["Méthode", "Retenue", "Valeur basse", "Valeur haute",
                                    "Détail"]],
               widths=(28, 9, 14, 14, 37), size=7.5,
               align=("LEFT", "LEFT", "RIGHT", "RIGHT", "LEFT"))
        _facts(pdf, view.valuation_facts)
    _heading(pdf, "Plan de financement")
    _image(pdf, images, "plan")
    _table(pdf, view.needs, widths=(4, 1.3), size=8)
    _table(pdf, view.resources, widths=(4, 1.3), size=8)
    _facts(pdf, view.plan)
    _heading(pdf, "Emprunt bancaire", size=11)
    _facts(pdf, view.loan)
    _table(pdf, view.schedule_years, size=7.5)
    if not view.schedule.empty:
        _paragraph(pdf, "Le tableau d'amortissement échéance par échéance est dans le classeur "
                        ".xlsx (feuille « Échéancier »).", size=7.5)
    if not view.projection.empty:
        _heading(pdf, "Projection sur la durée du prêt")
        _image(pdf, images, "projection")
        columns = len(view.projection.columns)
        _table(pdf, view.projection, index=True, size=6.5 if columns > 6 else 7.5,
               widths=(3.2, *([1.2] * columns)))
        _heading(pdf, "Seuil de rentabilité, BFR et ratios", size=11)
        _facts(pdf, view.break_even + view.working_capital + view.ratios)
    if not view.sensitivity.empty:
        _heading(pdf, "Tests de résistance")
        _image(pdf, images, "tornado")
        _table(pdf, view.sensitivity, size=7.5)
        _paragraph(pdf, view.monte_carlo, size=8.5)
        _facts(pdf, view.monte_carlo_facts)
    _heading(pdf, "Sources des seuils et des formules", size=11)
    for _, criterion in view.criteria.iterrows():
        _paragraph(pdf, f"{criterion['Critère']} : {criterion['Source']}", size=7)
    _paragraph(pdf, "Méthode complète : note méthodologique docs/viabilite.md du logiciel "
                    "Accueil. Les montants sont en euros hors taxes.", size=7)
    return bytes(pdf.output())


# -- workbook ------------------------------------------------------------------------------

_EUROS = '#,##0 "€"'
_EUROS_CENTS = '#,##0.00 "€"'
_PERCENT = "0.0 %"
_RATIO = "0.00"
_BOLD = Font(bold=True)
_HEAD = PatternFill("solid", fgColor="D9E1F2")


def _sheet(book: Workbook, title: str, headers: Sequence[str]) -> Any:
    sheet = book.create_sheet(title)
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = _BOLD
        cell.fill = _HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 52
    return sheet


def _append(sheet: Any, values: Sequence[object], formats: Sequence[str | None]) -> None:
    sheet.append(list(values))
    row = sheet[sheet.max_row]
    for cell, number_format in zip(row, formats, strict=False):
        if number_format and isinstance(cell.value, int | float):
            cell.number_format = number_format


def xlsx_report(report: ViabilityReport, *, subtitle: str = "") -> bytes:
    """The analysis as a workbook: synthesis, the inputs (re-importable), SIG, plan, schedule
    and projection, with numbers kept as numbers in euro and percent formats."""
    view = report_view(report)
    book = SafeWorkbook()
    synthesis = book.active
    synthesis.title = "Synthèse"
    synthesis.append(["Analyse de viabilité économique"])
    synthesis["A1"].font = Font(bold=True, size=14)
    synthesis.append([view.title])
    if subtitle:
        synthesis.append([subtitle])
    synthesis.append([f"Moteur de calcul version {report.engine_version}"])
    synthesis.append([])
    synthesis.append(["Verdict", view.verdict_label])
    synthesis.append(["", view.verdict_summary])
    synthesis.append([])
    synthesis.append(["Critère", "Résultat", "Mesure", "Seuil", "Explication", "Source"])
    for cell in synthesis[synthesis.max_row]:
        cell.font = _BOLD
        cell.fill = _HEAD
    for criterion in report.verdict.criteria:
        percent = criterion.key in {"annuity_to_caf", "contribution_share",
                                    "probability_dscr_below_one"}
        number_format = _PERCENT if percent else (_RATIO if criterion.key == "min_dscr"
                                                  else _EUROS)
        _append(synthesis, [criterion.label, STATUS_LABELS[criterion.status], criterion.measured,
                            criterion.threshold, criterion.sentence, criterion.source],
                [None, None, number_format, number_format])
    if view.missing:
        synthesis.append([])
        synthesis.append(["Données manquantes"])
        for label in view.missing:
            synthesis.append(["", label])
    for letter, width in zip("ABCDEF", (52, 16, 14, 12, 70, 60), strict=True):
        synthesis.column_dimensions[letter].width = width

    write_input_sheets(book, values_from_inputs(report.inputs, report.assumptions))

    if report.statements:
        sig = _sheet(book, "SIG", ["Solde", *(str(f.year) for f in report.statements)])
        for name, label in SIG_LABELS.items():
            _append(sig, [label, *(getattr(f, name) for f in report.statements)],
                    [None, *([_EUROS] * len(report.statements))])
    plan = report.financing_plan
    if plan is not None:
        sheet = _sheet(book, "Plan de financement", ["Besoins", "Montant"])
        for line in plan.needs:
            _append(sheet, [line.label, line.amount], [None, _EUROS])
        _append(sheet, ["Total des besoins", plan.total_needs], [None, _EUROS])
        sheet.append([])
        sheet.append(["Ressources", "Montant"])
        for line in plan.resources:
            _append(sheet, [line.label, line.amount], [None, _EUROS])
        _append(sheet, ["Total des ressources", plan.total_resources], [None, _EUROS])
        _append(sheet, ["Apport personnel / besoins", plan.contribution_share],
                [None, _PERCENT])
    schedule = report.loan_schedule
    if schedule is not None:
        sheet = _sheet(book, "Échéancier", ["Échéance", "Année du prêt",
                                             "Capital restant dû au début", "Intérêts",
                                             "Capital remboursé", "Échéance (€)",
                                             "Capital restant dû à la fin"])
        for row in schedule.rows:
            _append(sheet, [row.period, row.loan_year, row.opening_balance, row.interest,
                            row.principal, row.payment, row.closing_balance],
                    [None, None, *([_EUROS_CENTS] * 5)])
        sheet.column_dimensions["A"].width = 12
    if report.projection is not None:
        years = report.projection.years
        sheet = _sheet(book, "Projection", ["Année", *(f"Année {y.year}" for y in years)])
        for name, label, unit in PROJECTION_ROWS:
            number_format = {"ratio": _RATIO, "percent": _PERCENT}.get(unit, _EUROS)
            _append(sheet, [label, *(getattr(y, name) for y in years)],
                    [None, *([number_format] * len(years))])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
