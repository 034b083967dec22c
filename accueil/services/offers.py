"""What pages ask for when they change something: one call that validates, then writes.

Each function takes the open store and plain values and returns a small result a page can
draw; errors a user can fix come back as French :class:`FieldError`s, never as exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from accueil.domain.offers import FieldError
from accueil.services.forms import offer_from_values
from accueil.store.dashboard import known_communes
from accueil.store.db import Store
from accueil.store.offers import get_offer, save_offer


@dataclass(frozen=True, slots=True)
class SubmitResult:
    offer_id: int | None
    errors: tuple[FieldError, ...]

    @property
    def saved(self) -> bool:
        return self.offer_id is not None


def submit_offer(store: Store, values: Mapping[str, Any], offer_id: int | None = None,
                 known: frozenset[str] | None = None) -> SubmitResult:
    """Validate the form ``values`` and, only if nothing is wrong, save the offer.

    ``offer_id`` edits that stored offer (keeping its creation date and demo flag).
    Nothing is written when a single field is wrong.
    """
    existing = get_offer(store, offer_id) if offer_id is not None else None
    if offer_id is not None and existing is None:
        return SubmitResult(None, (FieldError(
            "title", "Cette offre n'existe plus dans la base : rechargez la liste."),))
    offer, errors = offer_from_values(
        values, known if known is not None else known_communes(store), offer_id=offer_id,
        is_demo=existing.is_demo if existing else False,
        created_at=existing.created_at if existing else None)
    if errors:
        return SubmitResult(None, tuple(errors))
    return SubmitResult(save_offer(store, offer), ())
