"""The territory report: an A4 PDF of the presentation, a sheet per area and a glossary.

Built from :class:`accueil.domain.slides.Report` (the deck's slides, every area's gaps, the
per-area sheets) with fpdf2 and the DejaVu fonts shipped for the viability report (the PDF
core fonts print neither ``€`` nor ``œ``). Charts are drawn as bars by fpdf2 itself, their
labels whole beside them; the map is the deck's PNG. Every page carries the territory, the
date and the sources in its footer. No streamlit, no store.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from accueil.domain.slides import AreaSheet, Chart, Report, Slide, SlideKind, Table
from accueil.io.viability_report import FAMILY, FONTS

BLUE = (0, 84, 140)
GREY = (85, 85, 85)
TILE = (232, 242, 249)


class _Pdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, "", 7)
        self.set_text_color(*GREY)
        self.multi_cell(0, 3.5, f"{self.footer_text} · page {self.page_no()} / {{nb}}",
                        align="C")
        self.set_text_color(0, 0, 0)


def _new(footer: str, title: str) -> _Pdf:
    pdf = _Pdf(orientation="portrait", unit="mm", format="A4")
    pdf.footer_text = footer
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_margins(15, 15, 15)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(title)
    pdf.set_creator("Accueil")
    pdf.set_lang("fr-FR")
    return pdf


def _heading(pdf: FPDF, text: str, size: float = 14) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", size)
    pdf.set_text_color(*BLUE)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _paragraph(pdf: FPDF, text: str, size: float = 9.5, bold: bool = False,
               grey: bool = False) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    if grey:
        pdf.set_text_color(*GREY)
    pdf.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(1)


def _rows(pdf: FPDF, headers: Sequence[str], rows: Sequence[Sequence[str]],
          widths: Sequence[float] | None = None, size: float = 8.5) -> None:
    pdf.set_font(FAMILY, "", size)
    align = ("LEFT", *(["CENTER"] * (len(headers) - 1)))
    with pdf.table(col_widths=widths, text_align=align, line_height=size * 0.5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(217, 225, 242)),
                   padding=0.8, repeat_headings=1) as table:
        table.row(list(headers))
        for values in rows:
            table.row(list(values))
    pdf.ln(2)


def _table(pdf: FPDF, table: Table) -> None:
    _rows(pdf, table.columns, table.rows, widths=(30, *([12] * (len(table.columns) - 1))))
    if table.note:
        _paragraph(pdf, table.note, size=8, grey=True)


def _figures(pdf: FPDF, slide: Slide) -> None:
    _rows(pdf, ("Indicateur", "Valeur", "Ce qui est compté"),
          [(f.label, f.value, f.definition) for f in slide.figures], widths=(28, 14, 58),
          size=9)


def _colour(hex_colour: str) -> tuple[int, int, int]:
    text = hex_colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _chart(pdf: FPDF, chart: Chart) -> None:
    """Horizontal stacked bars with whole labels on the left and the value at the end."""
    label_width, bar_width, row = 55.0, pdf.epw - 70.0, 7.0
    totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.categories))]
    top = max(totals, default=0) or 1
    if pdf.get_y() + row * (len(chart.categories) + 3) > pdf.h - 20:
        pdf.add_page()
    _paragraph(pdf, chart.title, size=10, bold=True)
    for index, category in enumerate(chart.categories):
        y = pdf.get_y()
        pdf.set_font(FAMILY, "", 9)
        pdf.set_xy(pdf.l_margin, y)
        pdf.multi_cell(label_width, row, category, align="R", new_x=XPos.RIGHT,
                       new_y=YPos.TOP)
        x = pdf.l_margin + label_width + 2
        for series in chart.series:
            length = bar_width * series.values[index] / top
            if length > 0:
                pdf.set_fill_color(*_colour(series.colour))
                pdf.rect(x, y + 1, length, row - 2, style="F")
                x += length
        pdf.set_xy(x + 1, y)
        pdf.cell(12, row, f"{totals[index]:.0f}")
        pdf.set_y(y + row)
    if len(chart.series) > 1:
        pdf.ln(1)
        x = pdf.l_margin + label_width + 2
        y = pdf.get_y()
        for series in chart.series:
            pdf.set_fill_color(*_colour(series.colour))
            pdf.rect(x, y + 1, 4, 3, style="F")
            pdf.set_xy(x + 5, y)
            width = pdf.get_string_width(series.name) + 8
            pdf.cell(width, 5, series.name)
            x += width + 5
        pdf.set_y(y + 6)
    pdf.set_fill_color(255, 255, 255)
    pdf.ln(2)


def _sheet(pdf: FPDF, sheet: AreaSheet) -> None:
    """One area in a few lines (fpdf2's tables cost about 3 ms a cell: a sheet per commune of
    a large EPCI would take seconds in tables)."""
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    _heading(pdf, sheet.name, size=12)
    _paragraph(pdf, sheet.population, size=9, grey=True)
    _paragraph(pdf, " · ".join(f"{f.label} : {f.value}" for f in sheet.figures), size=9)
    _paragraph(pdf, "Piliers à compléter (offres ouvertes) : " + " · ".join(
        f"{pillar} {count}" for pillar, count in sheet.gaps), size=9)
    single = not any(" sur " in v for _, v in sheet.services)
    if single:
        for word, title in (("présent", "Services présents"), ("absent", "Absents"),
                            ("non renseigné", "Non renseignés")):
            names = [name for name, value in sheet.services if value == word]
            if names:
                _paragraph(pdf, f"{title} : " + ", ".join(names) + ".", size=8.5,
                           bold=word == "présent")
    else:
        _paragraph(pdf, "Communes qui ont chaque service : " + " · ".join(
            f"{name} : {value}" for name, value in sheet.services) + ".", size=8.5)
    if sheet.note:
        _paragraph(pdf, sheet.note, size=7.5, grey=True)
    pdf.ln(1)


def report_pdf(report: Report) -> bytes:
    """The report as PDF bytes (A4 portrait)."""
    deck = report.deck
    day = deck.day.strftime("%d/%m/%Y")
    title = deck.slides[0].title if deck.slides else deck.territory
    pdf = _new(f"{deck.territory} · {day} · {deck.sources}", title)
    pdf.add_page()
    for slide in deck.slides:
        if slide.kind is SlideKind.TITLE:
            pdf.set_font(FAMILY, "B", 20)
            pdf.set_text_color(*BLUE)
            pdf.multi_cell(0, 9, slide.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
            _paragraph(pdf, slide.subtitle, size=11, grey=True)
            for line in slide.bullets:
                _paragraph(pdf, line, size=12, bold=True)
            continue
        _heading(pdf, slide.title)
        if slide.subtitle:
            _paragraph(pdf, slide.subtitle, size=9, grey=True)
        if slide.figures:
            _figures(pdf, slide)
        for chart in slide.charts:
            _chart(pdf, chart)
        if slide.kind is SlideKind.MISSING:
            _table(pdf, report.missing)
        elif slide.table is not None:
            _table(pdf, slide.table)
        for card in slide.cards:
            _paragraph(pdf, card.title, size=10, bold=True)
            _paragraph(pdf, " · ".join((card.place, *card.lines)), size=8.5, grey=True)
        for line in slide.bullets:
            _paragraph(pdf, f"• {line}", size=10)
        if slide.kind is SlideKind.MAP:
            if slide.image:
                height = pdf.epw * 9 / 16
                if pdf.get_y() + height > pdf.h - 20:
                    pdf.add_page()
                pdf.image(io.BytesIO(slide.image), w=pdf.epw, title=slide.title,
                          alt_text=slide.title)
            else:
                _paragraph(pdf, slide.image_note, grey=True)
        if slide.note:
            _paragraph(pdf, slide.note, size=8, grey=True)
    if report.sheets:
        pdf.add_page()
        _heading(pdf, f"Fiches par {report.area_word}", size=16)
        for sheet in report.sheets:
            _sheet(pdf, sheet)
    pdf.add_page()
    _heading(pdf, "Glossaire des indicateurs", size=16)
    _rows(pdf, ("Indicateur", "Définition"), deck.glossary, widths=(30, 70), size=9)
    _paragraph(pdf, deck.sources, size=8, grey=True)
    return bytes(pdf.output())
