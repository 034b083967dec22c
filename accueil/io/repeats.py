"""Rows of an uploaded file that repeat an earlier row of the same file.

A partner's spreadsheet often holds the same offer twice: a row pasted again, or the same
business listed by two advisers. Such a row repeats an earlier one when its whole content, as
validated, is the same: every field (kind, commune, title, figures, dates, texts). Not the
title alone: in a file without a title column the titles are composed from kind, activity and
commune, and thousands of different takeovers of one trade in one commune would share one
(57 770 rows of 100 000 were once set aside so). Each row's content is hashed once by pandas
(:func:`content_keys`, vectorised, about 0.15 s for 100 000 rows of 31 fields), and rows are
grouped by whole-number keys: the cost grows with the rows, not with their square. Comparing
look-alikes with a fuzzy similarity is done against the store, not here. Pure: numpy and
pandas only.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def content_keys(frame: pd.DataFrame) -> np.ndarray[Any, Any]:
    """One 64-bit number per row of ``frame``, equal for rows of equal content (the index,
    which holds the row numbers, is left out). Missing values are equal to each other.

    Each column is first numbered by :func:`pandas.factorize` (equal values, equal numbers;
    missing ones -1), in C, then the rows of numbers are hashed: no Python call per cell
    (mapping ``str`` over 3 million cells cost 1.2 s of a 100 000-row import). A column of
    values that cannot be hashed (lists) is numbered by their text.
    """
    if frame.empty:
        return np.zeros(len(frame), dtype=np.uint64)
    codes = {str(name): _codes(frame[name]) for name in frame.columns}
    hashed = pd.util.hash_pandas_object(pd.DataFrame(codes), index=False)
    return np.asarray(hashed, dtype=np.uint64)


def _codes(column: pd.Series) -> np.ndarray[Any, Any]:
    try:
        return np.asarray(pd.factorize(column, use_na_sentinel=True)[0], dtype=np.int64)
    except TypeError:  # unhashable cells: by their text, None for missing
        text = column.astype(object).where(column.notna(), None).map(_hashable)
        return np.asarray(pd.factorize(text, use_na_sentinel=True)[0], dtype=np.int64)


def _hashable(value: object) -> object:
    return None if value is None else str(value)


def repeated_rows(rows: ArrayLike, keys: ArrayLike, titles: ArrayLike) -> pd.DataFrame:
    """The rows repeating an earlier row of the same content ``keys``: columns ``row``,
    ``title``, ``existing_title`` (the earlier row's title) and ``earlier_row`` (the first
    row of the group), ordered by row."""
    row = np.asarray(rows, dtype=np.int64)
    key = np.asarray(keys, dtype=np.uint64)
    title = np.asarray(titles, dtype=object)
    order = np.argsort(row, kind="stable")
    row, key, title = row[order], key[order], title[order]
    # Groups numbered in order of first appearance: rows being sorted, a group's first row
    # is its earliest, the original.
    group = pd.factorize(key)[0]
    first = np.unique(group, return_index=True)[1]
    first_position = first[group]
    positions = np.arange(len(row))
    repeats = positions[first_position != positions]
    originals = first_position[first_position != positions]
    return pd.DataFrame({
        "row": row[repeats],
        "title": title[repeats],
        "existing_title": title[originals],
        "earlier_row": row[originals],
    })
