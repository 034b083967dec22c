"""What the headline indicators and the presentations read: the offers of a territory, lean.

:func:`indicator_offers` returns one row per offer of a territory matching the filters
(archived offers never), with only the columns the indicators, the audience rule and the
per-area breakdowns need; :func:`territory_communes` the territory's communes with their
population, EPCI and département. The indicators themselves are computed by
:mod:`accueil.domain.indicators`; this module holds no rule.
"""

from __future__ import annotations

import pandas as pd

from accueil.domain.offers import OfferStatus
from accueil.domain.territories import Territory
from accueil.store.db import Db
from accueil.store.maps import MapFilters, offer_conditions
from accueil.store.offers import OFFER_COLUMNS, territory_condition

INDICATOR_COLUMNS = (
    "id", "commune_insee", "code_epci", "code_departement", "activity_kind", "status",
    "qualification", "pillar_activite", "pillar_receptivite", "pillar_amenites",
    "confidentiality", "source_partner", "created_at", "updated_at", "qualified_at", "is_demo")


def indicator_offers(db: Db, territory: Territory | None,
                     filters: MapFilters | None = None) -> pd.DataFrame:
    """Offers of ``territory`` matching ``filters``, open and filled ones alike.

    Without a step chosen every step but *archivée* is there (filled offers are an indicator of
    their own); columns :data:`INDICATOR_COLUMNS`, by id.
    """
    where, params = territory_condition(territory)
    clauses, offer_params = offer_conditions(filters or MapFilters(),
                                             excluded=(OfferStatus.ARCHIVEE,))
    sql = ("SELECT o.id, o.commune_insee, c.code_epci, c.code_departement, o.activity_kind, "
           "o.status, o.qualification, o.pillar_activite, o.pillar_receptivite, "
           "o.pillar_amenites, o.confidentiality, o.source_partner, o.created_at, o.updated_at, "
           "q.qualified_at, o.is_demo "
           "FROM offers o JOIN ref_communes c ON c.code_insee = o.commune_insee "
           "LEFT JOIN offer_qualifications q ON q.offer_id = o.id "
           f"WHERE {where} AND {' AND '.join(clauses)} ORDER BY o.id")
    with db.reading() as tx:
        return tx.frame(sql, [*params, *offer_params])


def territory_communes(db: Db, territory: Territory | None) -> pd.DataFrame:
    """The communes of ``territory``: code_insee, nom, population, code_epci, epci,
    code_departement, departement; by name."""
    where, params = territory_condition(territory)
    with db.reading() as tx:
        return tx.frame(
            "SELECT c.code_insee, c.nom, coalesce(c.population, 0)::BIGINT AS population, "
            "c.code_epci, e.nom AS epci, c.code_departement, d.nom AS departement "
            "FROM ref_communes c LEFT JOIN ref_epci e ON e.code_epci = c.code_epci "
            "JOIN ref_departements d ON d.code_departement = c.code_departement "
            f"WHERE {where} ORDER BY lower(strip_accents(c.nom)), c.code_insee", params)


def featured_offers(db: Db, territory: Territory | None, filters: MapFilters | None = None,
                    limit: int = 200) -> pd.DataFrame:
    """Open qualified offers of ``territory`` with every offer column and the commune's name,
    the most recently qualified first (at most ``limit``): the candidates for a slide of
    featured offers, before the audience rule is applied."""
    where, params = territory_condition(territory)
    clauses, offer_params = offer_conditions(filters or MapFilters())
    columns = ", ".join(f"o.{c}" for c in OFFER_COLUMNS)
    sql = (f"SELECT {columns}, c.nom AS commune, q.qualified_at "
           "FROM offers o JOIN ref_communes c ON c.code_insee = o.commune_insee "
           "LEFT JOIN offer_qualifications q ON q.offer_id = o.id "
           f"WHERE {where} AND {' AND '.join(clauses)} AND o.qualification = 'qualifiee' "
           "ORDER BY q.qualified_at DESC NULLS LAST, o.id DESC LIMIT ?")
    with db.reading() as tx:
        return tx.frame(sql, [*params, *offer_params, limit])
