"""The veille spreadsheet sent to a partner, and reading it back once they have filled it.

One row per thing to confirm (an offer's activity or a réceptivité item), with what the tool
holds, an answer column (*Confirmé*, *Modifié*, *Plus disponible*, offered as a drop-down list)
and columns for new values. Written with :class:`accueil.io.cells.SafeWorkbook` (no cell can
become a formula). Reading finds the columns by their headers, so a partner may reorder or add
columns; each problem is a French sentence naming the row, the column, what was found and what
is expected. No store, no streamlit.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped,unused-ignore]
from openpyxl.styles import Font, PatternFill  # type: ignore[import-untyped,unused-ignore]
from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped,unused-ignore]
    DataValidation,
)

from accueil.domain.partners import Answer, read_answer
from accueil.io.cells import SafeWorkbook, unquote
from accueil.io.dates import parse_date
from accueil.io.numbers import ParseError, parse_amount, parse_area

SHEET = "À confirmer"
REFERENCE = "Référence"
ANSWER = "Réponse"
# Header → store field of the new value (its parser is chosen by the field).
NEW_VALUES = {"Nouveau loyer (€/mois)": "monthly_rent", "Nouveau prix (€)": "price",
              "Nouvelle surface (m²)": "surface_m2",
              "Disponible à partir du (jj/mm/aaaa)": "available_from"}
HEADERS = (REFERENCE, "Type", "Intitulé", "Commune", "Ce que nous avons",
           "Dernière confirmation", ANSWER, *NEW_VALUES, "Commentaire")
_WIDTHS = (12, 18, 40, 22, 60, 16, 18, 16, 16, 16, 20, 30)


@dataclass(frozen=True, slots=True)
class VeilleLine:
    """One thing to confirm, as written in the file."""

    reference: str  # 'offre-17' or 'bien-56'
    kind: str
    label: str
    commune: str
    holding: str  # what the tool holds, in French
    confirmed: str  # « 12/03/2026 » or « jamais »


def reference(subject: str, key: str) -> str:
    return f"{'offre' if subject == 'activite' else 'bien'}-{key}"


def parse_reference(text: object) -> tuple[str, str] | None:
    """('activite', '17') from « offre-17 », ('bien', '56') from « bien-56 »."""
    value = str(unquote(text) or "").strip().lower()
    prefix, _, key = value.partition("-")
    if not key.isdigit() or prefix not in ("offre", "bien"):
        return None
    return ("activite" if prefix == "offre" else "bien", key)


def write_veille(partner: str, lines: Sequence[VeilleLine], *, today: date,
                 months: int) -> bytes:
    """The workbook for ``partner``: the lines to confirm, then a sheet that says how."""
    book = SafeWorkbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for line in lines:
        sheet.append([line.reference, line.kind, line.label, line.commune, line.holding,
                      line.confirmed, None, None, None, None, None, None])
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "B2"
    if lines:
        choices = DataValidation(type="list", formula1=f'"{",".join(a.value for a in Answer)}"',
                                 allow_blank=True, showErrorMessage=False)
        choices.add(f"G2:G{len(lines) + 1}")
        sheet.add_data_validation(choices)
    guide = book.create_sheet("Mode d'emploi")
    for row in (
        [f"Veille des offres et biens fournis par : {partner}"],
        [(f"Fichier préparé le {today:%d/%m/%Y} ; une confirmation de plus de {months} mois "
         "est à renouveler.")],
        [],
        ["Pour chaque ligne de l'onglet « À confirmer », choisissez une réponse :"],
        ["Confirmé", "l'information est toujours exacte."],
        ["Modifié", ("quelque chose a changé : écrivez les nouvelles valeurs dans les colonnes "
                    "« Nouveau … » (laissez vides celles qui ne changent pas).")],
        ["Plus disponible", ("le bien est loué ou vendu, l'activité est reprise ou le poste "
                            "pourvu.")],
        [],
        ["Laissez la réponse vide si vous ne savez pas : la ligne ne sera pas modifiée."],
        ["Ne changez pas la colonne « Référence » : elle permet de retrouver chaque ligne."],
    ):
        guide.append(row)
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class AnsweredLine:
    row: int  # as numbered in the spreadsheet
    subject: str
    key: str
    answer: Answer
    values: dict[str, Any] = field(default_factory=dict)
    comment: str = ""


@dataclass(frozen=True, slots=True)
class VeilleFile:
    lines: tuple[AnsweredLine, ...]
    errors: tuple[str, ...]
    unanswered: int  # rows left without an answer


def _parse_value(name: str, value: object) -> Any:
    if name == "available_from":
        return parse_date(value)
    if name == "surface_m2":
        return parse_area(value)
    return parse_amount(value)


def read_veille(data: bytes, file_name: str = "fichier") -> VeilleFile:
    """The answers of a filled veille workbook, and a French sentence per problem."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError,
            TypeError):  # what openpyxl raises on a file that is not a workbook
        return VeilleFile((), ((f"{file_name} : ce fichier ne s'ouvre pas comme un classeur "
                               "Excel (.xlsx) ; envoyez le fichier de veille rempli."),), 0)
    if SHEET not in book.sheetnames:
        return VeilleFile((), ((f"{file_name} : l'onglet « {SHEET} » est introuvable (onglets "
                               f"trouvés : {', '.join(book.sheetnames)}) ; c'est l'onglet du "
                               "fichier de veille où sont les réponses."),), 0)
    rows = list(book[SHEET].iter_rows(values_only=True))
    book.close()
    if not rows:
        return VeilleFile((), (f"{file_name} : l'onglet « {SHEET} » est vide.",), 0)
    headers = [str(unquote(h) or "").strip() for h in rows[0]]
    missing = [h for h in (REFERENCE, ANSWER) if h not in headers]
    if missing:
        return VeilleFile((), ((f"{file_name} : colonne(s) {', '.join(f'« {m} »' for m in missing)}"
                               " introuvable(s) en ligne 1 ; elles sont nécessaires pour lire "
                               "les réponses."),), 0)
    at = {h: i for i, h in enumerate(headers) if h}
    lines: list[AnsweredLine] = []
    errors: list[str] = []
    unanswered = 0

    def cell(row: tuple[Any, ...], header: str) -> Any:
        index = at.get(header)
        return unquote(row[index]) if index is not None and index < len(row) else None

    for number, row in enumerate(rows[1:], start=2):
        ref_text, answer_text = cell(row, REFERENCE), cell(row, ANSWER)
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        parsed = parse_reference(ref_text)
        if parsed is None:
            errors.append(f"Ligne {number}, colonne « {REFERENCE} » : « {ref_text or ''} » "
                          "n'est pas une référence du fichier de veille (attendu : offre-12 ou "
                          "bien-34, telle qu'écrite dans le fichier envoyé).")
            continue
        if answer_text is None or str(answer_text).strip() == "":
            unanswered += 1
            continue
        answer = read_answer(answer_text)
        if answer is None:
            errors.append(f"Ligne {number}, colonne « {ANSWER} » : « {answer_text} » n'est pas "
                          "une réponse attendue (Confirmé, Modifié ou Plus disponible).")
            continue
        values: dict[str, Any] = {}
        bad = False
        for header, name in NEW_VALUES.items():
            raw = cell(row, header)
            if raw is None or str(raw).strip() == "":
                continue
            try:
                values[name] = _parse_value(name, raw)
            except ParseError as error:
                errors.append(f"Ligne {number}, colonne « {header} » : {error.message}")
                bad = True
        if bad:
            continue
        if answer is Answer.MODIFIE and not values:
            errors.append(f"Ligne {number} : la réponse est « Modifié » mais aucune colonne "
                          "« Nouveau … » n'est remplie ; écrivez la nouvelle valeur (ou "
                          "répondez « Confirmé »).")
            continue
        comment = str(cell(row, "Commentaire") or "").strip()
        lines.append(AnsweredLine(number, parsed[0], parsed[1], answer, values, comment))
    return VeilleFile(tuple(lines), tuple(errors), unanswered)
