"""The bulk import as the *Importer* page drives it: one uploaded file from bytes to a batch.

An :class:`ImportDraft` holds one uploaded file and remembers what was computed from it (the
sheet read, the validation of a mapping) so that a page redrawn on every click does not read
and check 100k rows again. Around it: the mapping proposed from the file's headers and the
saved templates, the preview (valid and refused rows, probable duplicates, earlier imports of
the same file), the commit as one batch, the history and "Annuler cet import". Every outcome
a person reads comes back as French text or as a table with French column names; a failure
comes back as a message, never as an exception. No streamlit here, no SQL: the store does the
writing (:mod:`accueil.store.imports`), :mod:`accueil.io` the reading and checking.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import PurePath
from typing import Any

import pandas as pd

from accueil import fr
from accueil.domain.access import Action, Principal, require
from accueil.domain.offers import ActivityKind, OfferStatus, ReceptivityKind, too_long
from accueil.geo.reference import load_communes, load_departements
from accueil.io.communes import CommuneResolver
from accueil.io.fields import FIELDS_BY_TARGET, FieldType, ImportField, suggest_mapping
from accueil.io.numbers import show
from accueil.io.repeats import content_keys, repeated_rows
from accueil.io.tabular import ImportFileError, ReadLimits, ReadResult, read_table
from accueil.io.validate import (
    RowError,
    RowNote,
    ValidationResult,
    error_report_csv,
    plausible_mapping,
    split_by_pillar,
    template_xlsx,
    validate_rows,
)
from accueil.store import imports as repo
from accueil.store import veille as veille_store
from accueil.store.db import Store
from accueil.store.imports import Batch, BatchRecord, BatchTarget, Target, Template

TARGETS: tuple[Target, ...] = repo.TARGETS
TARGET_LABELS: dict[Target, str] = {
    "offers": "Des offres d'accueil (reprises, créations, emplois)",
    "receptivity": "Des logements, fonciers ou locaux (réceptivité)",
}
EXTENSIONS = ("csv", "txt", "tsv", "xlsx", "xlsm", "xls", "ods")
PROGRESS_ROWS = 5_000  # a file longer than this shows a progress bar
PROGRESS_BYTES = 512 * 1024  # before reading, the size tells whether it will be long
SAMPLE_ROWS = 20
KEPT_PREVIEWS = 3  # previews of other mappings kept, to switch back without checking again
SHOWN_ERRORS = 1_000
SPELLED_ERRORS = 8  # up to this many errors are written out as sentences, not a table
KIND_KEYS: dict[Target, str] = {"offers": "activity_kind", "receptivity": "kind"}

Progress = Callable[[float, str], None]


def silent(_fraction: float, _text: str) -> None:
    """A progress callback that shows nothing, for short files."""


def target_label(target: Target) -> str:
    return TARGET_LABELS[target]


def fields_of(target: Target) -> tuple[ImportField, ...]:
    return FIELDS_BY_TARGET[target]


def field_label(target: Target, key: str | None) -> str:
    """How a field is named in the mapping list: ``Reprise · Prix demandé (€)``."""
    if key is None:
        return "— ne pas importer —"
    found = {item.key: item for item in fields_of(target)}[key]
    required = " *" if found.required else ""
    return f"{found.group} · {found.label}{required}"


def field_options(target: Target) -> list[str | None]:
    """The choices of a column's mapping: ignore it, or one of the target's fields."""
    return [None, *(item.key for item in fields_of(target))]


def kind_choices(target: Target) -> dict[str, str]:
    """Stored value → French label of the kind field (type d'offre, type de bien)."""
    kinds: Sequence[ActivityKind | ReceptivityKind] = (
        list(ActivityKind) if target == "offers" else list(ReceptivityKind))
    return {kind.value: kind.label for kind in kinds}


@lru_cache(maxsize=len(TARGETS))
def template_file(target: Target) -> bytes:
    """The ``.xlsx`` to fill in, with its « Aide » sheet (built once per process)."""
    return template_xlsx(target)


def default_kind_label(target: Target) -> str:
    """The label of the choice of a kind for rows that state none."""
    what = "Type d'offre" if target == "offers" else "Type de bien"
    return f"{what} des lignes qui ne l'indiquent pas"


def table_height(rows: int, most: int = 400) -> int:
    """Pixels for a table of ``rows`` lines: all of them up to ``most``, then it scrolls."""
    return min(most, 38 + 35 * rows)


def template_file_name(target: Target) -> str:
    return "modele-offres.xlsx" if target == "offers" else "modele-receptivite.xlsx"


@lru_cache(maxsize=1)
def commune_resolver() -> CommuneResolver:
    """The index of the reference communes, built once per process (about 0.1 s)."""
    departements = load_departements()
    names = dict(zip(departements["code_departement"], departements["nom"], strict=True))
    return CommuneResolver(load_communes(), names)


def wants_progress(draft: ImportDraft, table: ReadResult | None = None) -> bool:
    """Whether to show a progress bar: a heavy file, or more than a few thousand rows."""
    return draft.long or (table is not None and len(table.frame) > PROGRESS_ROWS)


def describe_table(table: ReadResult) -> str:
    """``« offres.csv » : CSV (texte), Windows-1252, séparateur « ; », en-tête ligne 3…``."""
    parts = [f"« {table.file_name} » : {table.file_format.label}"]
    if table.encoding:
        parts.append(f"encodage {table.encoding}")
    if table.separator:
        shown = {"\t": "tabulation", ";": "« ; »", ",": "« , »", "|": "« | »"}
        parts.append(f"séparateur {shown.get(table.separator, table.separator)}")
    if table.sheet is not None:
        parts.append(f"feuille « {table.sheet} »")
    parts.append(f"en-tête ligne {table.header_row}")
    rows, columns = table.frame.shape
    parts.append(f"{fr.plural(rows, 'ligne')} de données, {fr.plural(columns, 'colonne')}")
    return ", ".join(parts) + "."


def saved_templates(store: Store, target: Target) -> list[Template]:
    return repo.templates(store, target)


# --- The mapping -----------------------------------------------------------------------------


def best_template(templates: Sequence[Template], headers: Sequence[str]) -> Template | None:
    """The saved template that fits the file's headers best, if one fits at all.

    A template fits when most of the columns it knows are in the file: the same partner's
    next export, perhaps with a column more or less.
    """
    present = set(headers)
    best, best_score = None, 0.5
    for template in templates:
        known = [header for header, key in template.mapping.items() if key is not None]
        if not known:
            continue
        score = sum(header in present for header in known) / len(known)
        if score > best_score:
            best, best_score = template, score
    return best


def initial_mapping(target: Target, headers: Sequence[str],
                    template: Template | None = None,
                    frame: pd.DataFrame | None = None) -> dict[str, str | None]:
    """The mapping to show first: the template's choices where it knows the column, the
    guess from the header elsewhere; no field is given two columns (the template wins).

    With the ``frame`` of the sheet, a guess is kept only where most of the column's values
    read as that field (:func:`accueil.io.validate.plausible_mapping`).
    """
    suggested = (plausible_mapping(frame, fields_of(target)) if frame is not None
                 else suggest_mapping(headers, fields_of(target)))
    if template is None:
        return suggested
    known = {header: key for header, key in template.mapping.items() if header in suggested}
    taken = {key for key in known.values() if key is not None}
    mapping: dict[str, str | None] = {}
    for header in headers:
        if header in known:
            mapping[header] = known[header]
        else:
            key = suggested[header]
            mapping[header] = key if key not in taken else None
    return mapping


def column_samples(table: ReadResult, count: int = 3) -> dict[str, str]:
    """A few distinct values of each column, as a help text under its mapping choice."""
    samples: dict[str, str] = {}
    for header in table.frame.columns:
        values = table.frame[header].dropna().head(200).map(show).unique()[:count]
        shown = " ; ".join(f"« {value[:40]} »" for value in values)
        letter = table.column_letters.get(str(header))
        where = f"Colonne {letter}. " if letter else ""
        samples[str(header)] = f"{where}Exemples : {shown}" if shown else f"{where}Colonne vide."
    return samples


# --- The draft -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    """A sheet read, or the French reason why the file cannot be read."""

    table: ReadResult | None
    error: str = ""


@dataclass(frozen=True, slots=True, eq=False)
class Preview:
    """What an import would do, before anything is written.

    ``duplicates``: one line per valid row resembling a stored offer (or item) or repeating
    an earlier row of the file, with the columns of :func:`find_duplicates`. ``previous``:
    earlier imports of the very same file that are still in place.
    """

    target: Target
    sheet: str | None
    validation: ValidationResult
    mapping: dict[str, str | None]
    defaults: dict[str, str]
    duplicates: pd.DataFrame
    previous: tuple[Batch, ...]
    items: ValidationResult | None = None  # rows routed to réceptivité by their type

    @property
    def valid_rows(self) -> int:
        return len(self.validation.clean) + (len(self.items.clean) if self.items else 0)

    @property
    def invalid_rows(self) -> int:
        return self.validation.invalid_rows + (self.items.invalid_rows if self.items else 0)

    @property
    def errors(self) -> list[RowError]:
        """The errors of every row, by row, whichever pillar it went to."""
        found = self.validation.errors + (self.items.errors if self.items else [])
        return sorted(found, key=lambda error: error.row)

    @property
    def notes(self) -> list[RowNote]:
        found = self.validation.notes + (self.items.notes if self.items else [])
        return sorted(found, key=lambda note: note.row)

    @property
    def total_rows(self) -> int:
        return self.validation.total_rows + (self.items.total_rows if self.items else 0)

    @property
    def blocked(self) -> bool:
        """True when the mapping itself is wrong: nothing can be imported."""
        return bool(self.validation.problems)


@dataclass(eq=False)
class ImportDraft:
    """One uploaded file on its way into the store; computations are remembered."""

    file_name: str
    data: bytes
    target: Target
    limits: ReadLimits = field(default_factory=ReadLimits)
    sha256: str = ""
    _tables: dict[str | None, ReadOutcome] = field(default_factory=dict)
    _previews: dict[tuple[Any, ...], Preview] = field(default_factory=dict)
    _guesses: dict[tuple[Any, ...], dict[str, str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.file_name = PurePath(self.file_name).name or "fichier"
        self.sha256 = hashlib.sha256(self.data).hexdigest()

    @property
    def key(self) -> str:
        """Short and stable: widget keys of this file's mapping use it."""
        return f"{self.target}-{self.sha256[:12]}"

    @property
    def long(self) -> bool:
        """Whether reading it deserves a progress bar (decided on its size)."""
        return len(self.data) > PROGRESS_BYTES

    def read(self, sheet: str | None = None, *, progress: Progress = silent) -> ReadOutcome:
        """The sheet ``sheet`` (the first with data by default), read once."""
        if sheet not in self._tables:
            progress(0.05, f"Lecture de « {self.file_name} »…")
            try:
                outcome = ReadOutcome(read_table(self.data, self.file_name, sheet=sheet,
                                                 limits=self.limits))
            except ImportFileError as error:
                outcome = ReadOutcome(None, error.message)
            self._tables[sheet] = outcome
            if sheet is None and outcome.table is not None and outcome.table.sheet is not None:
                self._tables.setdefault(outcome.table.sheet, outcome)  # picked by name later
        return self._tables[sheet]

    def guess(self, table: ReadResult, template: Template | None = None
              ) -> dict[str, str | None]:
        """The first mapping of ``table`` (see :func:`initial_mapping`), computed once per
        sheet and template: the page is redrawn on every click, the guess is not."""
        key = (table.sheet, template.name if template else None,
               tuple(sorted(template.mapping.items(), key=str)) if template else ())
        if key not in self._guesses:
            headers = [str(header) for header in table.frame.columns]
            self._guesses[key] = initial_mapping(self.target, headers, template, table.frame)
        return dict(self._guesses[key])

    def preview(self, store: Store, table: ReadResult, mapping: Mapping[str, str | None],
                defaults: Mapping[str, str] | None = None, *,
                progress: Progress = silent, today: date | None = None) -> Preview:
        """Validate ``table`` under ``mapping`` and look for duplicates; remembered."""
        defaults = {key: value for key, value in (defaults or {}).items() if value}
        key = (table.sheet, tuple(mapping.items()), tuple(sorted(defaults.items())))
        if key not in self._previews:
            while len(self._previews) >= KEPT_PREVIEWS:  # each holds a copy of the rows
                del self._previews[next(iter(self._previews))]
            self._previews[key] = build_preview(store, self, table, mapping, defaults,
                                                progress=progress, today=today)
        return self._previews[key]


def current_draft(state: MutableMapping[str, Any], file_name: str, data: bytes,
                  target: Target, *, slot: str = "import_draft",
                  limits: ReadLimits | None = None) -> ImportDraft:
    """The draft of this upload, kept in ``state`` (a session) while the file stays the same."""
    draft = state.get(slot)
    sha = hashlib.sha256(data).hexdigest()
    if not (isinstance(draft, ImportDraft) and draft.sha256 == sha and draft.target == target
            and draft.file_name == (PurePath(file_name).name or "fichier")):
        draft = ImportDraft(file_name, data, target, limits or ReadLimits())
        state[slot] = draft
    return draft


def forget_draft(state: MutableMapping[str, Any], slot: str = "import_draft") -> None:
    state.pop(slot, None)


def build_preview(store: Store, draft: ImportDraft, table: ReadResult,
                  mapping: Mapping[str, str | None], defaults: Mapping[str, str], *,
                  progress: Progress = silent, today: date | None = None) -> Preview:
    """Check every row, then find probable duplicates and earlier imports of the file."""
    target = draft.target
    progress(0.1, f"Vérification des {fr.plural(len(table.frame), 'ligne')}…")
    frame = table.frame
    items: ValidationResult | None = None
    split = split_by_pillar(frame, mapping) if target == "offers" else None
    if split is not None:
        # A mixed list: each row goes to its pillar by its type, in the same import.
        frame, item_rows, item_mapping = split
        items = validate_rows(item_rows, item_mapping, commune_resolver(),
                              target="receptivity", today=today)
    validation = validate_rows(frame, mapping, commune_resolver(), target=target,
                               defaults=defaults, today=today)
    progress(0.7, "Recherche des doublons parmi les données déjà enregistrées…")
    duplicates = find_duplicates(store, validation)
    if items is not None and not items.problems:
        duplicates = pd.concat([duplicates, find_duplicates(store, items)], ignore_index=True
                               ).sort_values("row", kind="stable").reset_index(drop=True)
    # The same bytes imported into the other target count too: one file, imported twice.
    previous = tuple(batch for batch in repo.batches(store, sha256=draft.sha256)
                     if not batch.undone)
    progress(1.0, "Vérification terminée.")
    return Preview(target, table.sheet, validation, dict(mapping), dict(defaults), duplicates,
                   previous, items)


def find_duplicates(store: Store, validation: ValidationResult) -> pd.DataFrame:
    """Valid rows that resemble what the store already holds (same kind and commune), or
    else repeat an earlier row of the file, all fields alike
    (:func:`accueil.io.repeats.repeated_rows`).

    Columns of :func:`accueil.store.imports.probable_duplicate_offers`, plus
    ``earlier_row``: empty for a stored look-alike (its ``offer_id`` is set), the first row
    repeated otherwise (then ``offer_id`` is empty).
    """
    clean = validation.clean
    rows = pd.Series(clean.index, index=clean.index)
    kind, text = ("activity_kind", "title") if validation.target == "offers" else (
        "kind", "description")
    candidates = pd.DataFrame({"row": rows, kind: clean[kind],
                               "commune_insee": clean["commune_insee"], text: clean[text]})
    stored = (repo.probable_duplicate_offers(store, candidates)
              if validation.target == "offers"
              else repo.probable_duplicate_items(store, candidates))
    repeats = repeated_rows(rows.to_numpy(), content_keys(clean),
                            clean[text].to_numpy(dtype=object))
    repeats = repeats[~repeats["row"].isin(stored["row"])]  # a stored look-alike comes first
    found = stored.assign(offer_id=stored["offer_id"].astype("Int64"),
                          earlier_row=pd.Series(pd.NA, index=stored.index, dtype="Int64"))
    if len(repeats):
        found = pd.concat([found, repeats.assign(
            offer_id=pd.Series(pd.NA, index=repeats.index, dtype="Int64"), status="",
            similarity=1.0, earlier_row=repeats["earlier_row"].astype("Int64"))],
            ignore_index=True).sort_values("row", kind="stable").reset_index(drop=True)
    return found[["row", "title", "offer_id", "existing_title", "status", "similarity",
                  "earlier_row"]]


# --- What the preview shows ------------------------------------------------------------------


def errors_message(preview: Preview) -> str:
    """What happens to the refused rows, in one French sentence (empty when none)."""
    count = preview.invalid_rows
    if not count:
        return ""
    return (f"{fr.plural(count, 'ligne contient', 'lignes contiennent')} des erreurs : "
            f"{'elle ne sera pas importée' if count == 1 else 'elles ne seront pas importées'}. "
            "Voici pour chacune où est l'erreur et ce qui est attendu ; "
            "corrigez-les dans votre tableur puis importez ces lignes plus tard, ou téléchargez "
            "le rapport complet.")


def duplicates_message(preview: Preview) -> str:
    """Why some rows are set aside, in one French sentence (empty when none)."""
    count = len(preview.duplicates)
    if not count:
        return ""
    what = "une offre" if preview.target == "offers" else "un bien"
    done = "enregistrée" if preview.target == "offers" else "enregistré"
    return (f"{fr.plural(count, 'ligne ressemble', 'lignes ressemblent')} à {what} déjà "
            f"{done} (même type, même commune, intitulé proche) ou répète"
            f"{'nt' if count > 1 else ''} une ligne plus haut dans ce fichier. Par défaut "
            f"{'elles sont laissées' if count > 1 else 'elle est laissée'} de côté ; choisissez "
            f"ci-dessous {'celles' if count > 1 else 'si elle est'} à importer quand même.")


def summary(preview: Preview) -> dict[str, str]:
    """The preview's counts, formatted: label → value."""
    return {
        "Lignes lues": fr.number(preview.total_rows),
        "Valides": fr.number(preview.valid_rows),
        "Refusées": fr.number(preview.invalid_rows),
        "Doublons probables": fr.number(len(preview.duplicates)),
    }


def errors_table(preview: Preview, limit: int = SHOWN_ERRORS) -> pd.DataFrame:
    """The first ``limit`` errors as the user reads them: row, column, value, problem."""
    errors = preview.errors[:limit]
    return pd.DataFrame({
        "Ligne": [error.row for error in errors],
        "Colonne": [error.column or "—" for error in errors],
        "Valeur": [error.value for error in errors],
        "Problème": [error.message for error in errors],
    })


def errors_as_sentences(preview: Preview, most: int = SPELLED_ERRORS) -> list[str]:
    """A few errors spelled out in full (``ligne 5, colonne « Commune » : …``), which a
    table would cut; none when there are more than ``most`` (the table is then clearer)."""
    errors = preview.errors
    return [error.describe() for error in errors] if len(errors) <= most else []


def notes_table(preview: Preview, limit: int = SHOWN_ERRORS) -> pd.DataFrame:
    notes = preview.notes[:limit]
    return pd.DataFrame({
        "Ligne": [note.row for note in notes],
        "Colonne": [note.column or "—" for note in notes],
        "Valeur": [note.value for note in notes],
        "Remarque": [note.message for note in notes],
    })


def error_report(draft: ImportDraft, preview: Preview) -> bytes:
    """Every error and remark, as a CSV Excel opens right (UTF-8 with BOM, ``;``)."""
    return error_report_csv(preview.errors, draft.file_name, preview.notes)


def error_report_name(draft: ImportDraft) -> str:
    return f"erreurs-{PurePath(draft.file_name).stem}.csv"


def sample_table(preview: Preview, rows: int = SAMPLE_ROWS) -> pd.DataFrame:
    """The first valid rows, as they will be stored, with French headers and formats."""
    target = preview.target
    clean = preview.validation.clean.head(rows)
    mapped = {key for key in preview.mapping.values() if key is not None} | set(preview.defaults)
    by_key = {item.key: item for item in fields_of(target)}
    kinds = kind_choices(target)
    statuses = {status.value: status.label for status in OfferStatus}
    shown: dict[str, Any] = {"Ligne": clean.index.to_list()}
    for key in clean.columns:
        if key == "commune_name":
            shown["Commune"] = clean["commune_name"].to_list()
            continue
        if key == "commune_insee":
            shown["Code INSEE"] = clean["commune_insee"].to_list()
            continue
        if key not in mapped or key not in by_key:
            continue
        item = by_key[key]
        column = clean[key]
        if key in KIND_KEYS.values():
            values = [kinds.get(v, v) for v in column]
        elif key == "status":
            values = [statuses.get(v, v) for v in column]
        elif item.kind is FieldType.CHOICE:
            labels = {choice.value: choice.label for choice in item.choices}
            values = [labels.get(v, v) if v is not None else "" for v in column]
        elif item.kind is FieldType.AMOUNT:
            values = [fr.euros(None if pd.isna(v) else float(v)) for v in column]
        elif item.kind is FieldType.AREA:
            values = ["" if pd.isna(v) else f"{fr.number(float(v))}{fr.NBSP}m²" for v in column]
        elif item.kind in (FieldType.INT, FieldType.ROOMS):
            values = ["" if pd.isna(v) else fr.number(int(v)) for v in column]
        elif item.kind is FieldType.DATE:
            values = [fr.day(v) if v is not None else "" for v in column]
        else:
            values = ["" if v is None else str(v) for v in column]
        shown[item.label] = values
    return pd.DataFrame(shown)


def duplicates_table(preview: Preview) -> pd.DataFrame:
    """The probable duplicates as the user reads them: what each row resembles, a stored
    record (with its number and step) or an earlier row of the same file."""
    found = preview.duplicates
    statuses = {status.value: status.label for status in OfferStatus}
    what = "Offre" if preview.target == "offers" else "Bien"
    resembles, numbers = [], []
    for existing, number, earlier in zip(found["existing_title"], found["offer_id"],
                                         found["earlier_row"], strict=True):
        if pd.isna(number):
            resembles.append(f"{existing} (ligne {int(earlier)} de ce fichier)")
            numbers.append("")
        else:
            resembles.append(str(existing))
            numbers.append(str(int(number)))
    return pd.DataFrame({
        "Ligne": found["row"].astype(int).to_list(),
        f"{what} du fichier": found["title"].to_list(),
        "Ressemble à": resembles,
        "N°": numbers,
        "Étape": [statuses.get(s, "") for s in found["status"]],
        "Ressemblance": [fr.percent(float(s)) for s in found["similarity"]],
    })


def duplicate_labels(preview: Preview) -> dict[int, str]:
    """File row → ``Ligne 12 : Boulangerie du bourg`` for the "import anyway" choice."""
    return {int(row): f"Ligne {int(row)} : {title}"
            for row, title in zip(preview.duplicates["row"], preview.duplicates["title"],
                                  strict=True)}


def rows_to_skip(preview: Preview, import_anyway: Collection[int] = (), *,
                 all_anyway: bool = False) -> list[int]:
    """The file rows left out: the probable duplicates the user did not keep."""
    if all_anyway:
        return []
    keep = set(import_anyway)
    return [int(row) for row in preview.duplicates["row"] if int(row) not in keep]


_WHERE_IMPORTED = {"offers": "parmi les offres",
                   "receptivity": "parmi les logements, fonciers et locaux",
                   "amenities": "parmi les aménités (BPE)"}


def previous_imports_message(preview: Preview) -> str:
    """A French warning when this very file was imported before (and is still in place)."""
    if not preview.previous:
        return ""
    described = "; ".join(
        f"le {moment(batch.created_at)} (import n° {batch.id}, "
        f"{rows_label(batch.target, batch.imported_rows)}"
        + ("" if batch.target == preview.target else
           f" {_WHERE_IMPORTED.get(batch.target, '')}")
        + (f", source « {batch.source} »" if batch.source else "") + ")"
        for batch in preview.previous)
    return (f"Ce fichier a déjà été importé {described}. L'importer de nouveau créerait ces "
            "lignes en double : annulez plutôt l'ancien import si vous voulez le remplacer.")


def rows_to_import(preview: Preview, skip_rows: Collection[int]) -> int:
    """How many rows the import button would write."""
    skip = list(skip_rows)
    routed = (int((~preview.items.clean.index.isin(skip)).sum()) if preview.items is not None
              else 0)
    return int((~preview.validation.clean.index.isin(skip)).sum()) + routed


def import_button_label(count: int) -> str:
    """``Importer les 197 lignes valides`` (or the one, or none)."""
    if count == 0:
        return "Aucune ligne à importer"
    if count == 1:
        return "Importer la ligne valide"
    return f"Importer les {fr.number(count)} lignes valides"


# --- Committing ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommitResult:
    batch_id: int | None
    imported: int
    skipped: int
    message: str
    target: Target = "offers"

    @property
    def done(self) -> bool:
        return self.batch_id is not None


def commit(store: Store, draft: ImportDraft, preview: Preview, *,
           skip_rows: Collection[int] = (), source: str = "", remember: bool = False,
           progress: Progress = silent, now: datetime | None = None,
           by: Principal) -> CommitResult:
    """Write the valid rows (less ``skip_rows``) as one batch: all of them, or nothing.

    ``remember`` saves the mapping as the template ``source`` in the same transaction.
    ``by`` must be allowed to import (:class:`Refused` otherwise).
    """
    require(by, Action.IMPORT)
    if preview.blocked:
        return CommitResult(None, 0, 0, "L'association des colonnes est incomplète : "
                            "corrigez-la avant d'importer. Rien n'a été enregistré.")
    clean = preview.validation.clean
    skip = list(skip_rows)
    skipped = clean.index.isin(skip)
    rows = clean[~skipped] if skipped.any() else clean
    items = None
    skipped_count = int(skipped.sum())
    if preview.items is not None:
        routed = preview.items.clean
        item_skipped = routed.index.isin(skip)
        items = routed[~item_skipped]
        skipped_count += int(item_skipped.sum())
    written = len(rows) + (len(items) if items is not None else 0)
    if not written:
        return CommitResult(None, 0, skipped_count,
                            "Aucune ligne à importer : rien n'a été enregistré.")
    source = " ".join(source.split())
    if message := too_long("import_source", source):
        return CommitResult(None, 0, skipped_count, f"{message} Rien n'a été enregistré.")
    record = BatchRecord(
        file_name=draft.file_name, sha256=draft.sha256, target=draft.target, source=source,
        sheet=preview.sheet, total_rows=preview.total_rows,
        invalid_rows=preview.invalid_rows, skipped_rows=skipped_count)
    template = (Template(draft.target, source, dict(preview.mapping), dict(preview.defaults))
                if remember and source else None)
    progress(0.2, f"Enregistrement de {rows_label(draft.target, written)}…")
    try:
        if draft.target == "offers":
            batch_id = repo.import_offers(store, rows, record, template=template, now=now,
                                          items=items, author=by.login)
        else:
            batch_id = repo.import_items(store, rows, record, template=template, now=now,
                                         author=by.login)
    except Exception:  # noqa: BLE001
        # Whatever failed (disk full, file locked, a bug), the transaction rolled back: the
        # user must learn that nothing was written, in French, not read the database's
        # English.
        return CommitResult(None, 0, 0, (
            f"L'import de « {draft.file_name} » a échoué : la base n'a pas pu enregistrer ces "
            "lignes (disque plein, base verrouillée ou erreur du logiciel). Rien n'a été "
            "enregistré : la base est restée telle qu'avant. Réessayez ; si l'échec se répète, "
            "signalez-le avec le fichier."))
    progress(1.0, "Import terminé.")
    message = (f"{_done(draft.target, len(rows), 'importé')} depuis « {draft.file_name} » "
               f"(import n° {batch_id}).")
    if items is not None and len(items):
        message = (f"{_done(draft.target, len(rows), 'importé')} et "
                   f"{_done('receptivity', len(items), 'importé')} (logements, fonciers, "
                   f"locaux, d'après leur type) depuis « {draft.file_name} » "
                   f"(import n° {batch_id}).")
    if record.skipped_rows:
        message += " " + fr.plural(record.skipped_rows, "doublon probable laissé de côté",
                                   "doublons probables laissés de côté") + "."
    if template is not None:
        message += f" Association des colonnes mémorisée pour « {source} »."
    return CommitResult(batch_id, written, record.skipped_rows, message, draft.target)


def _done(target: BatchTarget, count: int, participle: str) -> str:
    """``12 offres importées``, ``1 bien supprimé``: the participle agrees with the noun."""
    if target == "offers":
        return fr.plural(count, f"offre {participle}e", f"offres {participle}es")
    if target == "veille":
        return fr.plural(count, f"réponse {participle}e", f"réponses {participle}es")
    if target == "amenities":
        return fr.plural(count, f"nombre de services {participle}",
                         f"nombres de services {participle}s")
    return fr.plural(count, f"bien {participle}", f"biens {participle}s")


def rows_label(target: BatchTarget, count: int) -> str:
    """``12 offres``, ``3 biens`` (logements, fonciers, locaux) or ``40 nombres de services``
    (a BPE file: one per commune and category)."""
    if target == "amenities":
        return fr.plural(count, "nombre de services", "nombres de services")
    if target == "veille":
        return fr.plural(count, "réponse")
    return fr.plural(count, "offre") if target == "offers" else fr.plural(count, "bien")


def moment(value: datetime) -> str:
    """``26/11/2026 à 14:03``."""
    return f"{fr.day(value)} à {value:%H:%M}"


# --- History and undo ------------------------------------------------------------------------


def history(store: Store, limit: int = 50) -> list[Batch]:
    return repo.batches(store, limit=limit)


_CONTENT: dict[BatchTarget, str] = {"offers": "Offres", "receptivity": "Réceptivité",
                                    "amenities": "Aménités (BPE)",
                                    "veille": "Veille partenaire"}


def history_table(batches: Sequence[Batch]) -> pd.DataFrame:
    """The recorded imports, newest first, as the user reads them."""
    return pd.DataFrame({
        "N°": [batch.id for batch in batches],
        "Importé le": [moment(batch.created_at) for batch in batches],
        "Fichier": [batch.file_name for batch in batches],
        "Contenu": [_CONTENT[batch.target] for batch in batches],
        "Source": [batch.source or "—" for batch in batches],
        "Importées": [fr.number(batch.imported_rows) for batch in batches],
        "Refusées": [fr.number(batch.invalid_rows) for batch in batches],
        "Doublons écartés": [fr.number(batch.skipped_rows) for batch in batches],
        "État": [batch_state(batch) for batch in batches],
    })


def batch_state(batch: Batch) -> str:
    if batch.undone_at is not None:
        return f"Annulé le {moment(batch.undone_at)}"
    changed = []
    if batch.edited:
        changed.append(f"{fr.plural(batch.edited, 'offre modifiée', 'offres modifiées')}")
    if batch.linked:
        changed.append(f"{fr.plural(batch.linked, 'bien rattaché', 'biens rattachés')} "
                       "à une offre")
    if batch.remaining < batch.imported_rows:
        gone = batch.imported_rows - batch.remaining
        # A BPE count is not deleted but replaced (typed by hand, a later BPE file).
        word = "remplacé" if batch.target == "amenities" else "supprimé"
        changed.append(f"{fr.number(gone)} {word}" + ("s" if gone > 1 else ""))
    return "En place" + (f" ({', '.join(changed)} depuis)" if changed else "")


def undoable(batches: Sequence[Batch]) -> list[Batch]:
    return [batch for batch in batches if not batch.undone]


def batch_label(batch: Batch) -> str:
    """``n° 3 · offres-cci.csv · 26/11/2026 à 14:03 · 120 offres``."""
    return (f"n° {batch.id} · {batch.file_name} · {moment(batch.created_at)} · "
            f"{rows_label(batch.target, batch.remaining)}")


def undo_warning(batch: Batch) -> tuple[str, str]:
    """What undoing ``batch`` will remove, and (if any) what changed since: two French texts."""
    removal = (f"L'import n° {batch.id} (« {batch.file_name} », {moment(batch.created_at)}) "
               f"sera annulé : {_done(batch.target, batch.remaining, 'supprimé')} "
               "définitivement. Les autres données ne sont pas touchées.")
    if batch.target == "amenities":
        removal = (f"L'import n° {batch.id} (« {batch.file_name} », {moment(batch.created_at)}) "
                   f"sera annulé : {_done(batch.target, batch.remaining, 'retiré')} ; chaque "
                   "commune retrouve les nombres qu'elle avait avant cet import (ou « non "
                   "renseigné »). Les nombres saisis à la main depuis ne sont pas touchés.")
    changes = []
    if batch.edited:
        changes.append(f"{fr.plural(batch.edited, 'offre a été modifiée', 'offres ont été modifiées')}"
                       " depuis l'import : ces modifications seront perdues")
    if batch.linked:
        changes.append(f"{fr.plural(batch.linked, 'bien a été rattaché', 'biens ont été rattachés')}"
                       " à une offre depuis l'import : ces rattachements seront défaits")
    return removal, ("Attention : " + " ; ".join(changes) + ".") if changes else ""


@dataclass(frozen=True, slots=True)
class UndoResult:
    done: bool
    message: str


def undo(store: Store, batch: Batch, *, by: Principal) -> UndoResult:
    """Undo ``batch`` as the user saw it: the changes it showed are accepted, no more."""
    require(by, Action.IMPORT)
    if batch.target == "veille":
        undone = veille_store.undo_answers(store, batch.id, author=by.login)
        if undone is None:
            return UndoResult(False, f"L'import n° {batch.id} avait déjà été annulé.")
        return UndoResult(True, f"Import n° {batch.id} annulé : "
                                f"{fr.plural(undone, 'réponse')} de veille remise(s) comme avant.")
    outcome = repo.undo_batch(store, batch.id, accepted_changes=batch.edited + batch.linked,
                              author=by.login)
    if outcome.done:
        removed = outcome.removed_offers + outcome.removed_items + outcome.removed_amenities
        return UndoResult(True, f"Import n° {batch.id} annulé : "
                                f"{_done(batch.target, removed, 'supprimé')}.")
    if outcome.reason == "already_undone":
        return UndoResult(False, f"L'import n° {batch.id} avait déjà été annulé.")
    if outcome.reason == "edited":
        return UndoResult(False, (
            f"L'import n° {batch.id} n'a pas été annulé : des lignes ont été modifiées "
            "entre-temps. Relisez l'avertissement ci-dessous, puis confirmez à nouveau."))
    return UndoResult(False, f"L'import n° {batch.id} n'existe pas (ou plus) dans la base.")


__all__ = [
    "EXTENSIONS",
    "PROGRESS_ROWS",
    "TARGETS",
    "CommitResult",
    "ImportDraft",
    "Preview",
    "ReadOutcome",
    "UndoResult",
    "best_template",
    "commit",
    "current_draft",
    "undo",
]
