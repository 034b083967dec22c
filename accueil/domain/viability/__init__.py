"""Economic viability of takeover (reprise) and creation offers: a pure, sourced engine.

A page builds a `ViabilityInputs` (or starts from `demo_inputs()`), optionally adjusts
`Assumptions`, shows `validate(...)` errors next to the fields, then calls
`analyse(inputs, assumptions)` and draws the `ViabilityReport` it returns (SIG and CAF,
EBE retraité, valuation range, financing plan and loan schedule, projection and ratios, stress
tests, verdict with its criteria). `batch_analyse` screens thousands of offers at once.
Everything here is pure Python and numpy: no Streamlit, no DuckDB, no file access.
"""

from __future__ import annotations

from accueil.domain.viability.batch import batch_analyse
from accueil.domain.viability.demo import demo_creation_inputs, demo_inputs
from accueil.domain.viability.engine import ENGINE_VERSION, ViabilityReport, analyse
from accueil.domain.viability.financing import (
    FinancingPlan,
    LoanSchedule,
    constant_payment,
    loan_schedule,
    registration_duties,
)
from accueil.domain.viability.model import (
    Assumptions,
    BalanceSheet,
    Buyer,
    CreationForecast,
    Deferral,
    FinancingInputs,
    IncomeStatement,
    LoanTerms,
    MonteCarloSettings,
    OfferKind,
    Periodicity,
    Premises,
    PremisesTenure,
    SocialStatus,
    Thresholds,
    Trade,
    ViabilityInputs,
)
from accueil.domain.viability.statements import YearFigures, compute_year
from accueil.domain.viability.validation import FieldError, MissingItem, find_missing, validate
from accueil.domain.viability.verdict import Criterion, CriterionStatus, Verdict, VerdictKind

__all__ = [
    "ENGINE_VERSION",
    "Assumptions",
    "BalanceSheet",
    "Buyer",
    "CreationForecast",
    "Criterion",
    "CriterionStatus",
    "Deferral",
    "FieldError",
    "FinancingInputs",
    "FinancingPlan",
    "IncomeStatement",
    "LoanSchedule",
    "LoanTerms",
    "MissingItem",
    "MonteCarloSettings",
    "OfferKind",
    "Periodicity",
    "Premises",
    "PremisesTenure",
    "SocialStatus",
    "Thresholds",
    "Trade",
    "Verdict",
    "VerdictKind",
    "ViabilityInputs",
    "ViabilityReport",
    "YearFigures",
    "analyse",
    "batch_analyse",
    "compute_year",
    "constant_payment",
    "demo_creation_inputs",
    "demo_inputs",
    "find_missing",
    "loan_schedule",
    "registration_duties",
    "validate",
]
