"""Which commune a spreadsheet row means: INSEE code, former code, postal code and name.

:class:`CommuneResolver` indexes the reference table it is given (a DataFrame or records with
``code_insee``, ``nom``, ``code_departement``, ``codes_postaux`` and ``anciens_codes``, lists
pipe-separated) once, then answers :meth:`CommuneResolver.resolve` for each row: a
:class:`Resolution` that is resolved (with an optional French note, e.g. a former code replaced
by the current one), ambiguous (with the candidates) or unknown (with a French message). Names
are compared without case, accents, hyphens, apostrophes, "St"/"Saint" abbreviations, leading
articles or INSEE's "Puy-en-Velay (Le)" style. The table is passed in: this module reads no
file, and knows nothing of streamlit or the store.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any

from accueil.io.numbers import is_empty, show
from accueil.io.text import fold

_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_POSTAL = re.compile(r"^\d{5}$")
_POSTAL_AND_NAME = re.compile(r"^(?P<postal>\d{5})\s*[-,]?\s+(?P<name>\D.*)$")
_NAME_AND_POSTAL = re.compile(r"^(?P<name>\D.*?)\s*[-,(]?\s*(?P<postal>\d{5})\s*\)?$")
_SUFFIX_ARTICLE = re.compile(r"^(.*?)\s*\(\s*(les|le|la|l\s*['’]?)\s*\)\s*$", re.IGNORECASE)
_CEDEX = re.compile(r"\bcedex\b(\s*\d+)?", re.IGNORECASE)
_ARTICLES = frozenset({"le", "la", "les", "l"})
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_SHOWN_CANDIDATES = 5
_DIGIT = re.compile(r"\d")


class ResolutionStatus(StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune of the reference table."""

    code: str
    name: str
    departement: str
    departement_name: str = ""
    postal_codes: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """``Beaulieu (15016, Cantal)``, to tell homonyms apart in a message."""
        where = self.departement_name or f"dép. {self.departement}"
        return f"{self.name} ({self.code}, {where})"


@dataclass(frozen=True, slots=True)
class Resolution:
    """The commune a row designates, or why it designates none or several.

    ``message`` explains an ambiguous or unknown result in French; ``note`` is a French remark
    on a resolved one (former code, postal code in the INSEE column, name corrected…).
    """

    status: ResolutionStatus
    code: str | None = None
    name: str | None = None
    candidates: tuple[Commune, ...] = ()
    message: str = ""
    note: str = ""

    @property
    def resolved(self) -> bool:
        return self.status is ResolutionStatus.RESOLVED


def normalize_code(value: object) -> str:
    """A code as typed, tidied: ``3185`` or ``3185.0`` (leading zero lost by Excel) → ``03185``."""
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.]", "", str(value)).upper()
    return text.zfill(5) if text.isdigit() and len(text) == 4 else text


def tidy_name(value: object) -> str:
    """A name cell as :meth:`CommuneResolver.resolve` compares it: shown as typed, "" if empty."""
    return "" if is_empty(value) else show(value)


@lru_cache(maxsize=65_536)
def name_keys(name: str) -> tuple[str, str]:
    """The comparison keys of a commune name: in full, and without its leading article.

    ``"Le Puy-en-Velay"``, ``"Puy-en-Velay (Le)"`` and ``"LE PUY EN VELAY"`` all give
    ``("le puy en velay", "puy en velay")``; ``"St-Flour"`` gives ``"saint flour"``.
    """
    suffix = _SUFFIX_ARTICLE.match(name)
    if suffix:
        name = f"{suffix.group(2)} {suffix.group(1)}"
    words = fold(_CEDEX.sub(" ", name)).split()
    words = [_ABBREVIATIONS.get(word, word) for word in words]
    # "Chambon s/ Voueize": "s" between two words stands for "sur".
    words = [("sur" if word == "s" and 0 < index < len(words) - 1 else word)
             for index, word in enumerate(words)]
    full = " ".join(words)
    bare = " ".join(words[1:]) if len(words) > 1 and words[0] in _ARTICLES else full
    return full, bare


