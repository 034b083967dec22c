"""What pages ask for when they change something: one call that validates, then writes.

Each function takes the open store and plain values and returns a small result a page can
draw; errors a user can fix come back as French :class:`FieldError`s, never as exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from accueil.domain.access import Action, Principal, Refused, Role, require
from accueil.domain.offers import FieldError, OfferStatus
from accueil.services.forms import offer_from_values
from accueil.store.dashboard import known_communes
from accueil.store.db import Store, UnitOfWork
from accueil.store.offers import OfferQuery, archive_offer, get_offer, list_offers, save_offer
from accueil.store.offers import write_offers as _write_offers


@dataclass(frozen=True, slots=True)
class SubmitResult:
    offer_id: int | None
    errors: tuple[FieldError, ...]

    @property
    def saved(self) -> bool:
        return self.offer_id is not None


def submit_offer(store: Store, values: Mapping[str, Any], offer_id: int | None = None,
                 known: frozenset[str] | None = None, *, by: Principal) -> SubmitResult:
    """Validate the form ``values`` and, only if nothing is wrong, save the offer.

    ``offer_id`` edits that stored offer (keeping its creation date and demo flag).
    Nothing is written when a single field is wrong. ``by`` must be allowed to edit the
    offer where it is and where it goes (:class:`Refused` otherwise); a partner's new offer
    is a *proposition* (status « proposée », their organisation as source) that a chargé de
    mission validates.
    """
    existing = get_offer(store, offer_id) if offer_id is not None else None
    if offer_id is not None and existing is None:
        return SubmitResult(None, (FieldError(
            "title", "Cette offre n'existe plus dans la base : rechargez la liste."),))
    if existing is not None:
        require(by, Action.EDIT_OFFER, commune=existing.commune_insee,
                organisation=existing.source_partner)
    elif by.role is Role.PARTENAIRE:
        require(by, Action.PROPOSE_OFFER)
    else:
        require(by, Action.EDIT_OFFER, existing=False)
    offer, errors = offer_from_values(
        values, known if known is not None else known_communes(store), offer_id=offer_id,
        is_demo=existing.is_demo if existing else False,
        created_at=existing.created_at if existing else None)
    if errors:
        return SubmitResult(None, tuple(errors))
    if by.role is Role.PARTENAIRE:
        offer = replace(offer, source_partner=by.organisation,
                        status=OfferStatus.PROPOSEE if existing is None
                        or existing.status is OfferStatus.PROPOSEE else offer.status)
    else:
        require(by, Action.EDIT_OFFER, commune=offer.commune_insee, existing=existing is not None,
                organisation=offer.source_partner)
    return SubmitResult(save_offer(store, offer, author=by.login), ())


def archive(store: Store, offer_id: int, *, by: Principal) -> str:
    """Archive an offer (it leaves the lists, stays in the store); a French message."""
    existing = get_offer(store, offer_id)
    if existing is None:
        return "Cette offre n'existe plus dans la base : rechargez la liste."
    require(by, Action.DELETE_OFFER, commune=existing.commune_insee,
            organisation=existing.source_partner)
    archive_offer(store, offer_id, author=by.login)
    return "Offre archivée."


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


__all__ = ["Refused", "SubmitResult", "archive", "proposals", "submit_offer",
           "validate_proposal"]
