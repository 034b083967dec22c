"""Diffusion (issue 16): what of an offer may be published, and in which words. Pure, no I/O.

Three things live here and nowhere else:

- the **publication state** of an offer (« à publier », « publiée le », « retirée le ») and
  whether an offer goes into the next generation (:func:`to_publish`): it must be *publique*,
  asked to be published, and neither filled (*pourvue*) nor archived nor withdrawn;
- the **settings** of the territory's publications (:class:`DiffusionSettings`): anonymisation
  thresholds, bands, the accueil service to contact, colours and logo;
- the **anonymisation rules** for takeovers (:func:`public_offer`), applied on top of the one
  audience rule (``accueil.services.audience.visible_offers(frame, PUBLIC)``), which decides
  *which* offers the public may see; these rules decide *how much* of a takeover is said, since
  a business for sale that can be recognised loses customers and staff before it is sold:

  * the sector instead of the title (a trade name, « Boulangerie Dupont »), no description,
    no sale reason, no item descriptions;
  * « secteur de <bourg-centre> », or the EPCI's name, instead of a commune of fewer than
    ``small_commune_population`` inhabitants, with its living environment left out (it names
    the place); the INSEE code published is then that of the bourg-centre;
  * turnover and asking price in bands, never the net result;
  * no headcount below ``min_headcount`` (a 1-person business is a person).

Offers of the other kinds (jobs, creations) are published as typed, minus the partner that
supplied them: the contact is always the territory's accueil service, never the seller.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from accueil import fr
from accueil.domain.access import AMOUNT_BANDS, amount_band
from accueil.domain.offers import (
    AMENITY_LABELS,
    SALARY_PERIODS,
    ActivityKind,
    Amenity,
    Confidentiality,
    Offer,
    OfferStatus,
    ReceptivityItem,
)
from accueil.domain.sectors import NO_SECTOR_LABEL, SECTOR_BY_CODE, sector_of

SCHEMA_VERSION = "1.0"  # of the JSON feed, docs/diffusion.md and docs/schemas/


class PublicationState(StrEnum):
    A_PUBLIER = "a_publier"
    PUBLIEE = "publiee"
    RETIREE = "retiree"

    @property
    def label(self) -> str:
        return {"a_publier": "À publier", "publiee": "Publiée", "retiree": "Retirée"}[self.value]


@dataclass(frozen=True, slots=True)
class Publication:
    """Where one offer stands in publication, with the dates the officer reads."""

    state: PublicationState
    requested_at: datetime | None = None
    published_at: datetime | None = None
    last_published_at: datetime | None = None
    withdrawn_at: datetime | None = None
    withdrawn_reason: str = ""

    @property
    def words(self) -> str:
        """« Publiée le 06/12/2026 », « Retirée le … (pourvue) », « À publier »."""
        if self.state is PublicationState.PUBLIEE:
            return f"Publiée le {fr.day(self.published_at)}"
        if self.state is PublicationState.RETIREE:
            reason = f" ({self.withdrawn_reason})" if self.withdrawn_reason else ""
            return f"Retirée le {fr.day(self.withdrawn_at)}{reason}"
        return "À publier"


# Never published: a filled or archived offer, and a partner's proposal not yet validated by
# a chargé de mission.
_CLOSED = {OfferStatus.POURVUE: "pourvue", OfferStatus.ARCHIVEE: "archivée",
           OfferStatus.PROPOSEE: "proposée par un partenaire, pas encore validée"}


def to_publish(offer: Offer, publication: Publication | None) -> bool:
    """Whether ``offer`` goes into the next generation of the public outputs.

    It must be *publique*, neither *pourvue* nor *archivée* nor a partner's unvalidated
    *proposée*, and asked to be published: marked
    « à publier » or already « publiée » — or, never marked, in the workflow status *publiée*
    (the officer said so on the offer). An offer withdrawn stays out until marked again.
    """
    if offer.confidentiality is not Confidentiality.PUBLIQUE or offer.status in _CLOSED:
        return False
    if publication is None:
        return offer.status is OfferStatus.PUBLIEE
    return publication.state in (PublicationState.A_PUBLIER, PublicationState.PUBLIEE)


def withdrawal_reason(offer: Offer) -> str:
    """Why a published offer leaves the next generation, in French (« pourvue »)."""
    if offer.status in _CLOSED:
        return _CLOSED[offer.status]
    if offer.confidentiality is not Confidentiality.PUBLIQUE:
        return "n'est plus publique"
    return "retirée par le service"


# -- settings ----------------------------------------------------------------------------------

PLACE_MODES = {"bourg_centre": "« secteur de » la commune-centre la plus proche de l'EPCI",
               "epci": "le nom de l'EPCI (communauté de communes)"}
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_LOGO_BYTES = 300_000


@dataclass(frozen=True, slots=True)
class DiffusionSettings:
    """What a territory chooses once for all its publications; stored in the store as JSON."""

    small_commune_population: int = 1000   # below this, a takeover's commune is not named
    small_place: str = "bourg_centre"      # one of PLACE_MODES
    min_headcount: float = 5.0             # below this, a takeover's headcount is not shown
    amount_bands: tuple[float, ...] = AMOUNT_BANDS
    site_title: str = "Offres d'accueil"
    territory_name: str = "Massif central"
    contact_name: str = "Service accueil"
    contact_email: str = ""
    contact_phone: str = ""
    contact_address: str = ""
    base_url: str = ""                     # where the catalogue will be online (QR codes, feeds)
    colour: str = "#1d4f7a"                # header and links; white text on it
    logo_png: str = field(default="", repr=False)  # base64 of a PNG, "" for none

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> DiffusionSettings:
        """Settings read back; unknown keys (from a later version) are ignored."""
        if not text:
            return cls()
        raw: dict[str, Any] = json.loads(text)
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        if "amount_bands" in values:
            values["amount_bands"] = tuple(float(x) for x in values["amount_bands"])
        return replace(cls(), **values)

    @property
    def logo(self) -> bytes:
        try:
            return base64.b64decode(self.logo_png, validate=True) if self.logo_png else b""
        except (binascii.Error, ValueError):
            return b""

    @property
    def contact_lines(self) -> tuple[str, ...]:
        return tuple(line for line in (self.contact_name, self.contact_address,
                                       self.contact_phone, self.contact_email) if line.strip())


def validate_settings(settings: DiffusionSettings) -> list[str]:
    """Every reason the settings cannot be used, in French; empty when they can."""
    errors: list[str] = []
    if settings.small_commune_population < 0:
        errors.append("Le seuil de population doit être un nombre d'habitants positif ou nul "
                      f"(trouvé : {settings.small_commune_population}).")
    if settings.small_place not in PLACE_MODES:
        errors.append(f"Mode de localisation inconnu : « {settings.small_place} » (attendu : "
                      f"{', '.join(PLACE_MODES)}).")
    if settings.min_headcount < 0:
        errors.append("Le seuil d'effectif doit être positif ou nul "
                      f"(trouvé : {fr.number(settings.min_headcount, 1)}).")
    bands = settings.amount_bands
    if len(bands) < 2 or bands[0] != 0 or any(b <= a for a, b in itertools.pairwise(bands)):
        errors.append("Les tranches de montants doivent commencer à 0 et croître "
                      f"(trouvé : {', '.join(fr.number(b) for b in bands)}).")
    if not settings.site_title.strip():
        errors.append("Le titre du catalogue est obligatoire.")
    if not settings.contact_name.strip():
        errors.append("Le nom du service à contacter est obligatoire : c'est le seul contact "
                      "publié.")
    if not _COLOUR.match(settings.colour):
        errors.append(f"Couleur « {settings.colour} » : attendu un code #RRVVBB (ex. #1d4f7a).")
    elif contrast_ratio(settings.colour, "#ffffff") < 4.5:
        errors.append(f"La couleur {settings.colour} est trop claire pour du texte blanc "
                      f"(contraste {fr.number(contrast_ratio(settings.colour, '#ffffff'), 1)}:1, "
                      "le RGAA demande au moins 4,5:1) : choisissez une teinte plus foncée.")
    if settings.base_url and not re.match(r"^https?://[^\s\"'<>]+$", settings.base_url):
        errors.append(f"Adresse du catalogue « {settings.base_url} » : attendu une adresse "
                      "commençant par https:// (ou laissez vide).")
    if settings.logo_png:
        logo = settings.logo
        if not logo.startswith(b"\x89PNG\r\n\x1a\n"):
            errors.append("Le logo doit être une image PNG.")
        elif len(logo) > _LOGO_BYTES:
            errors.append(f"Le logo fait {fr.number(len(logo) / 1000)} ko : 300 ko au plus.")
    return errors


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1, § 1.4.3 definition; sRGB channels linearised)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    """Contrast ratio of two ``#rrggbb`` colours, (L1 + 0.05) / (L2 + 0.05) (WCAG 2.1)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# -- the published offer -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """Where an offer is, from the reference geography (built by the service layer)."""

    commune_insee: str
    commune_name: str
    population: int | None = None
    postal_code: str = ""
    departement: str = ""
    epci_code: str = ""
    epci_name: str = ""
    centre_insee: str = ""   # the bourg-centre: most populated commune of the EPCI nearby
    centre_name: str = ""


