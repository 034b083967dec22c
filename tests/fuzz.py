"""A corpus of malformed partner files, and the import of one as the *Importer* page does it.

:func:`corpus` writes a few hundred files, deterministically from a seed: hand-made traps
(a lone cell at XFD1048576, 10 000 columns, a 1 MB header cell, ``1e309``, NUL and control
characters, UTF-16 without BOM, Excel error cells, unbalanced quotes, corrupt deflate
streams, truncated archives, zip bombs, a headcount of 3 000 000 000) and random mutations
(bytes flipped, cut, repeated or inserted) of valid CSV, XLSX and ODS exports. :func:`attempt`
takes one file through the import path (read, guess, preview, commit into a real store) and
says how it ended: ``imported``, ``nothing`` (read, but no row to write) or ``refused`` (a
French message). It never catches an exception itself: a crash is a finding. It also checks
that a commit wrote all its rows or none. ``tests/integration/test_fuzz.py`` runs a sample on
every run; ``bench/bench_fuzz.py`` the whole corpus with its counts.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from accueil.services import importing
from accueil.store.db import Store
from tests.builders import ADMIN
from tests.unit.io import messy

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 14, 3)

VALID_CSV = (
    "Offres repérées;;;;;;\r\n"
    "Titre;Code INSEE;Commune;Type;CA HT (€);Effectif;Prix de cession\r\n"
    "Boulangerie du bourg;15187;Saint-Flour;Reprise;320 000,50;2,5;180 k€\r\n"
    "Garage;;15100 Saint-Flour;Reprise;à débattre;3;NC\r\n"
    "Épicerie;63300;Riom;Création;;;\r\n"
    "Infirmier;;Aurillac;Emploi;;;\r\n"
)
VALID_ROWS: list[list[object]] = [
    ["Titre", "Commune", "Type", "CA", "Contrat", "Salaire", "Vérifié le"],
    ["Boulangerie", "Saint-Flour", "Reprise", 320000.5, None, None, date(2026, 10, 1)],
    ["Serveur", "Riom", "Emploi", None, "CDD 6 mois", "1 900 - 2 300 € brut", None],
    ["Café", "Aurillac", "Reprise", "92,5 k€", None, None, "26/11/2026"],
]


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    ending: str  # "imported", "nothing" or "refused"
    message: str
    rows: int = 0


def _flip(data: bytes, rng: random.Random, count: int) -> bytes:
    mutable = bytearray(data)
    for _ in range(count):
        position = rng.randrange(len(mutable))
        mutable[position] = rng.randrange(256)
    return bytes(mutable)


def _insert(data: bytes, rng: random.Random) -> bytes:
    position = rng.randrange(len(data) + 1)
    junk = rng.choice([b"\x00", b'"', b";", b"\r", b"\n", b"\xff\xfe", b"1e309", b"#N/A",
                       b"\x1b[31m", b"\xe9", bytes(rng.randrange(256) for _ in range(8))])
    return data[:position] + junk * rng.randrange(1, 20) + data[position:]


def _rezip(data: bytes, rng: random.Random) -> bytes:
    """The same archive with one member's content mutated (a valid zip, a broken workbook)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        victim = rng.choice(names)
        for name in names:
            content = source.read(name)
            if name == victim and content:
                content = _flip(content, rng, rng.randrange(1, 8)) if rng.random() < 0.5 else (
                    content[: rng.randrange(len(content))])
            target.writestr(name, content)
    return buffer.getvalue()


