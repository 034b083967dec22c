"""The partner network: who supplies what, near-duplicate names, SIREN keys, veille answers. Pure.

A partner is an organisation (CCI, CMA, chambre d'agriculture, commune, agence immobilière,
bailleur, France Travail…) that supplies offers, réceptivité items or services information,
and confirms them again when the veille asks. Names typed freely over the years differ («
CCI Cantal », « CCI du Cantal », « Chambre d'agriculture du Cantal » / « Chambre
d'agricuture Cantal »): :func:`name_similarity` and :func:`near_duplicates` find the pairs an
officer should merge, on the names normalised by
:func:`accueil.domain.access.normalise_organisation` (the rule that also links a partner
account to its organisation). No I/O, no streamlit, no store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from enum import StrEnum

from accueil.domain.access import normalise_organisation
from accueil.domain.pillars import Pillar


class PartnerKind(StrEnum):
    CCI = "cci"
    CMA = "cma"
    CHAMBRE_AGRICULTURE = "chambre_agriculture"
    COMMUNE = "commune"
    AGENCE_IMMOBILIERE = "agence_immobiliere"
    BAILLEUR = "bailleur"
    FRANCE_TRAVAIL = "france_travail"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return {"cci": "CCI", "cma": "CMA", "chambre_agriculture": "Chambre d'agriculture",
                "commune": "Commune ou intercommunalité",
                "agence_immobiliere": "Agence immobilière", "bailleur": "Bailleur",
                "france_travail": "France Travail", "autre": "Autre"}[self.value]


class Supply(StrEnum):
    """What a partner usually supplies, and the pillar it feeds."""

    ACTIVITE = "activite"
    LOGEMENT = "logement"
    LOCAL = "local"
    FONCIER = "foncier"
    SERVICES = "services"

    @property
    def label(self) -> str:
        return {"activite": "Activités (cessions, créations, emplois)", "logement": "Logements",
                "local": "Locaux professionnels", "foncier": "Foncier",
                "services": "Services (aménités)"}[self.value]

    @property
    def pillar(self) -> Pillar:
        if self is Supply.ACTIVITE:
            return Pillar.ACTIVITE
        if self is Supply.SERVICES:
            return Pillar.AMENITES
        return Pillar.RECEPTIVITE


# Guessed from the words of a free-text name when records are made from it; the officer
# corrects the kind on the Partenaires page. Checked in order, on the normalised name.
_KIND_WORDS: tuple[tuple[PartnerKind, tuple[str, ...]], ...] = (
    (PartnerKind.CCI, ("cci", "chambre commerce")),
    (PartnerKind.CMA, ("cma", "chambre metiers")),
    (PartnerKind.CHAMBRE_AGRICULTURE, ("chambre agriculture",)),
    (PartnerKind.FRANCE_TRAVAIL, ("france travail", "pole emploi")),
    (PartnerKind.BAILLEUR, ("habitat", "bailleur", "hlm", "logidome", "polygone")),
    (PartnerKind.AGENCE_IMMOBILIERE, ("agence", "immobili", "notaire")),
    (PartnerKind.COMMUNE, ("mairie", "commune", "communaute", "ville")),
)
_USUAL_SUPPLIES: dict[PartnerKind, frozenset[Supply]] = {
    PartnerKind.CCI: frozenset({Supply.ACTIVITE, Supply.LOCAL}),
    PartnerKind.CMA: frozenset({Supply.ACTIVITE, Supply.LOCAL}),
    PartnerKind.CHAMBRE_AGRICULTURE: frozenset({Supply.ACTIVITE, Supply.FONCIER}),
    PartnerKind.COMMUNE: frozenset({Supply.LOGEMENT, Supply.LOCAL, Supply.FONCIER,
                                    Supply.SERVICES}),
    PartnerKind.AGENCE_IMMOBILIERE: frozenset({Supply.LOGEMENT, Supply.LOCAL}),
    PartnerKind.BAILLEUR: frozenset({Supply.LOGEMENT}),
    PartnerKind.FRANCE_TRAVAIL: frozenset({Supply.ACTIVITE}),
    PartnerKind.AUTRE: frozenset(),
}


def guess_kind(name: str) -> PartnerKind:
    """The kind a name most likely belongs to (« CCI du Cantal » → CCI), else *autre*."""
    normal = normalise_organisation(name)
    padded = f" {normal} "
    for kind, words in _KIND_WORDS:
        if any(f" {w}" in padded for w in words):
            return kind
    return PartnerKind.AUTRE


def usual_supplies(kind: PartnerKind) -> frozenset[Supply]:
    return _USUAL_SUPPLIES[kind]


def siren_valid(siren: str) -> bool:
    """Whether ``siren`` is nine digits whose Luhn key is right (INSEE, répertoire SIRENE:
    the ninth digit is a Luhn check digit). Spaces are allowed between digits."""
    digits = siren.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def siren_error(siren: str) -> str | None:
    """A French message when an entered SIREN is wrong; ``None`` when empty or right."""
    text = siren.strip()
    if not text:
        return None
    digits = text.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        return (f"SIREN : « {text} » n'a pas la forme attendue, neuf chiffres "
                "(par exemple 130 005 481).")
    if not siren_valid(digits):
        return (f"SIREN : « {text} » a neuf chiffres mais sa clé de contrôle est fausse ; "
                "vérifiez une faute de frappe.")
    return None


# Pairs of names scoring at least this are proposed for merging. « CCI Cantal » and « CCI du
# Cantal » score 1.0 (same normalised name), « Chambre d'agriculture du Cantal » and « Chambre
# d'agricuture Cantal » 0.98, « Mairie de Murat » and « Mairie de Mauriac » 0.85 (not proposed).
NEAR_DUPLICATE = 0.9


def name_similarity(a: str, b: str) -> float:
    """How alike two organisation names are, from 0 to 1, on their normalised forms.

    The better of two measures: the ratio of matching characters (catches typos), and the
    share of the shorter name's words found in the longer one when it has at least two words
    (catches « France Travail » / « France Travail Saint-Flour » only when the shorter name is
    specific enough). One-word names compare by characters only: « Mairie » is not « Mairie
    de Murat ».
    """
    left, right = normalise_organisation(a), normalise_organisation(b)
    if not left or not right:
        return 0.0
    if left == right:
        return 1.0
    characters = SequenceMatcher(None, left, right).ratio()
    short, long_ = sorted((left.split(), right.split()), key=len)
    words = 0.0
    if len(short) >= 2 and len(long_) > len(short):
        words = 0.95 * sum(w in long_ for w in short) / len(short)
    return round(max(characters, words), 4)


@dataclass(frozen=True, slots=True)
class NamePair:
    first: str
    second: str
    similarity: float


def near_duplicates(names: Sequence[str], threshold: float = NEAR_DUPLICATE) -> list[NamePair]:
    """Pairs of distinct names that are probably the same organisation, most alike first."""
    unique = sorted({n.strip() for n in names if n.strip()})
    pairs = []
    for i, first in enumerate(unique):
        for second in unique[i + 1:]:
            score = name_similarity(first, second)
            if score >= threshold:
                pairs.append(NamePair(first, second, score))
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))


@dataclass(frozen=True, slots=True)
class Contact:
    """A person to call at a partner. Personal data: kept minimal (docs/partenaires.md)."""

    name: str
    role: str = ""
    email: str = ""
    phone: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Partner:
    name: str
    kind: PartnerKind = PartnerKind.AUTRE
    territory: str = ""  # in words: « Cantal », « Hautes Terres Communauté »
    communes: frozenset[str] = frozenset()  # INSEE codes covered; empty: not said
    siren: str = ""
    supplies: frozenset[Supply] = frozenset()
    templates: tuple[str, ...] = ()  # names of the import mapping templates of their files
    notes: str = ""
    contacts: tuple[Contact, ...] = field(default=())
    id: int | None = None

    @property
    def normalised(self) -> str:
        return normalise_organisation(self.name)


def partner_errors(partner: Partner) -> list[str]:
    """What is wrong with a partner record, in French; empty when it may be saved."""
    errors = []
    if not partner.name.strip():
        errors.append("Nom : le nom de l'organisation est obligatoire.")
    elif not partner.normalised:
        errors.append(f"Nom : « {partner.name} » ne contient ni lettre ni chiffre.")
    if message := siren_error(partner.siren):
        errors.append(message)
    for index, contact in enumerate(partner.contacts, start=1):
        if not contact.name.strip():
            errors.append(f"Contact {index} : le nom est obligatoire.")
        if contact.email.strip() and ("@" not in contact.email or " " in contact.email.strip()):
            errors.append(f"Contact {index} : « {contact.email} » n'est pas une adresse "
                          "électronique (attendu : nom@domaine.fr).")
    return errors


# -- veille answers ------------------------------------------------------------------------


class Answer(StrEnum):
    """What a partner answers about one line of the veille spreadsheet."""

    CONFIRME = "Confirmé"
    MODIFIE = "Modifié"
    PLUS_DISPONIBLE = "Plus disponible"


def read_answer(text: object) -> Answer | None:
    """The answer typed in a cell (any case and accents, « confirme », « plus dispo »…);
    ``None`` when the cell is empty or says something else."""
    if text is None:
        return None
    normal = normalise_organisation(str(text))
    if not normal:
        return None
    if normal.startswith("confirm") or normal in ("oui", "ok"):
        return Answer.CONFIRME
    if normal.startswith("modifi"):
        return Answer.MODIFIE
    if normal.startswith(("plus dispo", "pris", "vendu", "loue", "pourvu", "indispo")):
        return Answer.PLUS_DISPONIBLE
    return None

