"""What the *Territoires* page asks for: user territories checked, then written, in one call.

Each function takes the open store and plain values and returns a small result a page can
draw; what a user can fix comes back as French messages, never as an exception, and nothing
is written unless everything is right. Perimeter files are read with the reference communes
of ``data/reference/`` (former codes included), indexed once per process.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

from accueil.domain.access import Action, Principal, require
from accueil.domain.territories import Territory, communes_errors, name_errors
from accueil.geo.reference import load_communes, load_departements
from accueil.io.communes import CommuneResolver
from accueil.io.perimeter import PerimeterFile, read_perimeter
from accueil.store.dashboard import known_communes
from accueil.store.db import Store
from accueil.store.territories import (
    create_territory,
    delete_territory,
    update_territory,
    user_territories,
)
from accueil.store.territories import territory_communes as stored_communes


@dataclass(frozen=True, slots=True)
class TerritoryResult:
    territory: Territory | None
    errors: tuple[str, ...]
    communes: int = 0  # how many communes the saved territory holds

    @property
    def saved(self) -> bool:
        return self.territory is not None


@lru_cache(maxsize=1)
def _resolver() -> CommuneResolver:
    departements = load_departements()
    return CommuneResolver(load_communes(),
                           dict(zip(departements["code_departement"], departements["nom"],
                                    strict=True)))


def read_perimeter_file(data: bytes, file_name: str) -> PerimeterFile:
    """The communes an uploaded CSV/XLSX/ODS list names, with French messages per row."""
    return read_perimeter(data, file_name, _resolver())


def save_territory(store: Store, name: str, codes: Collection[str] | None,
                   editing: Territory | None = None, *, by: Principal) -> TerritoryResult:
    """Create a user territory, or rename ``editing`` and (unless ``codes`` is None) replace
    its communes. Nothing is written when the name or the communes are wrong."""
    require(by, Action.EDIT_TERRITORIES)
    existing = user_territories(store)
    taken = [str(n) for code, n in zip(existing["code"], existing["name"], strict=True)
             if editing is None or code != editing.code]
    errors = name_errors(name, taken)
    if codes is None and editing is None:
        errors += communes_errors(())
    if codes is not None:
        errors += communes_errors(codes)
        unknown = sorted(set(codes) - known_communes(store))
        if unknown:
            shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
            errors.append(f"{len(unknown)} code(s) INSEE inconnu(s) de la table des communes "
                          f"du Massif central : {shown}.")
    if errors:
        return TerritoryResult(None, tuple(errors))
    if editing is None:
        return TerritoryResult(create_territory(store, name, codes or (), author=by.login), (),
                               len(set(codes or ())))
    try:
        territory = update_territory(store, editing, name, codes, author=by.login)
        return TerritoryResult(territory, (), len(stored_communes(store, territory)))
    except KeyError:
        gone = (f"Le territoire « {editing.name} » n'existe plus : il a peut-être été "
                "supprimé depuis une autre fenêtre. Rechargez la page.")
        return TerritoryResult(None, (gone,))


def change_territory(store: Store, territory: Territory, name: str,
                     added: Collection[str] = (), removed: Collection[str] = (),
                     replacement: Collection[str] | None = None, *,
                     by: Principal) -> TerritoryResult:
    """Rename ``territory`` and add or remove communes, or replace them all (``replacement``,
    e.g. from a file). Nothing is written when the result would be wrong."""
    if replacement is not None:
        codes = set(replacement)
    else:
        codes = (set(stored_communes(store, territory)) | set(added)) - set(removed)
    return save_territory(store, name, sorted(codes), editing=territory, by=by)


def remove_territory(store: Store, territory: Territory, *, by: Principal) -> bool:
    """Delete a user territory (offers are not touched); ``False`` if it was already gone."""
    require(by, Action.EDIT_TERRITORIES)
    return delete_territory(store, territory, author=by.login)


def communes_of(store: Store, territory: Territory) -> list[str]:
    """INSEE codes of the communes of ``territory``, sorted."""
    return stored_communes(store, territory)
