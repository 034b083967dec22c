"""Perimeter lists uploaded as CSV or XLSX: the communes found, and French messages by row."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from accueil.io.communes import CommuneResolver
from accueil.io.perimeter import read_perimeter


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("data", "codes"), [
    (b"code_insee\n15014\n15187\n", ("15014", "15187")),
    (b"code_insee;nom\n15014;Aurillac\n15187;Saint-Flour\n", ("15014", "15187")),
    (b"Nom;CODGEO\nAurillac;15014\n", ("15014",)),
    (b"commune;code\nRiom;63300\n", ("63300",)),
    (b"15014\n15187\n", ("15014", "15187")),  # no header at all
    (b"15014;Aurillac\n43157;Le Puy\n", ("15014", "43157")),
    ("code_insee\r\n15014\r\n3185\r\n".encode("cp1252"), ("15014", "03185")),  # zero lost
    (b"Liste des communes du pays\n\nINSEE\n15014\n", ("15014",)),
    (b"numero;commune INSEE\n1;15014\n2;15187\n", ("15014", "15187")),
])
def test_the_codes_are_found_whatever_the_layout(resolver: CommuneResolver, data: bytes,
                                                 codes: tuple[str, ...]) -> None:
    found = read_perimeter(data, "perimetre.csv", resolver)
    assert found.errors == ()
    assert found.codes == codes
    assert found.ok


def test_a_workbook_of_codes_read_as_numbers_keeps_its_leading_zeros(
        resolver: CommuneResolver) -> None:
    data = xlsx([["Code INSEE", "Commune"], [3185, "Montluçon"], ["15014", "Aurillac"]])
    found = read_perimeter(data, "perimetre.xlsx", resolver)
    assert found.codes == ("03185", "15014")
    assert found.errors == ()


def test_unknown_codes_are_reported_with_file_row_column_value_and_expectation(
        resolver: CommuneResolver) -> None:
    found = read_perimeter(b"code_insee\n15014\n99999\n15A12\n", "pays.csv", resolver)
    assert found.codes == ("15014",)
    assert not found.ok
    first, second = found.errors
    assert first.startswith("« pays.csv », ligne 3, colonne « code_insee » (A) : « 99999 »")
    assert "n'est pas celui d'une commune" in first
    assert "ligne 4" in second
    assert "attendu 5 caractères" in second


def test_row_numbers_of_a_headerless_list_are_those_of_the_file(
        resolver: CommuneResolver) -> None:
    found = read_perimeter(b"15014\n15187\n99999\n", "liste.csv", resolver)
    assert found.codes == ("15014", "15187")
    assert "ligne 3" in found.errors[0]


def test_an_empty_code_beside_a_name_is_an_error_that_names_the_commune(
        resolver: CommuneResolver) -> None:
    found = read_perimeter(b"code_insee;nom\n;Aurillac\n15187;Saint-Flour\n", "p.csv", resolver)
    assert found.codes == ("15187",)
    assert "ligne 2" in found.errors[0]
    assert "cellule vide (commune « Aurillac »)" in found.errors[0]


def test_duplicates_and_former_codes_are_kept_once_with_a_note(
        resolver: CommuneResolver) -> None:
    found = read_perimeter(b"code_insee\n15014\n03123\n15014\n03158\n", "p.csv", resolver)
    assert found.codes == ("15014", "03158")
    assert found.errors == ()
    assert any("ancienne commune" in n and "ligne 3" in n for n in found.notes)
    assert any("2 communes en double" in n and "lignes 2 et 4" in n for n in found.notes)


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "vide.csv", "est vide"),
    (b"nom;population\nAurillac;25000\n", "p.csv", "aucune colonne de codes INSEE"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "image.csv", "pas un tableau"),
    (b"code_insee\n", "p.csv", "aucune ligne de données"),
])
def test_an_unusable_file_gives_one_french_message_and_no_commune(
        resolver: CommuneResolver, data: bytes, name: str, message: str) -> None:
    found = read_perimeter(data, name, resolver)
    assert found.codes == ()
    assert not found.ok
    assert message in found.errors[0]
    assert name in found.errors[0]
