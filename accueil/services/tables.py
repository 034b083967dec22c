"""Offer lists shaped for people: French column names and labels instead of codes.

Pure pandas, used by the *Offres* page and by exports; no streamlit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from pandas.io.formats.style import Styler

from accueil import fr
from accueil.domain.offers import Activity, ActivityKind, OfferStatus, ReceptivityItem
from accueil.domain.pillars import PillarStatus, Qualification, item_gaps

PILLAR_LABEL = {s.value: s.label for s in PillarStatus}

OFFER_TABLE_COLUMNS = {
    "title": "Offre", "commune": "Commune", "kind": "Type d'activité",
    "qualification": "Qualification", "activite": "Activité",
    "receptivite": "Réceptivité", "amenites": "Aménités", "completeness": "Complétude",
    "status": "Étape", "epci": "Intercommunalité", "source_partner": "Partenaire",
    "verified_on": "Vérifiée le",
}
# Light backgrounds of the Okabe-Ito hues used in charts: readable text on top, and the word
# itself says the status for anyone who cannot tell the colours apart. Only the
# qualification column is tinted: a pandas Styler costs ~0.1 s per 1,000 styled rows of
# four columns on the server, a quarter of that for one.
STATUS_BACKGROUND = {
    Qualification.QUALIFIEE.label: "#cfe3f2",
    Qualification.A_COMPLETER.label: "#fbe5b8",
    Qualification.NON_QUALIFIEE.label: "#f6cdb6",
}
STATUS_COLUMNS = ("Qualification",)


def offers_table(offers: pd.DataFrame) -> pd.DataFrame:
    """The store's offers list (``list_offers``) as the table shown to users, same row order."""
    kinds = {k.value: k.label for k in ActivityKind}
    statuses = {s.value: s.label for s in OfferStatus}
    qualifications = {q.value: q.label for q in Qualification}
    table = pd.DataFrame({
        "title": offers["title"] + offers["is_demo"].map({True: " (démo)", False: ""}),
        "commune": offers["commune"],
        "kind": offers["activity_kind"].map(kinds).fillna("—"),
        "qualification": offers["qualification"].map(qualifications),
        "activite": offers["pillar_activite"].map(PILLAR_LABEL),
        "receptivite": offers["pillar_receptivite"].map(PILLAR_LABEL),
        "amenites": offers["pillar_amenites"].map(PILLAR_LABEL),
        "completeness": (offers["completeness"] * 100).round(0),
        "status": offers["status"].map(statuses),
        "epci": offers["epci"].fillna("—"),
        "source_partner": offers["source_partner"],
        "verified_on": pd.to_datetime(offers["verified_on"]),
    }, index=offers.index)
    return table.rename(columns=OFFER_TABLE_COLUMNS)


def status_colours(table: pd.DataFrame) -> Styler:
    """The offers table with its qualification cells tinted by status."""
    def tint(value: object) -> str:
        colour = STATUS_BACKGROUND.get(str(value))
        return f"background-color: {colour}" if colour else ""
    return table.style.map(tint, subset=list(STATUS_COLUMNS))


def activity_facts(activity: Activity | None,
                   bands: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
    """The activity's fields that apply to its kind, as (French label, formatted value).

    ``bands`` (field → French band, :mod:`accueil.domain.redaction`): a restricted offer's
    figures, shown as bands in place of the figures it no longer holds."""
    if activity is None:
        return [("Activité", "non renseignée")]
    if bands is not None:
        return _banded_facts(activity, bands)
    facts: list[tuple[str, str]] = [("Type", activity.kind.label)]
    sector = " – ".join(v for v in (activity.naf_code, activity.naf_label) if v)
    facts.append(("Secteur (NAF)", sector or fr.MISSING))
    if activity.kind is ActivityKind.REPRISE:
        facts += [("Chiffre d'affaires", fr.euros(activity.turnover)),
                  ("Résultat net", fr.euros(activity.net_result)),
                  ("Effectif", fr.number(activity.headcount)),
                  ("Prix demandé", fr.euros(activity.asking_price)),
                  ("Motif de cession", activity.sale_reason or fr.MISSING),
                  ("Date souhaitée", fr.day(activity.target_date))]
    elif activity.kind is ActivityKind.EMPLOI:
        facts += [("Poste", activity.job_title or fr.MISSING),
                  ("Contrat", activity.contract or fr.MISSING),
                  ("Temps de travail", activity.working_time or fr.MISSING),
                  ("Salaire brut annuel", fr.euros(activity.gross_annual_salary))]
    else:
        facts.append(("Besoin auquel elle répond", activity.need or fr.MISSING))
    return facts


_BANDED_LABELS = {"turnover": "Chiffre d'affaires", "net_result": "Résultat net",
                  "headcount": "Effectif", "asking_price": "Prix demandé"}


def _banded_facts(activity: Activity, bands: Mapping[str, str]) -> list[tuple[str, str]]:
    facts = [(label, value) for label, value in activity_facts(activity)
             if label not in _BANDED_LABELS.values() and label != "Motif de cession"]
    if activity.kind is ActivityKind.REPRISE:
        facts[2:2] = [(label, f"{bands[name]} (tranche)" if name in bands else fr.MISSING)
                      for name, label in _BANDED_LABELS.items()]
    return facts


def receptivity_table(items: tuple[ReceptivityItem, ...],
                      bands: Sequence[Mapping[str, str]] = ()) -> pd.DataFrame:
    """An offer's housing, land and premises, one row each, formatted in French; ``bands``
    (one mapping per item) stand for the prices and rents of a restricted offer."""
    def money(item: ReceptivityItem, index: int, name: str) -> str:
        if index < len(bands):
            band = bands[index].get(name)
            return f"{band} (tranche)" if band else fr.MISSING
        return fr.euros(getattr(item, name))

    return pd.DataFrame(
        [{"Type": item.kind.label, "Description": item.description or fr.MISSING,
          "Surface": f"{fr.number(item.surface_m2)} m²" if item.surface_m2 is not None
          else fr.MISSING,
          "Pièces": fr.number(item.rooms),
          "Loyer mensuel": money(item, index, "monthly_rent"),
          "Prix": money(item, index, "price"),
          "Disponible le": fr.day(item.available_from),
          # a redacted item lacks its figures on purpose: its gaps are not the reader's
          "À compléter": "—" if bands else ", ".join(item_gaps(item)) or "—"}
         for index, item in enumerate(items)],
        columns=["Type", "Description", "Surface", "Pièces", "Loyer mensuel", "Prix",
                 "Disponible le", "À compléter"])
