"""Build the reference CSV files of the communes, EPCI and départements of the Massif central.

Usage, from the repository root (needs ``npm`` on the PATH and access to the npm registry)::

    python scripts/build_reference.py                      # fetch, check, write data/reference/
    python scripts/build_reference.py --tarball FILE.tgz   # reuse a tarball fetched earlier

The source is the npm package ``@etalab/decoupage-administratif`` 6.0.0 (millésime 2026 of
INSEE's Code officiel géographique, DGCL's EPCI, INSEE's legal populations, La Poste's postal
codes). ``npm pack`` downloads its tarball into a temporary folder that is deleted afterwards; the
tarball's SHA-512 is checked against the value pinned below, its JSON files are read straight from
the archive (nothing is extracted to disk) and three compact, sorted, UTF-8 CSV files (LF line
ends, no BOM) are written to ``data/reference/``: ``communes.csv``, ``epci.csv`` and
``departements.csv``. The output depends only on the pinned tarball, so running the script twice
gives byte-identical files. Each file is written to a temporary name and then moved into place, so
a failed run leaves the previous files untouched.

Scope: every current commune (type ``commune-actuelle``: no communes déléguées or associées, no
arrondissements municipaux, so Lyon stays one commune, 69123) of the 22 départements
named in the annex of décret n° 2004-69 of 16 January 2004 as amended by décret n° 2016-1208 of
8 September 2016 (délimitation du Massif central). ``MASSIF_DEPARTEMENTS`` records whether the
annex lists the whole département ("entier") or only some of its cantons ("partiel"); this script
keeps every commune of a partial département too. See data/SOURCES.md.

This script is a build-time tool: the application never runs it and never needs npm.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
# `npm view @etalab/decoupage-administratif@6.0.0 dist.integrity`
TARBALL_SHA512 = (
    "XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ=="
)

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = REPO_ROOT / "data" / "reference"

# Annex of décret n° 2004-69 as amended by décret n° 2016-1208: "entier" when the annex names the
# whole département, "partiel" when it names only some cantons.
MASSIF_DEPARTEMENTS: dict[str, str] = {
    "03": "entier",  # Allier
    "07": "partiel",  # Ardèche
    "11": "partiel",  # Aude
    "12": "entier",  # Aveyron
    "15": "entier",  # Cantal
    "19": "entier",  # Corrèze
    "21": "partiel",  # Côte-d'Or
    "23": "entier",  # Creuse
    "30": "partiel",  # Gard
    "34": "partiel",  # Hérault
    "42": "entier",  # Loire
    "43": "entier",  # Haute-Loire
    "46": "entier",  # Lot
    "48": "entier",  # Lozère
    "58": "partiel",  # Nièvre
    "63": "entier",  # Puy-de-Dôme
    "69": "partiel",  # Rhône (with the Métropole de Lyon, code 69 in the COG)
    "71": "partiel",  # Saône-et-Loire
    "81": "partiel",  # Tarn
    "82": "partiel",  # Tarn-et-Garonne
    "87": "entier",  # Haute-Vienne
    "89": "partiel",  # Yonne
}

COMMUNES_HEADER = (
    "code_insee",
    "nom",
    "code_departement",
    "code_region",
    "code_epci",
    "population",
    "codes_postaux",
    "anciens_codes",
)
EPCI_HEADER = (
    "code_epci",
    "nom",
    "type",
    "population",
    "code_departement",
    "nb_communes",
    "nb_communes_perimetre",
)
DEPARTEMENTS_HEADER = ("code_departement", "nom", "code_region", "region", "massif")

LIST_SEPARATOR = "|"

Record = Mapping[str, Any]
Row = tuple[str, ...]


def fetch_tarball(destination: Path) -> Path:
    """Download the pinned package tarball with ``npm pack`` into ``destination``."""
    completed = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--json", "--silent"],
        cwd=destination,
        check=True,
        capture_output=True,
        text=True,
    )
    filename = json.loads(completed.stdout)[0]["filename"]
    return destination / filename


def check_tarball(tarball: Path) -> None:
    """Stop unless the tarball is byte for byte the pinned release."""
    digest = base64.b64encode(hashlib.sha512(tarball.read_bytes()).digest()).decode("ascii")
    if digest != TARBALL_SHA512:
        raise SystemExit(
            f"{tarball}: SHA-512 {digest} found, {TARBALL_SHA512} expected "
            f"({PACKAGE}@{VERSION}); refusing to build from another file."
        )


def read_package_json(tarball: Path) -> dict[str, list[dict[str, Any]]]:
    """Read the JSON data files of the package straight from the tarball."""
    wanted = ("communes", "epci", "departements", "regions")
    data: dict[str, list[dict[str, Any]]] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for name in wanted:
            member = archive.extractfile(f"package/data/{name}.json")
            if member is None:
                raise SystemExit(f"{tarball}: package/data/{name}.json is missing")
            data[name] = json.load(io.TextIOWrapper(member, encoding="utf-8"))
    return data


def _join(values: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(sorted(set(values)))


def _int_or_empty(value: Any) -> str:
    return "" if value is None else str(int(value))


def build_tables(
    communes: Sequence[Record],
    epci: Sequence[Record],
    departements: Sequence[Record],
    regions: Sequence[Record],
    scope: Mapping[str, str] = MASSIF_DEPARTEMENTS,
) -> dict[str, list[Row]]:
    """Turn the package's JSON records into sorted CSV rows, keyed by output file stem.

    Former codes of a commune are the union of its ``anciensCodes`` and the codes of the communes
    déléguées or associées whose ``chefLieu`` it is, less its own code (a commune nouvelle often
    keeps the code of one of its former communes). The population of an EPCI is the sum of the
    populations of all its member communes, in or out of scope, so that it agrees with the commune
    rows; its département is the one holding most of its members (lowest code on a tie), since the
    package does not give the siège.
    """
    current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}

    former: defaultdict[str, set[str]] = defaultdict(set)
    for commune in current.values():
        former[commune["code"]].update(commune.get("anciensCodes", ()))
    for commune in communes:
        if commune["type"] in ("commune-deleguee", "commune-associee"):
            former[commune["chefLieu"]].add(commune["code"])

    epci_of: dict[str, str] = {}
    for group in epci:
        for member in group["membres"]:
            epci_of[member["code"]] = group["code"]

    in_scope = sorted(code for code, c in current.items() if c["departement"] in scope)
    commune_rows = [
        (
            code,
            current[code]["nom"],
            current[code]["departement"],
            current[code]["region"],
            epci_of.get(code, ""),
            _int_or_empty(current[code].get("population")),
            _join(current[code].get("codesPostaux", ())),
            _join(former[code] - {code}),
        )
        for code in in_scope
    ]

    scope_count = Counter(epci_of[code] for code in in_scope if code in epci_of)
    epci_rows: list[Row] = []
    for group in sorted(epci, key=lambda g: str(g["code"])):
        if group["code"] not in scope_count:
            continue
        members = [current[m["code"]] for m in group["membres"] if m["code"] in current]
        populations = [m.get("population") for m in members]
        population = (
            sum(populations)
            if members and None not in populations
            else group.get("populationMunicipale")
        )
        by_departement = Counter(m["departement"] for m in members)
        departement = min(by_departement, key=lambda d: (-by_departement[d], d))
        epci_rows.append(
            (
                group["code"],
                group["nom"],
                group["type"],
                _int_or_empty(population),
                departement,
                str(len(group["membres"])),
                str(scope_count[group["code"]]),
            )
        )

    region_name = {r["code"]: r["nom"] for r in regions if r.get("zone") != "com"}
    departement_rows = [
        (d["code"], d["nom"], d["region"], region_name[d["region"]], scope[d["code"]])
        for d in sorted(departements, key=lambda d: str(d["code"]))
        if d["code"] in scope
    ]
    missing = sorted(set(scope) - {row[0] for row in departement_rows})
    if missing:
        raise SystemExit(f"départements missing from the package: {', '.join(missing)}")

    return {
        "communes": [COMMUNES_HEADER, *commune_rows],
        "epci": [EPCI_HEADER, *epci_rows],
        "departements": [DEPARTEMENTS_HEADER, *departement_rows],
    }


def write_csv(path: Path, rows: Sequence[Row]) -> None:
    """Write rows as UTF-8 CSV with LF line ends, atomically (temporary file, then rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(buffer.getvalue().encode("utf-8"))
    os.replace(temporary, path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="use this package tarball, skip npm pack")
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR, help="output folder")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="accueil-reference-") as workdir:
        tarball = args.tarball or fetch_tarball(Path(workdir))
        check_tarball(tarball)
        data = read_package_json(tarball)
    tables = build_tables(data["communes"], data["epci"], data["departements"], data["regions"])
    for stem, rows in tables.items():
        path = args.output / f"{stem}.csv"
        write_csv(path, rows)
        print(f"{path}: {len(rows) - 1} rows, {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