class CommuneResolver:
    """An index of the reference communes, built once, resolving rows in microseconds."""

    def __init__(self, table: Any, departement_names: Mapping[str, str] | None = None) -> None:
        """``table``: a DataFrame or an iterable of mappings with the reference columns."""
        names = dict(departement_names or {})
        self._communes: dict[str, Commune] = {}
        self._former: dict[str, list[str]] = defaultdict(list)
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_bare_name: dict[str, list[str]] = defaultdict(list)
        self._by_postal: dict[str, list[str]] = defaultdict(list)
        self._keys: dict[str, tuple[str, str]] = {}
        self._cache: dict[tuple[str, str, str], Resolution] = {}
        self._plain: dict[str, Resolution] = {}  # code -> its resolution without remark
        for record in _records(table):
            code = normalize_code(record.get("code_insee"))
            if not code:
                continue
            departement = str(record.get("code_departement") or code[:2])
            postal_codes = tuple(_split(record.get("codes_postaux")))
            commune = Commune(code, str(record.get("nom") or code), departement,
                              names.get(departement, ""), postal_codes)
            self._communes[code] = commune
            full, bare = self._keys[code] = name_keys(commune.name)
            self._by_name[full].append(code)
            self._by_bare_name[bare].append(code)
            for postal in postal_codes:
                self._by_postal[postal].append(code)
            for former in _split(record.get("anciens_codes")):
                self._former[normalize_code(former)].append(code)
        self._buckets: dict[str, list[str]] = defaultdict(list)
        for bare in self._by_bare_name:
            self._buckets[bare[:1]].append(bare)
        # A name written as the table writes it, whatever the case ("AURILLAC"): its keys
        # are the reference name's, found without folding the cell.
        self._casefolded: dict[str, tuple[str, str]] = {
            commune.name.casefold(): self._keys[code] for code, commune in self._communes.items()}

    @property
    def codes(self) -> frozenset[str]:
        """The INSEE codes of every current commune of the table."""
        return frozenset(self._communes)

    def commune(self, code: str) -> Commune | None:
        return self._communes.get(code)

    def resolve(self, code: object = None, name: object = None,
                postal_code: object = None) -> Resolution:
        """The commune meant by an INSEE code, a name and/or a postal code (any may be empty).

        The INSEE code wins when it is known; a former code leads to its current commune; a
        name is narrowed by the postal code; a postal code alone suffices when it covers a
        single commune. Results are cached per distinct input.
        """
        return self.resolve_tidy(normalize_code(code), tidy_name(name),
                                 normalize_code(postal_code))

    def resolve_tidy(self, code: str, name: str, postal_code: str) -> Resolution:
        """:meth:`resolve` for values already tidied by :func:`normalize_code` and
        :func:`tidy_name` ("" when empty): a caller that tidies each distinct cell of a column
        once saves doing it again for every combination of cells."""
        key = (code, name, postal_code)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._resolve(*key)
            self._cache[key] = cached
        return cached

    def resolve_tidy_many(self, codes: Sequence[str], names: Sequence[str],
                          postal_codes: Sequence[str]) -> list[Resolution]:
        """:meth:`resolve_tidy` for parallel sequences of tidied values, one per distinct
        combination of a file's cells.

        The usual cases (a current INSEE code with no name or its own name; a name that
        designates one commune, with no postal code or one of its own) are answered from the
        indexes directly, each distinct name folded once; anything else (former codes, postal
        codes in the name, homonyms, typos) goes through :meth:`resolve_tidy`. Same answers
        either way, a few microseconds each instead of tens.
        """
        # A name with a digit may hold a postal or INSEE code: the general path reads it.
        casefolded = self._casefolded
        keys: dict[str, tuple[str, str] | None] = {
            name: None if _DIGIT.search(name) else (casefolded.get(name.casefold())
                                                    or name_keys(name))
            for name in set(names) if name}
        communes, by_name, by_bare = self._communes, self._by_name, self._by_bare_name
        reference_keys, plain = self._keys, self._plain
        outcomes: list[Resolution] = []
        for code, name, postal in zip(codes, names, postal_codes, strict=True):
            found_code: str | None = None
            if code:
                if code in communes:
                    found_code = code
                    if name:
                        found = keys.get(name)
                        reference = reference_keys[code]
                        if found is None or (found[0] != reference[0]
                                             and found[1] != reference[1]):
                            found_code = None
            elif name and (found := keys.get(name)) is not None:
                matches = by_name.get(found[0]) or by_bare.get(found[1])
                if matches is not None and len(matches) == 1:
                    found_code = matches[0]
                    if postal and postal not in communes[found_code].postal_codes:
                        found_code = None
            if found_code is None:
                outcomes.append(self.resolve_tidy(code, name, postal))
            else:
                outcome = plain.get(found_code)
                if outcome is None:
                    outcome = plain[found_code] = _plainly_resolved(communes[found_code])
                outcomes.append(outcome)
        return outcomes

    def resolve_many(self, codes: Sequence[object] | None = None,
                     names: Sequence[object] | None = None,
                     postal_codes: Sequence[object] | None = None) -> list[Resolution]:
        """:meth:`resolve` for parallel sequences (pass None for a column the file lacks)."""
        size = max(len(column) for column in (codes, names, postal_codes) if column is not None)
        empty: Sequence[object] = [None] * size
        return [self.resolve(code, name, postal)
                for code, name, postal in zip(codes if codes is not None else empty,
                                              names if names is not None else empty,
                                              postal_codes if postal_codes is not None else empty,
                                              strict=True)]

    # --- resolution ------------------------------------------------------------------------

    def _resolve(self, code: str, name: str, postal: str) -> Resolution:
        if not code and name and _INSEE.match(normalize_code(name)):
            code, name = normalize_code(name), ""  # a "Commune" column holding INSEE codes
        if name and (split := _POSTAL_AND_NAME.match(name) or _NAME_AND_POSTAL.match(name)):
            # "15100 Saint-Flour" or "Saint-Flour (15100)": an address line's habit.
            found_postal, found_name = split["postal"], split["name"].strip(" -,")
            if found_name and (not postal or postal == found_postal):
                name, postal = found_name, found_postal
        if code:
            return self._by_code(code, name, postal)
        if name:
            return self._by_name_and_postal(name, postal)
        if postal:
            return self._by_postal_only(postal)
        return Resolution(ResolutionStatus.UNKNOWN, message=(
            "Commune manquante : attendu un code INSEE, un nom de commune ou un code postal."))

    def _by_code(self, code: str, name: str, postal: str) -> Resolution:
        commune = self._communes.get(code)
        if commune is not None:
            note = ""
            if name and not self._name_matches(name, commune):
                note = (f"Le nom « {name} » ne correspond pas au code INSEE {code} "
                        f"({commune.name}) : le code est retenu.")
            return _resolved(commune, note)
        current = self._former.get(code, [])
        if len(current) == 1:
            commune = self._communes[current[0]]
            return _resolved(commune, (
                f"Le code INSEE {code} est celui d'une ancienne commune, fusionnée dans "
                f"{commune.name} ({commune.code}) : le code actuel est retenu."))
        if current:
            return _ambiguous(tuple(self._communes[c] for c in current),
                              f"L'ancien code INSEE {code} correspond à plusieurs communes "
                              "actuelles", "indiquez le code INSEE actuel")
        if _POSTAL.match(code) and code in self._by_postal:
            found = self._by_name_and_postal(name, code) if name else self._by_postal_only(code)
            if found.resolved:
                return _resolved(self._communes[found.code or ""], (
                    f"« {code} » est un code postal, pas un code INSEE : commune retenue "
                    f"{found.name} ({found.code})."))
            return found
        if not _INSEE.match(code):
            if name:
                return self._by_name_and_postal(name, postal)
            return Resolution(ResolutionStatus.UNKNOWN, message=(
                f"« {code} » n'est pas un code INSEE : attendu 5 caractères, par ex. 15014."))
        if name:
            by_name = self._by_name_and_postal(name, postal)
            if by_name.resolved:
                return _resolved(self._communes[by_name.code or ""], (
                    f"Le code INSEE {code} n'est pas dans la table des communes ; commune "
                    f"retrouvée par son nom : {by_name.name} ({by_name.code})."))
        return Resolution(ResolutionStatus.UNKNOWN, message=(
            f"Le code INSEE {code} n'est pas celui d'une commune de la table de référence "
            "(périmètre du Massif central) : vérifiez le code."))

    def _by_name_and_postal(self, name: str, postal: str) -> Resolution:
        full, bare = name_keys(name)
        codes = self._by_name.get(full) or self._by_bare_name.get(bare) or []
        if postal and codes:
            narrowed = [c for c in codes if postal in self._communes[c].postal_codes]
            if len(narrowed) == 1 or (narrowed and len(codes) > 1):
                codes = narrowed
            elif len(codes) == 1:
                commune = self._communes[codes[0]]
                return _resolved(commune, (
                    f"Le code postal {postal} n'est pas celui de {commune.name} "
                    f"({', '.join(commune.postal_codes) or 'inconnu'}) : la commune est retenue "
                    "d'après son nom."))
        if len(codes) == 1:
            return _resolved(self._communes[codes[0]])
        if codes:
            return _ambiguous(tuple(self._communes[c] for c in codes),
                              f"« {name} » désigne {len(codes)} communes",
                              "indiquez le code postal ou le code INSEE")
        if postal and postal in self._by_postal:
            near = {self._keys[c][1]: c for c in self._by_postal[postal]}
            close = difflib.get_close_matches(bare, list(near), n=1, cutoff=0.8)
            if close:
                commune = self._communes[near[close[0]]]
                return _resolved(commune, (
                    f"« {name} » a été lu comme {commune.name} ({commune.code}), commune du "
                    f"code postal {postal}."))
        return Resolution(ResolutionStatus.UNKNOWN, message=self._unknown_name(name, bare))

    def _by_postal_only(self, postal: str) -> Resolution:
        codes = self._by_postal.get(postal, [])
        if len(codes) == 1:
            return _resolved(self._communes[codes[0]])
        if codes:
            return _ambiguous(tuple(self._communes[c] for c in codes),
                              f"Le code postal {postal} couvre {len(codes)} communes",
                              "indiquez le nom de la commune ou son code INSEE")
        return Resolution(ResolutionStatus.UNKNOWN, message=(
            f"Le code postal {postal} n'est celui d'aucune commune de la table de référence "
            "(périmètre du Massif central) : vérifiez-le, ou indiquez le code INSEE."))

    def _name_matches(self, name: str, commune: Commune) -> bool:
        full, bare = name_keys(name)
        reference_full, reference_bare = self._keys[commune.code]
        return full == reference_full or bare == reference_bare

    def _unknown_name(self, name: str, bare: str) -> str:
        message = (f"La commune « {name} » n'est pas dans la table des communes de référence "
                   "(périmètre du Massif central)")
        close = difflib.get_close_matches(bare, self._buckets.get(bare[:1], []), n=3,
                                          cutoff=0.8)
        if close:
            suggestions = [self._communes[code].display for key in close
                           for code in self._by_bare_name[key]][:_SHOWN_CANDIDATES]
            return f"{message} ; vouliez-vous dire : {', '.join(suggestions)} ?"
        return f"{message} : vérifiez l'orthographe, ou indiquez le code INSEE."


