"""Offer sheets (*fiches offre*): one printable A4 page per published offer, and brochures.

Same content as the catalogue's offer page (:mod:`accueil.io.catalogue`), from the same
:class:`~accueil.domain.diffusion.PublicOffer` record: the activity, the housing and premises,
the services of the commune and around, the living environment, and the territory's accueil
service as the only contact; a QR code to the online page when the catalogue's address is
known. Laid out with fpdf2 (the library of :mod:`accueil.io.viability_report`) in DejaVu Sans,
shipped in ``accueil/assets/fonts``; the QR code is drawn as vector squares from segno's
matrix (no image file). A sheet is kept to one page: long texts are cut with an ellipsis.
No store, no streamlit.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno  # type: ignore[import-untyped,unused-ignore]
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from accueil.domain.diffusion import DiffusionSettings, PublicOffer
from accueil.io.catalogue import activity_rows, item_words, nearby_words
from accueil.io.feeds import clean, page_url
from accueil.io.viability_report import FAMILY, FONTS

MARGIN = 15.0
QR_SIZE = 32.0  # mm: readable by a phone from a stand's table


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _cut(text: str, limit: int) -> str:
    value = clean(text, limit).replace("\t", " ")
    return " ".join(value.split()) if "\n" not in value else value


class _Sheet(FPDF):
    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)


def _qr(pdf: FPDF, url: str, x: float, y: float, size: float) -> None:
    code = segno.make(url, error="m")
    rows = list(code.matrix_iter(border=2))
    cell = size / len(rows)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(x + c * cell, y + r * cell, cell, cell, style="F")


def _heading(pdf: FPDF, text: str, colour: tuple[int, int, int]) -> None:
    pdf.ln(2)
    pdf.set_font(FAMILY, "B", 12)
    pdf.set_text_color(*colour)
    pdf.cell(0, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(26, 26, 26)
    pdf.set_font(FAMILY, "", 10)


def _room(pdf: FPDF, needed: float) -> bool:
    return pdf.get_y() + needed < pdf.h - MARGIN - 38  # the contact box is at the bottom


def _sheet(pdf: FPDF, offer: PublicOffer, settings: DiffusionSettings) -> None:
    pdf.add_page()
    colour = _rgb(settings.colour)
    width = pdf.w - 2 * MARGIN
    pdf.set_fill_color(*colour)
    pdf.rect(0, 0, pdf.w, 24, style="F")
    x_text = MARGIN
    if settings.logo:
        pdf.set_fill_color(255, 255, 255)
        pdf.rect(MARGIN - 1, 3, 20, 18, style="F")
        pdf.image(io.BytesIO(settings.logo), x=MARGIN, y=4, h=16, keep_aspect_ratio=True)
        x_text = MARGIN + 24
    pdf.set_xy(x_text, 6)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 7, _cut(settings.site_title, 80), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(0, 6, _cut(settings.territory_name, 100))
    pdf.set_text_color(26, 26, 26)
    pdf.set_xy(MARGIN, 30)
    pdf.set_font(FAMILY, "B", 16)
    pdf.multi_cell(width, 8, _cut(offer.title, 160), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_text_color(74, 74, 74)
    pdf.cell(0, 5, f"Référence {offer.ref} · mise à jour le "
             f"{offer.updated_at.strftime('%d/%m/%Y')}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(26, 26, 26)
    if offer.description:
        pdf.ln(2)
        pdf.set_font(FAMILY, "", 10)
        pdf.multi_cell(width, 5, _cut(offer.description, 700), new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    _heading(pdf, "L'activité", colour)
    for label, value in activity_rows(offer):
        if value and _room(pdf, 5):
            pdf.set_font(FAMILY, "B", 10)
            pdf.cell(45, 5, label)
            pdf.set_font(FAMILY, "", 10)
            pdf.multi_cell(width - 45, 5, _cut(value, 200), new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
    _heading(pdf, "Logement et locaux", colour)
    lines = [item_words(i) for i in offer.items] or [("Renseignez-vous auprès du service "
                                                     "accueil.")]
    for line in lines[:4]:
        if _room(pdf, 5):
            pdf.multi_cell(width, 5, "• " + _cut(line, 250), new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
    _heading(pdf, "Services", colour)
    if offer.amenities and _room(pdf, 5):
        pdf.multi_cell(width, 5, "Dans la commune : " + ", ".join(offer.amenities) + ".",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for line in nearby_words(offer)[:6]:
        if _room(pdf, 5):
            pdf.multi_cell(width, 5, "• " + _cut(line, 200), new_x=XPos.LMARGIN,
                           new_y=YPos.NEXT)
    if offer.living_environment and _room(pdf, 12):
        _heading(pdf, "Cadre de vie", colour)
        pdf.multi_cell(width, 5, _cut(offer.living_environment, 500), new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT)
    # Contact box and QR code, at the foot of the page.
    top = pdf.h - MARGIN - 36
    pdf.set_draw_color(*colour)
    pdf.set_line_width(0.6)
    pdf.rect(MARGIN, top, width, 36)  # the URL is printed just below, in the margin
    pdf.set_xy(MARGIN + 4, top + 3)
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*colour)
    pdf.cell(0, 6, "Contact", new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.set_text_color(26, 26, 26)
    pdf.set_font(FAMILY, "", 10)
    for line in settings.contact_lines[:4]:
        pdf.cell(width - QR_SIZE - 12, 5, _cut(line, 90), new_x=XPos.LEFT, new_y=YPos.NEXT)
    pdf.cell(width - QR_SIZE - 12, 5, f"Rappelez la référence {offer.ref}.",
             new_x=XPos.LEFT, new_y=YPos.NEXT)
    if settings.base_url:
        url = page_url(settings, offer.ref)
        _qr(pdf, url, MARGIN + width - QR_SIZE - 2, top + 2, QR_SIZE)
        pdf.set_xy(MARGIN, top + 37)
        pdf.set_font(FAMILY, "", 8)
        pdf.cell(width, 4, _cut(f"En ligne : {url}", 120), align="R")
    else:
        pdf.set_xy(MARGIN + width - QR_SIZE - 6, top + 10)
        pdf.set_font(FAMILY, "", 7)
        pdf.multi_cell(QR_SIZE + 4, 3.5, "QR code : renseignez l'adresse du catalogue en "
                       "ligne dans les réglages.")


def sheets_pdf(offers: Sequence[PublicOffer], settings: DiffusionSettings) -> bytes:
    """One A4 page per offer, in one PDF (a single sheet, or a brochure for a stand)."""
    pdf = _Sheet()
    pdf.set_title(_cut(settings.site_title, 200))
    pdf.set_lang("fr")
    for offer in offers:
        _sheet(pdf, offer, settings)
    return bytes(pdf.output())