@dataclass(frozen=True, slots=True)
class Nearby:
    """A service the commune lacks and the closest commune having it."""

    amenity: Amenity
    commune_name: str
    distance_km: float


@dataclass(frozen=True, slots=True)
class PublicItem:
    kind: str             # ReceptivityKind value
    kind_label: str
    description: str
    surface_m2: float | None
    rooms: int | None
    monthly_rent: float | None
    price: float | None
    available: str        # « immédiatement », « à partir du 01/01/2027 » or ""


@dataclass(frozen=True, slots=True)
class Band:
    low: float
    high: float | None

    @property
    def words(self) -> str:
        if self.high is None:
            return f"plus de {fr.euros(self.low)}"
        if self.low == 0:
            return f"moins de {fr.euros(self.high)}"
        return f"de {fr.euros(self.low)} à {fr.euros(self.high)}"


@dataclass(frozen=True, slots=True)
class PublicOffer:
    """An offer as every published output shows it: nothing here may be left out later.

    Outputs (catalogue, feeds, sheets) print these fields and only these; what the rules
    remove is simply not in this record.
    """

    offer_id: int
    ref: str                          # « offre-42 »: page names, feed ids
    kind: ActivityKind
    title: str
    description: str
    place: str                        # commune name, « secteur de … » or an EPCI's name
    commune_insee: str                # the offer's commune, or the bourg-centre's when generalised
    place_generalised: bool
    postal_code: str
    departement: str
    epci_name: str
    sector_code: str                  # NAF section letter, "" when unknown
    sector_label: str
    naf_label: str
    turnover: Band | None
    asking_price: Band | None
    headcount: float | None
    target_date: date | None
    job_title: str
    contract: str
    working_time: str
    salary: str                       # French words: « 1 900 € à 2 100 € par mois »
    salary_min: float | None
    salary_max: float | None
    salary_period: str
    start: str                        # « dès que possible », « à partir du 01/03/2027 », ""
    need: str
    items: tuple[PublicItem, ...]
    amenities: tuple[str, ...]        # labels of the services present in the commune
    nearby: tuple[tuple[str, str, float], ...]  # (service, commune, km) for those it lacks
    living_environment: str
    published_at: datetime
    updated_at: datetime

    @property
    def kind_label(self) -> str:
        return self.kind.label


