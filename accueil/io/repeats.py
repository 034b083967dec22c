"""Rows of an uploaded file that repeat an earlier row of the same file.

A partner's spreadsheet often holds the same offer twice: a row pasted again, or the same
business listed by two advisers. Such a row repeats an earlier one when it has the same kind,
the same commune and the same title (spaces around it aside, as the import strips them).
Exact titles only, grouped by whole-number keys: a file of thousands of offers of one commune
costs no more than any other (comparing every pair of titles of a commune, as is done against
the store, would grow with the square of the rows), and the full folding of accents and
punctuation (:func:`accueil.io.text.fold`) would cost 0.6 s more on a file of 100,000 rows,
more than the rest of the check (measured with ``bench/bench_import.py``). Pure: numpy and
pandas only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def repeated_rows(rows: ArrayLike, kinds: ArrayLike, communes: ArrayLike,
                  titles: ArrayLike) -> pd.DataFrame:
    """The rows repeating an earlier row: columns ``row``, ``title``, ``existing_title`` (the
    earlier row's title) and ``earlier_row`` (the first row of the group), ordered by row.
    Rows without a title repeat nothing."""
    row = np.asarray(rows, dtype=np.int64)
    title = np.asarray(titles, dtype=object)
    order = np.argsort(row, kind="stable")
    row, title = row[order], title[order]
    kind = pd.factorize(np.asarray(kinds, dtype=object)[order], use_na_sentinel=False)[0]
    commune = pd.factorize(np.asarray(communes, dtype=object)[order], use_na_sentinel=False)[0]
    title_code, distinct = pd.factorize(title)  # missing titles (None, NaN, NA) get -1
    empty = [i for i, t in enumerate(distinct.tolist()) if t == ""]
    titled = (title_code >= 0) & (title_code != (empty[0] if empty else -1))
    # One whole number per (kind, commune, title), numbered in order of first appearance: the
    # rows being sorted, a group's first row is its earliest, the original.
    positions = np.flatnonzero(titled)
    key = ((kind[positions].astype(np.int64) * (commune.max(initial=0) + 1)
            + commune[positions]) * (title_code.max(initial=0) + 1) + title_code[positions])
    group = pd.factorize(key)[0]
    first = np.unique(group, return_index=True)[1]  # where each group first appears
    first_position = positions[first[group]]
    repeats = positions[first_position != positions]
    originals = first_position[first_position != positions]
    return pd.DataFrame({
        "row": row[repeats],
        "title": title[repeats],
        "existing_title": title[originals],
        "earlier_row": row[originals],
    })
