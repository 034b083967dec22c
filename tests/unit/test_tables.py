"""Offer tables as users read them: French labels, demo flag, formatted facts."""

from __future__ import annotations

from datetime import date

import pandas as pd

from accueil.domain.offers import Activity, ActivityKind
from accueil.services.tables import activity_facts, offers_table, receptivity_table, status_colours
from tests.builders import housing, takeover


def listed(**changes: object) -> pd.DataFrame:
    row: dict[str, object] = {
        "id": 1, "title": "Boulangerie", "commune_insee": "15187", "commune": "Saint-Flour",
        "epci": None, "activity_kind": "reprise", "status": "en_qualification",
        "qualification": "a_completer", "pillar_activite": "complet",
        "pillar_receptivite": "absent", "pillar_amenites": "partiel", "completeness": 0.5,
        "source_partner": "CMA", "verified_on": date(2026, 11, 2), "is_demo": True}
    row.update(changes)
    return pd.DataFrame([row])


def test_the_offers_table_speaks_french_and_flags_demo_offers() -> None:
    row = offers_table(listed()).iloc[0]
    assert row["Offre"] == "Boulangerie (démo)"
    assert row["Type d'activité"] == "Reprise d'entreprise"
    assert row["Qualification"] == "À compléter"
    assert (row["Activité"], row["Réceptivité"], row["Aménités"]) == (
        "Complet", "Absent", "Partiel")
    assert row["Complétude"] == 50
    assert row["Intercommunalité"] == "—"
    assert row["Étape"] == "En qualification"


def test_only_the_qualification_column_is_tinted() -> None:
    html = status_colours(offers_table(listed(is_demo=False))).to_html()
    assert "background-color: #fbe5b8" in html
    assert html.count("background-color") == 1


def test_activity_facts_show_the_fields_of_its_kind_in_french_formats() -> None:
    facts = dict(activity_facts(takeover(turnover=310_000.0, target_date=date(2027, 6, 1))))
    assert facts["Chiffre d'affaires"] == "310\u00a0000\u00a0€"
    assert facts["Date souhaitée"] == "01/06/2027"
    job = dict(activity_facts(Activity(ActivityKind.EMPLOI, job_title="Infirmier")))
    assert job["Poste"] == "Infirmier"
    assert job["Salaire brut annuel"] == "—"
    assert "Prix demandé" not in job


def test_receptivity_rows_say_what_each_item_still_lacks() -> None:
    table = receptivity_table((housing(), housing(surface_m2=None, available_from=None)))
    assert list(table["À compléter"]) == ["—", "surface, date de disponibilité"]
    assert table.iloc[0]["Surface"] == "90 m²"
