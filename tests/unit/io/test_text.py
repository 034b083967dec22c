"""fold: what people type compared, not how they typed it; its fast path changes nothing."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accueil.io import text
from accueil.io.text import fold


@pytest.mark.parametrize(("typed", "folded"), [
    ("Chiffre d’Affaires (€)", "chiffre d affaires eur"),
    ("BOULANGERIE du Bourg !", "boulangerie du bourg"),
    ("Saint-Étienne", "saint etienne"),
    ("Cœur de village", "coeur de village"),
    ("Atelier 120 m²", "atelier 120 m2"),
    ("  ", ""),
    ("ñandú", "nandu"),
    ("Straße", "strasse"),
])
def test_fold_keeps_letters_and_digits_only(typed: str, folded: str) -> None:
    assert fold(typed) == folded


def reference_fold(typed: str) -> str:
    """fold as first written: every combining mark removed one character at a time."""
    decomposed = unicodedata.normalize("NFKD", typed.translate(text._LIGATURES))
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return text._NOT_WORD.sub(" ", kept.lower()).strip()


@given(st.text())
def test_the_fast_path_folds_exactly_as_the_reference(typed: str) -> None:
    assert fold(typed) == reference_fold(typed)


@given(st.text(alphabet="aàâäéèêëîïôöùûüçœæAÀÉÈÇŒ -'’0123456789\u034f\u20d7"))
def test_french_text_folds_exactly_as_the_reference(typed: str) -> None:
    assert fold(typed) == reference_fold(typed)


def test_every_character_the_fast_path_removes_is_a_combining_mark() -> None:
    removed = [chr(c) for c in range(0x300, 0x370) if text._DIACRITICS.fullmatch(chr(c))]
    assert len(removed) == 0x70 - 1  # all of the block but the grapheme joiner
    assert all(unicodedata.combining(c) for c in removed)
