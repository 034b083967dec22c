"""The offer d'accueil and its three parts: activité, réceptivité, aménités.

Pure data: frozen dataclasses and enums with their French labels, plus the field-level
validation of an offer as a user typed it. No I/O here: no streamlit, no duckdb, no files.
Whether an offer is *qualifiée* is decided in :mod:`accueil.domain.pillars`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class ActivityKind(StrEnum):
    """What the newcomer would do: take over a business, create one, or take a job."""

    REPRISE = "reprise"
    CREATION = "creation"
    EMPLOI = "emploi"

    @property
    def label(self) -> str:
        return {"reprise": "Reprise d'entreprise", "creation": "Création d'activité",
                "emploi": "Emploi salarié"}[self.value]


class OfferStatus(StrEnum):
    """Where the offer stands in the chargé de mission's workflow (veille → publication)."""

    PROPOSEE = "proposee"  # proposed by a partner, waiting for a chargé de mission's validation
    VEILLE = "veille"
    EN_QUALIFICATION = "en_qualification"
    PUBLIEE = "publiee"
    POURVUE = "pourvue"
    ARCHIVEE = "archivee"

    @property
    def label(self) -> str:
        return {"proposee": "Proposée (à valider)", "veille": "Repérée (veille)",
                "en_qualification": "En qualification", "publiee": "Publiée",
                "pourvue": "Pourvue", "archivee": "Archivée"}[self.value]


class Confidentiality(StrEnum):
    """Who may see the offer: takeovers are often confidential until the seller agrees."""

    PUBLIQUE = "publique"
    PARTENAIRES = "partenaires"
    CONFIDENTIELLE = "confidentielle"

    @property
    def label(self) -> str:
        return {"publique": "Publique", "partenaires": "Réservée aux partenaires",
                "confidentielle": "Confidentielle"}[self.value]


class ReceptivityKind(StrEnum):
    """Where to live and where to work."""

    LOGEMENT = "logement"
    FONCIER = "foncier"
    LOCAL = "local"

    @property
    def label(self) -> str:
        return {"logement": "Logement", "foncier": "Foncier",
                "local": "Local professionnel"}[self.value]


class Amenity(StrEnum):
    """Services a newcomer looks for; the list follows the categories of INSEE's BPE."""

    ECOLE = "ecole"
    COLLEGE = "college"
    MEDECIN = "medecin"
    PHARMACIE = "pharmacie"
    COMMERCE = "commerce"
    POSTE = "poste"
    PETITE_ENFANCE = "petite_enfance"
    TRANSPORT = "transport"
    TRES_HAUT_DEBIT = "tres_haut_debit"

    @property
    def label(self) -> str:
        return AMENITY_LABELS[self]


AMENITY_LABELS: dict[Amenity, str] = {
    Amenity.ECOLE: "École maternelle et élémentaire",
    Amenity.COLLEGE: "Collège",
    Amenity.MEDECIN: "Médecin généraliste",
    Amenity.PHARMACIE: "Pharmacie",
    Amenity.COMMERCE: "Commerce alimentaire",
    Amenity.POSTE: "Bureau ou agence postale",
    Amenity.PETITE_ENFANCE: "Accueil petite enfance",
    Amenity.TRANSPORT: "Transport (gare, car, transport à la demande)",
    Amenity.TRES_HAUT_DEBIT: "Très haut débit",
}

# The longest text each field of an offer (or item) may hold: a title fits a card, a
# description a page. Beyond, it is a paste gone wrong; the form and the import say so.
TEXT_LIMITS: dict[str, int] = {
    "title": 200, "description": 5_000, "living_environment": 2_000, "source_partner": 200,
    "naf_label": 200, "sale_reason": 500, "job_title": 200, "need": 2_000,
    "salary_note": 80, "item_description": 1_000, "contract": 40, "working_time": 40,
}
TEXT_LABELS: dict[str, str] = {
    "title": "Le titre", "description": "La description", "living_environment": "Le cadre de vie",
    "source_partner": "Le partenaire source", "naf_label": "Le libellé du secteur",
    "sale_reason": "Le motif de cession", "job_title": "L'intitulé du poste",
    "need": "Le besoin", "salary_note": "Le salaire en mots",
    "item_description": "La description du bien", "contract": "Le contrat",
    "working_time": "Le temps de travail",
}


