"""Typed read models: the declared shape of every list the store returns for tables and charts.

A :class:`ReadModel` names, in order, the columns of one read (``list_offers``, the dashboard's
counts, the map's areas…) with the pandas dtype each has and its French label. Read functions
pass their query's frame through :meth:`ReadModel.conform`, so that a page receives the same
columns and the same dtypes whatever the engine (DuckDB gives ``int32`` populations and
microsecond dates, PostgreSQL ``int64`` and second dates; an empty result comes back as
``object`` columns) and whether or not rows were found; a query that returns other columns
than declared fails loudly, in the tests of both engines, before a page indexes a name that
is not there. Single records stay domain objects (:class:`accueil.domain.offers.Offer`…).
No SQL here; pandas only.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd  # type: ignore[import-untyped,unused-ignore]

from accueil.domain.offers import AMENITY_LABELS, Amenity

# The dtypes a read model may declare.
ID = "int64"  # identifiers and counts, never missing
NULLABLE_INT = "Int64"  # a count that may be unknown
NUMBER = "float64"  # NaN when missing
TEXT = "str"  # pandas' text dtype (NaN when missing)
FLAG = "bool"
WHEN = "datetime64[us]"  # dates and times (NaT when missing)
LIST = "object"  # a list per row (missing elements, premises types)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    dtype: str
    label: str  # how a French table heads it


@dataclass(frozen=True, slots=True)
class ReadModel:
    """The columns of one read, in order."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def dtypes(self) -> dict[str, str]:
        return {column.name: column.dtype for column in self.columns}

    @property
    def labels(self) -> dict[str, str]:
        """Column name → French label, e.g. for ``DataFrame.rename``."""
        return {column.name: column.label for column in self.columns}

    def conform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with exactly the declared columns, in order, of the declared dtypes.

        Raises ``ValueError`` naming the columns missing or unexpected: a query and its
        declaration that disagree are a bug, found by the tests on both engines."""
        found = [str(name) for name in frame.columns]
        if sorted(found) != sorted(self.names):
            missing = sorted(set(self.names) - set(found))
            extra = sorted(set(found) - set(self.names))
            raise ValueError(f"read model {self.name}: missing {missing}, unexpected {extra}")
        frame = frame[self.names]
        changed = {name: dtype for name, dtype in self.dtypes.items()
                   if str(frame[name].dtype) != dtype}
        if not changed:
            return frame
        return frame.astype(changed)


def _model(name: str, *columns: tuple[str, str, str]) -> ReadModel:
    return ReadModel(name, tuple(Column(*column) for column in columns))


_OFFER_ROW = (
    ("id", ID, "N°"), ("title", TEXT, "Titre"), ("commune_insee", TEXT, "Code INSEE"),
    ("commune", TEXT, "Commune"), ("epci", TEXT, "Intercommunalité"),
    ("activity_kind", TEXT, "Activité"), ("status", TEXT, "Statut"),
    ("qualification", TEXT, "Qualification"), ("pillar_activite", TEXT, "Activité (pilier)"),
    ("pillar_receptivite", TEXT, "Réceptivité"), ("pillar_amenites", TEXT, "Aménités"),
    ("completeness", NUMBER, "Complétude"), ("source_partner", TEXT, "Partenaire source"),
    ("verified_on", WHEN, "Vérifiée le"), ("updated_at", WHEN, "Modifiée le"),
    ("is_demo", FLAG, "Démonstration"), ("confidentiality", TEXT, "Confidentialité"),
    ("naf_code", TEXT, "Code NAF"), ("naf_label", TEXT, "Libellé du secteur"),
    ("total", ID, "Total"),
)
OFFER_LIST = _model("list_offers", *_OFFER_ROW)
AREA_OFFERS = _model("area_offers", *_OFFER_ROW)

ITEM_LIST = _model(
    "list_items",
    ("id", ID, "N°"), ("kind", TEXT, "Type de bien"), ("description", TEXT, "Description"),
    ("commune_insee", TEXT, "Code INSEE"), ("surface_m2", NUMBER, "Surface (m²)"),
    ("rooms", NULLABLE_INT, "Pièces"), ("monthly_rent", NUMBER, "Loyer mensuel (€)"),
    ("price", NUMBER, "Prix (€)"), ("available_from", WHEN, "Disponible le"),
    ("is_demo", FLAG, "Démonstration"), ("source_partner", TEXT, "Partenaire source"),
    ("tenure", TEXT, "Statut d'occupation"), ("housing_type", TEXT, "Type de logement"),
    ("land_type", TEXT, "Type de foncier"), ("premises_types", LIST, "Types de local"),
    ("verified_on", WHEN, "Vérifié le"), ("archived", FLAG, "Archivé"),
    ("offers", ID, "Offres liées"), ("version", ID, "Version"),
    ("details_updated_at", WHEN, "Détails modifiés le"), ("commune", TEXT, "Commune"),
    ("total", ID, "Total"),
)
ITEM_OFFERS = _model(
    "offers_of_item", ("id", ID, "N°"), ("title", TEXT, "Titre"), ("status", TEXT, "Statut"),
    ("confidentiality", TEXT, "Confidentialité"), ("commune_insee", TEXT, "Code INSEE"),
    ("source_partner", TEXT, "Partenaire source"), ("activity_kind", TEXT, "Activité"),
    ("naf_label", TEXT, "Libellé du secteur"))
TO_RECHECK = _model(
    "to_recheck",
    ("record", TEXT, "Fiche"), ("id", ID, "N°"), ("label", TEXT, "Intitulé"),
    ("commune", TEXT, "Commune"), ("verified_on", WHEN, "Vérifiée le"), ("total", ID, "Total"),
    ("confidentiality", TEXT, "Confidentialité"), ("commune_insee", TEXT, "Code INSEE"),
    ("source_partner", TEXT, "Partenaire source"), ("activity_kind", TEXT, "Activité"),
    ("naf_label", TEXT, "Libellé du secteur"),
)
QUALIFICATION_QUEUE = _model(
    "qualification_queue",
    ("id", ID, "N°"), ("title", TEXT, "Titre"), ("commune_insee", TEXT, "Code INSEE"),
    ("commune", TEXT, "Commune"), ("activity_kind", TEXT, "Activité"),
    ("qualification", TEXT, "Qualification"), ("pillar_activite", TEXT, "Activité (pilier)"),
    ("pillar_receptivite", TEXT, "Réceptivité"), ("pillar_amenites", TEXT, "Aménités"),
    ("completeness", NUMBER, "Complétude"), ("n_missing", ID, "Éléments manquants"),
    ("missing", LIST, "Manques"), ("verified_on", WHEN, "Vérifiée le"),
    ("is_demo", FLAG, "Démonstration"), ("confidentiality", TEXT, "Confidentialité"),
    ("source_partner", TEXT, "Partenaire source"), ("naf_label", TEXT, "Libellé du secteur"),
)
COMMUNES = _model(
    "communes",
    ("code_insee", TEXT, "Code INSEE"), ("nom", TEXT, "Commune"),
    ("code_departement", TEXT, "Code du département"), ("departement", TEXT, "Département"),
    ("code_epci", TEXT, "SIREN de l'EPCI"), ("population", ID, "Population"),
    ("codes_postaux", TEXT, "Codes postaux"),
)
USER_TERRITORIES = _model(
    "user_territories",
    ("code", TEXT, "Code"), ("name", TEXT, "Territoire"), ("communes", ID, "Communes"),
    ("population", ID, "Population"), ("departements", TEXT, "Départements"),
    ("updated_at", WHEN, "Modifié le"), ("version", ID, "Version"),
)
TERRITORY_PROFILES = _model(
    "territory_profiles",
    ("code_insee", TEXT, "Code INSEE"), ("nom", TEXT, "Commune"), ("population", ID, "Population"),
    *((amenity.value, NULLABLE_INT, AMENITY_LABELS[amenity]) for amenity in Amenity),
    ("has_living", FLAG, "Cadre de vie décrit"),
)
MAP_AREAS = _model(
    "map_areas",
    ("code", TEXT, "Code"), ("name", TEXT, "Territoire"), ("departement", TEXT, "Département"),
    ("population", ID, "Population"), ("communes", ID, "Communes"), ("offers", ID, "Offres"),
    ("qualified", ID, "Offres qualifiées"), ("missing_activite", ID, "Activité manquante"),
    ("missing_receptivite", ID, "Réceptivité manquante"),
    ("missing_amenites", ID, "Aménités manquantes"),
    # Of each count, the offers the audience may only count (small-count protection).
    ("undisclosed_offers", ID, "Offres non détaillées"),
    ("undisclosed_qualified", ID, "Offres qualifiées non détaillées"),
    ("undisclosed_missing_activite", ID, "Activité manquante, non détaillées"),
    ("undisclosed_missing_receptivite", ID, "Réceptivité manquante, non détaillées"),
    ("undisclosed_missing_amenites", ID, "Aménités manquantes, non détaillées"),
)
BY_STATUS = _model("dashboard.by_status", ("status", TEXT, "Statut"), ("n", ID, "Offres"),
                   ("u", ID, "Offres non détaillées"))
BY_KIND_QUALIFICATION = _model(
    "dashboard.by_kind_qualification", ("activity_kind", TEXT, "Activité"),
    ("qualification", TEXT, "Qualification"), ("n", ID, "Offres"), ("u", ID, "Offres non détaillées"))
BY_AREA = _model("dashboard.by_area", ("code", TEXT, "Code"), ("area", TEXT, "Territoire"),
                 ("n", ID, "Offres"), ("qualified", ID, "Offres qualifiées"), ("u", ID, "Offres non détaillées"),
                 ("u_qualified", ID, "Offres qualifiées non détaillées"))
MISSING_PILLARS = _model(
    "dashboard.missing_pillars", ("pillar", TEXT, "Pilier"), ("partiel", ID, "Partiel"),
    ("absent", ID, "Absent"), ("u_partiel", ID, "Partiel, non détaillées"),
    ("u_absent", ID, "Absent, non détaillées"), ("n", ID, "Offres non complètes"),
    ("u", ID, "Offres non complètes non détaillées"))
TOP_MISSING = _model("dashboard.top_missing", ("item", TEXT, "Élément manquant"),
                     ("n", ID, "Offres"), ("u", ID, "Offres non détaillées"))

READ_MODELS: tuple[ReadModel, ...] = (
    OFFER_LIST, AREA_OFFERS, ITEM_LIST, ITEM_OFFERS, TO_RECHECK, QUALIFICATION_QUEUE, COMMUNES,
    USER_TERRITORIES, TERRITORY_PROFILES, MAP_AREAS, BY_STATUS, BY_KIND_QUALIFICATION, BY_AREA,
    MISSING_PILLARS, TOP_MISSING,
)
