"""Sectors of activity: the 21 sections of the French activity nomenclature (NAF rév. 2).

An offer's sector is read from the first two digits of its NAF code (the division), which
belong to exactly one section (INSEE, « Nomenclature d'activités française – NAF rév. 2 »,
2008, niveau 1 « sections »). Offers without a NAF code have no sector, shown as
« Secteur non renseigné ». Pure, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

NO_SECTOR = ""
NO_SECTOR_LABEL = "Secteur non renseigné"


@dataclass(frozen=True, slots=True)
class Sector:
    code: str  # the section letter, A to U
    label: str
    divisions: tuple[str, ...]  # two-digit NAF divisions, "01" to "99"

    @property
    def display(self) -> str:
        return f"{self.code} · {self.label}"


def _span(first: int, last: int) -> tuple[str, ...]:
    return tuple(f"{d:02d}" for d in range(first, last + 1))


SECTORS: tuple[Sector, ...] = (
    Sector("A", "Agriculture, sylviculture et pêche", _span(1, 3)),
    Sector("B", "Industries extractives", _span(5, 9)),
    Sector("C", "Industrie manufacturière", _span(10, 33)),
    Sector("D", "Électricité, gaz, vapeur et air conditionné", _span(35, 35)),
    Sector("E", "Eau, assainissement, déchets et dépollution", _span(36, 39)),
    Sector("F", "Construction", _span(41, 43)),
    Sector("G", "Commerce ; réparation d'automobiles et de motocycles", _span(45, 47)),
    Sector("H", "Transports et entreposage", _span(49, 53)),
    Sector("I", "Hébergement et restauration", _span(55, 56)),
    Sector("J", "Information et communication", _span(58, 63)),
    Sector("K", "Activités financières et d'assurance", _span(64, 66)),
    Sector("L", "Activités immobilières", _span(68, 68)),
    Sector("M", "Activités spécialisées, scientifiques et techniques", _span(69, 75)),
    Sector("N", "Services administratifs et de soutien", _span(77, 82)),
    Sector("O", "Administration publique", _span(84, 84)),
    Sector("P", "Enseignement", _span(85, 85)),
    Sector("Q", "Santé humaine et action sociale", _span(86, 88)),
    Sector("R", "Arts, spectacles et activités récréatives", _span(90, 93)),
    Sector("S", "Autres activités de services", _span(94, 96)),
    Sector("T", "Activités des ménages en tant qu'employeurs", _span(97, 98)),
    Sector("U", "Activités extra-territoriales", _span(99, 99)),
)
SECTOR_BY_CODE = {s.code: s for s in SECTORS}
_SECTION_OF_DIVISION = {d: s.code for s in SECTORS for d in s.divisions}


def sector_of(naf_code: str | None) -> str:
    """The section letter of a NAF code (``"10.71C"`` → ``"C"``), ``NO_SECTOR`` if none."""
    if not naf_code:
        return NO_SECTOR
    return _SECTION_OF_DIVISION.get(naf_code.strip()[:2], NO_SECTOR)


def sector_label(code: str) -> str:
    """``"C"`` → ``"C · Industrie manufacturière"``; ``NO_SECTOR`` → « Secteur non renseigné »."""
    sector = SECTOR_BY_CODE.get(code)
    return sector.display if sector else NO_SECTOR_LABEL
