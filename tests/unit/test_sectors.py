"""NAF codes read as the 21 sections of the nomenclature."""

from __future__ import annotations

import pytest

from accueil.domain.sectors import NO_SECTOR, SECTORS, sector_label, sector_of


@pytest.mark.parametrize(("naf", "section"), [
    ("10.71C", "C"), ("01.41Z", "A"), ("56.10A", "I"), ("47.11B", "G"), ("86.21Z", "Q"),
    ("35.11Z", "D"), ("99.00Z", "U"), (" 43.22A ", "F"), ("", NO_SECTOR), (None, NO_SECTOR),
    ("04.00Z", NO_SECTOR),  # division 04 does not exist
])
def test_the_section_comes_from_the_first_two_digits(naf: str | None, section: str) -> None:
    assert sector_of(naf) == section


def test_every_division_belongs_to_one_section_only() -> None:
    divisions = [d for s in SECTORS for d in s.divisions]
    assert len(divisions) == len(set(divisions)) == 88
    assert [s.code for s in SECTORS] == list("ABCDEFGHIJKLMNOPQRSTU")


def test_sections_are_shown_with_their_letter_and_a_missing_one_says_so() -> None:
    assert sector_label("I") == "I · Hébergement et restauration"
    assert sector_label(NO_SECTOR) == "Secteur non renseigné"