def offer_ref(offer_id: int) -> str:
    return f"offre-{offer_id}"


def band(amount: float | None, edges: tuple[float, ...]) -> Band | None:
    found = amount_band(amount, edges)
    return None if found is None else Band(*found)


def public_place(place: Place, settings: DiffusionSettings,
                 kind: ActivityKind) -> tuple[str, str, bool]:
    """(words, INSEE code, generalised) of where an offer is said to be.

    Only takeovers in a small commune (or of unknown population) are generalised: to
    « secteur de <bourg-centre> » when the EPCI has a larger centre, else to the EPCI's name,
    else (no EPCI known) to the département's number.
    """
    small = place.population is None or place.population < settings.small_commune_population
    if kind is not ActivityKind.REPRISE or not small:
        return place.commune_name, place.commune_insee, False
    centre_ok = bool(place.centre_insee) and place.centre_insee != place.commune_insee
    if settings.small_place == "bourg_centre" and centre_ok:
        return f"secteur de {place.centre_name}", place.centre_insee, True
    if place.epci_name:
        return place.epci_name, place.centre_insee or place.commune_insee, True
    return f"département {place.departement}", place.commune_insee, True


def _available(item: ReceptivityItem) -> str:
    if item.available_now:
        return "immédiatement"
    if item.available_from is not None:
        return f"à partir du {fr.day(item.available_from)}"
    return ""


