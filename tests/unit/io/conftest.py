"""A small reference table of communes, with the traps of the real one, for the import tests.

Homonyms in several départements (Beaulieu), a postal code shared by communes (15000, 43000),
a commune nouvelle with former codes (Haut-Bocage), a code with a leading zero (Montluçon),
articles (Le Puy-en-Velay, L'Hospitalet-du-Larzac) and "Saint" names.
"""

from __future__ import annotations

import pandas as pd
import pytest

from accueil.io.communes import CommuneResolver

COMMUNES = [
    # code_insee, nom, code_departement, codes_postaux, anciens_codes
    ("15014", "Aurillac", "15", "15000", ""),
    ("15267", "Ytrac", "15", "15000|15130", ""),
    ("15020", "Beaulieu", "15", "15270", ""),
    ("07028", "Beaulieu", "07", "07460", ""),
    ("43021", "Beaulieu", "43", "43800", ""),
    ("15187", "Saint-Flour", "15", "15100", ""),
    ("43157", "Le Puy-en-Velay", "43", "43000", ""),
    ("43002", "Aiguilhe", "43", "43000", ""),
    ("03185", "Montluçon", "03", "03100", ""),
    ("03158", "Haut-Bocage", "03", "03190", "03123|03153"),
    ("63300", "Riom", "63", "63200", ""),
    ("12115", "L'Hospitalet-du-Larzac", "12", "12230", ""),
    ("23045", "Chambon-sur-Voueize", "23", "23170", ""),
    ("63364", "Sainte-Christine", "63", "63390", ""),
]

DEPARTEMENTS = {"03": "Allier", "07": "Ardèche", "12": "Aveyron", "15": "Cantal",
                "23": "Creuse", "43": "Haute-Loire", "63": "Puy-de-Dôme"}


@pytest.fixture(scope="session")
def communes() -> pd.DataFrame:
    return pd.DataFrame(COMMUNES, columns=["code_insee", "nom", "code_departement",
                                           "codes_postaux", "anciens_codes"])


@pytest.fixture(scope="session")
def resolver(communes: pd.DataFrame) -> CommuneResolver:
    return CommuneResolver(communes, DEPARTEMENTS)
