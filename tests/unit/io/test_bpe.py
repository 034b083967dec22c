"""INSEE's BPE file read into service counts per commune, with French messages for bad cells."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from accueil.domain.offers import Amenity
from accueil.io.bpe import read_bpe
from accueil.io.communes import CommuneResolver


def csv_bytes(rows: list[str], header: str = "REG;DEP;DEPCOM;DCIRIS;AN;TYPEQU;NB_EQUIP") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


COMMUNAL = csv_bytes([
    "84;15;15187;15187_0000;2024;D265;4",   # 4 médecins at Saint-Flour
    "84;15;15187;15187_0000;2024;D307;2",
    "84;15;15187;15187_0000;2024;C107;1",
    "84;15;15187;15187_0000;2024;C108;2",   # écoles: 1 + 2
    "84;15;15187;15187_0000;2024;F101;1",   # a swimming pool: not one of our categories
    "84;15;15014;15014_0101;2024;A206;1",
    "84;15;15014;15014_0102;2024;A206;2",   # two IRIS of Aurillac: summed
    "84;03;03153;03153_0000;2024;B202;1",   # a former code of Haut-Bocage
    "11;75;75056;75056_0000;2024;D265;900",  # Paris: outside the massif
])


def test_a_communal_file_gives_counts_per_commune_and_category(
        resolver: CommuneResolver) -> None:
    plan = read_bpe(COMMUNAL, "bpe24_ensemble.csv", resolver)
    assert plan.ok, plan.errors
    counts = {(c, a): n for c, a, n in plan.counts.itertuples(index=False)}
    assert counts == {("15187", "medecin"): 4, ("15187", "pharmacie"): 2,
                      ("15187", "ecole"): 3, ("15014", "poste"): 3, ("03158", "commerce"): 1}
    assert plan.covered == {"15187", "15014", "03158"}
    assert (plan.rows, plan.used_rows, plan.unmapped_rows, plan.outside_rows) == (9, 7, 1, 1)
    assert plan.former_codes == {"03153": "03158"}
    assert plan.by_amenity()[Amenity.MEDECIN] == 1
    assert plan.by_amenity()[Amenity.POSTE] == 1


def test_a_file_of_equipments_without_nb_equip_counts_one_per_row(
        resolver: CommuneResolver) -> None:
    data = csv_bytes(["15187;D307;PHARMACIE DU CENTRE", "15187;D307;PHARMACIE DE LA GARE",
                      "3185;A208;AGENCE POSTALE"], header="DEPCOM;TYPEQU;NOMRS")
    plan = read_bpe(data, "bpe24_ensemble_xy.csv", resolver)
    counts = {(c, a): n for c, a, n in plan.counts.itertuples(index=False)}
    assert counts == {("15187", "pharmacie"): 2, ("03185", "poste"): 1}  # leading zero restored


def test_a_workbook_saved_from_the_file_reads_the_same(resolver: CommuneResolver) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DEPCOM", "TYPEQU", "NB_EQUIP"])
    sheet.append(["15187", "D265", 4])
    sheet.append([3185, "B207", 1])  # Excel turned the code into a number
    buffer = io.BytesIO()
    book.save(buffer)
    plan = read_bpe(buffer.getvalue(), "bpe.xlsx", resolver)
    counts = {(c, a): n for c, a, n in plan.counts.itertuples(index=False)}
    assert counts == {("15187", "medecin"): 4, ("03185", "commerce"): 1}


def test_a_file_without_the_bpe_columns_is_refused_saying_what_is_expected(
        resolver: CommuneResolver) -> None:
    plan = read_bpe(csv_bytes(["15187;4"], header="commune;nombre"), "liste.csv", resolver)
    assert not plan.ok
    (message,) = plan.errors
    assert "« liste.csv » n'a pas de colonne DEPCOM (code de la commune) ni de colonne TYPEQU" \
        in message
    assert "Colonnes trouvées : « commune », « nombre »" in message
    assert plan.counts.empty


@pytest.mark.parametrize(("row", "where", "what"), [
    ("15187;D26;1", "ligne 3, colonne « TYPEQU » (B) : « D26 »",
     "n'est pas un type d'équipement de la BPE"),
    ("Saint-Flour;D265;1", "ligne 3, colonne « DEPCOM » (A) : « Saint-Flour »",
     "n'est pas un code commune INSEE"),
    ("15187;D265;deux", "ligne 3, colonne « NB_EQUIP » (C) : « deux »",
     "n'est pas un nombre d'équipements"),
    ("15187;D265;-1", "ligne 3, colonne « NB_EQUIP » (C) : « -1 »",
     "n'est pas un nombre d'équipements"),
])
def test_a_bad_cell_is_reported_with_its_row_and_column_and_nothing_is_imported(
        resolver: CommuneResolver, row: str, where: str, what: str) -> None:
    data = csv_bytes(["15014;A206;1", row], header="DEPCOM;TYPEQU;NB_EQUIP")
    plan = read_bpe(data, "bpe.csv", resolver)
    assert not plan.ok
    assert plan.errors[0].startswith(f"« bpe.csv », {where}")
    assert what in plan.errors[0]
    assert plan.errors[-1].startswith("Rien n'a été importé")
    assert plan.counts.empty
    assert not plan.covered


def test_an_older_nomenclature_and_a_file_outside_the_massif_are_told(
        resolver: CommuneResolver) -> None:
    plan = read_bpe(csv_bytes(["75056;D201;12", "75056;B203;30"],
                              header="DEPCOM;TYPEQU;NB_EQUIP"), "bpe2019.csv", resolver)
    assert plan.ok
    assert any("ancienne nomenclature" in w for w in plan.warnings)
    assert any("Aucune commune du Massif central" in w for w in plan.warnings)


def test_an_unreadable_file_gets_the_reader_s_french_message(resolver: CommuneResolver) -> None:
    plan = read_bpe(b"", "vide.csv", resolver)
    assert plan.errors == ("Le fichier « vide.csv » est vide : il ne contient aucune ligne.",)