def salary_words(offer: Offer) -> str:
    activity = offer.activity
    if activity is None:
        return ""
    period = SALARY_PERIODS.get(activity.salary_period or "", "")
    low, high = activity.salary_min, activity.salary_max
    if low is not None and high is not None and high != low:
        text = f"{fr.euros(low)} à {fr.euros(high)}"
    elif low is not None or high is not None:
        text = fr.euros(low if low is not None else high)
    elif activity.gross_annual_salary is not None:
        return f"{fr.euros(activity.gross_annual_salary)} brut par an"
    else:
        return (activity.salary_note or "").strip()
    return f"{text} brut {period}".strip()


def public_offer(offer: Offer, place: Place, settings: DiffusionSettings, *,
                 nearby: tuple[Nearby, ...] = (), published_at: datetime) -> PublicOffer:
    """``offer`` in the words every published output uses, the takeover rules applied.

    ``offer`` must already be one the public may see (the audience rule) and one
    :func:`to_publish` accepts; this function decides only how much of it is said.
    """
    if offer.id is None:
        raise ValueError("an offer must be stored before it is published")
    activity = offer.activity
    kind = activity.kind if activity else ActivityKind.CREATION
    takeover = kind is ActivityKind.REPRISE
    where, insee, generalised = public_place(place, settings, kind)
    section = sector_of(activity.naf_code if activity else None)
    sector = SECTOR_BY_CODE.get(section)
    naf_label = ((activity.naf_label or "").strip() if activity else "")
    if takeover:
        activity_words = naf_label or (sector.label if sector else "activité")
        title = f"Reprise : {activity_words.lower() if naf_label else activity_words}"
        title = f"{title} – {where}"
    else:
        title = offer.title.strip()
    headcount = activity.headcount if activity else None
    if takeover and headcount is not None and headcount < settings.min_headcount:
        headcount = None
    start = ""
    if activity and activity.start_asap:
        start = "dès que possible"
    elif activity and activity.start_date:
        start = f"à partir du {fr.day(activity.start_date)}"
    items = tuple(
        PublicItem(kind=i.kind.value, kind_label=i.kind.label,
                   description="" if takeover else i.description.strip(),
                   surface_m2=i.surface_m2, rooms=i.rooms, monthly_rent=i.monthly_rent,
                   price=i.price, available=_available(i))
        for i in offer.receptivity)
    present = tuple(AMENITY_LABELS[a] for a in Amenity if a in offer.amenities)
    lacking = tuple((AMENITY_LABELS[n.amenity], n.commune_name, round(n.distance_km, 1))
                    for n in nearby if n.amenity not in offer.amenities)
    edges = settings.amount_bands
    return PublicOffer(
        offer_id=offer.id, ref=offer_ref(offer.id), kind=kind, title=title,
        description="" if takeover else offer.description.strip(),
        place=where, commune_insee=insee, place_generalised=generalised,
        postal_code="" if generalised else place.postal_code, departement=place.departement,
        epci_name=place.epci_name, sector_code=section,
        sector_label=sector.label if sector else NO_SECTOR_LABEL, naf_label=naf_label,
        turnover=band(activity.turnover, edges) if takeover and activity else None,
        asking_price=band(activity.asking_price, edges) if takeover and activity else None,
        headcount=headcount,
        target_date=activity.target_date if takeover and activity else None,
        job_title=(activity.job_title or "").strip() if activity else "",
        contract=(activity.contract or "").strip() if activity else "",
        working_time=(activity.working_time or "").strip() if activity else "",
        salary=salary_words(offer) if kind is ActivityKind.EMPLOI else "",
        salary_min=activity.salary_min if activity and kind is ActivityKind.EMPLOI else None,
        salary_max=activity.salary_max if activity and kind is ActivityKind.EMPLOI else None,
        salary_period=(activity.salary_period or "") if activity else "",
        start=start, need=(activity.need or "").strip() if activity else "",
        items=items, amenities=present, nearby=() if generalised else lacking,
        living_environment="" if generalised else offer.living_environment.strip(),
        published_at=published_at, updated_at=offer.updated_at or published_at)
