"""What pages ask for when they change something: one call that validates, then writes.

Each function takes the open store and plain values and returns a small result a page can
draw; errors a user can fix come back as French :class:`FieldError`s, and a save refused
because someone else saved the offer meanwhile comes back as a
:class:`~accueil.domain.versions.Conflict` (with the other person's values), never as an
exception. Reading the stored offer and writing it happen in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from accueil.domain.access import Action, Principal, Refused, Role, require
from accueil.domain.offers import FieldError, Offer, OfferStatus
from accueil.domain.versions import (
    Conflict,
    RecordKind,
    StaleVersion,
    changes_between,
    offer_facts,
)
from accueil.services.forms import offer_from_values
from accueil.store.dashboard import known_communes
from accueil.store.db import Store, UnitOfWork
from accueil.store.offers import OfferQuery, archive_offer, get_offer, list_offers, save_offer
from accueil.store.offers import write_offers as _write_offers


@dataclass(frozen=True, slots=True)
class SubmitResult:
    offer_id: int | None
    errors: tuple[FieldError, ...]
    conflict: Conflict | None = None
    current: Offer | None = None  # the stored offer, when a conflict refused the save

    @property
    def saved(self) -> bool:
        return self.offer_id is not None


def _gone(offer_id: int) -> SubmitResult:
    return SubmitResult(None, (FieldError(
        "title", "Cette offre n'existe plus dans la base (supprimée depuis une autre fenêtre) : "
                 "rechargez la liste."),))


def submit_offer(store: Store, values: Mapping[str, Any], offer_id: int | None = None,
                 known: frozenset[str] | None = None, *, by: Principal,
                 seen: Offer | None = None) -> SubmitResult:
    """Validate the form ``values`` and, only if nothing is wrong, save the offer.

    ``offer_id`` edits that stored offer (keeping its creation date and demo flag); ``seen``
    is the offer as the form was filled from it: the save lands only if nobody saved the
    offer since (its version), else the result holds the :class:`Conflict` and the stored
    offer, and nothing is written. To overwrite knowingly, submit again with ``seen`` set to
    that stored offer. Without ``seen`` an edit overwrites whatever is stored. The stored
    offer is read and the new one written in one transaction. ``by`` must be allowed to edit
    the offer where it is and where it goes (:class:`Refused` otherwise); a partner's new
    offer is a *proposition* (status « proposée », their organisation as source) that a
    chargé de mission validates.
    """
    communes = known if known is not None else known_communes(store)

    def work(uow: UnitOfWork) -> SubmitResult:
        existing = get_offer(uow, offer_id) if offer_id is not None else None
        if offer_id is not None and existing is None:
            return _gone(offer_id)
        if existing is not None:
            require(by, Action.EDIT_OFFER, commune=existing.commune_insee,
                    organisation=existing.source_partner)
        elif by.role is Role.PARTENAIRE:
            require(by, Action.PROPOSE_OFFER)
        else:
            require(by, Action.EDIT_OFFER, existing=False)
        offer, errors = offer_from_values(
            values, communes, offer_id=offer_id,
            is_demo=existing.is_demo if existing else False,
            created_at=existing.created_at if existing else None)
        if errors:
            return SubmitResult(None, tuple(errors))
        if by.role is Role.PARTENAIRE:
            offer = replace(offer, source_partner=by.organisation,
                            status=OfferStatus.PROPOSEE if existing is None
                            or existing.status is OfferStatus.PROPOSEE else offer.status)
        else:
            require(by, Action.EDIT_OFFER, commune=offer.commune_insee,
                    existing=existing is not None, organisation=offer.source_partner)
        if existing is not None:
            base = seen if seen is not None else existing
            offer = _with_version(offer, base.version)
        return SubmitResult(save_offer(uow, offer, author=by.login), ())

    try:
        return store.write(work)
    except StaleVersion as stale:
        assert offer_id is not None
        current = get_offer(store, offer_id)
        if current is None and seen is None:
            return _gone(offer_id)
        yours, _ = offer_from_values(values, communes, offer_id=offer_id)
        base = seen if seen is not None else current
        assert base is not None
        return SubmitResult(None, (), offer_conflict(base, current, yours, stale), current)


def _with_version(offer: Offer, version: int | None) -> Offer:
    return replace(offer, version=version)


def offer_conflict(seen: Offer, current: Offer | None, yours: Offer,
                   stale: StaleVersion | None = None) -> Conflict:
    """The clash between the offer as opened (``seen``), as stored now (``current``, ``None``
    when deleted) and as typed (``yours``): the fields the other person changed."""
    if current is None:
        return Conflict(RecordKind.OFFER, seen.title, seen.version or 0, None)
    return Conflict(
        RecordKind.OFFER, current.title, seen.version or 0,
        current.version if stale is None or stale.found is None else stale.found,
        changed_at=current.updated_at,
        changes=changes_between(offer_facts(seen), offer_facts(current), offer_facts(yours)))


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    archived: bool
    conflict: Conflict | None = None
    message: str = ""


def archive(store: Store, offer: Offer, *, by: Principal) -> ArchiveResult:
    """Archive ``offer`` as shown (it leaves the lists, stays in the store); refused (with
    the conflict) if it changed since, or with :class:`Refused` if ``by`` may not."""
    assert offer.id is not None
    existing = get_offer(store, offer.id)
    if existing is None:
        return ArchiveResult(False, None,
                             "Cette offre n'existe plus dans la base : rechargez la liste.")
    require(by, Action.DELETE_OFFER, commune=existing.commune_insee,
            organisation=existing.source_partner)
    try:
        archive_offer(store, offer.id, offer.version, author=by.login)
    except StaleVersion as stale:
        current = get_offer(store, offer.id)
        return ArchiveResult(False, offer_conflict(offer, current, offer, stale))
    return ArchiveResult(True, None, "Offre archivée.")


def proposals(store: Store, by: Principal) -> pd.DataFrame:
    """Offers proposed by partners and waiting for validation, in ``by``'s territories."""
    listed = list_offers(store, OfferQuery(statuses=(OfferStatus.PROPOSEE,), limit=None))
    if by.communes is not None:
        listed = listed[listed["commune_insee"].isin(by.communes)]
    return listed


def validate_proposal(store: Store, offer_id: int, *, by: Principal,
                      accept: bool = True) -> str:
    """A chargé de mission accepts a partner's proposition (it becomes a repérée offer) or
    turns it down (archived); read and written in one transaction."""
    def work(uow: UnitOfWork) -> str:
        offer = get_offer(uow, offer_id)
        if offer is None or offer.status is not OfferStatus.PROPOSEE:
            return "Cette proposition n'est plus en attente : rechargez la page."
        require(by, Action.VALIDATE_PROPOSAL, commune=offer.commune_insee)
        status = OfferStatus.VEILLE if accept else OfferStatus.ARCHIVEE
        _write_offers(uow, [replace(offer, status=status)], author=by.login)
        return (f"Proposition « {offer.title} » validée : l'offre est repérée (veille)."
                if accept else f"Proposition « {offer.title} » refusée : elle est archivée.")
    return store.write(work)


__all__ = ["ArchiveResult", "Refused", "SubmitResult", "archive", "offer_conflict", "proposals",
           "submit_offer", "validate_proposal"]
