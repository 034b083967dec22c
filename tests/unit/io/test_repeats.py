"""Rows repeating an earlier row of the same file: same kind, commune and title."""

from __future__ import annotations

import pandas as pd
import pytest

from accueil.io.repeats import repeated_rows


@pytest.mark.parametrize(("rows", "expected"), [
    # (row, kind, commune, title) ... -> [(row, earlier_row)]
    ([(3, "reprise", "15187", "Boulangerie du bourg"),
      (4, "reprise", "15187", "Boulangerie du bourg")], [(4, 3)]),
    ([(3, "reprise", "15187", "Boulangerie du bourg"),
      (4, "reprise", "15187", "BOULANGERIE du bourg !")], []),  # the store check is fuzzy
    ([(3, "reprise", "15187", "Boulangerie"), (4, "creation", "15187", "Boulangerie")], []),
    ([(3, "reprise", "15187", "Boulangerie"), (4, "reprise", "15014", "Boulangerie")], []),
    ([(3, "reprise", "15187", "Boulangerie"), (4, "reprise", "15187", "Boulangerie-pâtisserie")],
     []),  # close is not the same: only the store is searched for look-alikes
    ([(9, "reprise", "15187", "Garage"), (3, "reprise", "15187", "Garage"),
      (5, "reprise", "15187", "Garage")], [(5, 3), (9, 3)]),  # the first row is the original
    ([(3, "reprise", "15187", None), (4, "reprise", "15187", None),
      (5, "reprise", "15187", "")], []),  # no title, nothing to repeat
    ([(3, "reprise", None, "Garage"), (4, "reprise", None, "Garage"),
      (5, "reprise", "15187", "Garage")], [(4, 3)]),  # no commune is a commune of its own
])
def test_a_repeat_has_the_same_kind_commune_and_title(
        rows: list[tuple[int, str, str, str | None]], expected: list[tuple[int, int]]) -> None:
    found = repeated_rows([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows],
                          [r[3] for r in rows])
    assert list(zip(found["row"], found["earlier_row"], strict=True)) == expected


def test_a_repeat_names_the_title_it_repeats() -> None:
    found = repeated_rows([2, 3], ["local", "local"], ["63113", "63113"],
                          ["Atelier 120 m²", "Atelier 120 m²"])
    assert found.to_dict("records") == [
        {"row": 3, "title": "Atelier 120 m²", "existing_title": "Atelier 120 m²",
         "earlier_row": 2}]


def test_no_rows_no_repeats() -> None:
    assert repeated_rows([], [], [], []).empty


def test_missing_titles_of_any_kind_repeat_nothing() -> None:
    found = repeated_rows([2, 3, 4, 5], ["local"] * 4, ["63113"] * 4,
                          pd.array([pd.NA, pd.NA, "", "Atelier"], dtype="string"))
    assert found.empty
