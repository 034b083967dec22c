"""A report as French tables: every figure formatted the French way, never nan, None or inf."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from accueil.domain.viability import (
    Assumptions,
    LoanTerms,
    MonteCarloSettings,
    OfferKind,
    Periodicity,
    ViabilityInputs,
    ViabilityReport,
    analyse,
    demo_creation_inputs,
    demo_inputs,
)
from accueil.io.viability_form import inputs_from_offer
from accueil.io.viability_tables import ReportView, report_view
from tests.builders import qualified_offer

QUICK = Assumptions(monte_carlo=MonteCarloSettings(draws=300))
FORBIDDEN = ("nan", "None", "inf", "NaN", "NaT")


def texts(view: ReportView) -> list[str]:
    """Every string a screen or a PDF would print of ``view``."""
    found: list[str] = [view.title, view.verdict_label, view.verdict_summary,
                        view.valuation_sentence, view.monte_carlo, *view.missing, *view.errors]
    for value in vars(view).values():
        if isinstance(value, pd.DataFrame):
            found += [str(c) for c in value.columns] + [str(i) for i in value.index]
            found += [str(cell) for cell in value.to_numpy().ravel()]
        elif isinstance(value, list):
            found += [str(part) for pair in value for part in pair]
    return found


def offer_only() -> ViabilityInputs:
    return inputs_from_offer(qualified_offer(), date(2026, 11, 26))[0]


@pytest.mark.parametrize("inputs", [
    demo_inputs(), demo_creation_inputs(), ViabilityInputs(),
    ViabilityInputs(kind=OfferKind.CREATION), offer_only(),
], ids=["takeover", "creation", "empty takeover", "empty creation", "offer only"])
def test_no_table_ever_prints_nan_none_or_infinity(inputs: ViabilityInputs) -> None:
    for text in texts(report_view(analyse(inputs, QUICK))):
        words = text.replace("(", " ").replace(")", " ").split()
        assert not any(word in FORBIDDEN for word in words), text


@pytest.fixture(scope="module")
def bakery() -> ViabilityReport:
    return analyse(demo_inputs(), QUICK)


def test_each_criterion_shows_its_result_measure_and_threshold_in_french(
        bakery: ViabilityReport) -> None:
    rows = report_view(bakery).criteria.set_index("Critère")
    dscr = rows.loc["Taux de couverture du service de la dette (DSCR) minimal"]
    assert (dscr["Résultat"], dscr["Mesure"], dscr["Seuil"]) == ("Satisfait", "1,59", "≥ 1,25")
    share = rows.loc["Apport personnel / besoins"]
    assert share["Seuil"] == "≥ 20\u00a0%"
    assert rows.loc["EBE retraité après rémunération du repreneur", "Éliminatoire"] == "oui"


def test_the_restatement_lists_each_adjustment_with_its_sign(bakery: ViabilityReport) -> None:
    table = report_view(bakery).restatement.set_index("Poste")["Montant annuel"]
    assert table.iloc[0].startswith("112\u00a0923")
    assert table["Loyer de marché des murs (le cédant en était propriétaire)"] == \
        "−12\u00a0000\u00a0€"
    assert table["Réintégration des cotisations sociales du cédant"].startswith("+")
    assert table["EBE retraité"] == "71\u00a0098\u00a0€"


def test_the_sig_table_has_one_column_per_year_and_both_caf(bakery: ViabilityReport) -> None:
    view = report_view(bakery)
    assert list(view.sig.columns) == ["2023", "2024", "2025"]
    assert view.sig.loc["CAF (méthode additive)"].tolist() == \
        view.sig.loc["CAF (méthode soustractive)"].tolist()
    assert view.caf_agree is True


@pytest.mark.parametrize(("periodicity", "rows", "word"), [
    (Periodicity.MONTHLY, 84, "Mois 84"), (Periodicity.QUARTERLY, 28, "Trimestre 28"),
    (Periodicity.ANNUAL, 7, "Année 7")])
def test_the_schedule_has_one_row_per_instalment(periodicity: Periodicity, rows: int,
                                                 word: str) -> None:
    inputs = demo_inputs()
    loan = dataclasses.replace(inputs.financing.loan, periodicity=periodicity, deferral_periods=0)
    inputs = dataclasses.replace(inputs, financing=dataclasses.replace(inputs.financing,
                                                                      loan=loan))
    schedule = report_view(analyse(inputs, QUICK)).schedule
    assert len(schedule) == rows
    assert schedule["Échéance"].iloc[-1] == word
    assert schedule["Capital restant dû à la fin"].iloc[-1] == "0,00\u00a0€"


def test_without_a_bank_loan_the_loan_part_says_so() -> None:
    inputs = demo_creation_inputs()
    inputs = dataclasses.replace(inputs, financing=dataclasses.replace(
        inputs.financing, personal_contribution=50_000.0, honour_loans=30_000.0,
        loan=LoanTerms(amount=0.0)))
    view = report_view(analyse(inputs, QUICK))
    assert view.loan == [("Emprunt bancaire", "aucun")]
    assert view.schedule.empty