def too_long(field_name: str, text: str | None) -> str:
    """The French message for a text longer than its limit, or "" when it fits."""
    limit = TEXT_LIMITS.get(field_name)
    if text is None or limit is None or len(text) <= limit:
        return ""
    label = TEXT_LABELS.get(field_name, "Le texte")
    return (f"{label} fait {len(text):,} caractères : attendu {limit:,} au plus."
            .replace(",", "\u202f"))


CONTRACTS: tuple[str, ...] = ("CDI", "CDD", "Saisonnier", "Intérim", "Apprentissage")
WORKING_TIMES: tuple[str, ...] = ("Temps plein", "Temps partiel")
SALARY_PERIODS: dict[str, str] = {"heure": "de l'heure", "mois": "par mois", "an": "par an"}
# Legal monthly hours of a 35-hour week: 35 × 52 / 12 = 151,67 h (Code du travail,
# art. L3121-27; the figure on every French payslip). An hourly salary times this, times 12,
# is its yearly equivalent.
MONTHLY_LEGAL_HOURS = 151.67


def annual_salary(amount: float, period: str, weekly_hours: float | None = None) -> float:
    """The gross yearly equivalent of ``amount`` paid per ``period`` (heure, mois, an).

    An hourly rate counts the legal 151,67 hours a month (art. L3121-27 of the Code du
    travail), or the stated weekly hours × 52 / 12 for a part-time job.
    """
    if period == "an":
        return amount
    if period == "mois":
        return round(amount * 12, 2)
    hours = MONTHLY_LEGAL_HOURS if weekly_hours is None else weekly_hours * 52 / 12
    return round(amount * hours * 12, 2)


@dataclass(frozen=True, slots=True)
class Activity:
    """The economic part of an offer. Fields that do not apply to ``kind`` stay ``None``."""

    kind: ActivityKind
    naf_code: str | None = None
    naf_label: str | None = None
    # reprise
    turnover: float | None = None  # chiffre d'affaires annuel HT, euros
    net_result: float | None = None  # résultat net, euros (may be negative)
    headcount: float | None = None  # effectif salarié, in full-time equivalents (2,5 ETP)
    asking_price: float | None = None  # prix demandé, euros
    sale_reason: str | None = None  # motif de cession
    target_date: date | None = None  # date de cession souhaitée
    # emploi
    job_title: str | None = None
    contract: str | None = None
    working_time: str | None = None
    gross_annual_salary: float | None = None  # salaire brut annuel, euros
    contract_months: float | None = None  # length of a fixed-term contract (CDD 6 mois)
    weekly_hours: float | None = None  # hours a week when stated (temps partiel, 28 h)
    salary_min: float | None = None  # gross salary as stated, per salary_period, euros
    salary_max: float | None = None
    salary_period: str | None = None  # one of SALARY_PERIODS
    salary_note: str | None = None  # the words of a salary without figure: "SMIC", "Selon profil"
    start_date: date | None = None
    start_asap: bool = False  # "dès que possible": no date is invented for it
    # création
    need: str | None = None  # the need the creation answers ("pas de boulangerie…")


@dataclass(frozen=True, slots=True)
class ReceptivityItem:
    """A dwelling, a plot of land or professional premises that can go with an offer."""

    kind: ReceptivityKind
    description: str = ""
    surface_m2: float | None = None
    rooms: int | None = None
    monthly_rent: float | None = None
    price: float | None = None
    available_from: date | None = None
    id: int | None = None
    available_now: bool = False  # "immédiatement": free now, no date invented


@dataclass(frozen=True, slots=True)
class Offer:
    """An offer d'accueil: an activity in a commune, with what makes it possible to live there."""

    title: str
    commune_insee: str
    activity: Activity | None
    status: OfferStatus = OfferStatus.VEILLE
    source_partner: str = ""
    confidentiality: Confidentiality = Confidentiality.PUBLIQUE
    description: str = ""
    receptivity: tuple[ReceptivityItem, ...] = ()
    amenities: frozenset[Amenity] = field(default_factory=frozenset)
    living_environment: str = ""
    verified_on: date | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    is_demo: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class FieldError:
    """A French message attached to the form field it concerns."""

    field: str
    message: str


_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_NAF = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


