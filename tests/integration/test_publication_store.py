"""Publication states, dates and records in the store (both engines)."""

from __future__ import annotations

from datetime import datetime

import pytest

from accueil.domain.diffusion import DiffusionSettings, PublicationState
from accueil.domain.offers import Confidentiality, OfferStatus
from accueil.store import offers as offer_store
from accueil.store import publication as pub
from accueil.store.db import Store
from tests.builders import qualified_offer

MONDAY = datetime(2026, 12, 7, 9, 0)
TUESDAY = datetime(2026, 12, 8, 9, 0)


def test_settings_are_kept_in_the_store(store: Store) -> None:
    assert pub.load_settings(store) == DiffusionSettings()
    chosen = DiffusionSettings(small_commune_population=2000, small_place="epci",
                               contact_name="Maison de l'accueil « Cantal »",
                               amount_bands=(0, 100_000, 300_000))
    pub.save_settings(store, chosen)
    assert pub.load_settings(store) == chosen


def test_an_offer_marked_then_published_keeps_its_first_publication_date(store: Store) -> None:
    first, second = offer_store.save_offers(store, [qualified_offer(), qualified_offer()])
    assert pub.request_publication(store, [first, second], "cm", MONDAY) == 2
    assert pub.publications_of(store)[first].state is PublicationState.A_PUBLIER
    number = pub.record_publication(
        store, created_by="cm", audience="public", settings=DiffusionSettings(),
        files=["index.html"], location="/tmp/x", published={first: "A", second: "B"},
        dropped={}, now=MONDAY)
    again = pub.record_publication(
        store, created_by="cm", audience="public", settings=DiffusionSettings(),
        files=["index.html"], location="/tmp/y", published={first: "A"},
        dropped={second: "pourvue"}, now=TUESDAY)
    states = pub.publications_of(store)
    assert states[first].state is PublicationState.PUBLIEE
    assert states[first].published_at == MONDAY
    assert states[first].last_published_at == TUESDAY
    assert states[second].state is PublicationState.RETIREE
    assert states[second].withdrawn_at == TUESDAY
    assert states[second].words == "Retirée le 08/12/2026 (pourvue)"
    records = pub.list_publications(store)
    assert [r.id for r in records] == [again, number]
    assert records[0].offer_count == 1
    assert records[0].files == ("index.html",)
    assert pub.publication_offer_ids(store, number) == sorted([first, second])


def test_withdrawing_a_publication_withdraws_its_offers(store: Store) -> None:
    (only,) = offer_store.save_offers(store, [qualified_offer()])
    number = pub.record_publication(
        store, created_by="cm", audience="public", settings=DiffusionSettings(), files=[],
        location="", published={only: "A"}, dropped={}, now=MONDAY)
    record = pub.withdraw_publication(store, number, "cm2", TUESDAY)
    assert record.withdrawn_at == TUESDAY
    assert record.withdrawn_by == "cm2"
    state = pub.publications_of(store)[only]
    assert state.state is PublicationState.RETIREE
    assert "publication n°" in state.withdrawn_reason
    # marked again, it comes back « à publier »
    assert pub.request_publication(store, [only], "cm", TUESDAY) == 1
    assert pub.publications_of(store)[only].state is PublicationState.A_PUBLIER


def test_candidates_are_offers_marked_or_in_status_publiee(store: Store) -> None:
    marked, published, other = offer_store.save_offers(store, [
        qualified_offer(), qualified_offer(status=OfferStatus.PUBLIEE,
                                           confidentiality=Confidentiality.CONFIDENTIELLE),
        qualified_offer()])
    pub.request_publication(store, [marked], "cm", MONDAY)
    frame = pub.candidate_offers(store)
    assert sorted(frame["id"]) == sorted([marked, published])
    assert {"confidentiality", "commune_insee", "source_partner"} <= set(frame.columns)
    assert other not in set(frame["id"])


def test_marking_an_unknown_offer_is_refused(store: Store) -> None:
    with pytest.raises(KeyError):
        pub.request_publication(store, [999], "cm", MONDAY)
