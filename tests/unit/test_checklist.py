"""The qualification checklist: present, missing, out of date, in step with the pillar rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from accueil.domain.checklist import CheckState, build_checklist
from accueil.domain.inventory import InventoryItem
from accueil.domain.offers import Activity, ActivityKind, Offer
from accueil.domain.pillars import Pillar, Qualification
from tests.builders import SAINT_FLOUR, housing, premises, qualified_offer, takeover

TODAY = date(2026, 11, 26)
FRESH = date(2026, 11, 2)

OFFERS = {
    "qualifiée": qualified_offer(),
    "sans logement": qualified_offer(receptivity=()),
    "logement sans surface": qualified_offer(receptivity=(housing(surface_m2=None),)),
    "sans aménités": qualified_offer(amenities=frozenset(), living_environment=""),
    "reprise incomplète": qualified_offer(activity=takeover(turnover=None, sale_reason="")),
    "création sans local": qualified_offer(
        activity=Activity(kind=ActivityKind.CREATION, naf_code="10.71C", need="Boulangerie")),
    "emploi": qualified_offer(activity=Activity(kind=ActivityKind.EMPLOI, job_title="Cuisinier"),
                              receptivity=(housing(), premises())),
    "sans activité": qualified_offer(activity=None),
}


@pytest.mark.parametrize("name", OFFERS)
def test_a_line_is_missing_exactly_when_the_pillar_rules_say_so(name: str) -> None:
    offer = OFFERS[name]
    checklist = build_checklist(offer, {}, today=TODAY, veille_months=6)
    for pillar in checklist.assessment.pillars:
        missing = [c.label for c in checklist.of(pillar.pillar) if c.state is CheckState.MISSING]
        # the rules say "un logement décrit (surface)" where the checklist says "un logement"
        assert len(missing) == len(pillar.missing), (pillar.pillar, missing, pillar.missing)
        for label, rule in zip(missing, pillar.missing, strict=True):
            assert rule.startswith(label)


def test_a_qualified_offer_verified_recently_has_every_line_present() -> None:
    checklist = build_checklist(OFFERS["qualifiée"], {}, today=TODAY, veille_months=6)
    assert checklist.assessment.qualification is Qualification.QUALIFIEE
    assert checklist.count(CheckState.PRESENT) == len(checklist.checks)
    assert checklist.completeness == 1.0


def record(offer: Offer, **changes: object) -> dict[int, InventoryItem]:
    item = offer.receptivity[0]
    assert item.id is not None
    values: dict[str, object] = {"item": item, "commune_insee": SAINT_FLOUR,
                                 "verified_on": FRESH}
    values.update(changes)
    return {item.id: InventoryItem(**values)}  # type: ignore[arg-type]


@pytest.mark.parametrize(("changes", "detail"), [
    ({"verified_on": date(2026, 3, 1)}, "vérifié le 01/03/2026"),
    ({"verified_on": None}, "jamais vérifié"),
    ({"archived": True}, "retiré de l'inventaire (archivé)"),
])
def test_housing_met_only_by_an_old_or_archived_record_is_to_check_again(
        changes: dict[str, object], detail: str) -> None:
    offer = qualified_offer(receptivity=(housing(id=41),))
    checklist = build_checklist(offer, record(offer, **changes), today=TODAY, veille_months=6)
    (line,) = checklist.of(Pillar.RECEPTIVITE)
    assert line.state is CheckState.STALE
    assert line.detail.endswith(detail)
    assert checklist.assessment.qualified  # the qualification stands until someone changes it


def test_a_fresh_record_keeps_the_housing_present() -> None:
    offer = qualified_offer(receptivity=(housing(id=41),))
    checklist = build_checklist(offer, record(offer), today=TODAY, veille_months=6)
    (line,) = checklist.of(Pillar.RECEPTIVITE)
    assert (line.state, line.detail) == (CheckState.PRESENT,
                                         "Maison de bourg, vérifié le 02/11/2026")


@pytest.mark.parametrize(("verified", "months", "state"), [
    (FRESH, 6, CheckState.PRESENT),
    (date(2026, 4, 1), 6, CheckState.STALE),
    (date(2026, 4, 1), 12, CheckState.PRESENT),
    (None, 6, CheckState.STALE),
])
def test_the_offer_itself_is_to_check_again_after_the_veille_period(
        verified: date | None, months: int, state: CheckState) -> None:
    offer = replace(OFFERS["qualifiée"], verified_on=verified)
    checklist = build_checklist(offer, {}, today=TODAY, veille_months=months)
    line = next(c for c in checklist.of(Pillar.ACTIVITE) if "vérification" in c.label)
    assert line.state is state
