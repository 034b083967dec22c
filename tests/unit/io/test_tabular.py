"""Reading uploaded files into a table: encodings, separators, headers, sheets, refusals."""

from __future__ import annotations

import codecs
import io
import zipfile
from datetime import date, datetime
from typing import Any, Self

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped,unused-ignore]

from accueil.io import tabular
from accueil.io.tabular import (
    FileFormat,
    ImportFileError,
    ReadLimits,
    column_letter,
    read_table,
    sniff_separator,
)
from tests.unit.io import messy


def refusal(data: bytes, name: str, limits: ReadLimits | None = None) -> str:
    with pytest.raises(ImportFileError) as refused:
        read_table(data, name, limits=limits)
    assert f"« {name} »" in refused.value.message  # every refusal names the file
    return refused.value.message


def test_a_windows_1252_csv_with_semicolons_keeps_its_accents_and_decimal_commas() -> None:
    result = read_table(messy.cp1252_semicolon_csv(), "offres.csv")
    assert result.file_format is FileFormat.CSV
    assert (result.encoding, result.separator) == ("Windows-1252", ";")
    assert list(result.frame.columns) == ["Titre", "Code INSEE", "Commune", "Chiffre d'affaires",
                                          "Prix demandé", "Effectif", "Vérifié le"]
    assert result.frame.loc[3, "Titre"] == "Café « Le Cantou »"
    assert result.frame.loc[2, "Chiffre d'affaires"] == "320 000,50"
    assert result.frame.loc[3, "Chiffre d'affaires"] == "95\u00a0000"


def test_a_csv_location_names_the_file_row_and_column_letter() -> None:
    result = read_table(messy.cp1252_semicolon_csv(), "offres.csv")
    assert result.where(3, "Prix demandé") == "« offres.csv », ligne 3, colonne « Prix demandé » (E)"
    assert result.where() == "« offres.csv »"


def test_an_excel_utf8_csv_loses_its_byte_order_mark() -> None:
    result = read_table(messy.utf8_bom_csv(), "offres.csv")
    assert result.encoding == "UTF-8 (avec BOM)"
    assert result.frame.columns[0] == "Titre"
    assert result.frame.loc[4, "Titre"] == "Épicerie"


def test_a_plain_utf8_csv_is_read_as_utf8() -> None:
    result = read_table(messy.CP1252_CSV.encode("utf-8"), "offres.csv")
    assert result.encoding == "UTF-8"
    assert result.frame.loc[4, "Titre"] == "Épicerie"


def test_a_unicode_text_export_from_excel_is_read() -> None:
    text = messy.CP1252_CSV.replace(";", "\t")
    result = read_table(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "offres.txt")
    assert (result.encoding, result.separator) == ("UTF-16", "\t")
    assert result.frame.loc[4, "Commune"] == "Riom"


def test_a_byte_that_windows_1252_lacks_falls_back_to_latin_1() -> None:
    result = read_table("Titre;Commune\r\nCafé;Riom\x81\r\n".encode("latin-1"), "x.csv")
    assert result.encoding == "Latin-1"
    assert result.frame.loc[2, "Titre"] == "Café"


def test_the_header_is_found_under_title_lines_and_rows_keep_their_file_numbers() -> None:
    result = read_table(messy.header_on_row_3_csv(), "offres.csv")
    assert result.header_row == 3
    assert list(result.frame.columns) == ["Titre", "Commune", "CP", "Loyer mensuel €"]
    assert list(result.frame.index) == [4, 6]  # line 5 is empty and dropped
    assert result.frame.loc[6, "Loyer mensuel €"] == "1 200,00"


@pytest.mark.parametrize(("text", "separator"), [
    ("a;b;c\n1,5;2;3\n4;5,5;6\n", ";"),
    ('a,b,c\n"1,5",2,3\n4,"5,5",6\n', ","),
    ("a\tb\tc\n1,5\t2\t3\n", "\t"),
    ("a|b|c\n1|2|3\n", "|"),
    ("Titre\nBoulangerie\n", ";"),
])
def test_the_separator_is_the_one_that_gives_rows_of_equal_width(text: str,
                                                                 separator: str) -> None:
    assert sniff_separator(text) == separator


