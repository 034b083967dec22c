"""Territories a user can look at: the Massif central, a département, an EPCI, a commune, or a
territory of their own (a name and a set of communes), and the rules a territory's name obeys.

A territory is a value: its level, its code and its French name. Which communes it holds is
answered by the store (reference geography, or the communes the user chose). Codes never
collide across levels: départements have two or three characters, EPCI a nine-digit SIREN,
communes five characters, the massif ``massif-central`` and user territories ``perso-<n>``.
Pure, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum


class TerritoryLevel(StrEnum):
    MASSIF = "massif"
    DEPARTEMENT = "departement"
    EPCI = "epci"
    COMMUNE = "commune"
    USER = "perso"

    @property
    def label(self) -> str:
        return {"massif": "Massif central", "departement": "Département",
                "epci": "Intercommunalité (EPCI)", "commune": "Commune",
                "perso": "Territoire personnalisé"}[self.value]


@dataclass(frozen=True, slots=True)
class Territory:
    level: TerritoryLevel
    code: str
    name: str

    @property
    def label(self) -> str:
        if self.level is TerritoryLevel.DEPARTEMENT:
            return f"{self.name} ({self.code})"
        return self.name

    @property
    def user_id(self) -> int | None:
        """The stored id of a user territory, ``None`` for the predefined ones."""
        if self.level is not TerritoryLevel.USER:
            return None
        return int(self.code.removeprefix(USER_PREFIX))


MASSIF_CENTRAL = Territory(TerritoryLevel.MASSIF, "massif-central", "Tout le Massif central")

# Said wherever the whole massif is shown: the reference holds whole départements, while the
# official perimeter cuts some of them by canton.
MASSIF_NOTE = ("périmètre approché par les 22 départements entiers ; 11 ne sont que "
               "partiellement dans le massif")

USER_PREFIX = "perso-"
NAME_MAX_LENGTH = 80


def _key(name: str) -> str:
    """``"Pays d'Allanche"`` and ``"PAYS D ALLANCHE"`` give the same key."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^0-9a-z]+", " ", bare).strip()


def user_territory(territory_id: int, name: str) -> Territory:
    """The value of the user territory stored under ``territory_id``."""
    return Territory(TerritoryLevel.USER, f"{USER_PREFIX}{territory_id}", name)


def tidy_name(name: str) -> str:
    """A name as it will be stored: inner runs of spaces collapsed, ends trimmed."""
    return " ".join(name.split())


def name_errors(name: str, taken: Iterable[str]) -> list[str]:
    """French reasons why ``name`` cannot name a user territory; empty when it can.

    ``taken``: the names of the other user territories. Two names that differ only by case,
    accents or punctuation would be confused in the sidebar, so they count as the same.
    """
    tidy = tidy_name(name)
    if not tidy:
        return ["Le nom du territoire est obligatoire : par exemple « Bassin de vie de Mauriac »."]
    errors = []
    if len(tidy) > NAME_MAX_LENGTH:
        errors.append(f"Le nom compte {len(tidy)} caractères ; {NAME_MAX_LENGTH} au plus sont "
                      "acceptés, pour qu'il tienne dans la barre latérale.")
    key = _key(tidy)
    clash = next((other for other in taken if _key(other) == key), None)
    if clash is not None:
        errors.append(f"Un territoire s'appelle déjà « {clash} » : choisissez un autre nom.")
    return errors


def communes_errors(codes: Collection[str]) -> list[str]:
    """French reasons why this set of communes cannot make a territory (none: it can)."""
    if not codes:
        return ["Choisissez au moins une commune, dans la liste ou par un fichier de codes INSEE."]
    return []
