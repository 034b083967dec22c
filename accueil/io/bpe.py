"""INSEE's *Base permanente des équipements* (BPE) file, read into service counts per commune.

:func:`read_bpe` takes the bytes of the file as published (CSV, or a workbook saved from it) and
returns a :class:`BpePlan`: for every commune of the massif the file lists, how many of each of
our categories it has (through :data:`~accueil.domain.amenities.BPE_CATEGORIES`), and what was
left aside (equipment types we do not map, communes outside the massif, former commune codes
replaced by current ones). The file is read with :func:`accueil.io.tabular.read_table`; the
columns that matter are ``DEPCOM`` (commune), ``TYPEQU`` (equipment type) and, in the
communal files, ``NB_EQUIP`` (how many; without it each row is one equipment, as in the
geolocated file). A wrong cell is reported in French with its row and column, and then nothing
is imported. Reading only: writing the counts is the store's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from accueil.domain.amenities import BPE_CATEGORIES, older_nomenclature_hint
from accueil.domain.offers import Amenity
from accueil.io.communes import CommuneResolver, normalize_code
from accueil.io.tabular import MEGABYTE, ImportFileError, ReadLimits, ReadResult, read_table

# A département's BPE file holds tens of thousands of rows; the national communal file about
# a million: allow it, a laptop reads it in seconds.
BPE_LIMITS = ReadLimits(max_bytes=150 * MEGABYTE, max_rows=1_500_000, max_cells=20_000_000,
                        max_uncompressed_bytes=600 * MEGABYTE)
BPE_UPLOAD_MB = BPE_LIMITS.max_bytes // MEGABYTE  # the BPE file uploader's limit
COLUMNS = {"commune": ("DEPCOM", "CODGEO", "CODE_COMMUNE", "COM"),
           "type": ("TYPEQU", "TYPE_EQUIPEMENT"),
           "count": ("NB_EQUIP", "NB_EQUIPEMENTS", "NB")}
MAX_SHOWN_ERRORS = 20
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_TYPEQU = re.compile(r"^[A-G]\d{3}$")


@dataclass(frozen=True, slots=True, eq=False)
class BpePlan:
    """What an import of the file would write, and what it leaves aside."""

    file_name: str
    counts: pd.DataFrame  # commune_insee, amenity (value), count: positive counts only
    covered: frozenset[str]  # communes of the massif the file lists
    rows: int  # data rows read
    used_rows: int  # rows of a mapped type in a commune of the massif
    unmapped_rows: int  # equipment types we do not use (sport, tourism…)
    outside_rows: int  # communes outside the massif
    former_codes: dict[str, str] = field(default_factory=dict)  # former code -> current
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    sha256: str = ""  # of the uploaded bytes, recorded with the import batch

    @property
    def ok(self) -> bool:
        return not self.errors

    def by_amenity(self) -> dict[Amenity, int]:
        """Communes with at least one of each category, for the summary shown before import."""
        present = self.counts[self.counts["count"] > 0]
        found = present.groupby("amenity")["commune_insee"].nunique()
        return {a: int(found.get(a.value, 0)) for a in Amenity if _bpe_tells(a)}


def _bpe_tells(amenity: Amenity) -> bool:
    return any(category is amenity for category, _ in BPE_CATEGORIES.values())


def _find(result: ReadResult, names: tuple[str, ...]) -> str | None:
    by_key = {str(column).strip().upper().replace(" ", "_"): column
              for column in result.frame.columns}
    for name in names:
        if name in by_key:
            return str(by_key[name])
    return None


def _number_text(value: object) -> str | None:
    if value is None:
        return None
    return str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")


def _refused(file_name: str, errors: list[str], rows: int = 0) -> BpePlan:
    empty = pd.DataFrame({"commune_insee": pd.Series(dtype=object),
                          "amenity": pd.Series(dtype=object), "count": pd.Series(dtype="int64")})
    return BpePlan(file_name, empty, frozenset(), rows, 0, 0, 0, errors=tuple(errors))


def read_bpe(data: bytes, file_name: str, resolver: CommuneResolver,
             sheet: str | None = None) -> BpePlan:
    """Read a BPE file into counts per commune of ``resolver``'s reference (the massif).

    Never raises for a bad file: its problems come back as French ``errors``.
    """
    try:
        result = read_table(data, file_name, sheet=sheet, limits=BPE_LIMITS)
    except ImportFileError as error:
        return _refused(file_name, [error.message])
    name = result.file_name
    commune_col = _find(result, COLUMNS["commune"])
    type_col = _find(result, COLUMNS["type"])
    count_col = _find(result, COLUMNS["count"])
    found = ", ".join(f"« {c} »" for c in list(result.frame.columns)[:12]) or "aucune"
    if commune_col is None or type_col is None:
        missing = " ni de colonne ".join(
            label for col, label in ((commune_col, "DEPCOM (code de la commune)"),
                                     (type_col, "TYPEQU (type d'équipement)")) if col is None)
        message = (f"Le fichier « {name} » n'a pas de colonne {missing}. Colonnes trouvées : "
                   f"{found}. Attendu : le fichier de la Base permanente des équipements de "
                   "l'INSEE tel que publié, avec les colonnes DEPCOM, TYPEQU et, pour le "
                   "fichier communal, NB_EQUIP.")
        return _refused(name, [message], len(result.frame))
    frame = result.frame
    rows = len(frame)
    codes = frame[commune_col].map(normalize_code)
    types = frame[type_col].map(lambda v: "" if v is None else str(v).strip().upper())
    bad = {commune_col: ~codes.map(lambda c: bool(_INSEE.match(c))),
           type_col: ~types.map(lambda t: bool(_TYPEQU.match(t)))}
    expected = {commune_col: "n'est pas un code commune INSEE ; attendu 5 caractères "
                             "(ex. 15187).",
                type_col: "n'est pas un type d'équipement de la BPE ; attendu une lettre et "
                          "trois chiffres (ex. D265)."}
    if count_col is not None:
        numbers = pd.to_numeric(frame[count_col].map(_number_text), errors="coerce")
        bad[count_col] = numbers.isna() | (numbers < 0) | (numbers != numbers.round())
        expected[count_col] = ("n'est pas un nombre d'équipements ; attendu un nombre entier "
                               "(0, 1, 2…).")
        counts = numbers.fillna(0).astype("int64")
    else:
        counts = pd.Series(1, index=frame.index, dtype="int64")
    errors: list[str] = []
    for column, wrong in bad.items():
        for row in frame.index[wrong.to_numpy(dtype=bool)][:MAX_SHOWN_ERRORS]:
            value = frame.at[row, column]
            shown = "" if value is None else str(value)
            errors.append(f"{result.where(int(row), column)} : « {shown} » {expected[column]}")
    if errors:
        total = int(sum(int(wrong.sum()) for wrong in bad.values()))
        if total > len(errors):
            errors.append(f"… et {total - len(errors)} autre(s) cellule(s) à corriger.")
        errors.append("Rien n'a été importé : corrigez ces cellules, puis importez à nouveau.")
        return _refused(name, errors, rows)

    known = resolver.codes
    former: dict[str, str] = {}
    current = codes.to_numpy(dtype=object).copy()
    for code in sorted(set(codes) - known):
        resolution = resolver.resolve(code=code)
        if resolution.resolved and resolution.code:
            former[code] = resolution.code
    if former:
        current = np.array([former.get(c, c) for c in current], dtype=object)
    inside = np.isin(current, np.array(sorted(known), dtype=object))
    mapping = {code: amenity.value for code, (amenity, _) in BPE_CATEGORIES.items()}
    categories = types.map(mapping).to_numpy(dtype=object)
    mapped = pd.notna(categories)
    used = inside & mapped
    table = pd.DataFrame({"commune_insee": current[used], "amenity": categories[used],
                          "count": counts.to_numpy()[used]})
    table = (table.groupby(["commune_insee", "amenity"], as_index=False)
             .agg(count=("count", "sum")).reset_index(drop=True))
    warnings: list[str] = []
    hint = older_nomenclature_hint(frozenset(types))
    if hint:
        warnings.append(hint)
    covered = frozenset(str(c) for c in current[inside])
    if not covered:
        warnings.append(f"Aucune commune du Massif central dans « {name} » : le fichier couvre "
                        "peut-être un autre territoire. Rien ne sera importé.")
    return BpePlan(name, table, covered, rows, int(used.sum()), int((inside & ~mapped).sum()),
                   int((~inside).sum()), former, (), tuple(warnings))
