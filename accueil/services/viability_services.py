"""What the *Viabilité* page asks for: the offers to analyse, a prefilled form, the analysis of
the form as drawn on screen, saving it, re-opening a saved one, and the files to download.

Each function takes the open store and plain values and returns something a page can draw;
errors a user can fix come back as French messages, never as exceptions. The engine is
``accueil.domain.viability``; this module only wires it to the form, the store and the files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime

import plotly.graph_objects as go

from accueil import fr
from accueil.domain.access import Action, Principal, require
from accueil.domain.offers import ActivityKind
from accueil.domain.territories import Territory
from accueil.domain.viability import (
    Assumptions,
    FieldError,
    OfferKind,
    ViabilityInputs,
    ViabilityReport,
    analyse,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.io.viability_charts import all_figures
from accueil.io.viability_form import (
    FormState,
    blanks_counted_as_zero,
    form_to_inputs,
    inputs_from_offer,
    values_from_inputs,
)
from accueil.io.viability_report import pdf_report, xlsx_report
from accueil.io.viability_tables import VERDICT_WORDS, ReportView, report_view
from accueil.io.viability_xlsx import read_workbook, template_xlsx
from accueil.store.db import Store
from accueil.store.offers import OfferQuery, get_offer, list_offers
from accueil.store.viability import (
    AnalysisReadError,
    SavedAnalysis,
    StoredAnalysis,
    get_analysis,
    list_analyses,
    save_analysis,
)

EXAMPLE_TAKEOVER = "exemple-reprise"
EXAMPLE_CREATION = "exemple-creation"
EXAMPLE_NOTE = ("Exemple fictif, aux ordres de grandeur plausibles : il ne décrit aucune "
                "entreprise réelle. Modifiez-le librement pour découvrir l'outil.")


@dataclass(frozen=True, slots=True)
class Source:
    """Something to analyse: an offer of the store, or one of the built-in examples."""

    key: str
    label: str
    offer_id: int | None
    kind: OfferKind


def sources(store: Store, territory: Territory | None) -> list[Source]:
    """The two examples, then the territory's reprises and créations, by title."""
    found = [Source(EXAMPLE_TAKEOVER, "Exemple : boulangerie-pâtisserie à reprendre", None,
                    OfferKind.TAKEOVER),
             Source(EXAMPLE_CREATION, "Exemple : épicerie multiservice à créer", None,
                    OfferKind.CREATION)]
    offers = list_offers(store, OfferQuery(
        territory=territory, kinds=(ActivityKind.REPRISE, ActivityKind.CREATION)))
    offers = offers.sort_values(["activity_kind", "title"], ascending=[False, True])
    for row in offers.to_dict("records"):
        kind = (OfferKind.CREATION if row["activity_kind"] == ActivityKind.CREATION.value
                else OfferKind.TAKEOVER)
        word = "Création" if kind is OfferKind.CREATION else "Reprise"
        demo = " (démo)" if row["is_demo"] else ""
        offer_id = int(row["id"])
        found.append(Source(f"offre-{offer_id}",
                            f"{word} · {row['title']}{demo} · {row['commune']}", offer_id, kind))
    return found


def initial_form(store: Store, source: Source, today: date | None = None) -> FormState:
    """The form for ``source``: the example's full data, or what the offer says."""
    if source.key == EXAMPLE_TAKEOVER:
        return dataclasses.replace(values_from_inputs(demo_inputs(), Assumptions(), today),
                                   notes=(EXAMPLE_NOTE,))
    if source.key == EXAMPLE_CREATION:
        return dataclasses.replace(
            values_from_inputs(demo_creation_inputs(), Assumptions(), today),
            notes=(EXAMPLE_NOTE,))
    offer = get_offer(store, source.offer_id) if source.offer_id is not None else None
    if offer is None:
        state = values_from_inputs(ViabilityInputs(kind=source.kind), Assumptions(), today)
        return dataclasses.replace(state, notes=(
            "Cette offre n'existe plus dans la base : le formulaire est vide.",))
    inputs, notes = inputs_from_offer(offer, today)
    return dataclasses.replace(values_from_inputs(inputs, Assumptions(), today), notes=notes)


@dataclass(frozen=True, eq=False)
class Evaluation:
    """The form's analysis as shown: the report (``None`` while a value is impossible), its
    French tables and figures, and the errors by field."""

    inputs: ViabilityInputs | None
    assumptions: Assumptions | None
    errors: tuple[FieldError, ...]
    report: ViabilityReport | None
    view: ReportView | None
    figures: dict[str, go.Figure]
    saved: SavedAnalysis | None  # set when the report shown is the stored one, unchanged
    blanks: tuple[str, ...] = ()  # empty cells of the accounts counted as zero, in French

    @property
    def ok(self) -> bool:
        return self.report is not None


