"""A :class:`~accueil.domain.slides.Deck` as a PowerPoint file (16:9), editable everywhere.

Charts are native chart objects of python-pptx (bar charts with their data sheet), so that an
officer can restyle or correct them in PowerPoint or LibreOffice Impress; the map is a PNG at
3200 x 1800; tables are real tables. Every slide carries the territory, the date and the
sources in its footer. Text is set in a font every office suite has (Arial, replaced by
Liberation Sans on Linux). No streamlit, no store.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide as PptxSlide
from pptx.util import Emu, Inches, Length, Pt

from accueil.domain.slides import Chart, Deck, Slide, SlideKind, Table

WIDTH, HEIGHT = Emu(12192000), Emu(6858000)  # 13.333 x 7.5 in: 16:9
FONT = "Arial"


def _rgb(colour: str) -> RGBColor:
    found: RGBColor = RGBColor.from_string(colour.lstrip("#").upper())  # type: ignore[no-untyped-call]
    return found


INK = _rgb("#1A1A1A")
GREY = _rgb("#555555")
ACCENT = _rgb("#0072B2")
TILE = _rgb("#E8F2F9")
MARGIN = Inches(0.5)


def _len(value: float) -> Length:
    """A position or size in EMU, as python-pptx types it (our arithmetic yields ints)."""
    return Emu(int(value))


def _text(slide: PptxSlide, text: str, left: float, top: float, width: float, height: float, *,
          size: float, bold: bool = False, colour: RGBColor = INK,
          align: PP_ALIGN = PP_ALIGN.LEFT) -> None:
    box = slide.shapes.add_textbox(_len(left), _len(top), _len(width), _len(height))
    frame = box.text_frame
    frame.word_wrap = True
    for number, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        run.font.color.rgb = colour


def _frame(slide: PptxSlide, deck: Deck, content: Slide, number: int) -> None:
    """Title, subtitle and the footer every slide carries."""
    _text(slide, content.title, MARGIN, Inches(0.3), WIDTH - 2 * MARGIN, Inches(0.8), size=30,
          bold=True, colour=ACCENT)
    if content.subtitle:
        _text(slide, content.subtitle, MARGIN, Inches(1.0), WIDTH - 2 * MARGIN, Inches(0.5),
              size=16, colour=GREY)
    if content.note:
        _text(slide, content.note, MARGIN, HEIGHT - Inches(1.05), WIDTH - 2 * MARGIN,
              Inches(0.55), size=11, colour=GREY)
    _text(slide, deck.footer(number), MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN,
          Inches(0.35), size=10, colour=GREY)


def _figures(slide: PptxSlide, content: Slide, top: float) -> None:
    count = len(content.figures)
    per_row = 4 if count > 4 else max(count, 1)
    gap = Inches(0.25)
    width = int((WIDTH - 2 * MARGIN - gap * (per_row - 1)) / per_row)
    height = Inches(2.2 if count > 4 else 2.8)
    for index, figure in enumerate(content.figures):
        row, column = divmod(index, per_row)
        left = MARGIN + column * (width + gap)
        y = top + row * (height + gap)
        tile = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _len(left), _len(y), _len(width),
                                      _len(height))
        tile.fill.solid()
        tile.fill.fore_color.rgb = TILE
        tile.line.fill.background()
        _text(slide, figure.label, left + Inches(0.15), y + Inches(0.1), width - Inches(0.3),
              Inches(0.5), size=15, bold=True, colour=GREY)
        _text(slide, figure.value, left + Inches(0.15), y + Inches(0.55), width - Inches(0.3),
              Inches(0.9), size=36 if len(figure.value) < 12 else 24, bold=True, colour=INK)
        if figure.definition:
            _text(slide, figure.definition, left + Inches(0.15), y + Inches(1.45),
                  width - Inches(0.3), height - Inches(1.5), size=11, colour=GREY)


def _chart(slide: PptxSlide, chart: Chart, left: float, top: float, width: float,
           height: float) -> None:
    data = CategoryChartData(number_format="0")  # type: ignore[no-untyped-call]
    data.categories = list(chart.categories)
    for series in chart.series:
        data.add_series(series.name, list(series.values))  # type: ignore[no-untyped-call]
    if chart.horizontal:
        kind = XL_CHART_TYPE.BAR_STACKED if chart.stacked else XL_CHART_TYPE.BAR_CLUSTERED
    else:
        kind = XL_CHART_TYPE.COLUMN_STACKED if chart.stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
    shape = slide.shapes.add_chart(kind, _len(left), _len(top), _len(width), _len(height),
                                   data)  # type: ignore[arg-type]  # a ChartData subclass
    drawn = shape.chart  # type: ignore[attr-defined]  # a GraphicFrame holding the chart
    drawn.has_title = True
    drawn.chart_title.text_frame.text = chart.title
    title_font = drawn.chart_title.text_frame.paragraphs[0].runs[0].font
    title_font.size, title_font.bold, title_font.name = Pt(16), True, FONT
    drawn.font.size, drawn.font.name = Pt(13), FONT
    drawn.has_legend = len(chart.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    plot = drawn.plots[0]
    plot.gap_width = 60
    if chart.stacked:
        plot.overlap = 100
    plot.has_data_labels = True
    plot.data_labels.number_format = '0;;;'  # zeros unlabelled
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(12)
    for drawn_series, series in zip(plot.series, chart.series, strict=True):
        drawn_series.format.fill.solid()
        drawn_series.format.fill.fore_color.rgb = _rgb(series.colour)
    value_axis = drawn.value_axis
    value_axis.has_major_gridlines = True
    value_axis.tick_labels.number_format = "0"
    value_axis.tick_labels.number_format_is_linked = False
    if chart.horizontal:
        drawn.category_axis.reverse_order = True  # first category on top, as read


def _table(slide: PptxSlide, table: Table, top: float, bottom: float) -> None:
    rows = len(table.rows) + 1
    height = min(bottom - top, Inches(0.36) * rows)
    shape = slide.shapes.add_table(rows, len(table.columns), MARGIN, _len(top),
                                   _len(WIDTH - 2 * MARGIN), _len(height))
    grid = shape.table
    grid.columns[0].width = Inches(3.4)
    rest = int((WIDTH - 2 * MARGIN - Inches(3.4)) / max(len(table.columns) - 1, 1))
    for index in range(1, len(table.columns)):
        grid.columns[index].width = rest
    size = 14 if rows <= 8 else 12
    for row_number, values in enumerate([table.columns, *table.rows]):
        for column_number, value in enumerate(values):
            cell = grid.cell(row_number, column_number)
            cell.text = value
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.LEFT if column_number == 0 else PP_ALIGN.CENTER
            font = paragraph.runs[0].font if paragraph.runs else paragraph.font
            font.size, font.name, font.bold = Pt(size), FONT, row_number == 0
    if table.note:  # under the room the table may take: its rows grow with their text
        _text(slide, table.note, MARGIN, bottom - Inches(0.4), WIDTH - 2 * MARGIN,
              Inches(0.4), size=12, colour=GREY)


def _bullets(slide: PptxSlide, bullets: tuple[str, ...], top: float, size: float = 20) -> None:
    box = slide.shapes.add_textbox(MARGIN, _len(top), _len(WIDTH - 2 * MARGIN),
                                   _len(HEIGHT - top - Inches(1.1)))
    frame = box.text_frame
    frame.word_wrap = True
    for number, line in enumerate(bullets):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(10)
        run = paragraph.add_run()
        run.text = f"• {line}"
        run.font.size, run.font.name = Pt(size), FONT
        run.font.color.rgb = INK


def _cards(slide: PptxSlide, content: Slide, top: float) -> None:
    gap = Inches(0.25)
    per_row = 3
    width = int((WIDTH - 2 * MARGIN - gap * (per_row - 1)) / per_row)
    height = Inches(2.1)
    for index, card in enumerate(content.cards):
        row, column = divmod(index, per_row)
        left = MARGIN + column * (width + gap)
        y = top + row * (height + gap)
        tile = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _len(left), _len(y), _len(width),
                                      _len(height))
        tile.fill.solid()
        tile.fill.fore_color.rgb = TILE
        tile.line.fill.background()
        _text(slide, card.title, left + Inches(0.15), y + Inches(0.1), width - Inches(0.3),
              Inches(0.8), size=15, bold=True)
        _text(slide, card.place, left + Inches(0.15), y + Inches(0.85), width - Inches(0.3),
              Inches(0.4), size=12, colour=ACCENT)
        _text(slide, "\n".join(card.lines), left + Inches(0.15), y + Inches(1.2),
              width - Inches(0.3), height - Inches(1.25), size=11, colour=GREY)


def _content(slide: PptxSlide, content: Slide) -> None:
    top = Inches(1.6)
    bottom = HEIGHT - Inches(1.1)
    if content.kind is SlideKind.TITLE:
        _text(slide, "\n".join(content.bullets), MARGIN, Inches(4.0), WIDTH - 2 * MARGIN,
              Inches(1.2), size=26)
        return
    if content.figures:
        _figures(slide, content, top)
    if content.charts:
        gap = Inches(0.3)
        width = int((WIDTH - 2 * MARGIN - gap) / len(content.charts))
        for index, chart in enumerate(content.charts):
            _chart(slide, chart, MARGIN + index * (width + gap), top, width, bottom - top)
    if content.table is not None:
        _table(slide, content.table, top, bottom)
    if content.cards:
        _cards(slide, content, top)
    if content.bullets:
        _bullets(slide, content.bullets, top)
    if content.kind is SlideKind.MAP:
        if content.image:
            # The image holds its own legend and sources: it may use the note's room.
            height = HEIGHT - Inches(0.5) - top
            width = int(height * 16 / 9)
            slide.shapes.add_picture(io.BytesIO(content.image), _len((WIDTH - width) / 2),
                                     _len(top), _len(width), _len(height))
        else:
            _text(slide, content.image_note, MARGIN, Inches(3), WIDTH - 2 * MARGIN, Inches(1),
                  size=18, colour=GREY)


def deck_pptx(deck: Deck) -> bytes:
    """The deck as ``.pptx`` bytes."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    blank = presentation.slide_layouts[6]
    presentation.core_properties.title = deck.slides[0].title if deck.slides else deck.territory
    presentation.core_properties.language = "fr-FR"
    for number, content in enumerate(deck.slides, start=1):
        slide = presentation.slides.add_slide(blank)
        if content.kind is SlideKind.TITLE:
            _text(slide, content.title, MARGIN, Inches(1.2), WIDTH - 2 * MARGIN, Inches(1.8),
                  size=38, bold=True, colour=ACCENT)
            _text(slide, content.subtitle, MARGIN, Inches(3.1), WIDTH - 2 * MARGIN,
                  Inches(0.6), size=20, colour=GREY)
            _text(slide, deck.footer(number), MARGIN, HEIGHT - Inches(0.45),
                  WIDTH - 2 * MARGIN, Inches(0.35), size=10, colour=GREY)
        else:
            _frame(slide, deck, content, number)
        _content(slide, content)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