def validate_offer(offer: Offer, known_communes: frozenset[str] | set[str]) -> list[FieldError]:
    """Every reason why ``offer`` cannot be saved as typed, in French, field by field.

    ``known_communes`` is the set of INSEE codes of the reference geography. An empty list
    means the offer can be written.
    """
    errors: list[FieldError] = []
    if not offer.title.strip():
        errors.append(FieldError("title", "Le titre est obligatoire : donnez un intitulé court."))
    for name, text in (("title", offer.title), ("description", offer.description),
                       ("living_environment", offer.living_environment),
                       ("source_partner", offer.source_partner)):
        if message := too_long(name, text):
            errors.append(FieldError(name, message))
    code = offer.commune_insee.strip().upper()
    if not code:
        errors.append(FieldError("commune", "Choisissez la commune de l'offre."))
    elif not _INSEE.match(code):
        errors.append(FieldError(
            "commune", f"« {offer.commune_insee} » n'est pas un code INSEE (5 caractères, ex. 15014)."))
    elif code not in known_communes:
        errors.append(FieldError(
            "commune", f"La commune {code} n'est pas dans le périmètre du Massif central."))
    if offer.activity is None:
        errors.append(FieldError("activity", "Choisissez le type d'activité de l'offre."))
    else:
        errors.extend(_validate_activity(offer.activity))
    for index, item in enumerate(offer.receptivity, start=1):
        errors.extend(_validate_item(item, index))
    if offer.verified_on is not None and offer.verified_on > date.today():
        errors.append(FieldError(
            "verified_on",
            f"La date de vérification {offer.verified_on:%d/%m/%Y} est dans le futur."))
    return errors


# Beyond any employer of the Massif central (the largest counts a few thousand): a bigger
# headcount is a typing slip (3 000 000 000 once made the store fail).
MAX_HEADCOUNT = 100_000


def _figure(value: float) -> str:
    """``3 000 000 000`` or ``2,5``: a figure in a French message (thin spaces, comma)."""
    decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}".replace(",", "\u202f").replace(".", ",")
    return text.removesuffix(",00")


def _non_negative(value: float | None, field_name: str, label: str) -> list[FieldError]:
    if value is not None and value < 0:
        return [FieldError(field_name, f"{label} ne peut pas être négatif (saisi : {value}).")]
    return []


def _validate_activity(activity: Activity) -> list[FieldError]:
    errors: list[FieldError] = []
    for name in ("naf_label", "sale_reason", "job_title", "need", "salary_note"):
        if message := too_long(name, getattr(activity, name)):
            errors.append(FieldError(name, message))
    if activity.naf_code and not _NAF.match(activity.naf_code.strip().upper()):
        errors.append(FieldError(
            "naf_code", f"« {activity.naf_code} » n'est pas un code NAF (format 10.71C)."))
    errors += _non_negative(activity.turnover, "turnover", "Le chiffre d'affaires")
    errors += _non_negative(activity.headcount, "headcount", "L'effectif")
    errors += _non_negative(activity.asking_price, "asking_price", "Le prix demandé")
    errors += _non_negative(activity.gross_annual_salary, "gross_annual_salary", "Le salaire")
    errors += _non_negative(activity.salary_min, "salary", "Le salaire")
    errors += _non_negative(activity.contract_months, "contract_months", "La durée du contrat")
    if activity.headcount is not None and activity.headcount > MAX_HEADCOUNT:
        errors.append(FieldError("headcount", (
            f"L'effectif de {_figure(activity.headcount)} salariés dépasse celui de toute "
            f"entreprise du massif : attendu {_figure(MAX_HEADCOUNT)} ETP au plus.")))
    if (activity.salary_min is not None and activity.salary_max is not None
            and activity.salary_max < activity.salary_min):
        errors.append(FieldError("salary", (
            f"Le salaire maximum ({_figure(activity.salary_max)} €) est inférieur au minimum "
            f"({_figure(activity.salary_min)} €) : attendu une fourchette du plus bas au plus "
            "haut.")))
    if (activity.salary_min is not None or activity.salary_max is not None) and (
            activity.salary_period not in SALARY_PERIODS):
        errors.append(FieldError("salary", "Précisez si le salaire est par heure, par mois "
                                           "ou par an."))
    return errors


def _validate_item(item: ReceptivityItem, index: int) -> list[FieldError]:
    where = f"receptivity[{index}]"
    prefix = f"{item.kind.label} n° {index} : "
    errors: list[FieldError] = []
    if message := too_long("item_description", item.description):
        errors.append(FieldError(where, prefix + message[0].lower() + message[1:]))
    for value, label in ((item.surface_m2, "la surface"), (item.rooms, "le nombre de pièces"),
                         (item.monthly_rent, "le loyer"), (item.price, "le prix")):
        if value is not None and value < 0:
            errors.append(FieldError(where, f"{prefix}{label} ne peut pas être négatif ({value})."))
    return errors
