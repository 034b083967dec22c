"""Open feeds of published offers: JSON (versioned schema), Atom and RSS, schema.org JSON-LD.

Everything here is written from :class:`accueil.domain.diffusion.PublicOffer` records, which
hold only what the rules let out: no field of a stored offer reaches a feed by another path.
The JSON document follows ``docs/schemas/offres-1.0.schema.json`` (described in
``docs/diffusion.md``); Atom and RSS are written by feedgen, with the newest offers first;
``JobPosting`` objects follow https://schema.org/JobPosting. No store, no streamlit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from accueil.domain.diffusion import SCHEMA_VERSION, Band, DiffusionSettings, PublicOffer
from accueil.domain.offers import ActivityKind

SCHEMA_PATH = (Path(__file__).resolve().parents[2] / "docs" / "schemas"
               / f"offres-{SCHEMA_VERSION}.schema.json")
FEED_ENTRIES = 100  # the newest; the JSON document carries every offer
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
TEXT_LIMIT = 5_000


def clean(text: object, limit: int = TEXT_LIMIT) -> str:
    """``text`` without control characters or direction overrides, cut at ``limit``."""
    value = _INVISIBLE.sub("", "" if text is None else str(text))
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def page_url(settings: DiffusionSettings, ref: str) -> str:
    """The address of an offer's page: absolute when the catalogue's address is known."""
    base = settings.base_url.rstrip("/")
    return f"{base}/offres/{ref}.html" if base else f"offres/{ref}.html"


def _band(band: Band | None) -> dict[str, Any] | None:
    return None if band is None else {"min": band.low, "max": band.high, "texte": band.words}


def _local(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def offer_json(offer: PublicOffer, settings: DiffusionSettings) -> dict[str, Any]:
    """One offer as the JSON feed gives it (schema ``offres-1.0``)."""
    return {
        "id": offer.ref,
        "type": offer.kind.value,
        "type_libelle": offer.kind_label,
        "titre": clean(offer.title, 300),
        "description": clean(offer.description),
        "url": page_url(settings, offer.ref),
        "lieu": {"libelle": clean(offer.place, 300), "code_insee": offer.commune_insee,
                 "generalise": offer.place_generalised, "code_postal": offer.postal_code,
                 "departement": offer.departement, "epci": clean(offer.epci_name, 300)},
        "secteur": {"section_naf": offer.sector_code, "libelle": offer.sector_label,
                    "activite": clean(offer.naf_label, 300)},
        "reprise": None if offer.kind is not ActivityKind.REPRISE else {
            "chiffre_affaires": _band(offer.turnover), "prix": _band(offer.asking_price),
            "effectif": offer.headcount,
            "date_souhaitee": offer.target_date.isoformat() if offer.target_date else None},
        "emploi": None if offer.kind is not ActivityKind.EMPLOI else {
            "poste": clean(offer.job_title, 300), "contrat": clean(offer.contract, 60),
            "temps_de_travail": clean(offer.working_time, 60),
            "salaire": clean(offer.salary, 200), "salaire_min": offer.salary_min,
            "salaire_max": offer.salary_max, "periode": offer.salary_period or None,
            "debut": clean(offer.start, 100)},
        "creation": None if offer.kind is not ActivityKind.CREATION else {
            "besoin": clean(offer.need)},
        "biens": [{"type": i.kind, "type_libelle": i.kind_label,
                   "description": clean(i.description, 1_000), "surface_m2": i.surface_m2,
                   "pieces": i.rooms, "loyer_mensuel": i.monthly_rent, "prix": i.price,
                   "disponible": i.available} for i in offer.items],
        "services": list(offer.amenities),
        "services_proches": [{"service": s, "commune": clean(c, 300), "distance_km": km}
                             for s, c, km in offer.nearby],
        "cadre_de_vie": clean(offer.living_environment, 2_000),
        "publiee_le": _local(offer.published_at),
        "mise_a_jour_le": _local(offer.updated_at),
    }


def json_feed(offers: Sequence[PublicOffer], settings: DiffusionSettings,
              generated_at: datetime) -> dict[str, Any]:
    return {
        "schema": f"offres-{SCHEMA_VERSION}",
        "version": SCHEMA_VERSION,
        "genere_le": _local(generated_at),
        "editeur": {"territoire": clean(settings.territory_name, 200),
                    "contact": clean(settings.contact_name, 200),
                    "courriel": clean(settings.contact_email, 200),
                    "telephone": clean(settings.contact_phone, 60),
                    "adresse": clean(settings.contact_address, 300)},
        "offres": [offer_json(o, settings) for o in offers],
    }


def load_schema() -> dict[str, Any]:
    with SCHEMA_PATH.open(encoding="utf-8") as handle:
        schema: dict[str, Any] = json.load(handle)
    return schema


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _feed(offers: Sequence[PublicOffer], settings: DiffusionSettings,
          generated_at: datetime) -> FeedGenerator:
    feed = FeedGenerator()
    base = settings.base_url.rstrip("/")
    feed.id(f"{base}/" if base else "urn:accueil:catalogue")
    feed.title(clean(f"{settings.site_title} – {settings.territory_name}", 300))
    feed.description(clean(f"Offres d'accueil nouvelles ou mises à jour : "
                           f"{settings.territory_name}", 300))
    feed.link(href=f"{base}/index.html" if base else "index.html", rel="alternate")
    feed.language("fr")
    feed.updated(_aware(generated_at))
    newest = sorted(offers, key=lambda o: (o.updated_at, o.offer_id), reverse=True)
    for offer in reversed(newest[:FEED_ENTRIES]):  # feedgen puts the last added first
        entry = feed.add_entry()
        url = page_url(settings, offer.ref)
        entry.id(url if base else f"urn:accueil:{offer.ref}")
        entry.title(clean(offer.title, 300))
        entry.link(href=url)
        entry.summary(clean(f"{offer.kind_label} · {offer.place}"
                            + (f" · {offer.description}" if offer.description else ""), 600))
        entry.published(_aware(offer.published_at))
        entry.updated(_aware(offer.updated_at))
        entry.category(term=offer.kind.value, label=offer.kind_label)
    return feed


def atom_feed(offers: Sequence[PublicOffer], settings: DiffusionSettings,
              generated_at: datetime) -> bytes:
    return bytes(_feed(offers, settings, generated_at).atom_str(pretty=True))


def rss_feed(offers: Sequence[PublicOffer], settings: DiffusionSettings,
             generated_at: datetime) -> bytes:
    return bytes(_feed(offers, settings, generated_at).rss_str(pretty=True))


_EMPLOYMENT = {"CDI": "FULL_TIME", "CDD": "TEMPORARY", "Saisonnier": "TEMPORARY",
               "Intérim": "TEMPORARY", "Apprentissage": "INTERN"}
_UNIT = {"heure": "HOUR", "mois": "MONTH", "an": "YEAR"}


def job_posting(offer: PublicOffer, settings: DiffusionSettings) -> dict[str, Any] | None:
    """The schema.org ``JobPosting`` of a job offer, ``None`` for the other kinds.

    The employer is not a field of the tool (the partner that supplied the offer is not the
    employer), so ``hiringOrganization`` names the territory's accueil service as the contact
    (``applicationContact``) and no employer is invented.
    """
    if offer.kind is not ActivityKind.EMPLOI:
        return None
    types = []
    if offer.contract in _EMPLOYMENT:
        types.append(_EMPLOYMENT[offer.contract])
    if offer.working_time == "Temps partiel":
        types.append("PART_TIME")
    elif offer.working_time == "Temps plein" and "FULL_TIME" not in types:
        types.append("FULL_TIME")
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": clean(offer.job_title or offer.title, 300),
        "description": clean(offer.description or offer.title),
        "datePosted": offer.published_at.date().isoformat(),
        "url": page_url(settings, offer.ref),
        "identifier": {"@type": "PropertyValue", "name": clean(settings.territory_name, 200),
                       "value": offer.ref},
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": clean(offer.place, 300),
            "postalCode": offer.postal_code, "addressCountry": "FR"},
            "identifier": {"@type": "PropertyValue", "propertyID": "code INSEE",
                           "value": offer.commune_insee}},
        "applicationContact": {"@type": "ContactPoint",
                               "name": clean(settings.contact_name, 200),
                               "email": clean(settings.contact_email, 200),
                               "telephone": clean(settings.contact_phone, 60)},
    }
    if types:
        posting["employmentType"] = types
    if offer.salary_min is not None or offer.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue",
                                 "unitText": _UNIT.get(offer.salary_period, "MONTH")}
        if offer.salary_min is not None:
            value["minValue"] = offer.salary_min
        if offer.salary_max is not None:
            value["maxValue"] = offer.salary_max
        posting["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    return posting


def script_json(data: Any) -> str:
    """JSON safe inside an HTML ``<script>``: no ``</script>`` or comment can be closed."""
    text = json.dumps(data, ensure_ascii=False)  # no indent: the C encoder, 10x faster
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
