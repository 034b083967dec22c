"""Text folding shared by the import code: compare what people type, not how they typed it.

``fold("Chiffre d’Affaires (€)")`` → ``"chiffre d affaires"``: lower case, no accents, ligatures
spelled out, every run of punctuation or spacing turned into one space. Pure functions only.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
                            "²": "2", "³": "3", "€": " eur "})
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# The combining diacritical marks (U+0300-U+036F) but the grapheme joiner U+034F, whose
# combining class is 0: every accent of French, and each has a non-zero class (tested).
_DIACRITICS = re.compile("[\u0300-\u034e\u0350-\u036f]")


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: for comparing labels."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    if not decomposed.isascii():
        # One regular expression for the accents of French; a character by character check
        # of combining classes (ten times slower) only for what else is left.
        stripped = _DIACRITICS.sub("", decomposed)
        decomposed = stripped if stripped.isascii() else "".join(
            char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", decomposed.lower()).strip()


# C0 and C1 control characters but tab and line feed, and the Unicode non-characters that
# spreadsheets refuse: they come from copy-paste and exports, and break the Excel exports
# (openpyxl refuses them) long after the import.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without control characters (``\\r\\n`` becomes ``\\n``, a tab a space), and
    how many characters were removed; the text is also stripped of surrounding spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    cleaned, removed = _CONTROLS.subn("", text)
    return cleaned.strip(), removed
