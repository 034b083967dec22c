"""Small arithmetic helpers shared by the viability modules: safe division and corporate tax.

Holds the guard rails that keep NaN and infinities out of every result (a quotient whose
denominator is zero or missing is None, "non calculable") and the corporate-tax scale used by
the projection, the valuation and the batch screening. It must not hold business thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def num(value: float | None) -> float:
    """Read an optional amount as a number, a missing line counting as zero."""
    return 0.0 if value is None else value


def safe_div(numerator: float | None, denominator: float | None) -> float | None:
    """Return numerator / denominator, or None when either is missing or the result not finite."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    result = numerator / denominator
    return result if math.isfinite(result) else None


def finite_or_none(value: float | None) -> float | None:
    """Keep a finite float, turn NaN and infinities into None."""
    if value is None or not math.isfinite(value):
        return None
    return value


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of (value, weight) pairs; None when the weights add up to zero."""
    items = list(pairs)
    total_weight = math.fsum(weight for _, weight in items)
    if total_weight <= 0:
        return None
    return math.fsum(value * weight for value, weight in items) / total_weight


def corporate_tax(
    taxable: float, reduced_rate: float, reduced_ceiling: float, normal_rate: float
) -> float:
    """Corporate tax on a taxable profit, nil on a loss (no carry-forward modelled).

    Source: CGI art. 219 — reduced rate 15 % up to 42 500 € for SMEs, 25 % above
    (`sources.CORPORATE_TAX`).
    """
    if taxable <= 0:
        return 0.0
    return reduced_rate * min(taxable, reduced_ceiling) + normal_rate * max(
        taxable - reduced_ceiling, 0.0
    )


def corporate_tax_array(
    taxable: FloatArray, reduced_rate: float, reduced_ceiling: float, normal_rate: float
) -> FloatArray:
    """Vectorised `corporate_tax` (same source: CGI art. 219)."""
    positive = np.maximum(taxable, 0.0)
    result: FloatArray = reduced_rate * np.minimum(positive, reduced_ceiling) + normal_rate * (
        np.maximum(positive - reduced_ceiling, 0.0)
    )
    return result