def test_a_quoted_cell_may_hold_separators_and_line_breaks() -> None:
    text = 'Titre;Description\r\nCafé;"Terrasse ; vue\r\nsur le lac"\r\nGarage;Atelier\r\n'
    result = read_table(text.encode("utf-8"), "x.csv")
    assert result.frame.loc[2, "Description"] == "Terrasse ; vue\r\nsur le lac"
    assert list(result.frame.index) == [2, 3]  # rows as the spreadsheet counts them


def test_rows_longer_than_the_header_keep_their_extra_cells() -> None:
    text = "Titre;Commune\r\n" + "Café;Riom\r\n" * 3 + "Garage;Riom;note en trop\r\n"
    result = read_table(text.encode("utf-8"), "x.csv")
    assert result.frame.loc[5, "Colonne C"] == "note en trop"
    assert result.column_letters["Colonne C"] == "C"


def test_empty_columns_are_dropped_and_duplicate_headers_are_numbered() -> None:
    text = "Titre;;Prix;Prix;\r\nCafé;;12;13;\r\n"
    result = read_table(text.encode("utf-8"), "x.csv")
    assert list(result.frame.columns) == ["Titre", "Prix", "Prix (2)"]
    assert result.column_letters == {"Titre": "A", "Prix": "C", "Prix (2)": "D"}


def test_cells_of_blanks_are_empty() -> None:
    result = read_table("Titre; Commune \r\n  Café ;   \r\n".encode(), "x.csv")
    assert list(result.frame.columns) == ["Titre", "Commune"]
    assert result.frame.loc[2, "Commune"] is None


def test_a_workbook_lists_its_sheets_and_reads_the_first_under_its_merged_header() -> None:
    result = read_table(messy.two_sheet_workbook(), "offres.xlsx")
    assert result.file_format is FileFormat.XLSX
    assert result.sheets == ("Offres 2026", "Notes")
    assert result.sheet == "Offres 2026"
    assert result.header_row == 4
    assert list(result.frame.columns) == ["Commune", "CA", "Prix", "Logement – Surface",
                                          "Loyer", "Local – Surface"]
    assert list(result.frame.index) == [5, 6, 7]
    assert result.frame.loc[5, "CA"] == 320000
    assert result.frame.loc[5, "Prix"] == "180 k€"
    assert result.frame.loc[6, "Commune"] == 3185
    assert result.frame.loc[7, "CA"] is None
    assert result.where(6, "Prix") == "« offres.xlsx », feuille « Offres 2026 », ligne 6, " \
                                      "colonne « Prix » (C)"


def test_another_sheet_of_a_workbook_is_read_on_request() -> None:
    result = read_table(messy.two_sheet_workbook(), "offres.xlsx", sheet="Notes")
    assert result.sheet == "Notes"
    assert result.frame.to_dict("records") == [{"Partenaire": "CMA Cantal",
                                                "Contact": "04 71 45 65 00"}]


def test_an_unknown_sheet_is_refused_with_the_sheets_there_are() -> None:
    with pytest.raises(ImportFileError) as refused:
        read_table(messy.two_sheet_workbook(), "offres.xlsx", sheet="2025")
    assert "pas de feuille « 2025 »" in refused.value.message
    assert "« Offres 2026 », « Notes »" in refused.value.message


def test_an_empty_first_sheet_is_skipped_for_one_with_data() -> None:
    book = Workbook()
    book.create_sheet("Données").append(["Titre", "Commune"])
    book["Données"].append(["Café", "Riom"])
    data = _saved(book)
    result = read_table(data, "x.xlsx")
    assert result.sheet == "Données"
    with pytest.raises(ImportFileError, match=r"La feuille « Sheet » du classeur .* est vide"):
        read_table(data, "x.xlsx", sheet="Sheet")


def test_workbook_dates_and_numbers_stay_typed() -> None:
    data = messy.workbook([["Titre", "Vérifié le", "CA"],
                           ["Café", datetime(2026, 11, 26), 95000.5]])
    result = read_table(data, "x.xlsx")
    assert result.frame.loc[2, "Vérifié le"] in (date(2026, 11, 26), datetime(2026, 11, 26))
    assert result.frame.loc[2, "CA"] == 95000.5


