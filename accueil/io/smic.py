"""The legal gross minimum wage (SMIC) by date, from ``data/reference/smic.csv``.

A salary written ``SMIC``, ``SMIC horaire`` or ``Smic + 10 %`` states a figure: the hourly
SMIC in force at the job's date, times the stated supplement. :func:`smic_rates` reads the
dated table (one line per décret or arrêté of revalorisation, sources in ``data/SOURCES.md``);
:func:`rate_on` picks the line in force on a day; :func:`smic_salary` turns a SMIC multiple
into the hourly figure and the French remark an officer reads about it. Reads one committed
file; no pandas, no streamlit, no store.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from accueil import fr
from accueil.domain.offers import annual_salary

SMIC_PATH = Path(__file__).resolve().parents[2] / "data" / "reference" / "smic.csv"
SMIC_COLUMNS = ("date_effet", "horaire_brut", "texte", "journal_officiel")


@dataclass(frozen=True, slots=True)
class SmicRate:
    """The gross hourly SMIC from ``effective`` on, and the text that set it."""

    effective: date
    hourly: float  # euros brut de l'heure
    text: str  # "décret n° 2025-1228 du 17 décembre 2025"
    journal: str = ""  # "JO du 18/12/2025"


@lru_cache(maxsize=4)
def smic_rates(path: Path = SMIC_PATH) -> tuple[SmicRate, ...]:
    """The dated table, oldest first; a file not shaped as expected is refused in French."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != SMIC_COLUMNS:
            raise ValueError(f"Le fichier « {path.name} » n'a pas les colonnes attendues "
                             f"({', '.join(SMIC_COLUMNS)}) : trouvé "
                             f"{', '.join(reader.fieldnames or ()) or 'aucune'}.")
        rates = tuple(SmicRate(date.fromisoformat(row["date_effet"]),
                               float(row["horaire_brut"]), row["texte"].strip(),
                               row["journal_officiel"].strip()) for row in reader)
    if any(later.effective <= earlier.effective 
           for earlier, later in itertools.pairwise(rates)):
        raise ValueError(f"Le fichier « {path.name} » doit lister les dates d'effet dans "
                         "l'ordre croissant, chacune une seule fois.")
    return rates


def rate_on(day: date, rates: Sequence[SmicRate] | None = None) -> SmicRate | None:
    """The SMIC in force on ``day`` (the last revalorisation known for a later day); None
    before the table's first date."""
    found = None
    for rate in smic_rates() if rates is None else rates:
        if rate.effective > day:
            break
        found = rate
    return found


@dataclass(frozen=True, slots=True)
class SmicSalary:
    """A salary stated as the SMIC (times ``factor``), resolved on a day."""

    hourly: float  # euros brut de l'heure, rounded to the cent
    rate: SmicRate
    factor: float

    def yearly(self, weekly_hours: float | None = None) -> float:
        """The yearly equivalent: 151,67 h a month (35 h × 52 / 12, art. L3121-27 of the
        Code du travail), or the stated weekly hours of a part-time job."""
        return annual_salary(self.hourly, "heure", weekly_hours)

    def remark(self, stated: str, weekly_hours: float | None = None) -> str:
        """What the officer reads on the row or under the field: which SMIC, which text."""
        hours = ("151,67 h par mois" if weekly_hours is None
                 else f"{fr.number(weekly_hours, 0 if float(weekly_hours).is_integer() else 1)}"
                      " h par semaine")
        supplement = ""
        if abs(self.factor - 1) > 1e-9:
            points = round((self.factor - 1) * 100, 2)
            supplement = (" majoré de "
                          f"{fr.percent(self.factor - 1, 0 if points.is_integer() else 1)}")
        return (f"« {stated} » : SMIC horaire brut en vigueur le "
                f"{self.rate.effective:%d/%m/%Y} ({fr.euros(self.rate.hourly, 2)}, "
                f"{self.rate.text}){supplement}, soit {fr.euros(self.hourly, 2)} brut de "
                f"l'heure et {fr.euros(self.yearly(weekly_hours), 2)} par an sur {hours}.")


def smic_salary(factor: float, day: date,
                rates: Sequence[SmicRate] | None = None) -> SmicSalary | None:
    """The SMIC times ``factor`` on ``day``; None when the table starts after ``day``."""
    rate = rate_on(day, rates)
    if rate is None:
        return None
    return SmicSalary(round(rate.hourly * factor, 2), rate, factor)

