"""Build ``data/demo/inventaire.json``: the demo territory's réceptivité inventory and aménités.

Beside the demo offers (``scripts/build_demo.py``), the CC de Saint-Flour (Cantal, EPCI
200066660) gets housing, land and premises not yet linked to any offer, so that the
aggregation assistant has something to suggest, and a profile of services per commune, so that
the *Aménités* page and the distance to the nearest service show real-looking figures. The
items and counts are invented; the communes are real. Communes that carry demo offers get
the services those offers list, so that the two stay consistent. Deterministic (seeded): run
it again and the file does not change.

Usage: ``python scripts/build_demo_inventory.py``
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPCI = "200066660"
OFFERS = ROOT / "data" / "demo" / "offres.json"
OUT = ROOT / "data" / "demo" / "inventaire.json"
TODAY = date(2026, 11, 1)
AMENITIES = ("ecole", "college", "medecin", "pharmacie", "commerce", "poste", "petite_enfance",
             "transport", "tres_haut_debit")
PARTNERS = ("Agence immobilière du Haut-Cantal", "Mairie", "Cantal Habitat", "SAFER",
            "CCI du Cantal", "Chambre d'agriculture du Cantal", "Notaire")

# (kind, description, detail, surface, rooms, tenure, monthly rent, price): fixed items placed
# where the demo offers can use them, then random ones across the territory.
PLACED = [
    ("15108", "local", "Ancienne boulangerie avec fournil et boutique sur la place",
     {"premises_types": ["atelier", "commerce"]}, 140.0, None, "location", 450.0, None),
    ("15108", "logement", "Maison de bourg rénovée, jardin", {"housing_type": "maison"},
     105.0, 4, "location", 580.0, None),
    ("15108", "local", "Bureau au rez-de-chaussée de la mairie", {"premises_types": ["bureau"]},
     35.0, None, "location", 180.0, None),
    ("15142", "local", "Boutique en centre-bourg, vitrine refaite", {"premises_types": ["commerce"]},
     70.0, None, "location", 320.0, None),
    ("15259", "local", "Cabinet médical libre, deux salles", {"premises_types": ["bureau"]},
     60.0, None, "location", 250.0, None),
    ("15259", "logement", "Appartement communal au-dessus de l'école",
     {"housing_type": "appartement"}, 72.0, 3, "location", 390.0, None),
    ("15187", "local", "Atelier en zone artisanale, accès poids lourds",
     {"premises_types": ["atelier"]}, 220.0, None, "location", 700.0, None),
    ("15231", "foncier", "Terres agricoles, 12 ha en prairie", {"land_type": "terre_agricole"},
     120_000.0, None, "vente", None, 54_000.0),
    ("15121", "local", "Bâtiment agricole avec salle de fabrication",
     {"premises_types": ["atelier", "batiment_agricole"]}, 300.0, None, "location", 400.0, None),
]
DESCRIPTIONS = {
    "maison": ["Maison de village", "Maison avec jardin", "Pavillon récent", "Ferme rénovée",
               "Maison mitoyenne"],
    "appartement": ["Appartement communal", "Appartement en centre-bourg", "Logement locatif social"],
    "terrain_a_batir": ["Terrain à bâtir viabilisé", "Lot en lotissement communal"],
    "terre_agricole": ["Parcelles en prairie", "Terres labourables"],
}


def _communes() -> list[dict[str, str]]:
    with (ROOT / "data" / "reference" / "communes.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["code_epci"] == EPCI]


def _verified(rng: random.Random) -> str | None:
    if rng.random() < 0.1:
        return None
    return (TODAY - timedelta(days=rng.randint(5, 330))).isoformat()


def items(rng: random.Random, communes: list[dict[str, str]]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for commune, kind, text, detail, surface, rooms, tenure, rent, price in PLACED:
        out.append({"commune_insee": commune, "kind": kind, "description": text,
                    "surface_m2": surface, "rooms": rooms, "tenure": tenure,
                    "monthly_rent": rent, "price": price,
                    "available_from": (TODAY + timedelta(days=rng.randint(0, 90))).isoformat(),
                    "source_partner": "Mairie", "verified_on": (TODAY - timedelta(
                        days=rng.randint(5, 60))).isoformat(), **detail})
    codes = sorted(c["code_insee"] for c in communes)
    for _ in range(34):
        commune = rng.choice(codes)
        roll = rng.random()
        record: dict[str, object] = {"commune_insee": commune, "source_partner":
                                     rng.choice(PARTNERS), "verified_on": _verified(rng)}
        if roll < 0.7:
            housing = "maison" if rng.random() < 0.7 else "appartement"
            rooms = rng.randint(2, 6)
            tenure = "location" if rng.random() < 0.75 else "vente"
            surface = float(rng.randint(14, 26) * rooms + rng.randint(0, 15))
            record.update(kind="logement", housing_type=housing, rooms=rooms,
                          description=rng.choice(DESCRIPTIONS[housing]), tenure=tenure,
                          surface_m2=surface,
                          monthly_rent=float(round(surface * rng.uniform(5.0, 7.5) / 10) * 10)
                          if tenure == "location" else None,
                          price=float(round(surface * rng.uniform(900, 1600) / 1000) * 1000)
                          if tenure == "vente" else None)
        elif roll < 0.85:
            land = "terrain_a_batir" if rng.random() < 0.6 else "terre_agricole"
            surface = float(rng.randint(6, 15) * 100) if land == "terrain_a_batir" else float(
                rng.randint(2, 30) * 10_000)
            record.update(kind="foncier", land_type=land, description=rng.choice(
                DESCRIPTIONS[land]), tenure="vente", surface_m2=surface, price=float(
                round(surface * (25 if land == "terrain_a_batir" else 0.45) / 100) * 100))
        else:
            types = rng.choice([["commerce"], ["atelier"], ["bureau"], ["atelier", "commerce"]])
            surface = float(rng.randint(4, 25) * 10)
            record.update(kind="local", premises_types=types, description={
                "commerce": "Local commercial", "atelier": "Atelier", "bureau": "Bureau"}[
                types[-1] if types != ["atelier", "commerce"] else "commerce"] + " à reprendre",
                tenure="location", surface_m2=surface,
                monthly_rent=float(round(surface * rng.uniform(3, 6) / 10) * 10))
        if rng.random() < 0.15:  # some records still to complete
            record["surface_m2"] = None
        record["available_from"] = (None if rng.random() < 0.1 else
                                    (TODAY + timedelta(days=rng.randint(-30, 240))).isoformat())
        out.append(record)
    return out


def profiles(rng: random.Random, communes: list[dict[str, str]]) -> list[dict[str, object]]:
    offers = json.loads(OFFERS.read_text(encoding="utf-8"))
    listed: dict[str, set[str]] = {}
    for offer in offers:
        if offer["amenities"]:
            listed.setdefault(offer["commune_insee"], set()).update(offer["amenities"])
    out: list[dict[str, object]] = []
    for commune in sorted(communes, key=lambda c: c["code_insee"]):
        code = commune["code_insee"]
        population = int(commune["population"] or 0)
        if code in listed:
            present = listed[code]
        else:
            chance = min(0.9, 0.15 + population / 1500)
            present = {a for a in AMENITIES if rng.random() < chance}
            if rng.random() < 0.7:
                present.add("tres_haut_debit")
        counts = {a: (rng.randint(1, 3 if population > 1000 else 1) if a in present else 0)
                  for a in AMENITIES}
        living = ""
        if population > 400 and rng.random() < 0.6:
            living = rng.choice([
                "Bourg de caractère sur la planèze, vue sur les monts du Cantal.",
                "Village de moyenne montagne, sentiers de randonnée et pêche en rivière.",
                "Commune rurale dynamique : associations, fête de l'estive, marché l'été.",
            ])
        out.append({"commune_insee": code, "counts": counts, "living_environment": living})
    return out


def main() -> None:
    rng = random.Random(5)
    communes = _communes()
    data = {"items": items(rng, communes), "profiles": profiles(rng, communes)}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['items'])} biens, {len(data['profiles'])} communes -> "
          f"{OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