def _hand_made() -> Iterator[tuple[str, bytes]]:
    yield "loin.xlsx", messy.far_cell_xlsx()
    yield "erreurs.xlsx", messy.error_cell_xlsx()
    yield "bombe.xlsx", messy.zip_bomb(40)
    yield "bombe-menteuse.xlsx", messy.lying_zip_bomb(40)
    yield "word.xlsx", messy.word_document()
    yield "texte.xlsx", messy.text_posing_as_xlsx()
    yield "vide.csv", b""
    yield "blancs.csv", b"   \r\n\r\n  \r\n"
    yield "larges.csv", (";".join(f"C{i}" for i in range(10_000)) + "\r\n"
                         + ";".join("x" for _ in range(10_000)) + "\r\n").encode()
    yield "entete-geant.csv", ("Titre;" + "é" * 1_000_000 + "\r\nA;B\r\n").encode()
    yield "infini.csv", b"Titre;Commune;Type;CA\r\nBar;Riom;Reprise;1e309\r\n"
    yield "effectif.csv", b"Titre;Commune;Type;Effectif\r\nBar;Riom;Reprise;3 000 000 000\r\n"
    yield "nul.csv", b"Titre;Commune\r\nBar\x00;Riom\r\n"
    yield "controles.csv", b"Titre;Commune;Type;Description\r\nBar;Riom;Reprise;a\x0bb\x01\r\n"
    yield "utf16le.csv", VALID_CSV.encode("utf-16-le")
    yield "utf16be.csv", VALID_CSV.encode("utf-16-be")
    yield "guillemets.csv", b'Titre;Commune\r\n"Bar;Riom\r\nCafe;"Aurillac\r\n'
    yield "cr.csv", b"Titre;Commune;Type\rBar;Riom;Reprise\r"
    yield "tronque.xlsx", messy.workbook(VALID_ROWS)[:900]
    yield "tronque.ods", messy.ods({"F": VALID_ROWS})[:700]
    yield "html.xls", b"<html><table><tr><td>Titre</td></tr></table></html>"
    yield "pdf.csv", b"%PDF-1.7 fake"
    yield "ole.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    yield "zip-vide.xlsx", b"PK\x05\x06" + b"\x00" * 18
    yield "cellule-longue.csv", ("Titre;Commune\r\nA;" + "x" * 40_000 + "\r\n").encode()
    yield "type-melange.csv", ("Titre;Commune;Type\r\nMaison;Riom;Logement\r\n"
                               "Bar;Riom;Reprise\r\n").encode("cp1252")
    yield "contact.csv", (b"Titre;Commune;Type;Contrat\r\nServeur;Riom;Emploi;Jean Dupont\r\n"
                          b"Plongeur;Riom;Emploi;06 12 34 56 78\r\n")


def corpus(size: int = 320, seed: int = 10) -> Iterator[tuple[str, bytes]]:
    """``size`` malformed files (the hand-made traps first), the same for the same seed."""
    rng = random.Random(seed)
    count = 0
    for item in _hand_made():
        if count >= size:
            return
        count += 1
        yield item
    bases = [("base.csv", VALID_CSV.encode("cp1252")),
             ("base.xlsx", messy.workbook(VALID_ROWS)),
             ("base.ods", messy.ods({"F": VALID_ROWS}))]
    while count < size:
        name, data = bases[count % len(bases)]
        how = rng.choice(("flip", "cut", "insert", "repeat", "rezip"))
        if how == "flip":
            mutated = _flip(data, rng, rng.randrange(1, 12))
        elif how == "cut":
            mutated = data[: rng.randrange(1, len(data))]
        elif how == "insert":
            mutated = _insert(data, rng)
        elif how == "repeat":
            start = rng.randrange(len(data))
            mutated = data[:start] + data[start:start + 64] * rng.randrange(2, 50) + data[start:]
        else:
            mutated = _rezip(data, rng) if name != "base.csv" else _insert(data, rng)
        stem, _, extension = name.partition(".")
        yield f"{stem}-{count:03d}-{how}.{extension}", mutated
        count += 1


def _rows_stored(store: Store) -> int:
    """Rows of every import still in the store, counted in the offers and items tables."""
    return sum(batch.remaining for batch in importing.history(store, limit=10_000))


def attempt(store: Store, name: str, data: bytes,
            target: importing.Target = "offers") -> Outcome:
    """Import ``data`` as the page would, with a default kind; check all-or-nothing."""
    draft = importing.ImportDraft(name, data, target)
    outcome = draft.read()
    if outcome.table is None:
        assert outcome.error.startswith(("Le ", "La ", "Aucune ")), outcome.error
        return Outcome(name, "refused", outcome.error)
    table = outcome.table
    mapping = draft.guess(table)
    kind = importing.KIND_KEYS[target]
    preview = draft.preview(store, table, mapping,
                            {kind: "reprise" if target == "offers" else "logement"},
                            today=TODAY)
    if preview.blocked:
        return Outcome(name, "refused", " ".join(preview.validation.problems))
    before = _rows_stored(store)
    result = importing.commit(store, draft, preview, now=NOW, by=ADMIN)
    after = _rows_stored(store)
    if not result.done:
        assert after == before, f"{name}: a failed commit wrote {after - before} rows"
        return Outcome(name, "nothing", result.message)
    assert after - before == result.imported, f"{name}: batch and rows disagree"
    return Outcome(name, "imported", result.message, result.imported)
