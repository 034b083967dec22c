"""Build ``data/demo/offres.json``, the demo territory the app opens on at first run.

The demo is the CC de Saint-Flour (Cantal, EPCI 200066660): real communes from
``data/reference/communes.csv``, invented but plausible offers from the kind of partners a
chargé de mission works with. Every kind of activity and every pillar state appears, so that
each screen has something to show. The output is deterministic (seeded): run it again and
the file does not change.

Usage: ``python scripts/build_demo.py``
"""

from __future__ import annotations

import csv
import json
import random
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EPCI = "200066660"
OUT = ROOT / "data" / "demo" / "offres.json"
TODAY = date(2026, 11, 1)

REPRISES = [
    ("Boulangerie-pâtisserie au cœur du bourg", "10.71C", "Boulangerie et boulangerie-pâtisserie", 310_000, 38_000, 3, 180_000, "Départ à la retraite"),
    ("Bar-restaurant multiservice avec licence IV", "56.10A", "Restauration traditionnelle", 240_000, 22_000, 2, 120_000, "Départ à la retraite"),
    ("Garage automobile, agent de marque", "45.20A", "Entretien et réparation de véhicules automobiles légers", 520_000, 45_000, 4, 210_000, "Départ à la retraite"),
    ("Épicerie de proximité et point relais", "47.11B", "Commerce d'alimentation générale", 280_000, 18_000, 1, 65_000, "Reconversion du cédant"),
    ("Salon de coiffure mixte", "96.02A", "Coiffure", 95_000, 21_000, 1, 35_000, "Déménagement"),
    ("Boucherie-charcuterie traditionnelle", "47.22Z", "Commerce de détail de viandes", 450_000, 41_000, 3, 150_000, "Départ à la retraite"),
    ("Hôtel-restaurant 2 étoiles, 12 chambres", "55.10Z", "Hôtels et hébergement similaire", 390_000, 27_000, 5, 320_000, "Départ à la retraite"),
    ("Exploitation bovins lait AOP Cantal, 60 ha", "01.41Z", "Élevage de vaches laitières", 210_000, 32_000, 0, 290_000, "Départ à la retraite"),
    ("Menuiserie-ébénisterie", "43.32A", "Travaux de menuiserie bois et PVC", 360_000, 30_000, 3, 140_000, "Départ à la retraite"),
    ("Tabac-presse-loto", "47.26Z", "Commerce de détail de produits à base de tabac", 180_000, 24_000, 1, 95_000, "Raisons de santé"),
    ("Entreprise de plomberie-chauffage", "43.22A", "Travaux d'installation d'eau et de gaz", 410_000, 48_000, 4, 160_000, "Départ à la retraite"),
    ("Fromagerie fermière (salers et cantal)", "10.51C", "Fabrication de fromage", 260_000, 29_000, 2, 175_000, "Départ à la retraite"),
    ("Camping municipal 3 étoiles (gérance)", "55.30Z", "Terrains de camping et parcs pour caravanes", 120_000, 14_000, 1, 40_000, "Fin de contrat du gérant"),
    ("Station-service et dépannage", "47.30Z", "Commerce de détail de carburants", 640_000, 26_000, 2, 110_000, "Départ à la retraite"),
    ("Librairie-papeterie", "47.61Z", "Commerce de détail de livres", 150_000, 12_000, 1, 45_000, "Départ à la retraite"),
    ("Maçonnerie générale", "43.99C", "Travaux de maçonnerie générale", 480_000, 39_000, 5, 170_000, "Départ à la retraite"),
]
CREATIONS = [
    ("Boulangerie : aucune à moins de 12 km", "10.71C", "Plus de boulangerie depuis 2024 ; dépôt de pain insuffisant."),
    ("Cabinet de kinésithérapie", "86.90E", "Aucun kinésithérapeute sur la commune ; patients orientés vers Saint-Flour."),
    ("Multiservice rural (épicerie, bar, relais poste)", "47.11B", "Dernier commerce fermé ; la commune rachète les murs."),
    ("Tiers-lieu et espace de coworking", "82.11Z", "Télétravailleurs installés récemment sans lieu de travail partagé."),
    ("Maraîchage biologique en circuit court", "01.13Z", "Cantines et marché demandent des légumes locaux."),
    ("Micro-crèche de 10 places", "88.91A", "Liste d'attente de 14 familles pour l'accueil du jeune enfant."),
    ("Brasserie artisanale", "11.05Z", "Projet porté par la commune autour du site touristique."),
    ("Gîte de groupe de 20 lits", "55.20Z", "Randonneurs du GR et groupes scolaires sans hébergement."),
    ("Cabinet infirmier", "86.90D", "Départ en retraite de la seule infirmière libérale."),
    ("Atelier de réparation de vélos électriques", "95.29Z", "Location de VAE en hausse, aucun réparateur proche."),
    ("Restaurant bistronomique (Bistrot de Pays)", "56.10A", "Le bourg n'a plus de restaurant ouvert à l'année."),
    ("Salon de toilettage et pension canine", "96.09Z", "Demande forte des éleveurs et particuliers."),
]
EMPLOIS = [
    ("Infirmier(ère) en EHPAD", "87.10A", "Infirmier diplômé d'État", "CDI", "Temps plein", 31_000),
    ("Médecin généraliste salarié du centre de santé", "86.21Z", "Médecin généraliste", "CDI", "Temps plein", 95_000),
    ("Conducteur(trice) de car scolaire", "49.39A", "Conducteur de transport en commun", "CDI", "Temps partiel", 16_500),
    ("Vacher(ère) en exploitation laitière", "01.41Z", "Agent d'élevage laitier", "CDI", "Temps plein", 25_000),
    ("Secrétaire de mairie", "84.11Z", "Secrétaire général de mairie", "CDI", "Temps partiel", 19_000),
    ("Aide-soignant(e) à domicile", "88.10A", "Aide-soignant", "CDI", "Temps plein", 24_500),
    ("Cuisinier(ère) saisonnier, station thermale", "56.10A", "Cuisinier", "Saisonnier", "Temps plein", 24_000),
    ("Technicien(ne) de maintenance industrielle", "33.12Z", "Technicien de maintenance", "CDI", "Temps plein", 30_000),
    ("Fromager(ère) en coopérative", "10.51C", "Fromager", "CDI", "Temps plein", 26_000),
    ("Mécanicien(ne) en machinisme agricole", "33.12Z", "Mécanicien agricole", "CDI", "Temps plein", 27_500),
    ("Boulanger(ère)", "10.71C", "Boulanger", "CDI", "Temps plein", 24_000),
    ("Comptable en cabinet", "69.20Z", "Comptable", "CDI", "Temps plein", 32_000),
    ("Animateur(trice) enfance-jeunesse", "88.91B", "Animateur socioculturel", "CDD", "Temps plein", 22_000),
    ("Agent(e) d'exploitation des routes", "84.11Z", "Agent d'exploitation routière", "CDI", "Temps plein", 23_000),
    ("Professeur(e) de musique (école intercommunale)", "85.52Z", "Professeur de musique", "CDD", "Temps partiel", 18_000),
    ("Chargé(e) d'accueil à l'office de tourisme", "79.90Z", "Conseiller en séjour", "Saisonnier", "Temps plein", 21_500),
]
PARTNERS = {
    "reprise": ["CCI du Cantal", "CMA du Cantal", "Chambre d'agriculture du Cantal",
                "Transentreprise"],
    "creation": ["Communauté de communes", "Mairie", "Initiative Cantal", "BGE Auvergne"],
    "emploi": ["France Travail Saint-Flour", "Communauté de communes", "Mairie",
               "Groupement d'employeurs"],
}
# Pillar profiles cycled through the offers: (activité complète?, réceptivité, aménités).
PROFILES = [
    ("complet", "complet", "complet"),
    ("complet", "absent", "absent"),
    ("complet", "complet", "partiel"),
    ("complet", "partiel", "complet"),
    ("partiel", "complet", "complet"),
    ("complet", "complet", "absent"),
    ("complet", "absent", "complet"),
    ("partiel", "absent", "absent"),
    ("complet", "complet", "complet"),
    ("complet", "partiel", "partiel"),
]
ALL_AMENITIES = ["ecole", "college", "medecin", "pharmacie", "commerce", "poste",
                 "petite_enfance", "transport", "tres_haut_debit"]
