"""The headline indicators of a territory, each defined once: what every surface shows.

Dashboard, *Qualifier*, map, slide deck, presentation mode and territory report all call
:func:`compute` (through :mod:`accueil.services.indicators`), so that the same territory and
filters give the same figures everywhere. Each :class:`Indicator` carries its French label and
its one-line definition (hover help and the report's glossary). Pure: numpy arrays in, a frozen
:class:`Indicators` out; no I/O.

Definitions (the offers counted are those of the territory matching the filters, archived
offers never):

- *open*: offers neither filled (*pourvue*) nor archived;
- *qualified*: open offers whose three pillars are complete;
- *share qualified*: qualified / open;
- *pillar most often missing*: the pillar partial or absent in the most open offers (several
  when they tie, none when every open offer is qualified);
- *offers per 1 000 inhabitants*: open offers per 1 000 inhabitants of the territory's
  communes (INSEE municipal population);
- *filled*: offers marked *pourvue* (a newcomer took them);
- *time to qualify*: median number of days from an open qualified offer's creation in the
  tool to its qualification.

Small-count protection (:func:`accueil.domain.access.protect_count`) applies to every count an
audience may not see in full: a hidden count is ``None`` and prints as « < 3 ».
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from accueil import fr
from accueil.domain.access import SMALL_COUNT, protect_count
from accueil.domain.offers import OfferStatus
from accueil.domain.pillars import Pillar, PillarStatus, Qualification

OPEN_STATUSES = (OfferStatus.VEILLE, OfferStatus.EN_QUALIFICATION, OfferStatus.PUBLIEE)
HIDDEN_COUNT = f"< {SMALL_COUNT}"


class Indicator(StrEnum):
    OPEN = "ouvertes"
    QUALIFIED = "qualifiees"
    SHARE = "part"
    MISSING_PILLAR = "pilier"
    DENSITY = "densite"
    FILLED = "pourvues"
    TIME_TO_QUALIFY = "delai"

    @property
    def label(self) -> str:
        return {
            "ouvertes": "Offres ouvertes",
            "qualifiees": "Offres qualifiées",
            "part": "Part qualifiée",
            "pilier": "Pilier le plus souvent manquant",
            "densite": "Offres pour 1 000 habitants",
            "pourvues": "Offres pourvues",
            "delai": "Délai de qualification",
        }[self.value].replace("1 000", f"1{fr.NBSP}000")

    @property
    def definition(self) -> str:
        """One French line: what is counted, for hover help and the glossary."""
        return {
            "ouvertes": "Offres du territoire ni pourvues ni archivées (repérées, en "
                        "qualification ou publiées).",
            "qualifiees": "Offres ouvertes dont les trois piliers sont complets : activité, "
                          "réceptivité, aménités.",
            "part": "Offres qualifiées rapportées aux offres ouvertes.",
            "pilier": "Le pilier partiel ou absent dans le plus grand nombre d'offres "
                      "ouvertes.",
            "densite": "Offres ouvertes rapportées à la population municipale (INSEE) des "
                       "communes du territoire, pour 1 000 habitants.",
            "pourvues": "Offres marquées « pourvue » : un nouvel arrivant les a reprises ou "
                        "occupées.",
            "delai": "Médiane du nombre de jours entre l'enregistrement d'une offre ouverte "
                     "qualifiée et sa qualification.",
        }[self.value]


@dataclass(frozen=True, slots=True)
class OfferFacts:
    """What the indicators need of each offer, one array entry per offer (same order).

    ``status``/``qualification``: stored values; ``pillars``: each pillar's stored status;
    ``days_to_qualify``: days from creation to qualification, NaN when not qualified;
    ``undisclosed``: the audience may not see the offer in detail (counted only).
    """

    status: npt.NDArray[np.object_]
    qualification: npt.NDArray[np.object_]
    pillars: Mapping[Pillar, npt.NDArray[np.object_]]
    days_to_qualify: npt.NDArray[np.float64]
    undisclosed: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.status)


@dataclass(frozen=True, slots=True)
class Indicators:
    """The indicators of one territory (or area); a count is ``None`` when protected."""

    open: int | None
    qualified: int | None
    filled: int | None
    incomplete: Mapping[Pillar, int | None]  # open offers whose pillar is partial or absent
    most_missing: tuple[Pillar, ...]  # ties all listed; empty when none is missing
    population: int
    days_to_qualify: float | None  # median; None without a qualified offer with dates
    timed: int  # qualified offers behind days_to_qualify
    undisclosed: int  # offers counted that the audience may not see in detail

    @property
    def share(self) -> float | None:
        if self.open is None or self.qualified is None or self.open == 0:
            return None
        return self.qualified / self.open

    @property
    def density(self) -> float | None:
        if self.open is None or self.population <= 0:
            return None
        return self.open * 1000 / self.population

    @property
    def to_qualify(self) -> int | None:
        if self.open is None or self.qualified is None:
            return None
        return self.open - self.qualified

    @property
    def protected(self) -> bool:
        """Whether some count is hidden by small-count protection."""
        counts = [self.open, self.qualified, self.filled, *self.incomplete.values()]
        return any(c is None for c in counts)

    def text(self, indicator: Indicator) -> str:
        """The indicator's value in French, as every surface prints it."""
        if indicator is Indicator.OPEN:
            return count_text(self.open)
        if indicator is Indicator.QUALIFIED:
            return count_text(self.qualified)
        if indicator is Indicator.FILLED:
            return count_text(self.filled)
        if indicator is Indicator.SHARE:
            return fr.percent(self.share)
        if indicator is Indicator.MISSING_PILLAR:
            return pillar_words(self.most_missing) if self.most_missing else "Aucun"
        if indicator is Indicator.DENSITY:
            value = self.density
            decimals = 0 if value is None or value >= 10 else 1 if value >= 1 else 2
            if value is not None and 0 < value < 0.005:
                return "< 0,01"  # a few offers over a whole massif: not « 0,00 »
            return fr.number(value, decimals)
        days = self.days_to_qualify
        if days is None:
            return fr.MISSING
        if days < 1:
            return "< 1 jour"  # short: a metric tile shows ~10 characters
        return fr.plural(round(days), "jour")


