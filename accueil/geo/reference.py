"""Reference geography of the Massif central: communes, EPCI and départements as pandas frames.

Reads the CSV files that ``scripts/build_reference.py`` writes into ``data/reference/`` (sources
and licences in ``data/SOURCES.md``) with explicit dtypes: INSEE, SIREN, département, région and
postal codes stay text, so "03001" keeps its leading zero and a "2A004" style code survives.
Populations are nullable integers (``Int64``); ``code_epci`` and ``population`` are missing
(``NA``) when the source has none; the pipe-separated lists ``codes_postaux`` and
``anciens_codes`` are ``""`` when empty, never missing. A file whose header differs from the
expected columns is refused with a French message. Reading is cached per file and every call
returns a fresh copy, so callers may modify what they get. This module only reads files: no
streamlit, no duckdb, no network.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "data" / "reference"
COMMUNES_PATH = REFERENCE_DIR / "communes.csv"
EPCI_PATH = REFERENCE_DIR / "epci.csv"
DEPARTEMENTS_PATH = REFERENCE_DIR / "departements.csv"

LIST_SEPARATOR = "|"
MASSIF_VALUES = ("entier", "partiel")

# Column name -> pandas dtype, in file order. "str" is pandas' own text dtype.
COMMUNES_COLUMNS: dict[str, str] = {
    "code_insee": "str",
    "nom": "str",
    "code_departement": "str",
    "code_region": "str",
    "code_epci": "str",
    "population": "Int64",
    "codes_postaux": "str",
    "anciens_codes": "str",
}
EPCI_COLUMNS: dict[str, str] = {
    "code_epci": "str",
    "nom": "str",
    "type": "str",
    "population": "Int64",
    "code_departement": "str",
    "nb_communes": "int64",
    "nb_communes_perimetre": "int64",
}
DEPARTEMENTS_COLUMNS: dict[str, str] = {
    "code_departement": "str",
    "nom": "str",
    "code_region": "str",
    "region": "str",
    "massif": "str",
}

# Only these columns may be empty in a file, and an empty cell there means "unknown".
_NULLABLE = ("code_epci", "population")


def load_communes(path: Path | str | None = None) -> pd.DataFrame:
    """Current communes of the 22 départements, one row each, sorted by ``code_insee``."""
    return _read(Path(path) if path is not None else COMMUNES_PATH, COMMUNES_COLUMNS).copy()


def load_epci(path: Path | str | None = None) -> pd.DataFrame:
    """EPCI à fiscalité propre with at least one member commune in scope, by ``code_epci``.

    ``population`` and ``nb_communes`` cover every member, ``nb_communes_perimetre`` only those
    in scope; ``code_departement`` is the one holding most members, possibly outside the 22.
    """
    return _read(Path(path) if path is not None else EPCI_PATH, EPCI_COLUMNS).copy()


def load_departements(path: Path | str | None = None) -> pd.DataFrame:
    """The 22 départements of the Massif central with their région and ``massif`` extent.

    ``massif`` is "entier" when the whole département is in the massif, "partiel" otherwise.
    """
    return _read(Path(path) if path is not None else DEPARTEMENTS_PATH, DEPARTEMENTS_COLUMNS).copy()


def split_codes(value: str) -> list[str]:
    """Split a pipe-separated cell such as ``codes_postaux`` into its codes (``[]`` if empty)."""
    return value.split(LIST_SEPARATOR) if value else []


def current_code_by_former_code(communes: pd.DataFrame | None = None) -> dict[str, str]:
    """Map each former INSEE code (``anciens_codes``) to the code of the commune it merged into.

    Useful to read a file that still names communes by a code from before a merger.
    """
    frame = communes if communes is not None else load_communes()
    mapping: dict[str, str] = {}
    for code, former in zip(frame["code_insee"], frame["anciens_codes"], strict=True):
        for old in split_codes(str(former)):
            mapping[old] = str(code)
    return mapping


@lru_cache(maxsize=8)
def _read_cached(path: Path, columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    dtypes = dict(columns)
    try:
        with path.open(encoding="utf-8") as handle:
            header = handle.readline().rstrip("\n").split(",")
    except FileNotFoundError:
        raise FileNotFoundError(
            f"Fichier de référence introuvable : {path}. "
            "Reconstruisez-le avec « python scripts/build_reference.py »."
        ) from None
    if header != list(dtypes):
        raise ValueError(
            f"Fichier de référence {path}, ligne 1 : colonnes trouvées {header}, "
            f"colonnes attendues {list(dtypes)}."
        )
    return pd.read_csv(
        path,
        dtype=dtypes,
        encoding="utf-8",
        keep_default_na=False,
        na_values={name: [""] for name in _NULLABLE if name in dtypes},
    )


def _read(path: Path, columns: dict[str, str]) -> pd.DataFrame:
    return _read_cached(path.resolve(), tuple(columns.items()))