def test_a_title_merged_across_the_table_is_not_taken_for_the_header() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Liste des offres"])
    sheet.merge_cells("A1:C1")
    sheet.append(["Titre", "Commune", "CA"])
    sheet.append(["Café", "Riom", 12])
    result = read_table(_saved(book), "x.xlsx")
    assert result.header_row == 2
    assert list(result.frame.columns) == ["Titre", "Commune", "CA"]


def test_an_ods_from_libreoffice_is_read_with_its_merged_header() -> None:
    data = messy.ods({"Offres": [
        ["Offres du territoire", None, None, None],
        ["Commune", "Reprise", None, "Statut"],
        ["Commune", "CA", "Prix", "Statut"],
        ["Riom", 320000.5, "180 k€", "Publiée"],
        ["Aurillac", 12, None, None],
    ], "Vide": []}, spans={("Offres", 0, 0): 4, ("Offres", 1, 1): 2})
    result = read_table(data, "offres.ods")
    assert result.file_format is FileFormat.ODS
    assert result.sheets == ("Offres", "Vide")
    assert result.header_row == 3
    assert list(result.frame.columns) == ["Commune", "CA", "Prix", "Statut"]
    assert result.frame.loc[4, "CA"] == 320000.5
    assert result.frame.loc[5, "Prix"] is None


def test_an_ods_cell_date_is_a_date() -> None:
    data = messy.ods({"Feuille1": [["Titre", "Disponible le"], ["Maison", date(2027, 3, 1)]]})
    assert read_table(data, "x.ods").frame.loc[2, "Disponible le"] == date(2027, 3, 1)


def test_the_format_comes_from_the_content_not_the_extension() -> None:
    result = read_table(messy.two_sheet_workbook(), "offres.ods")
    assert result.file_format is FileFormat.XLSX


def test_a_text_file_named_xlsx_is_refused_as_not_a_workbook() -> None:
    message = refusal(messy.text_posing_as_xlsx(), "offres.xlsx")
    assert "porte l'extension .xlsx mais ne contient pas un classeur" in message
    assert "renommez-le en .csv" in message


@pytest.mark.parametrize(("data", "name", "found"), [
    (b"%PDF-1.7\n...", "offres.csv", "un document PDF"),
    (b"\x89PNG\r\n\x1a\n", "offres.xlsx", "une image PNG"),
    (messy.word_document(), "offres.xlsx", "un document Word"),
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "export.xls",
     "une page web (HTML)"),
    (bytes(range(256)) * 20, "offres.csv", "ne contient pas du texte"),
    (b"Titre;Commune\r\nCafe;Riom\r\n", "offres.docx", "n'est pas celle d'un tableau"),
    (b"PK\x03\x04broken", "offres.xlsx", "archive ZIP endommagée"),
])
def test_what_is_not_a_spreadsheet_is_refused_saying_what_it_is(data: bytes, name: str,
                                                                found: str) -> None:
    assert found in refusal(data, name)


def test_an_empty_file_is_refused() -> None:
    assert "est vide" in refusal(b"", "offres.csv")


def test_a_file_above_the_size_limit_is_refused_before_reading() -> None:
    message = refusal(messy.cp1252_semicolon_csv(), "offres.csv", ReadLimits(max_bytes=100))
    assert "0,1 Ko au plus sont acceptés" in message  # 100 bytes, not "0,0 Mo"


@pytest.mark.parametrize("name", ["offres.csv", "offres.xlsx"])
def test_a_file_with_too_many_rows_is_refused(name: str) -> None:
    rows = [["Titre", "Commune"]] + [[f"Offre {i}", "Riom"] for i in range(30)]
    data = (messy.workbook(rows) if name.endswith("xlsx")
            else "\r\n".join(";".join(row) for row in rows).encode())
    message = refusal(data, name, ReadLimits(max_rows=10))
    assert "10 au plus sont acceptées" in message


def test_a_csv_with_too_many_cells_is_refused_before_parsing() -> None:
    data = ("Titre;" + ";".join(f"C{i}" for i in range(99)) + "\r\n"
            + ("x" + ";" * 99 + "\r\n") * 200).encode()
    message = refusal(data, "x.csv", ReadLimits(max_cells=10_000))
    assert "lignes de 100 colonnes" in message