def count_text(value: int | None) -> str:
    """A count in French, or « < 3 » when small-count protection hides it."""
    return HIDDEN_COUNT if value is None else fr.number(value)


def pillar_words(pillars: tuple[Pillar, ...]) -> str:
    """``(RECEPTIVITE, AMENITES)`` → ``"Réceptivité et aménités"``."""
    words = [p.label.lower() for p in pillars]
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]
    return text[:1].upper() + text[1:]


def _protected(mask: npt.NDArray[np.bool_], undisclosed: npt.NDArray[np.bool_]) -> int | None:
    return protect_count(int(mask.sum()), int((mask & undisclosed).sum()))


def compute(facts: OfferFacts, population: int) -> Indicators:
    """The indicators of the offers in ``facts`` for a territory of ``population``."""
    status = facts.status
    undisclosed = facts.undisclosed
    is_open = np.isin(status, [s.value for s in OPEN_STATUSES])
    qualified = is_open & (facts.qualification == Qualification.QUALIFIEE.value)
    filled = status == OfferStatus.POURVUE.value
    raw_incomplete = {p: is_open & (facts.pillars[p] != PillarStatus.COMPLET.value)
                      for p in Pillar}
    incomplete = {p: _protected(mask, undisclosed) for p, mask in raw_incomplete.items()}
    # The most missing pillar is chosen on the true counts but named only when its count may
    # be shown: naming it when hidden would say nothing more than the count it rests on.
    counts = {p: int(mask.sum()) for p, mask in raw_incomplete.items()}
    top = max(counts.values(), default=0)
    most = tuple(p for p in Pillar if top > 0 and counts[p] == top
                 and incomplete[p] is not None)
    days = facts.days_to_qualify[qualified]
    days = days[~np.isnan(days)]
    median = float(np.median(days)) if len(days) else None
    return Indicators(
        open=_protected(is_open, undisclosed), qualified=_protected(qualified, undisclosed),
        filled=_protected(filled, undisclosed), incomplete=incomplete, most_missing=most,
        population=int(population), days_to_qualify=median, timed=len(days),
        undisclosed=int(undisclosed.sum()))


def glossary() -> list[tuple[str, str]]:
    """(label, definition) of every indicator, in the order surfaces show them."""
    return [(i.label, i.definition) for i in Indicator]


@dataclass(frozen=True, slots=True)
class Progress:
    """What changed since a date; a count is ``None`` when protected."""

    since: str  # the date, French
    created: int | None  # offers recorded since (still open or filled)
    qualified: int | None  # open offers qualified since
    filled: int | None  # offers filled since (last change of a filled offer, see below)


PROGRESS_NOTE = ("« Pourvues » : offres marquées pourvues dont la dernière modification date "
                 "de la période (la date du passage à « pourvue » n'est pas encore "
                 "enregistrée à part).")


def progress(facts: OfferFacts, created: npt.NDArray[np.datetime64],
             qualified_at: npt.NDArray[np.datetime64], updated: npt.NDArray[np.datetime64],
             since: np.datetime64, since_text: str) -> Progress:
    """Offers created, qualified and filled from ``since`` on (arrays in ``facts``' order)."""
    undisclosed = facts.undisclosed
    is_open = np.isin(facts.status, [s.value for s in OPEN_STATUSES])
    new = created >= since
    qualified = is_open & (facts.qualification == Qualification.QUALIFIEE.value) & (
        qualified_at >= since)
    filled = (facts.status == OfferStatus.POURVUE.value) & (updated >= since)
    return Progress(since_text, _protected(new, undisclosed), _protected(qualified, undisclosed),
                    _protected(filled, undisclosed))
