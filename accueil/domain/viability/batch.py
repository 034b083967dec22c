"""Vectorised screening of many offers at once (thousands of rows) for lists and benchmarks.

Holds a one-year, annual-instalment version of the engine on numpy arrays: EBE retraité,
registration duties, loan, annuity, CAF, DSCR and a verdict code, for every row of a table of
key inputs (a pandas DataFrame works as the mapping of columns). It is a screening model, not
the full analysis: no deferral, no growth, no Monte Carlo. Quotients that cannot be computed
are masked (numpy masked arrays), never NaN. No I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from accueil.domain.viability.arith import FloatArray, corporate_tax_array
from accueil.domain.viability.financing import registration_duties_array
from accueil.domain.viability.model import Assumptions

BATCH_COLUMNS: dict[str, float | None] = {
    "turnover": None,
    "ebe": None,
    "seller_pay": 0.0,
    "seller_social_charges": 0.0,
    "buyer_net_pay": None,
    "social_charge_rate": 0.45,
    "rent_adjustment": 0.0,
    "depreciation": 0.0,
    "price": None,
    "other_needs": 0.0,
    "personal_contribution": None,
    "annual_rate": 0.045,
    "years": 7.0,
    "rural": 0.0,
}
"""Input columns and their defaults (None: required). `rent_adjustment` is the rent to deduct
(positive: market rent the accounts do not show); `rural` is 1 where CGI art. 722 bis applies."""

VERDICT_CODES = ("non viable", "fragile", "viable")


def _column(columns: Mapping[str, Any], name: str, size: int | None) -> FloatArray:
    default = BATCH_COLUMNS[name]
    if name in columns:
        return np.asarray(columns[name], dtype=np.float64)
    if default is None:
        raise KeyError(f"Colonne obligatoire absente : {name}")
    return np.full(size or 1, default, dtype=np.float64)


def batch_analyse(
    columns: Mapping[str, Any], assumptions: Assumptions | None = None
) -> dict[str, npt.NDArray[Any]]:
    """Screen every row; returns arrays keyed by output name.

    EBE retraité = EBE + seller pay + seller charges − buyer pay × (1 + rate) − rent adjustment
    (`restatements`); needs = price + duties(price) (CGI art. 719 / 722 bis) + other needs;
    loan = max(needs − contribution, 0); annuity = constant annual payment (`sources.LOAN_ANNUITY`);
    year-1 interest = loan × rate; IS on EBE − depreciation − interest (CGI art. 219);
    CAF = EBE − interest − IS; DSCR = (EBE − IS) / annuity. Verdict code: 0 non viable (EBE
    retraité ≤ 0 or DSCR < 1), 2 viable (DSCR, annuities / CAF and contribution share within
    the thresholds), 1 fragile otherwise. Missing required columns raise KeyError: this is a
    programming contract for pages and benchmarks, not user input.
    """
    assumptions = assumptions or Assumptions()
    thresholds = assumptions.thresholds
    ebe = _column(columns, "ebe", None)
    size = ebe.shape[0]
    values = {name: _column(columns, name, size) for name in BATCH_COLUMNS}
    ebe_restated = (
        values["ebe"]
        + values["seller_pay"]
        + values["seller_social_charges"]
        - values["buyer_net_pay"] * (1.0 + values["social_charge_rate"])
        - values["rent_adjustment"]
    )
    price = values["price"]
    duties = registration_duties_array(price, values["rural"])
    needs = price + duties + values["other_needs"]
    loan = np.maximum(needs - values["personal_contribution"], 0.0)
    rate = values["annual_rate"]
    years = np.maximum(values["years"], 1.0)
    safe_rate = np.where(rate == 0, 1.0, rate)
    annuity = np.where(
        rate == 0,
        loan / years,
        loan * safe_rate / (1.0 - (1.0 + safe_rate) ** -years),
    )
    interest = loan * rate
    tax = corporate_tax_array(
        ebe_restated - values["depreciation"] - interest,
        assumptions.corporate_tax_reduced_rate,
        assumptions.corporate_tax_reduced_ceiling,
        assumptions.corporate_tax_normal_rate,
    )
    caf = ebe_restated - interest - tax
    cover = ebe_restated - tax
    has_debt = annuity > 0
    dscr = np.ma.masked_array(cover / np.where(has_debt, annuity, 1.0), mask=~has_debt)
    caf_positive = caf > 0
    annuity_to_caf = np.ma.masked_array(
        annuity / np.where(caf_positive, caf, 1.0), mask=~(caf_positive & has_debt)
    )
    contribution_share = np.ma.masked_array(
        values["personal_contribution"] / np.where(needs > 0, needs, 1.0), mask=~(needs > 0)
    )
    dscr_ok = ~has_debt | (cover >= thresholds.min_dscr * annuity)
    caf_ok = ~has_debt | (caf_positive & (annuity <= thresholds.max_annuity_to_caf * caf))
    contribution_ok = values["personal_contribution"] >= thresholds.min_contribution_share * needs
    not_viable = (ebe_restated <= 0) | (has_debt & (cover < annuity))
    viable = dscr_ok & caf_ok & contribution_ok & ~not_viable
    code = np.where(not_viable, 0, np.where(viable, 2, 1))
    return {
        "ebe_restated": ebe_restated,
        "duties": duties,
        "total_needs": needs,
        "loan": loan,
        "annuity": annuity,
        "interest_year1": interest,
        "income_tax": tax,
        "caf": caf,
        "dscr": dscr,
        "annuity_to_caf": annuity_to_caf,
        "contribution_share": contribution_share,
        "verdict_code": code,
        "verdict": np.asarray(VERDICT_CODES)[code],
    }