def test_a_stray_cell_far_away_is_refused_before_the_sheet_is_expanded() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Titre", "Commune"])
    sheet.cell(row=15000, column=900, value="x")
    message = refusal(_saved(book), "x.xlsx")
    assert "s'étend jusqu'à la ligne 15\u202f000 et la colonne AHP" in message


def test_a_sheet_wider_than_a_thousand_columns_is_refused_with_its_width() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Titre", "Commune"])
    sheet.cell(row=50, column=3000, value="x")
    message = refusal(_saved(book), "x.xlsx")
    assert "compte 3\u202f000 colonnes ; 1\u202f000 au plus sont acceptées" in message


def test_a_lone_cell_at_the_last_address_of_excel_is_refused_without_allocating_it() -> None:
    # Read whole, this sheet is 2^34 cells: the reader would ask for ~512 GiB and abort.
    message = refusal(messy.far_cell_xlsx(), "loin.xlsx")
    assert "compte 1\u202f048\u202f576 lignes ; 200\u202f000 au plus" in message


def test_an_excel_error_cell_is_kept_as_its_error_text() -> None:
    table = read_table(messy.error_cell_xlsx(), "erreurs.xlsx")
    assert table.frame.loc[2, "CA"] == "#DIV/0!"
    assert table.frame.loc[3, "CA"] == "#N/A"


def test_a_utf16_file_without_byte_order_mark_is_read_either_way() -> None:
    text = "Titre;Commune\r\nBoulangerie;Riom\r\n"
    for codec in ("utf-16-le", "utf-16-be"):
        table = read_table(text.encode(codec), "offres.csv")
        assert table.frame.loc[2, "Commune"] == "Riom"


def test_a_cell_longer_than_excel_allows_is_refused_with_where_it_is() -> None:
    data = ("Titre;Commune\r\nA;Riom\r\nB;" + "x" * 40_000 + "\r\n").encode()
    message = refusal(data, "long.csv")
    assert "ligne 3, colonne B, a une cellule de 40\u202f000 caractères" in message


@pytest.mark.parametrize(("lines", "fits"), [
    (["ab;cd"] * 50, True),
    (["ab;cd"] * 20 + ["x" * 10] + ["ab;cd"] * 20, True),  # exactly the limit
    (["ab;cd"] * 20 + ["x" * 11] + ["ab;cd"] * 20, False),  # one character over
    (["ab;cd"] * 20 + ["y" * 11], False),  # the last line, without a final break
    (["x" * 11] + ["ab;cd"] * 20, False),  # the first line
    (["ab;cd"] * 7 + ["12345;" + "z" * 6] + ["ab;cd"] * 7, False),  # 12 across a block edge
])
def test_cells_fit_in_lines_finds_any_line_longer_than_a_cell_may_be(
        lines: list[str], fits: bool) -> None:
    limits = ReadLimits(max_cell_chars=10)
    for ending in ("\n", "\r\n"):
        text = ending.join(lines) + (ending if lines[-1].startswith("ab") else "")
        # "\r\n" lines carry their CR: a 10-character line becomes 11 and no longer fits.
        expected = fits and not (ending == "\r\n" and any(len(line) == 10 for line in lines))
        assert tabular._cells_fit_in_lines(text, len(lines), limits) is expected, (lines, ending)


def test_a_broken_csv_says_what_is_wrong_in_french() -> None:
    message = refusal(b"Titre;Commune\r\nA;Ri\rom;x;y\r\nB;C\r\n", "casse.csv")
    assert message == (
        "Le fichier « casse.csv » n'est pas un CSV valable (ligne 2 : un retour à la ligne au "
        "milieu d'une cellule sans guillemets) : vérifiez les guillemets, ou enregistrez-le à "
        "nouveau depuis votre tableur.")


def test_a_csv_whose_lines_end_with_a_carriage_return_alone_is_read() -> None:
    table = read_table(b"Titre;Commune\rBoulangerie;Riom\rGarage;Aurillac\r", "mac.csv")
    assert table.frame["Commune"].tolist() == ["Riom", "Aurillac"]


def test_a_zip_whose_directory_claims_an_unknown_version_is_refused_in_french() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    data = bytearray(buffer.getvalue())
    directory = data.index(b"PK\x01\x02")
    data[directory + 6] = 233  # "version needed to extract": 23.3, which zipfile refuses
    message = refusal(bytes(data), "offres.ods")
    assert message.startswith("Le fichier « offres.ods » est une archive ZIP endommagée")