def evaluate(state: FormState, reopened: StoredAnalysis | None = None) -> Evaluation:
    """Analyse what the form says. While the form is exactly the re-opened analysis's inputs
    and assumptions, the stored report is shown as it was saved, not recomputed."""
    inputs, assumptions, read_errors = form_to_inputs(state)
    if read_errors:
        return Evaluation(inputs, assumptions, tuple(read_errors), None, None, {}, None)
    saved = None
    if (reopened is not None and reopened.report.inputs == inputs
            and reopened.report.assumptions == assumptions):
        report, saved = reopened.report, reopened.summary
    else:
        report = analyse(inputs, assumptions)
    if report.errors:
        return Evaluation(inputs, assumptions, report.errors, None, None, {}, None)
    return Evaluation(inputs, assumptions, (), report, report_view(report), all_figures(report),
                      saved, blanks_counted_as_zero(state))


@dataclass(frozen=True, slots=True)
class SaveResult:
    analysis_id: int | None
    message: str

    @property
    def saved(self) -> bool:
        return self.analysis_id is not None


def save(store: Store, evaluation: Evaluation, source: Source, label: str,
         now: datetime | None = None, *, by: Principal) -> SaveResult:
    """Store the analysis shown; nothing is written while a value is impossible. Saving
    is an officer's work (:class:`Refused` for read-only roles and partners)."""
    require(by, Action.EDIT_OFFER)
    if evaluation.report is None:
        count = len(evaluation.errors)
        return SaveResult(None, f"L'analyse n'a pas été enregistrée : {fr.plural(count, 'valeur')}"
                                " à corriger, signalée(s) sous les champs concernés.")
    now = now or datetime.now().replace(microsecond=0)
    title = label.strip() or f"Analyse du {fr.day(now)} à {now:%H:%M}"
    analysis_id = save_analysis(store, evaluation.report, offer_id=source.offer_id,
                                offer_title=source.label, label=title, now=now)
    verdict = VERDICT_WORDS[evaluation.report.verdict.kind]
    return SaveResult(analysis_id, f"Analyse « {title} » enregistrée (n° {analysis_id}, verdict "
                                   f"{verdict.lower()}). Elle reste consultable telle quelle "
                                   "dans la liste des analyses enregistrées.")


def saved_analyses(store: Store, source: Source) -> list[SavedAnalysis]:
    """The analyses saved for ``source``'s offer (or for the examples), newest first."""
    found = list_analyses(store, source.offer_id)
    if source.offer_id is None:  # both examples share "no offer": keep this one's kind
        found = [a for a in found if a.kind == source.kind.value]
    return found


def describe(analysis: SavedAnalysis) -> str:
    """``26/11/2026 14:03 · Fragile · Présentation au conseil`` for a picker."""
    verdict = {kind.value: word for kind, word in VERDICT_WORDS.items()}.get(
        analysis.verdict, analysis.verdict)
    return f"{fr.day(analysis.created_at)} {analysis.created_at:%H:%M} · {verdict} · " \
           f"{analysis.label}"


@dataclass(frozen=True, eq=False)
class Reopened:
    analysis: StoredAnalysis | None
    state: FormState | None
    message: str


def reopen(store: Store, analysis_id: int) -> Reopened:
    """A saved analysis and the form that shows its inputs, or a French message."""
    try:
        stored = get_analysis(store, analysis_id)
    except AnalysisReadError as error:
        return Reopened(None, None, error.message)
    if stored is None:
        return Reopened(None, None, "Cette analyse n'existe plus dans la base.")
    summary = stored.summary
    note = (f"Analyse « {summary.label} » enregistrée le {fr.day(summary.created_at)} à "
            f"{summary.created_at:%H:%M} (moteur version {summary.engine_version}) : affichée "
            "telle qu'elle a été présentée. Toute modification relance le calcul.")
    state = values_from_inputs(stored.report.inputs, stored.report.assumptions)
    return Reopened(stored, dataclasses.replace(state, notes=(note,)), note)


def template(state: FormState) -> bytes:
    """The workbook to fill, holding the form's current values."""
    return template_xlsx(state)


def load_workbook(data: bytes, file_name: str, base: FormState) -> tuple[FormState | None,
                                                                        tuple[str, ...]]:
    """The form read from an uploaded workbook, or the French reasons it was not loaded."""
    result = read_workbook(data, file_name, base)
    return result.state, result.errors


def export_subtitle(source: Source, saved: SavedAnalysis | None) -> str:
    what = source.label
    if saved is None:
        return what
    return f"{what} · analyse « {saved.label} » enregistrée le {fr.day(saved.created_at)}"


def pdf(evaluation: Evaluation, source: Source) -> bytes:
    """The PDF of the analysis shown (empty bytes when there is none to export)."""
    if evaluation.report is None:
        return b""
    return pdf_report(evaluation.report, subtitle=export_subtitle(source, evaluation.saved))


def workbook(evaluation: Evaluation, source: Source) -> bytes:
    """The ``.xlsx`` of the analysis shown (empty bytes when there is none to export)."""
    if evaluation.report is None:
        return b""
    return xlsx_report(evaluation.report, subtitle=export_subtitle(source, evaluation.saved))


def file_stem(source: Source, today: date | None = None) -> str:
    """``viabilite-offre-12-2026-11-26``: ASCII, for any Windows folder."""
    day = (today or date.today()).isoformat()
    return f"viabilite-{source.key}-{day}"
