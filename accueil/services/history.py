"""The change journal as people read it: an offer's history, what changed since a date, and
the quarterly progress presentations show. French labels; the journal itself is
:mod:`accueil.store.journal`.

Reading the journal field by field is ``VIEW_HISTORY`` (officers and administrators): it
holds old values of confidential offers and the logins of who changed them.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pandas as pd

from accueil.domain.access import Action, Principal, require
from accueil.domain.territories import Territory
from accueil.store import journal
from accueil.store.db import Db

ENTITY_LABELS = {"offer": "Offre", "item": "Bien (réceptivité)", "amenities": "Aménités",
                 "territory": "Territoire", "import": "Import", "account": "Compte",
                 "demo": "Démonstration", "backup": "Sauvegarde", "setting": "Réglage",
                 "partner": "Partenaire"}
ACTION_LABELS = {"created": "création", "updated": "modification", "deleted": "suppression",
                 "archived": "archivage", "imported": "import", "undone": "annulation",
                 "removed": "retrait", "restored": "restauration",
                 "password_changed": "mot de passe changé",
                 "password_reset": "mot de passe réinitialisé",
                 "merged": "fusion", "confirmed": "confirmation"}
FIELD_LABELS = {
    "title": "Titre", "description": "Description", "commune_insee": "Commune (INSEE)",
    "status": "Étape", "source_partner": "Source", "confidentiality": "Confidentialité",
    "verified_on": "Vérifiée le", "activity_kind": "Type d'activité", "naf_code": "Code NAF",
    "naf_label": "Activité", "turnover": "Chiffre d'affaires", "net_result": "Résultat net",
    "headcount": "Effectif", "asking_price": "Prix demandé", "sale_reason": "Motif de cession",
    "target_date": "Date visée", "job_title": "Poste", "contract": "Contrat",
    "amenities": "Aménités", "living_environment": "Cadre de vie",
    "qualification": "Qualification", "items": "Biens rattachés (n°)", "file": "Fichier",
    "offers": "Offres", "communes": "Communes", "name": "Nom", "role": "Rôle",
    "scope": "Territoires", "disabled": "Désactivé", "display_name": "Nom affiché",
    "organisation": "Organisation", "login": "Identifiant", "archived": "Archivé",
    "must_change_password": "Mot de passe provisoire", "oidc_subject": "Adresse OpenID Connect",
    "months": "Mois de veille", "safety_copy": "Copie de sécurité",
    "kind": "Type", "territory": "Territoire", "siren": "SIREN", "supplies": "Fournit",
    "templates": "Modèles d'import", "notes": "Notes", "covered": "Communes couvertes (nombre)",
    "contacts": "Contacts (nombre)", "absorbed": "Fiches fusionnées",
    "merged_into": "Fusionnée dans (n°)", "confirmed_on": "Confirmé le", "lines": "Réponses",
    "required": "Confirmation exigée pour qualifier",
}
COLUMNS = ["Date", "Par", "Quoi", "N°", "Action", "Champ", "Avant", "Après"]


def _french(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    return pd.DataFrame({
        "Date": [f"{v:%d/%m/%Y %H:%M}" for v in rows["changed_at"]],
        "Par": [a or "l'application" for a in rows["author"]],
        "Quoi": [ENTITY_LABELS.get(e, e) for e in rows["entity"]],
        "N°": rows["entity_id"].astype(str),
        "Action": [ACTION_LABELS.get(a, a) for a in rows["action"]],
        "Champ": [FIELD_LABELS.get(f, f) if f else "" for f in rows["field"]],
        "Avant": rows["old_value"].fillna("").astype(str),
        "Après": rows["new_value"].fillna("").astype(str),
    }, columns=COLUMNS)


def offer_history(db: Db, offer_id: int, *, by: Principal) -> pd.DataFrame:
    """An offer's journal, newest first, in French columns."""
    require(by, Action.VIEW_HISTORY)
    return _french(journal.offer_history(db, offer_id))


def _start(since: date | datetime) -> datetime:
    return since if isinstance(since, datetime) else datetime.combine(since, time.min)


def changes_since(db: Db, since: date | datetime, *, by: Principal,
                  limit: int = 200) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """What changed since ``since``: counts per kind of change (« Quoi », « Action »,
    « Éléments », « Changements »), the newest rows in French, and how many rows in all."""
    require(by, Action.VIEW_HISTORY)
    start = _start(since)
    counts = journal.change_counts(db, start)
    table = pd.DataFrame({
        "Quoi": [ENTITY_LABELS.get(e, e) for e in counts["entity"]],
        "Action": [ACTION_LABELS.get(a, a) for a in counts["action"]],
        "Éléments": counts["entities"].astype(int),
        "Changements": counts["changes"].astype(int),
    }, columns=["Quoi", "Action", "Éléments", "Changements"])
    rows = journal.changes_since(db, start, limit)
    total = int(rows["total"].iloc[0]) if len(rows) else 0
    return table, _french(rows), total


def progress_by_quarter(db: Db, territory: Territory | None = None) -> pd.DataFrame:
    """Offers qualified and offers filled per quarter (« Trimestre », « Qualifiées »,
    « Pourvues »). Counts of every offer, confidential ones included: an output for a
    read-only audience passes them through :func:`accueil.domain.access.protect_count`."""
    table = journal.progress_by_quarter(db, territory)
    return pd.DataFrame({"Trimestre": table["quarter"], "Qualifiées": table["qualified"],
                         "Pourvues": table["filled"]})