def _resolved(commune: Commune, note: str = "") -> Resolution:
    if not note:
        return _plainly_resolved(commune)
    return Resolution(ResolutionStatus.RESOLVED, commune.code, commune.name, (commune,),
                      note=note)


@lru_cache(maxsize=65_536)
def _plainly_resolved(commune: Commune) -> Resolution:
    """One shared answer per commune found without remark: 100k rows need a few thousand."""
    return Resolution(ResolutionStatus.RESOLVED, commune.code, commune.name, (commune,))


def _ambiguous(candidates: tuple[Commune, ...], what: str, expected: str) -> Resolution:
    shown = ", ".join(c.display for c in candidates[:_SHOWN_CANDIDATES])
    more = len(candidates) - _SHOWN_CANDIDATES
    if more > 0:
        shown += f" et {more} autre{'s' if more > 1 else ''}"
    return Resolution(ResolutionStatus.AMBIGUOUS, candidates=candidates,
                      message=f"{what} : {shown} ; {expected}.")


def _split(value: object) -> list[str]:
    if is_empty(value):
        return []
    return [part.strip() for part in str(value).split("|") if part.strip()]


def _records(table: Any) -> Iterable[Mapping[str, object]]:
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        records: list[Mapping[str, object]] = table.to_dict("records")
        return records
    return list(table)
