"""Tests of the Massif central reference geography: the committed CSVs, their loader, their builder.

The committed files come from the pinned package @etalab/decoupage-administratif 6.0.0 (millésime
2026), so exact counts are facts of that millésime: a rebuild from another version must update
them on purpose. The builder is exercised on small literal records, never on the network.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from accueil.geo import reference

REPO_ROOT = Path(__file__).resolve().parents[2]

MASSIF_CENTRAL = {
    "03": "entier",
    "07": "partiel",
    "11": "partiel",
    "12": "entier",
    "15": "entier",
    "19": "entier",
    "21": "partiel",
    "23": "entier",
    "30": "partiel",
    "34": "partiel",
    "42": "entier",
    "43": "entier",
    "46": "entier",
    "48": "entier",
    "58": "partiel",
    "63": "entier",
    "69": "partiel",
    "71": "partiel",
    "81": "partiel",
    "82": "partiel",
    "87": "entier",
    "89": "partiel",
}

# Current communes per département in the 2026 millésime.
COMMUNES_PER_DEPARTEMENT = {
    "03": 317,
    "07": 335,
    "11": 433,
    "12": 285,
    "15": 250,
    "19": 277,
    "21": 698,
    "23": 255,
    "30": 350,
    "34": 341,
    "42": 320,
    "43": 257,
    "46": 312,
    "48": 152,
    "58": 309,
    "63": 463,
    "69": 266,
    "71": 563,
    "81": 314,
    "82": 195,
    "87": 195,
    "89": 423,
}


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return reference.load_communes()


@pytest.fixture(scope="module")
def epci() -> pd.DataFrame:
    return reference.load_epci()


@pytest.fixture(scope="module")
def departements() -> pd.DataFrame:
    return reference.load_departements()


def commune(communes: pd.DataFrame, code: str) -> pd.Series:
    rows = communes.loc[communes["code_insee"] == code]
    assert len(rows) == 1, f"{code}: {len(rows)} rows"
    return rows.iloc[0]


# --- the committed files, as the loader sees them ---------------------------------------------


@pytest.mark.parametrize(
    ("loader", "columns"),
    [
        (reference.load_communes, reference.COMMUNES_COLUMNS),
        (reference.load_epci, reference.EPCI_COLUMNS),
        (reference.load_departements, reference.DEPARTEMENTS_COLUMNS),
    ],
)
def test_committed_files_load_with_the_documented_columns_and_dtypes(loader, columns):
    frame = loader()

    assert list(frame.columns) == list(columns)
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == columns
    assert len(frame) > 0


@pytest.mark.parametrize("name", ["communes.csv", "epci.csv", "departements.csv"])
def test_committed_files_are_utf8_without_bom_with_lf_line_ends(name):
    raw = (REPO_ROOT / "data" / "reference" / name).read_bytes()

    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    raw.decode("utf-8")


@pytest.mark.parametrize(
    ("loader", "key"),
    [
        (reference.load_communes, "code_insee"),
        (reference.load_epci, "code_epci"),
        (reference.load_departements, "code_departement"),
    ],
)
def test_rows_are_sorted_by_their_unique_code(loader, key):
    codes = loader()[key]

    assert codes.is_unique
    assert codes.is_monotonic_increasing


def test_every_insee_code_has_five_characters_and_starts_with_its_departement(communes):
    assert communes["code_insee"].str.len().eq(5).all()
    starts = [
        code.startswith(dep)
        for code, dep in zip(communes["code_insee"], communes["code_departement"], strict=True)
    ]
    assert all(starts)


def test_communes_cover_exactly_the_22_departements_of_the_massif(communes, departements):
    assert set(communes["code_departement"]) == set(MASSIF_CENTRAL)
    assert dict(zip(departements["code_departement"], departements["massif"], strict=True)) == (
        MASSIF_CENTRAL
    )


@pytest.mark.parametrize(("code_departement", "count"), sorted(COMMUNES_PER_DEPARTEMENT.items()))
def test_each_departement_has_its_2026_number_of_current_communes(
    communes, code_departement, count
):
    assert (communes["code_departement"] == code_departement).sum() == count


def test_total_number_of_communes_in_scope(communes):
    assert len(communes) == sum(COMMUNES_PER_DEPARTEMENT.values()) == 7310


@pytest.mark.parametrize(
    ("code", "nom", "code_departement", "region"),
    [
        ("03190", "Moulins", "03", "Auvergne-Rhône-Alpes"),
        ("07186", "Privas", "07", "Auvergne-Rhône-Alpes"),
        ("12202", "Rodez", "12", "Occitanie"),
        ("15014", "Aurillac", "15", "Auvergne-Rhône-Alpes"),
        ("15187", "Saint-Flour", "15", "Auvergne-Rhône-Alpes"),
        ("19272", "Tulle", "19", "Nouvelle-Aquitaine"),
        ("21231", "Dijon", "21", "Bourgogne-Franche-Comté"),
        ("23096", "Guéret", "23", "Nouvelle-Aquitaine"),
        ("43157", "Le Puy-en-Velay", "43", "Auvergne-Rhône-Alpes"),
        ("48095", "Mende", "48", "Occitanie"),
        ("63113", "Clermont-Ferrand", "63", "Auvergne-Rhône-Alpes"),
        ("69123", "Lyon", "69", "Auvergne-Rhône-Alpes"),
        ("87085", "Limoges", "87", "Nouvelle-Aquitaine"),
    ],
)
def test_known_communes_have_their_name_departement_and_region(
    communes, departements, code, nom, code_departement, region
):
    row = commune(communes, code)
    dep = departements.set_index("code_departement").loc[code_departement]

    assert row["nom"] == nom
    assert row["code_departement"] == code_departement
    assert row["code_region"] == dep["code_region"]
    assert dep["region"] == region


@pytest.mark.parametrize(
    ("code", "epci_nom", "epci_type"),
    [
        ("15014", "CA du Bassin d'Aurillac", "CA"),
        ("15187", "CC de Saint-Flour", "CC"),
        ("63113", "Clermont Auvergne Métropole", "METRO"),
        ("87085", "CU Limoges Métropole", "CU"),
        ("69123", "Métropole de Lyon", "MET69"),
    ],
)
def test_known_communes_belong_to_their_epci(communes, epci, code, epci_nom, epci_type):
    group = epci.set_index("code_epci").loc[commune(communes, code)["code_epci"]]

    assert group["nom"] == epci_nom
    assert group["type"] == epci_type


def test_clermont_ferrand_has_more_than_100000_inhabitants(communes):
    assert commune(communes, "63113")["population"] > 100_000


def test_every_commune_has_a_population_and_postal_codes(communes):
    assert communes["population"].notna().all()
    assert (communes["population"] >= 0).all()
    assert (communes["codes_postaux"] != "").all()


def test_lyon_is_one_commune_without_its_arrondissements_municipaux(communes):
    lyon = commune(communes, "69123")

    assert not communes["code_insee"].isin([f"6938{i}" for i in range(1, 10)]).any()
    assert reference.split_codes(lyon["codes_postaux"]) == [f"6900{i}" for i in range(1, 10)]
    assert lyon["population"] > 500_000


@pytest.mark.parametrize("code", ["03001", "07001", "03190", "07186"])
def test_codes_with_a_leading_zero_survive_loading(communes, code):
    assert code in set(communes["code_insee"])
    assert commune(communes, code)["code_departement"] == code[:2]


@pytest.mark.parametrize("column", ["codes_postaux", "anciens_codes"])
def test_code_lists_are_sorted_unique_five_character_codes(communes, column):
    for cell in communes[column]:
        codes = reference.split_codes(cell)
        assert codes == sorted(set(codes)), cell
        assert all(len(code) == 5 for code in codes), cell


@pytest.mark.parametrize(
    ("code", "anciens_codes"),
    [
        ("15142", ["15099", "15145", "15227"]),  # Neuvéglise-sur-Truyère
        ("03158", ["03123", "03153"]),  # Haut-Bocage
        ("15014", []),  # Aurillac, never merged
    ],
)
def test_former_codes_of_merged_communes_are_kept(communes, code, anciens_codes):
    assert reference.split_codes(commune(communes, code)["anciens_codes"]) == anciens_codes


def test_a_commune_never_lists_its_own_code_as_a_former_code(communes):
    for code, former in zip(communes["code_insee"], communes["anciens_codes"], strict=True):
        assert code not in reference.split_codes(former)


def test_former_codes_lead_to_the_current_commune(communes):
    mapping = reference.current_code_by_former_code(communes)

    assert mapping["15227"] == "15142"
    assert mapping["03153"] == "03158"
    assert not set(mapping) & set(communes["code_insee"])


# --- EPCI ----------------------------------------------------------------------------------------


def test_every_commune_belongs_to_an_epci_listed_in_epci_csv(communes, epci):
    assert communes["code_epci"].notna().all()
    assert set(communes["code_epci"]) <= set(epci["code_epci"])


def test_every_listed_epci_has_communes_in_scope_and_counts_them_right(communes, epci):
    counted = communes["code_epci"].value_counts()

    assert set(epci["code_epci"]) == set(counted.index)
    for code, in_scope, total in zip(
        epci["code_epci"], epci["nb_communes_perimetre"], epci["nb_communes"], strict=True
    ):
        assert in_scope == counted[code], code
        assert in_scope <= total, code


def test_epci_codes_are_nine_digit_sirens_with_a_known_type(epci):
    assert epci["code_epci"].str.fullmatch(r"\d{9}").all()
    assert set(epci["type"]) <= {"CC", "CA", "CU", "METRO", "MET69"}


def test_an_epci_inside_the_massif_has_the_population_of_its_communes(communes, epci):
    aurillac = epci.set_index("code_epci").loc["241500230"]
    members = communes.loc[communes["code_epci"] == "241500230"]

    assert aurillac["nb_communes"] == aurillac["nb_communes_perimetre"] == len(members) == 25
    assert aurillac["population"] == members["population"].sum()
    assert aurillac["code_departement"] == "15"


# --- loader behaviour ------------------------------------------------------------------------------


def test_loaders_return_copies_that_callers_may_modify():
    first = reference.load_communes()
    first.loc[0, "nom"] = "Modifiée"

    assert reference.load_communes().loc[0, "nom"] != "Modifiée"


def test_loader_reads_an_explicit_path_and_keeps_text_codes(tmp_path):
    path = tmp_path / "departements.csv"
    path.write_text(
        "code_departement,nom,code_region,region,massif\n2A,Corse-du-Sud,94,Corse,partiel\n",
        encoding="utf-8",
    )

    frame = reference.load_departements(path)

    assert frame["code_departement"].tolist() == ["2A"]
    assert frame["code_region"].tolist() == ["94"]


def test_loader_refuses_a_file_with_other_columns_with_a_french_message(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text("insee,nom\n03001,Abrest\n", encoding="utf-8")

    with pytest.raises(ValueError, match="colonnes attendues"):
        reference.load_communes(path)


def test_loader_names_the_rebuild_command_when_a_file_is_missing(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"build_reference\.py"):
        reference.load_epci(tmp_path / "absent.csv")


@pytest.mark.parametrize(
    ("cell", "codes"),
    [("", []), ("15000", ["15000"]), ("63000|63100", ["63000", "63100"])],
)
def test_split_codes(cell, codes):
    assert reference.split_codes(cell) == codes


# --- builder, on literal records ---------------------------------------------------------------


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    path = REPO_ROOT / "scripts" / "build_reference.py"
    spec = importlib.util.spec_from_file_location("build_reference", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


RECORDS_COMMUNES = [
    {"code": "15002", "nom": "Nouvelle", "departement": "15", "region": "84",
     "type": "commune-actuelle", "population": 100, "codesPostaux": ["15200", "15100"],
     "anciensCodes": ["15009"]},
    {"code": "15002", "nom": "Ancienne A", "departement": "15", "region": "84",
     "type": "commune-deleguee", "chefLieu": "15002"},
    {"code": "15005", "nom": "Ancienne B", "departement": "15", "region": "84",
     "type": "commune-associee", "chefLieu": "15002"},
    {"code": "15001", "nom": "Isolée", "departement": "15", "region": "84",
     "type": "commune-actuelle", "codesPostaux": ["15000"]},
    {"code": "69123", "nom": "Lyon", "departement": "69", "region": "84",
     "type": "commune-actuelle", "population": 500, "codesPostaux": ["69001"]},
    {"code": "69381", "nom": "Lyon 1er Arrondissement", "departement": "69", "region": "84",
     "type": "arrondissement-municipal", "commune": "69123", "population": 30},
    {"code": "26001", "nom": "Hors massif", "departement": "26", "region": "84",
     "type": "commune-actuelle", "population": 40, "codesPostaux": ["26000"]},
    {"code": "26002", "nom": "Hors massif 2", "departement": "26", "region": "84",
     "type": "commune-actuelle", "population": 60, "codesPostaux": ["26000"]},
]  # fmt: skip
RECORDS_EPCI = [
    {"code": "200000001", "nom": "CC À cheval", "type": "CC", "populationMunicipale": 1,
     "membres": [{"code": "15002"}, {"code": "26001"}, {"code": "26002"}]},
    {"code": "200000002", "nom": "CC Ailleurs", "type": "CC", "populationMunicipale": 1,
     "membres": [{"code": "26009"}]},
    {"code": "200046977", "nom": "Métropole de Lyon", "type": "MET69",
     "populationMunicipale": 1, "membres": [{"code": "69123"}]},
]  # fmt: skip
RECORDS_DEPARTEMENTS = [
    {"code": "15", "nom": "Cantal", "region": "84"},
    {"code": "26", "nom": "Drôme", "region": "84"},
    {"code": "69", "nom": "Rhône", "region": "84"},
]
RECORDS_REGIONS = [{"code": "84", "nom": "Auvergne-Rhône-Alpes", "zone": "metro"}]
SCOPE = {"15": "entier", "69": "partiel"}


@pytest.fixture(scope="module")
def tables(builder) -> dict[str, list[tuple[str, ...]]]:
    return builder.build_tables(
        RECORDS_COMMUNES, RECORDS_EPCI, RECORDS_DEPARTEMENTS, RECORDS_REGIONS, SCOPE
    )


def test_builder_keeps_only_current_communes_of_the_scope(tables):
    assert [row[0] for row in tables["communes"][1:]] == ["15001", "15002", "69123"]


def test_builder_merges_anciens_codes_and_delegated_communes_without_the_own_code(tables):
    rows = {row[0]: row for row in tables["communes"][1:]}

    assert rows["15002"][7] == "15005|15009"
    assert rows["15002"][6] == "15100|15200"
    assert rows["15001"][4:] == ("", "", "15000", "")


def test_builder_describes_an_epci_that_straddles_the_scope(tables):
    rows = {row[0]: row for row in tables["epci"][1:]}

    assert set(rows) == {"200000001", "200046977"}
    assert rows["200000001"] == ("200000001", "CC À cheval", "CC", "200", "26", "3", "1")


def test_builder_lists_the_scope_departements_with_region_and_extent(tables):
    assert tables["departements"] == [
        ("code_departement", "nom", "code_region", "region", "massif"),
        ("15", "Cantal", "84", "Auvergne-Rhône-Alpes", "entier"),
        ("69", "Rhône", "84", "Auvergne-Rhône-Alpes", "partiel"),
    ]


def test_builder_output_does_not_depend_on_input_order(builder, tables):
    again = builder.build_tables(
        list(reversed(RECORDS_COMMUNES)),
        list(reversed(RECORDS_EPCI)),
        list(reversed(RECORDS_DEPARTEMENTS)),
        RECORDS_REGIONS,
        SCOPE,
    )

    assert again == tables


def test_builder_writes_byte_identical_files_twice(builder, tables, tmp_path):
    path = tmp_path / "communes.csv"
    builder.write_csv(path, tables["communes"])
    first = path.read_bytes()
    builder.write_csv(path, tables["communes"])

    assert path.read_bytes() == first
    assert first.splitlines()[0] == ",".join(builder.COMMUNES_HEADER).encode()
