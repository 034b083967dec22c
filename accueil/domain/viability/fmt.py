"""French formatting of numbers inside the engine's sentences (verdict, valuation position).

Holds nothing of its own: it re-exports the one French formatter, `accueil.fr` (pure standard
library, no I/O), so that the engine's sentences and the page's tables print the same
thousands separator (U+00A0), the same minus sign (U+2212) and never ``−0 €``. Computations
never use these strings.
"""

from __future__ import annotations

from accueil.fr import MINUS, NBSP, day_and_month, euros, number, percent, ratio, signed_euros

__all__ = ["MINUS", "NBSP", "day_and_month", "euros", "number", "percent", "ratio",
           "signed_euros"]
