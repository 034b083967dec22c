"""The qualification checklist of one offer: per pillar, what is present, missing or out of date.

Built from the same tables as the pillar rules (:mod:`accueil.domain.pillars`), so that a line
is *missing* exactly when the rules say so; *out of date* adds the veille: a requirement met
only by a record not verified within the period (or by an archived item) is to be checked
again, though the offer keeps its qualification until someone changes it. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from accueil.domain.blank import is_blank
from accueil.domain.inventory import InventoryItem, is_stale
from accueil.domain.offers import ActivityKind, Offer
from accueil.domain.pillars import (
    ACTIVITY_REQUIREMENTS,
    ESSENTIAL_AMENITIES,
    RECEPTIVITY_NEEDS,
    Assessment,
    Pillar,
    assess,
    item_gaps,
)


class CheckState(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    STALE = "stale"

    @property
    def label(self) -> str:
        return {"present": "Présent", "missing": "Manquant", "stale": "À revérifier"}[self.value]


@dataclass(frozen=True, slots=True)
class Check:
    """One line of the checklist: what is required, its state, and a French detail."""

    pillar: Pillar
    label: str
    state: CheckState
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Checklist:
    assessment: Assessment
    checks: tuple[Check, ...]

    def of(self, pillar: Pillar) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.pillar is pillar)

    def count(self, state: CheckState) -> int:
        return sum(c.state is state for c in self.checks)

    @property
    def completeness(self) -> float:
        """The offer's completeness by the pillar rules (a partial pillar counts half)."""
        return self.assessment.completeness


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "jamais"


def build_checklist(offer: Offer, items: Mapping[int, InventoryItem], *, today: date,
                    veille_months: int) -> Checklist:
    """The checklist of ``offer``; ``items`` gives the inventory record of its items by id."""
    checks: list[Check] = []
    activity = offer.activity
    if activity is None:
        checks.append(Check(Pillar.ACTIVITE, "le type d'activité", CheckState.MISSING))
    else:
        for attribute, label in ACTIVITY_REQUIREMENTS[activity.kind]:
            state = (CheckState.MISSING if is_blank(getattr(activity, attribute))
                     else CheckState.PRESENT)
            checks.append(Check(Pillar.ACTIVITE, label, state))
    stale_offer = is_stale(offer.verified_on, today, veille_months)
    checks.append(Check(
        Pillar.ACTIVITE, "une vérification récente de l'offre",
        CheckState.STALE if stale_offer else CheckState.PRESENT,
        f"vérifiée le {_day(offer.verified_on)}" if offer.verified_on else "jamais vérifiée"))

    kind = activity.kind if activity else ActivityKind.EMPLOI
    for kinds, label in RECEPTIVITY_NEEDS[kind]:
        candidates = [item for item in offer.receptivity if item.kind in kinds]
        complete = [item for item in candidates if not item_gaps(item)]
        if not candidates:
            checks.append(Check(Pillar.RECEPTIVITE, label, CheckState.MISSING,
                                "aucun bien rattaché"))
            continue
        if not complete:
            best = min(candidates, key=lambda item: len(item_gaps(item)))
            checks.append(Check(Pillar.RECEPTIVITE, label, CheckState.MISSING,
                                "à compléter : " + ", ".join(item_gaps(best))))
            continue
        fresh = [item for item in complete if item.id is None or item.id not in items
                 or (not items[item.id].archived
                     and not is_stale(items[item.id].verified_on, today, veille_months))]
        if fresh:
            shown = fresh[0]
            record = items.get(shown.id) if shown.id is not None else None
            detail = (shown.description or shown.kind.label) + (
                f", vérifié le {_day(record.verified_on)}" if record and record.verified_on
                else "")
            checks.append(Check(Pillar.RECEPTIVITE, label, CheckState.PRESENT, detail))
        else:
            shown = complete[0]
            record = items[shown.id] if shown.id is not None else None
            if record is not None and record.archived:
                why = "retiré de l'inventaire (archivé)"
            elif record is not None and record.verified_on is not None:
                why = f"vérifié le {_day(record.verified_on)}"
            else:
                why = "jamais vérifié"
            checks.append(Check(Pillar.RECEPTIVITE, label, CheckState.STALE,
                                f"{shown.description or shown.kind.label} : {why}"))

    for group, label in ESSENTIAL_AMENITIES:
        present = group & offer.amenities
        checks.append(Check(Pillar.AMENITES, label,
                            CheckState.PRESENT if present else CheckState.MISSING))
    checks.append(Check(
        Pillar.AMENITES, "une description du cadre de vie",
        CheckState.PRESENT if offer.living_environment.strip() else CheckState.MISSING))
    return Checklist(assess(offer), tuple(checks))
