"""The réceptivité inventory: housing, land and premises as records of their own, and the veille.

An :class:`InventoryItem` wraps the :class:`~accueil.domain.offers.ReceptivityItem` an offer
carries (kind, surface, rooms, cost, availability) with what the inventory adds: its commune,
rent or sale, the type of housing, land or premises, the partner who reported it, when it was
last verified and whether it is archived. The *veille* rule lives here too: a record not
verified within the configured period (six months by default) is to be checked again. Pure:
no streamlit, no duckdb, no files.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from accueil.domain.offers import FieldError, ReceptivityItem, ReceptivityKind, too_long

DEFAULT_VEILLE_MONTHS = 6
MAX_VEILLE_MONTHS = 36
_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


class Tenure(StrEnum):
    """Whether the item is offered for rent or for sale."""

    LOCATION = "location"
    VENTE = "vente"

    @property
    def label(self) -> str:
        return {"location": "À louer", "vente": "À vendre"}[self.value]


class HousingType(StrEnum):
    MAISON = "maison"
    APPARTEMENT = "appartement"
    AUTRE = "autre"

    @property
    def label(self) -> str:
        return {"maison": "Maison", "appartement": "Appartement",
                "autre": "Autre logement"}[self.value]


class LandType(StrEnum):
    """Building land or farm land."""

    TERRAIN_A_BATIR = "terrain_a_batir"
    TERRE_AGRICOLE = "terre_agricole"

    @property
    def label(self) -> str:
        return {"terrain_a_batir": "Terrain à bâtir",
                "terre_agricole": "Terre agricole"}[self.value]


class PremisesType(StrEnum):
    """What professional premises can be used for; a bakery needs a shop *and* a workshop."""

    COMMERCE = "commerce"
    ATELIER = "atelier"
    BUREAU = "bureau"
    BATIMENT_AGRICOLE = "batiment_agricole"

    @property
    def label(self) -> str:
        return {"commerce": "Commerce (boutique)", "atelier": "Atelier",
                "bureau": "Bureau", "batiment_agricole": "Bâtiment agricole"}[self.value]

    @property
    def bit(self) -> int:
        """This type's bit in a set of types packed as an integer (for vectorised ranking)."""
        return 1 << list(PremisesType).index(self)


def premises_mask(types: frozenset[PremisesType] | set[PremisesType]) -> int:
    """``{COMMERCE, ATELIER}`` → ``0b11``: the set packed as an integer."""
    mask = 0
    for kind in types:
        mask |= kind.bit
    return mask


@dataclass(frozen=True, slots=True)
class InventoryItem:
    """A dwelling, a plot or premises of the territory, whether or not an offer uses it yet."""

    item: ReceptivityItem
    commune_insee: str
    tenure: Tenure | None = None
    housing_type: HousingType | None = None
    land_type: LandType | None = None
    premises_types: frozenset[PremisesType] = field(default_factory=frozenset)
    source_partner: str = ""
    verified_on: date | None = None
    archived: bool = False
    is_demo: bool = False
    version: int | None = None  # the stored version it was read at; None for a new item

    @property
    def id(self) -> int | None:
        return self.item.id

    @property
    def kind(self) -> ReceptivityKind:
        return self.item.kind

    @property
    def type_label(self) -> str:
        """``Maison``, ``Terre agricole`` or ``Commerce (boutique) + Atelier``; ``""`` if unset."""
        if self.kind is ReceptivityKind.LOGEMENT and self.housing_type:
            return self.housing_type.label
        if self.kind is ReceptivityKind.FONCIER and self.land_type:
            return self.land_type.label
        if self.kind is ReceptivityKind.LOCAL and self.premises_types:
            return " + ".join(t.label for t in PremisesType if t in self.premises_types)
        return ""


def validate_item(entry: InventoryItem, known_communes: frozenset[str] | set[str],
                  today: date) -> list[FieldError]:
    """Every reason why ``entry`` cannot be saved as typed, in French, field by field."""
    errors: list[FieldError] = []
    code = entry.commune_insee.strip().upper()
    if not code:
        errors.append(FieldError("commune", "Choisissez la commune du bien."))
    elif not _INSEE.match(code):
        errors.append(FieldError(
            "commune", f"« {entry.commune_insee} » n'est pas un code INSEE (5 caractères, "
                       "ex. 15187)."))
    elif code not in known_communes:
        errors.append(FieldError(
            "commune", f"La commune {code} n'est pas dans le périmètre du Massif central."))
    item = entry.item
    for value, name, label in ((item.surface_m2, "surface_m2", "La surface"),
                               (item.rooms, "rooms", "Le nombre de pièces"),
                               (item.monthly_rent, "monthly_rent", "Le loyer"),
                               (item.price, "price", "Le prix")):
        if value is not None and value < 0:
            errors.append(FieldError(name, f"{label} ne peut pas être négatif (saisi : {value})."))
    if item.kind is ReceptivityKind.LOGEMENT and item.rooms == 0:
        errors.append(FieldError("rooms", "Un logement a au moins une pièce (saisi : 0)."))
    if entry.tenure is Tenure.LOCATION and item.price is not None and item.monthly_rent is None:
        errors.append(FieldError(
            "monthly_rent", "Le bien est « à louer » mais seul un prix de vente est saisi : "
                            "indiquez le loyer mensuel, ou choisissez « à vendre »."))
    if entry.tenure is Tenure.VENTE and item.monthly_rent is not None and item.price is None:
        errors.append(FieldError(
            "price", "Le bien est « à vendre » mais seul un loyer est saisi : indiquez le prix "
                     "de vente, ou choisissez « à louer »."))
    if entry.verified_on is not None and entry.verified_on > today:
        errors.append(FieldError(
            "verified_on",
            f"La date de vérification {entry.verified_on:%d/%m/%Y} est dans le futur."))
    if message := too_long("source_partner", entry.source_partner):
        errors.append(FieldError("source_partner", message))
    if len(item.description) > 500:
        errors.append(FieldError(
            "description", f"La description fait {len(item.description)} caractères ; 500 au "
                           "plus sont admis."))
    return errors


# -- veille ----------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """``day`` moved back by whole calendar months, clamped to the month's last day.

    ``months_before(date(2026, 8, 31), 6)`` → ``2026-02-28``.
    """
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def veille_cutoff(today: date, months: int) -> date:
    """Records verified before this day are to be checked again."""
    return months_before(today, months)


def is_stale(verified_on: date | None, today: date, months: int) -> bool:
    """Never verified, or verified before the start of the veille period."""
    return verified_on is None or verified_on < veille_cutoff(today, months)


def parse_veille_months(value: object) -> tuple[int | None, str | None]:
    """The veille period typed by a user, in whole months, or a French message."""
    try:
        months = int(str(value).strip())
    except (TypeError, ValueError):
        return None, (f"La période de veille doit être un nombre entier de mois (saisi : "
                      f"« {value} »).")
    if not 1 <= months <= MAX_VEILLE_MONTHS:
        return None, (f"La période de veille doit aller de 1 à {MAX_VEILLE_MONTHS} mois "
                      f"(saisi : {months}).")
    return months, None
