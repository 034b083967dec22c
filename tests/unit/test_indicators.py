"""The headline indicators, each defined once (accueil.domain.indicators)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from accueil.domain.indicators import HIDDEN_COUNT, Indicator, OfferFacts, compute, glossary
from accueil.domain.pillars import Pillar

NAN = math.nan


def facts(rows: list[tuple[str, str, str, str, str, float, bool]]) -> OfferFacts:
    """rows: status, qualification, activité, réceptivité, aménités, days, undisclosed."""
    column = list(zip(*rows, strict=True)) if rows else [()] * 7
    return OfferFacts(
        status=np.array(column[0], dtype=object),
        qualification=np.array(column[1], dtype=object),
        pillars={p: np.array(column[2 + i], dtype=object) for i, p in enumerate(Pillar)},
        days_to_qualify=np.array(column[5], dtype="float64"),
        undisclosed=np.array(column[6], dtype=bool))


Q = ("qualifiee", "complet", "complet", "complet")
NO_RECEPTIVITY = ("a_completer", "complet", "absent", "complet")
NO_AMENITIES = ("a_completer", "complet", "complet", "partiel")


def test_open_offers_leave_out_filled_ones_which_are_counted_apart() -> None:
    found = compute(facts([
        ("publiee", *Q, 10.0, False), ("veille", *NO_RECEPTIVITY, NAN, False),
        ("en_qualification", *NO_RECEPTIVITY, NAN, False), ("pourvue", *Q, 4.0, False),
    ]), population=2000)
    assert (found.open, found.qualified, found.filled, found.to_qualify) == (3, 1, 1, 2)
    assert found.share == pytest.approx(1 / 3)
    assert found.density == pytest.approx(1.5)
    assert found.most_missing == (Pillar.RECEPTIVITE,)
    # only open qualified offers count: the filled one's 4 days are not in the median
    assert found.days_to_qualify == 10.0
    assert [found.text(i) for i in Indicator] == [
        "3", "1", "33\u00a0%", "Réceptivité", "1,5", "1", "10 jours"]


def test_tied_pillars_are_all_named_and_none_when_every_offer_is_qualified() -> None:
    tied = compute(facts([("publiee", *NO_RECEPTIVITY, NAN, False),
                          ("publiee", *NO_AMENITIES, NAN, False)]), 0)
    assert tied.text(Indicator.MISSING_PILLAR) == "Réceptivité et aménités"
    assert tied.density is None
    done = compute(facts([("publiee", *Q, 0.25, False)]), 100)
    assert done.most_missing == ()
    assert done.text(Indicator.MISSING_PILLAR) == "Aucun"
    assert done.text(Indicator.TIME_TO_QUALIFY) == "< 1 jour"
    assert done.text(Indicator.DENSITY) == "10"
    sparse = compute(facts([("publiee", *Q, 0.25, False)]), 8_000_000)
    assert sparse.text(Indicator.DENSITY) == "< 0,01"


def test_nothing_to_count_gives_zeros_and_no_share() -> None:
    empty = compute(facts([]), 500)
    assert (empty.open, empty.qualified, empty.share, empty.days_to_qualify) == (0, 0, None, None)
    assert empty.text(Indicator.SHARE) == "—"


def test_a_small_count_holding_an_undisclosed_offer_is_hidden() -> None:
    found = compute(facts([("publiee", *Q, 3.0, True), ("publiee", *NO_RECEPTIVITY, NAN, False),
                           ("publiee", *NO_RECEPTIVITY, NAN, False)]), 1000)
    assert found.open == 3  # three offers: shown, even with a confidential one among them
    assert found.qualified is None  # one, and it is confidential: hidden
    assert found.text(Indicator.QUALIFIED) == HIDDEN_COUNT
    assert found.share is None
    assert found.protected
    # the two offers without réceptivité are both disclosed: their count is shown
    assert found.incomplete[Pillar.RECEPTIVITE] == 2
    assert found.most_missing == (Pillar.RECEPTIVITE,)


def test_every_indicator_has_a_french_definition_in_the_glossary() -> None:
    entries = glossary()
    assert len(entries) == len(Indicator)
    assert all(label and definition.endswith(".") for label, definition in entries)
