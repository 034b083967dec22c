"""Officers editing one offer at the same time, as the offer form does it (shared by tests and
bench/bench_concurrency.py).

Each simulated session opens the offer (reads it, as the form is filled), adds a line of its
own to the description, and saves through :func:`accueil.services.offers.submit_offer`, in an
order drawn at random. A save either lands, or is refused as a conflict (the session is told,
reopens the offer and tries again); an edit is *lost* when its save said "enregistrée" but its
line is not in the offer at the end. ``checked=False`` saves without naming the version the
form started from: how every save went before issue 14.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from accueil.domain.offers import Offer
from accueil.services import forms
from accueil.services.offers import submit_offer
from accueil.store.db import Store
from accueil.store.offers import get_offer, save_offer
from tests.builders import ADMIN, qualified_offer

KNOWN = frozenset({"15187"})


@dataclass(frozen=True, slots=True)
class Interleaving:
    sessions: int
    attempts: int  # saves tried
    saved: int  # saves told "enregistrée"
    conflicts: int  # saves refused with the conflict message
    lost: int  # saved, yet missing at the end
    errors: int  # anything else (an exception): should be 0


def new_offer(store: Store) -> int:
    return save_offer(store, qualified_offer(description="Lignes :"))


def interleave(store: Store, offer_id: int, sessions: int, edits: int, *, seed: int = 14,
               checked: bool = True) -> Interleaving:
    """``edits`` saves by ``sessions`` sessions on the offer ``offer_id``, interleaved at
    random (each step: a session opens the offer if it has not, else saves its edit)."""
    draw = random.Random(seed)
    opened: dict[int, Offer | None] = dict.fromkeys(range(sessions))
    told_saved: list[str] = []
    attempts = conflicts = errors = 0
    while attempts < edits:
        session = draw.randrange(sessions)
        seen = opened[session]
        if seen is None:
            opened[session] = get_offer(store, offer_id)
            continue
        line = f"s{session}-e{attempts}"
        values = forms.values_from_offer(seen)
        values["description"] = f"{seen.description}\n{line}"
        attempts += 1
        try:
            result = submit_offer(store, values, offer_id, known=KNOWN, by=ADMIN,
                                  seen=seen if checked else None)
        except Exception:  # noqa: BLE001 - counted: an error where a conflict was due
            errors += 1
            opened[session] = None
            continue
        if result.saved:
            told_saved.append(line)
        elif result.conflict is not None:
            conflicts += 1
        else:
            errors += 1
        opened[session] = None  # after a save or a refusal, the form is opened afresh
    final = get_offer(store, offer_id)
    assert final is not None
    kept = set(final.description.splitlines())
    lost = sum(line not in kept for line in told_saved)
    return Interleaving(sessions, attempts, len(told_saved), conflicts, lost, errors)


def save_in_another_process(target: str, offer_id: int, title: str, start: Any,
                            out: Any) -> None:
    """A whole app process of its own: open the store at ``target``, read the offer, wait for
    the others at ``start`` (a multiprocessing barrier), then save a new title; puts
    ``saved``, ``conflict`` or the error's text in ``out``."""
    store = Store.open(target)
    try:
        seen = get_offer(store, offer_id)
        assert seen is not None
        values = forms.values_from_offer(seen) | {"title": title}
        start.wait()
        try:
            result = submit_offer(store, values, offer_id, known=KNOWN, by=ADMIN, seen=seen)
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            out.put(f"error: {error!r}")
            return
        out.put("saved" if result.saved else "conflict" if result.conflict else "refused")
    finally:
        store.close()
