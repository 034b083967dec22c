"""Benchmark of the viability engine: one analysis, the Monte Carlo, the batch of 10,000 offers.

Prints the median of several runs of each, beside a trivial baseline measured in the same run
(a plain Python loop of 10,000 additions), so that figures from different machines compare as
ratios. Budgets from the issue: one analysis < 50 ms, 10,000-draw Monte Carlo < 300 ms,
batch of 10,000 offers < 5 s. Prints only; asserts nothing (tests never time anything).

Run from the repository root: `.venv/bin/python -m bench.bench_viability`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from accueil.domain.viability import analyse, batch_analyse, demo_inputs
from accueil.domain.viability.model import Assumptions
from accueil.domain.viability.risk import monte_carlo
from accueil.domain.viability.scenario import run_scenario
from accueil.domain.viability.statements import compute_years


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median wall-clock time of `runs` calls, after one warm-up call."""
    action()
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def baseline() -> int:
    """The trivial reference: a plain Python loop of 10,000 additions."""
    total = 0
    for value in range(10_000):
        total += value
    return total


def offers(size: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    turnover = rng.uniform(100_000, 900_000, size)
    return {
        "turnover": turnover,
        "ebe": turnover * rng.uniform(0.05, 0.30, size),
        "seller_social_charges": rng.uniform(0, 20_000, size),
        "buyer_net_pay": rng.uniform(15_000, 45_000, size),
        "price": turnover * rng.uniform(0.3, 1.0, size),
        "other_needs": rng.uniform(5_000, 60_000, size),
        "personal_contribution": rng.uniform(10_000, 150_000, size),
        "annual_rate": rng.uniform(0.0, 0.07, size),
        "years": rng.integers(5, 11, size).astype(float),
        "rural": rng.integers(0, 2, size).astype(float),
    }


def main() -> None:
    inputs = demo_inputs()
    assumptions = Assumptions()
    figures = compute_years(inputs.income_statements)
    scenario = run_scenario(inputs, assumptions, figures)
    assert scenario.model is not None
    model, schedule = scenario.model, scenario.schedule
    table = offers(10_000)

    base = median_seconds(baseline, 200)
    cases = (
        (
            "Analyse complète (démo boulangerie, MC inclus)",
            0.050,
            30,
            lambda: analyse(inputs, assumptions),
        ),
        (
            "Monte Carlo, 10 000 tirages",
            0.300,
            30,
            lambda: monte_carlo(model, schedule, assumptions),
        ),
        ("Lot de 10 000 offres (batch_analyse)", 5.0, 15, lambda: batch_analyse(table)),
    )
    print(f"Référence : boucle Python de 10 000 additions = {base * 1e3:.3f} ms (médiane)")
    print(f"{'Cas':<50} {'médiane':>11} {'budget':>9} {'× référence':>12} {'% budget':>9}")
    for label, budget, runs, action in cases:
        seconds = median_seconds(action, runs)
        print(
            f"{label:<50} {seconds * 1e3:>8.2f} ms {budget * 1e3:>6.0f} ms "
            f"{seconds / base:>12.1f} {100 * seconds / budget:>8.1f}%"
        )


if __name__ == "__main__":
    main()
