"""Builders of the messy files real chargés de mission upload, made in memory by the tests.

Each function returns the bytes of one file: French CSVs in the encodings Windows tools write,
workbooks with title lines, merged headers and several sheets, an ODS written by hand (the XML
LibreOffice writes, without odfpy), and hostile files (text posing as a workbook, zip bombs).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"

CP1252_CSV = (
    "Titre;Code INSEE;Commune;Chiffre d'affaires;Prix demandé;Effectif;Vérifié le\r\n"
    "Boulangerie-pâtisserie;15014;Aurillac;320 000,50;180 000 €;3;26/11/2025\r\n"
    "Café « Le Cantou »;;Saint-Flour;95\u00a0000;45 k€;1;01/10/2025\r\n"
    "Épicerie;63300;Riom;1.234.567,89;;0;\r\n"
)


def cp1252_semicolon_csv() -> bytes:
    """What Excel on a French Windows saves as « CSV (séparateur : point-virgule) »."""
    return CP1252_CSV.encode("cp1252")


def utf8_bom_csv() -> bytes:
    """What Excel saves as « CSV UTF-8 »: a byte-order mark, then ``;``."""
    return ("\ufeff" + CP1252_CSV).encode("utf-8")


def header_on_row_3_csv() -> bytes:
    """Two title lines, then the header on line 3, an empty line inside the data."""
    return (
        "Offres d'accueil de la communauté de communes;;;\r\n"
        "Mise à jour : 26/11/2026;;;\r\n"
        "Titre;Commune;CP;Loyer mensuel €\r\n"
        "Maison de bourg;Beaulieu;15270;550\r\n"
        ";;;\r\n"
        "Atelier;Riom;63200;1 200,00\r\n"
    ).encode("cp1252")


def two_sheet_workbook() -> bytes:
    """An .xlsx whose first sheet has a merged title, a two-line merged header and data."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Offres 2026"
    sheet.append(["Offres repérées en 2026"])
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Commune", "Reprise", None, "Logement", None, "Local"])
    sheet.append([None, "CA", "Prix", "Surface", "Loyer", "Surface"])
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("D3:E3")
    sheet.append(["Riom", 320000, "180 k€", 95, 550, 120])
    sheet.append([3185, 95000.5, None, None, None, None])  # INSEE 03185 typed as a number
    sheet.append(["Beaulieu", None, None, None, None, 40])
    notes = book.create_sheet("Notes")
    notes.append(["Partenaire", "Contact"])
    notes.append(["CMA Cantal", "04 71 45 65 00"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(rows: Sequence[Sequence[object]], title: str = "Feuil1") -> bytes:
    """A one-sheet .xlsx holding ``rows`` from A1."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ods(sheets: dict[str, list[list[object]]],
        spans: dict[tuple[str, int, int], int] | None = None) -> bytes:
    """An .ods as LibreOffice writes it: ``spans`` maps (sheet, row, column) to a column span.

    Cells covered by a span are written as ``covered-table-cell``, like LibreOffice does.
    """
    spans = spans or {}
    tables = []
    for name, rows in sheets.items():
        xml_rows = []
        for row_index, row in enumerate(rows):
            cells, covered = [], 0
            for column, value in enumerate(row):
                if covered:
                    covered -= 1
                    cells.append("<table:covered-table-cell/>")
                    continue
                span = spans.get((name, row_index, column), 1)
                attributes = f' table:number-columns-spanned="{span}"' if span > 1 else ""
                covered = span - 1
                cells.append(_ods_cell(value, attributes))
            xml_rows.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">{"".join(xml_rows)}'
                      "</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        "</office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIMETYPE}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE)  # stored, first
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", manifest)
    return buffer.getvalue()


def _ods_cell(value: object, attributes: str) -> str:
    if value is None:
        return f"<table:table-cell{attributes}/>"
    if isinstance(value, date):
        return (f'<table:table-cell{attributes} office:value-type="date" '
                f'office:date-value="{value.isoformat()}"><text:p>{value:%d/%m/%Y}</text:p>'
                "</table:table-cell>")
    if isinstance(value, int | float):
        return (f'<table:table-cell{attributes} office:value-type="float" '
                f'office:value="{value}"><text:p>{value}</text:p></table:table-cell>')
    return (f'<table:table-cell{attributes} office:value-type="string">'
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>")


def text_posing_as_xlsx() -> bytes:
    """A CSV export someone renamed to .xlsx."""
    return CP1252_CSV.encode("cp1252")


def zip_bomb(expanded_megabytes: int = 40) -> bytes:
    """An "xlsx" whose worksheet expands to ``expanded_megabytes`` of zeros from a few kB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (expanded_megabytes * 1024 * 1024))
    return buffer.getvalue()


def lying_zip_bomb(expanded_megabytes: int = 40) -> bytes:
    """Like :func:`zip_bomb`, but its headers claim the worksheet expands to 1 000 bytes."""
    data = bytearray(zip_bomb(expanded_megabytes))
    real_size = expanded_megabytes * 1024 * 1024
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if struct.unpack_from("<I", data, start + offset)[0] == real_size:
                struct.pack_into("<I", data, start + offset, 1000)
            start += 4
    return bytes(data)


def word_document() -> bytes:
    """A .docx: a ZIP archive, but not a workbook."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def raw_xlsx(sheet_xml: str, sheet_name: str = "Feuil1") -> bytes:
    """A minimal xlsx around one sheet's XML, as written by hand: no library checks it."""
    ns = "http://schemas.openxmlformats.org"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", (
            f'<?xml version="1.0"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_xml}</sheetData></worksheet>"))
    return buffer.getvalue()


def _text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def far_cell_xlsx() -> bytes:
    """A header, and one cell at XFD1048576: Excel's very last address."""
    return raw_xlsx(f'<row r="1">{_text_cell("A1", "Titre")}</row>'
                    f'<row r="1048576">{_text_cell("XFD1048576", "x")}</row>')


def error_cell_xlsx() -> bytes:
    """Formula cells whose result is an error, as Excel stores them (t="e")."""
    return raw_xlsx(
        f'<row r="1">{_text_cell("A1", "Titre")}{_text_cell("B1", "CA")}</row>'
        f'<row r="2">{_text_cell("A2", "Bar")}<c r="B2" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        f'<row r="3">{_text_cell("A3", "Café")}<c r="B3" t="e"><v>#N/A</v></c></row>')