LIVING = [
    "Bourg de caractère sur la planèze, vue sur les monts du Cantal, vie associative active.",
    "Village au bord de la Truyère, sentiers de randonnée et pêche ; fête patronale en août.",
    "Commune de moyenne montagne (900 m), pistes de ski nordique à 20 minutes.",
    "Ville d'art et d'histoire, marché le samedi, cinéma et médiathèque.",
]
STATUSES = ["veille", "en_qualification", "en_qualification", "publiee", "publiee", "pourvue"]


def communes() -> list[dict[str, str]]:
    with (ROOT / "data" / "reference" / "communes.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["code_epci"] == EPCI]
    return sorted(rows, key=lambda r: -int(r["population"] or 0))


def amenities_for(population: int, state: str, rng: random.Random) -> tuple[list[str], str]:
    living = LIVING[3] if population > 5000 else rng.choice(LIVING[:3])
    if state == "absent":
        return [], ""
    if state == "complet":
        base = ["ecole", "medecin", "commerce", "tres_haut_debit"]
        extra = [a for a in ALL_AMENITIES if a not in base and (population > 1000 or rng.random() < .4)]
        return sorted(base + extra), living
    partial = ["ecole", "poste"] if population > 300 else ["tres_haut_debit"]
    return partial, rng.choice(["", living])


def receptivity_for(kind: str, state: str, rng: random.Random) -> list[dict[str, object]]:
    if state == "absent":
        return []
    available = (TODAY + timedelta(days=rng.randrange(0, 240))).isoformat()
    rooms = rng.choice([3, 4, 5])
    housing: dict[str, object] = {
        "kind": "logement", "description": rng.choice(
            ["Maison de bourg avec jardin", "Appartement communal rénové",
             "Logement au-dessus du commerce", "Maison individuelle, chauffage bois"]),
        "surface_m2": float(rng.choice([65, 78, 92, 110, 125])), "rooms": rooms,
        "monthly_rent": float(rng.choice([420, 480, 550, 620])), "price": None,
        "available_from": available}
    items = [housing]
    if kind == "creation":
        items.append({"kind": rng.choice(["local", "foncier"]),
                      "description": rng.choice(["Local commercial de plain-pied en centre-bourg",
                                                 "Terrain constructible viabilisé",
                                                 "Ancien atelier communal"]),
                      "surface_m2": float(rng.choice([80, 120, 250, 1500])), "rooms": None,
                      "monthly_rent": float(rng.choice([250, 350, 450])), "price": None,
                      "available_from": available})
    if state == "partiel":
        items[-1] = {**items[-1], "surface_m2": None, "available_from": None}
    return items


def build() -> list[dict[str, object]]:
    rng = random.Random(2026)
    places = communes()
    big, small = places[:8], places[8:]
    offers: list[dict[str, object]] = []
    catalogue = ([("reprise", r) for r in REPRISES] + [("creation", c) for c in CREATIONS]
                 + [("emploi", e) for e in EMPLOIS])
    for index, (kind, spec) in enumerate(catalogue):
        activity_state, receptivity_state, amenity_state = PROFILES[index % len(PROFILES)]
        place = rng.choice(big) if rng.random() < .6 else rng.choice(small)
        population = int(place["population"] or 0)
        activity: dict[str, object] = {"kind": kind, "naf_code": spec[1]}
        if kind == "reprise":
            title, _naf, label, turnover, result, headcount, price, reason = spec  # type: ignore[misc]
            activity.update(naf_label=label, turnover=float(turnover), net_result=float(result),
                            headcount=headcount, asking_price=float(price), sale_reason=reason,
                            target_date=(TODAY + timedelta(days=rng.randrange(90, 540))).isoformat())
            if activity_state == "partiel":
                activity.update(net_result=None, target_date=None)
        elif kind == "creation":
            title, _naf, need = spec  # type: ignore[misc]
            activity.update(need=need if activity_state == "complet" else None)
        else:
            title, _naf, job, contract, time, salary = spec  # type: ignore[misc]
            activity.update(job_title=job, contract=contract, working_time=time,
                            gross_annual_salary=float(salary) if activity_state == "complet" else None)
        amenity_list, living = amenities_for(population, amenity_state, rng)
        offers.append({
            "title": f"{title} – {place['nom']}",
            "commune_insee": place["code_insee"],
            "status": rng.choice(STATUSES),
            "source_partner": rng.choice(PARTNERS[kind]),
            "confidentiality": "confidentielle" if kind == "reprise" and index % 3 == 0 else "publique",
            "description": "",
            "verified_on": (TODAY - timedelta(days=rng.randrange(5, 330))).isoformat(),
            "activity": activity,
            "receptivity": receptivity_for(kind, receptivity_state, rng),
            "amenities": amenity_list,
            "living_environment": living,
        })
    return offers


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(build())} offres")


if __name__ == "__main__":
    main()