def test_a_zip_bomb_is_refused_from_its_declared_sizes() -> None:
    message = refusal(messy.zip_bomb(), "offres.xlsx")
    assert "se décompresse en 40,0 Mo" in message


def test_a_zip_bomb_that_lies_about_its_sizes_is_refused_while_expanding() -> None:
    assert "archive endommagée" in refusal(messy.lying_zip_bomb(), "offres.xlsx")


def test_a_small_archive_with_a_high_ratio_is_not_a_bomb() -> None:
    rows = [["Titre", "Commune"]] + [["Offre", "Riom"]] * 2000
    assert len(read_table(messy.workbook(rows), "x.xlsx").frame) == 2000


def test_a_table_without_a_header_line_is_refused_with_what_is_expected() -> None:
    message = refusal(b"12;15014;3\r\n13;15014;4\r\n", "offres.csv")
    assert "Aucune ligne d'en-tête" in message
    assert "« Titre », « Commune »" in message


@pytest.mark.parametrize(("index", "letter"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"),
                                               (702, "AAA")])
def test_column_letters_follow_the_spreadsheet(index: int, letter: str) -> None:
    assert column_letter(index) == letter


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("cell", [
    '"' + ("x" * 20_000 + "\r\n") * 2 + '"',  # quoted, over two lines shorter than the limit
    '"' + ("x" * 20_000 + "\r") * 2 + '"',  # lines ended by a lone CR
])
def test_a_long_cell_running_over_short_lines_is_refused_too(cell: str) -> None:
    data = ("Titre;Commune\r\nA;Riom\r\nB;" + cell + "\r\n").encode()
    assert "ligne 3, colonne B, a une cellule de 40\u202f00" in refusal(data, "long.csv")


def test_long_lines_of_short_cells_are_read() -> None:
    wide = ";" + "y" * 40  # 900 of them: lines of 36 000 characters, cells of 40
    data = ("Titre;Commune" + "".join(f";x{n}" for n in range(900)) + "\r\nA;Riom"
            + wide * 900 + "\r\n").encode()
    assert read_table(data, "large.csv").frame.iloc[0, 1] == "Riom"


def _ods_with(extra: str) -> bytes:
    """A small ODS whose sheet ends with ``extra`` (rows written as LibreOffice does)."""
    data = messy.ods({"Feuille1": [["Titre", "Commune"], ["Maison", "Riom"]]})
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "content.xml":
                content = content.replace(b"</table:table>", extra.encode() + b"</table:table>")
            target.writestr(item, content)
    return out.getvalue()


_FULL = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


@pytest.mark.parametrize(("extra", "expected"), [
    (f'<table:table-row table:number-rows-repeated="2000000">{_FULL}</table:table-row>',
     "2\u202f000\u202f00"),  # a row of text, two million times: refused by its row count
    (('<table:table-row><table:table-cell table:number-columns-repeated="9000" '
      'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'),
     "colonne"),  # one cell, 9 000 times along the row
])
def test_an_ods_repeating_a_cell_beyond_the_limits_is_refused_before_reading(
        extra: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tabular.python_calamine.CalamineWorkbook

    class Book:  # the sheet, which the reader allocates whole, is never asked for
        def __init__(self, book: Any) -> None:
            self.book = book

        def __getattr__(self, attribute: str) -> Any:
            if attribute == "get_sheet_by_name":
                raise AssertionError("the sheet was read")
            return getattr(self.book, attribute)

        def __enter__(self) -> Self:
            return self

        def __exit__(self, *_exc: object) -> None:
            self.book.close()

    class Reader:
        @staticmethod
        def from_filelike(stream: Any) -> Book:
            return Book(real.from_filelike(stream))

    monkeypatch.setattr(tabular.python_calamine, "CalamineWorkbook", Reader)
    message = refusal(_ods_with(extra), "grand.ods")
    assert "« grand.ods »" in message
    assert expected in message


def test_an_ods_with_libreoffice_s_empty_remainder_is_read() -> None:
    empty = ('<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
             'table:number-columns-repeated="16384"/></table:table-row>')
    assert read_table(_ods_with(empty), "offres.ods").frame.loc[2, "Commune"] == "Riom"

