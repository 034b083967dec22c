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


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case, accents and punctuation removed, single spaces: for comparing labels."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", ascii_only.lower()).strip()
