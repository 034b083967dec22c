"""Optimistic concurrency: the version every edited record carries, and the conflict of two saves.

Each record a person edits (an offer, a réceptivité item, a commune's amenity profile, a user
territory) has a version number that the store moves on by one at every save. A save names the
version it was edited from; when that is no longer the stored one, someone else saved in
between, and the store refuses the write by raising :class:`StaleVersion` inside its
transaction (so nothing of it is kept). The service then describes the clash as a
:class:`Conflict`: what the person had opened, what the other person saved, what this person
typed, field by field, for a page to show and let them reload or overwrite knowingly. Who
made the other change is a slot (``changed_by``) that stays empty until the store records
authors. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from accueil import fr
from accueil.domain.amenities import AmenityProfile
from accueil.domain.inventory import InventoryItem
from accueil.domain.offers import AMENITY_LABELS, Amenity, Offer


class RecordKind(StrEnum):
    OFFER = "offre"
    ITEM = "bien"
    PROFILE = "profil"
    TERRITORY = "territoire"

    @property
    def label(self) -> str:
        """``l'offre``, ``le bien``…: the record as a French sentence names it."""
        return {"offre": "l'offre", "bien": "le bien", "profil": "les aménités de la commune",
                "territoire": "le territoire"}[self.value]


class StaleVersion(Exception):
    """Raised by a store write whose expected version is no longer the stored one.

    ``found`` is the stored version, or ``None`` when the record was deleted meanwhile.
    Raised inside the write's transaction, it rolls the whole write back.
    """

    def __init__(self, kind: RecordKind, key: str, expected: int, found: int | None) -> None:
        super().__init__(f"{kind.value} {key}: edited from version {expected}, stored {found}")
        self.kind = kind
        self.key = key
        self.expected = expected
        self.found = found


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field the other person changed: as it was opened, as they saved it, as typed here."""

    label: str
    seen: str
    theirs: str
    yours: str

    @property
    def yours_differs(self) -> bool:
        """This person also changed it (to something else than the other person)."""
        return self.yours != self.seen and self.yours != self.theirs


FORM_ADVICE = ("Rechargez pour repartir de la version enregistrée, ou enregistrez quand même "
               "pour la remplacer par la vôtre.")


@dataclass(frozen=True, slots=True)
class Conflict:
    """A save refused because the record changed since it was opened."""

    kind: RecordKind
    name: str  # the record as people call it: an offer's title, a commune's name
    seen_version: int
    stored_version: int | None  # None: deleted meanwhile
    changed_at: datetime | None = None
    changed_by: str = ""  # who saved the other change, once the store knows authors
    changes: tuple[FieldChange, ...] = ()

    @property
    def deleted(self) -> bool:
        return self.stored_version is None

    def message(self, then: str = FORM_ADVICE) -> str:
        """The French sentence a page shows above the list of changes (plain text), ending
        with ``then``: what the person can do now."""
        if self.deleted:
            return (f"Vos modifications n'ont pas été enregistrées : {self.kind.label} "
                    f"« {self.name} » n'existe plus dans la base (supprimé depuis que vous "
                    "l'avez ouvert).")
        who = self.changed_by or "quelqu'un d'autre"
        when = ""
        if self.changed_at is not None:
            when = f" le {fr.day(self.changed_at)} à {self.changed_at:%H:%M}"
        if self.changes:
            what = (" " + fr.plural(len(self.changes), "champ a changé", "champs ont changé")
                    + " : " + ", ".join(c.label for c in self.changes) + ".")
        else:
            what = " Aucun des champs de ce formulaire n'a changé de valeur."
        return (f"Vos modifications n'ont pas été enregistrées : {who} a enregistré "
                f"{self.kind.label} « {self.name} »{when}, pendant que vous le modifiiez "
                f"(version {self.stored_version} ; vous étiez parti·e de la version "
                f"{self.seen_version}).{what} {then}")


def changes_between(seen: Mapping[str, str], theirs: Mapping[str, str],
                    yours: Mapping[str, str]) -> tuple[FieldChange, ...]:
    """The fields (labels of ``theirs``, in its order) that differ between ``seen`` and
    ``theirs``, with the value typed in ``yours``."""
    return tuple(FieldChange(label, seen.get(label, ""), value, yours.get(label, ""))
                 for label, value in theirs.items() if seen.get(label, "") != value)


def _text(value: object) -> str:
    """A field's value as a person reads it in the list of changes."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float | int):
        return fr.number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, date):
        return fr.day(value)
    if hasattr(value, "label"):
        return str(value.label)
    return str(value)


