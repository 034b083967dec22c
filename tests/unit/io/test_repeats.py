"""Rows repeating an earlier row of the same file: the same content, every field alike."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from accueil.io.repeats import content_keys, repeated_rows

BAKERY = {"kind": "reprise", "commune": "15187", "title": "Boulangerie du bourg",
          "turnover": 320_000.0, "verified_on": date(2026, 11, 2)}


def repeats_of(rows: dict[int, dict[str, object]]) -> list[tuple[int, int]]:
    clean = pd.DataFrame.from_dict(rows, orient="index")
    found = repeated_rows(clean.index.to_numpy(), content_keys(clean),
                          clean["title"].to_numpy(dtype=object))
    return list(zip(found["row"], found["earlier_row"], strict=True))


@pytest.mark.parametrize(("rows", "expected"), [
    ({3: BAKERY, 4: BAKERY}, [(4, 3)]),
    ({3: BAKERY, 4: {**BAKERY, "title": "BOULANGERIE du bourg !"}}, []),  # the store is fuzzy
    ({3: BAKERY, 4: {**BAKERY, "kind": "creation"}}, []),
    ({3: BAKERY, 4: {**BAKERY, "commune": "15014"}}, []),
    ({3: BAKERY, 4: {**BAKERY, "turnover": 310_000.0}}, []),
    ({3: BAKERY, 4: {**BAKERY, "verified_on": date(2026, 11, 3)}}, []),
    ({9: BAKERY, 3: BAKERY, 5: BAKERY}, [(5, 3), (9, 3)]),  # the first row is the original
    ({3: {**BAKERY, "turnover": None}, 4: {**BAKERY, "turnover": float("nan")}}, [(4, 3)]),
])
def test_a_repeat_has_the_same_content_in_every_field(
        rows: dict[int, dict[str, object]], expected: list[tuple[int, int]]) -> None:
    assert repeats_of(rows) == expected


def test_the_same_composed_title_with_different_figures_repeats_nothing() -> None:
    # A file without a title column: every takeover of a bakery in Riom gets one title.
    title = "Reprise d'entreprise – Boulangerie – Riom"
    rows = {row: {"kind": "reprise", "commune": "63300", "title": title,
                  "turnover": 100_000.0 + row} for row in range(2, 1002)}
    assert repeats_of(rows) == []


def test_a_repeat_names_the_title_it_repeats() -> None:
    clean = pd.DataFrame({"title": ["Atelier 120 m²"] * 2, "kind": ["local"] * 2}, index=[2, 3])
    found = repeated_rows([2, 3], content_keys(clean), clean["title"])
    assert found.to_dict("records") == [
        {"row": 3, "title": "Atelier 120 m²", "existing_title": "Atelier 120 m²",
         "earlier_row": 2}]


def test_no_rows_no_repeats() -> None:
    assert repeated_rows([], content_keys(pd.DataFrame()), []).empty


def test_cells_that_cannot_be_hashed_are_compared_by_their_text() -> None:
    clean = pd.DataFrame({"title": ["Gîte"] * 3,
                          "amenities": [["ecole", "poste"], ["ecole", "poste"], ["ecole"]]},
                         index=[2, 3, 4])
    found = repeated_rows(clean.index.to_numpy(), content_keys(clean), clean["title"])
    assert list(zip(found["row"], found["earlier_row"], strict=True)) == [(3, 2)]
