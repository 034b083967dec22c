"""Territories a user can look at: the whole Massif central, a département or an EPCI.

A territory is a value: its level, its code and its French name. Which communes it holds is
answered by the store from the reference geography. Pure, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TerritoryLevel(StrEnum):
    MASSIF = "massif"
    DEPARTEMENT = "departement"
    EPCI = "epci"

    @property
    def label(self) -> str:
        return {"massif": "Massif central", "departement": "Département",
                "epci": "Intercommunalité (EPCI)"}[self.value]


@dataclass(frozen=True, slots=True)
class Territory:
    level: TerritoryLevel
    code: str
    name: str

    @property
    def label(self) -> str:
        if self.level is TerritoryLevel.MASSIF:
            return self.name
        if self.level is TerritoryLevel.DEPARTEMENT:
            return f"{self.name} ({self.code})"
        return self.name


MASSIF_CENTRAL = Territory(TerritoryLevel.MASSIF, "massif-central", "Tout le Massif central")

# Said wherever the whole massif is shown: the reference holds whole départements, while the
# official perimeter cuts some of them by canton.
MASSIF_NOTE = ("périmètre approché par les 22 départements entiers ; 11 ne sont que "
               "partiellement dans le massif")