_ACTIVITY_LABELS = {
    "naf_code": "Code NAF", "naf_label": "Libellé du secteur",
    "turnover": "Chiffre d'affaires", "net_result": "Résultat net", "headcount": "Effectif",
    "asking_price": "Prix demandé", "sale_reason": "Motif de cession",
    "target_date": "Date de cession souhaitée", "job_title": "Intitulé du poste",
    "contract": "Contrat", "working_time": "Temps de travail",
    "contract_months": "Durée du contrat (mois)", "weekly_hours": "Heures par semaine",
    "salary_min": "Salaire minimum", "salary_max": "Salaire maximum",
    "salary_period": "Salaire par", "salary_note": "Salaire en mots",
    "start_date": "Date de début", "start_asap": "Dès que possible",
    "need": "Besoin",
}


def offer_facts(offer: Offer) -> dict[str, str]:
    """Every field of the offer form, by its French label, as text (for a list of changes)."""
    facts = {
        "Titre": _text(offer.title), "Commune": _text(offer.commune_insee),
        "Étape": _text(offer.status), "Partenaire source": _text(offer.source_partner),
        "Confidentialité": _text(offer.confidentiality),
        "Vérifiée le": _text(offer.verified_on), "Description": _text(offer.description),
        "Type d'activité": _text(offer.activity.kind if offer.activity else None),
    }
    for name, label in _ACTIVITY_LABELS.items():
        facts[label] = _text(getattr(offer.activity, name) if offer.activity else None)
    facts["Réceptivité"] = " ; ".join(
        f"{item.kind.label} : {item.description or '—'}" for item in offer.receptivity) or "—"
    facts["Services présents"] = ", ".join(
        AMENITY_LABELS[a] for a in Amenity if a in offer.amenities) or "—"
    facts["Cadre de vie"] = _text(offer.living_environment)
    return facts


def item_facts(entry: InventoryItem) -> dict[str, str]:
    """Every field of the réceptivité form, by its French label, as text."""
    item = entry.item
    return {
        "Type": item.kind.label, "Précision": entry.type_label or "—",
        "Commune": _text(entry.commune_insee), "Description": _text(item.description),
        "Location ou vente": _text(entry.tenure), "Surface (m²)": _text(item.surface_m2),
        "Pièces": _text(item.rooms), "Loyer mensuel (€)": _text(item.monthly_rent),
        "Prix (€)": _text(item.price), "Disponible le": _text(item.available_from),
        "Partenaire source": _text(entry.source_partner),
        "Vérifié le": _text(entry.verified_on), "Archivé": _text(entry.archived),
    }


def profile_facts(profile: AmenityProfile) -> dict[str, str]:
    """The counts of each service (``non renseigné`` when unknown) and the living text."""
    facts = {AMENITY_LABELS[a]: (_text(profile.counts[a].count) if a in profile.counts
                                 else "non renseigné") for a in Amenity}
    facts["Cadre de vie"] = _text(profile.living_environment)
    return facts


def territory_facts(name: str, communes: Collection[str]) -> dict[str, str]:
    """A user territory's name and its communes (their INSEE codes, sorted)."""
    codes = sorted(communes)
    shown = ", ".join(codes[:20]) + (" …" if len(codes) > 20 else "")
    return {"Nom": _text(name), "Communes": f"{len(codes)} : {shown}" if codes else "—"}
