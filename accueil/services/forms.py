"""The offer form's values, to and from a domain offer, with field-level French errors.

The *Saisir une offre* page keeps its widgets' values in a flat mapping whose keys are
:data:`FIELDS`; this module turns that mapping into an :class:`Offer` (or the list of what is
wrong, field by field) and an existing offer back into such a mapping to edit it. Figures are
typed as text and read by the one French reader of the import (:mod:`accueil.io.numbers`):
``320000,50``, ``320 000,50``, ``92,5 k€`` mean what they say, and what cannot be read is
refused on its field, in French. (A browser's number box dropped the comma of ``320000,50``
and sent 32000050: hence text boxes.) Texts are cleaned of control characters and held to the
limits of :data:`accueil.domain.offers.TEXT_LIMITS`. Pure: no streamlit, no store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

from accueil.domain.blank import is_blank
from accueil.domain.offers import (
    SALARY_PERIODS,
    Activity,
    ActivityKind,
    Amenity,
    Confidentiality,
    FieldError,
    Offer,
    OfferStatus,
    ReceptivityItem,
    ReceptivityKind,
    annual_salary,
    validate_offer,
)
from accueil.io.dates import parse_date
from accueil.io.jobs import parse_salary
from accueil.io.numbers import (
    ParseError,
    parse_amount,
    parse_area,
    parse_etp,
    parse_int,
    parse_number,
)
from accueil.io.smic import SmicSalary, smic_salary
from accueil.io.text import clean_text

TEXT_FIELDS = ("title", "commune", "source_partner", "description", "naf_code", "naf_label",
               "sale_reason", "job_title", "contract", "working_time", "need",
               "living_environment", "salary_period", "salary_note")
# Figures typed as text: field → (French label, reader).
AMOUNT_FIELDS = ("turnover", "net_result", "asking_price", "salary_min", "salary_max")
NUMBER_FIELDS = (*AMOUNT_FIELDS, "headcount", "contract_months", "weekly_hours")
FIGURE_LABELS = {
    "turnover": "Le chiffre d'affaires", "net_result": "Le résultat net",
    "asking_price": "Le prix demandé", "salary_min": "Le salaire minimum",
    "salary_max": "Le salaire maximum", "headcount": "L'effectif",
    "contract_months": "La durée du contrat", "weekly_hours": "La durée hebdomadaire",
}
FIELDS = (*TEXT_FIELDS, *NUMBER_FIELDS, "kind", "status", "confidentiality",
          "verified_on", "target_date", "start_date", "start_asap", "amenities", "items")

# Columns of the réceptivité editor, as the user sees them.
ITEM_COLUMNS = {"kind": "Type", "description": "Description", "surface_m2": "Surface (m²)",
                "rooms": "Pièces", "monthly_rent": "Loyer mensuel (€)", "price": "Prix (€)",
                "available_from": "Disponible le"}
KIND_BY_LABEL = {k.label: k for k in ReceptivityKind}
ITEM_ID = "id"  # hidden column: editing an offer keeps its items' identity


def empty_items() -> pd.DataFrame:
    return pd.DataFrame({label: pd.Series(dtype="object")
                         for label in (ITEM_ID, *ITEM_COLUMNS.values())})


def blank_values() -> dict[str, Any]:
    """The values of an empty form: a new offer in veille, verified today."""
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    values.update({name: "" for name in (*TEXT_FIELDS, *NUMBER_FIELDS)})
    values["start_asap"] = False
    values.update(commune=None, kind=ActivityKind.REPRISE.value, status=OfferStatus.VEILLE.value,
                  confidentiality=Confidentiality.PUBLIQUE.value, verified_on=date.today(),
                  amenities=[], items=empty_items())
    return values


def values_from_offer(offer: Offer) -> dict[str, Any]:
    """The form values that show ``offer`` for editing."""
    values = blank_values()
    activity = offer.activity
    values.update(
        title=offer.title, commune=offer.commune_insee, source_partner=offer.source_partner,
        description=offer.description, status=offer.status.value,
        confidentiality=offer.confidentiality.value, verified_on=offer.verified_on,
        amenities=sorted(a.value for a in offer.amenities),
        living_environment=offer.living_environment)
    if activity is not None:
        values["kind"] = activity.kind.value
        for name in (*TEXT_FIELDS, *NUMBER_FIELDS, "target_date", "start_date", "start_asap"):
            if hasattr(activity, name):
                value = getattr(activity, name)
                if name in TEXT_FIELDS:
                    value = "" if value is None else value
                elif name in NUMBER_FIELDS:
                    value = figure_text(value)
                values[name] = value
        if activity.salary_min is None and activity.gross_annual_salary is not None:
            # An offer saved before salaries had a period: its yearly figure.
            values["salary_min"] = figure_text(activity.gross_annual_salary)
            values["salary_period"] = "an"
    values["items"] = pd.DataFrame(
        [{ITEM_ID: item.id, ITEM_COLUMNS["kind"]: item.kind.label, ITEM_COLUMNS["description"]: item.description,
          ITEM_COLUMNS["surface_m2"]: figure_text(item.surface_m2),
          ITEM_COLUMNS["rooms"]: figure_text(item.rooms),
          ITEM_COLUMNS["monthly_rent"]: figure_text(item.monthly_rent),
          ITEM_COLUMNS["price"]: figure_text(item.price),
          ITEM_COLUMNS["available_from"]: item.available_from} for item in offer.receptivity],
        columns=[ITEM_ID, *ITEM_COLUMNS.values()])
    return values


def figure_text(value: float | None) -> str:
    """A figure as the form shows it to be edited: ``320 000,5`` (no unit), "" when empty."""
    if value is None:
        return ""
    decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text.removesuffix(",00") if decimals else text


def _text(value: Any) -> str | None:
    return None if is_blank(value) else (clean_text(str(value))[0] or None)


class _Figures:
    """Reads the typed figures of one form, collecting a French error per unreadable field."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def read(self, values: Mapping[str, Any], name: str) -> float | None:
        value = values.get(name)
        if is_blank(value):
            return None
        reader = {"headcount": parse_etp, "contract_months": parse_number,
                  "weekly_hours": parse_number}.get(name, parse_amount)
        try:
            return reader(value)
        except ParseError as error:
            self.errors.append(FieldError(name, f"{FIGURE_LABELS[name]} : {error.message}"))
            return None


def _cell(value: Any, reader: Any) -> Any:
    """A grid cell read with ``reader`` (text or a number the grid holds)."""
    return None if is_blank(value) else reader(value)


def _int(value: Any) -> int | None:
    return None if is_blank(value) else parse_int(value)


def _smic(words: str, day: date) -> SmicSalary | None:
    """The SMIC multiple a salary written in words states (``Smic + 10 %``), on ``day``."""
    try:
        salary = parse_salary(words)
    except ParseError:
        return None
    if salary is None or salary.smic_factor is None:
        return None
    return smic_salary(salary.smic_factor, day)


def _date(value: Any) -> date | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_date(value)


def _items(frame: pd.DataFrame | None) -> tuple[tuple[ReceptivityItem, ...], list[FieldError]]:
    if frame is None:
        return (), []
    items: list[ReceptivityItem] = []
    errors: list[FieldError] = []
    columns = {label: name for name, label in ITEM_COLUMNS.items()}
    for position, (_, row) in enumerate(frame.rename(columns=columns).iterrows(), start=1):
        record = {name: row.get(name) for name in ITEM_COLUMNS}
        if all(is_blank(v) for v in record.values()):
            continue
        kind = KIND_BY_LABEL.get(str(record["kind"])) if not is_blank(record["kind"]) else None
        if kind is None:
            errors.append(FieldError(
                "items", f"Ligne {position} de la réceptivité : choisissez le type "
                         "(Logement, Foncier ou Local professionnel)."))
            continue
        readers = {"surface_m2": parse_area, "rooms": parse_int, "monthly_rent": parse_amount,
                   "price": parse_amount, "available_from": _date}
        read: dict[str, Any] = {}
        for name, reader in readers.items():
            try:
                read[name] = _cell(record[name], reader)
            except ParseError as error:
                errors.append(FieldError("items", (
                    f"Ligne {position} de la réceptivité, « {ITEM_COLUMNS[name]} » : "
                    f"{error.message}")))
                read[name] = None
        identity: Any = row.get(ITEM_ID)
        items.append(ReceptivityItem(
            kind=kind, description=_text(record["description"]) or "",
            id=None if is_blank(identity) else int(identity), **read))
    return tuple(items), errors


def offer_from_values(values: Mapping[str, Any], known_communes: frozenset[str] | set[str], *,
                      offer_id: int | None = None, is_demo: bool = False,
                      created_at: datetime | None = None,
                      today: date | None = None) -> tuple[Offer, list[FieldError]]:
    """The offer the form describes, and every reason it cannot be saved (empty if none).

    Fields that do not apply to the chosen kind of activity are dropped, so that switching a
    reprise to an emploi does not keep a stale asking price. A salary given only in words as
    the SMIC (``SMIC``, ``Smic + 10 %``) becomes the hourly SMIC in force at the start date,
    or ``today`` without one (:mod:`accueil.io.smic`); other words stay words.
    """
    kind = ActivityKind(values["kind"])
    kept = {
        ActivityKind.REPRISE: ("turnover", "net_result", "headcount", "asking_price",
                               "sale_reason", "target_date"),
        ActivityKind.EMPLOI: ("job_title", "contract", "working_time", "contract_months",
                              "weekly_hours", "salary_min", "salary_max", "salary_period",
                              "salary_note", "start_date", "start_asap"),
        ActivityKind.CREATION: ("need",),
    }[kind]
    figures = _Figures()

    def figure(name: str) -> float | None:
        return figures.read(values, name) if name in kept else None

    def text(name: str) -> str | None:
        return _text(values.get(name)) if name in kept else None

    salary_min, salary_max = figure("salary_min"), figure("salary_max")
    if salary_min is None and salary_max is not None:
        salary_min = salary_max  # "jusqu'à 2 300 €": the one figure given
    period = text("salary_period")
    period = period if period in SALARY_PERIODS else None
    weekly_hours = figure("weekly_hours")
    start_asap = bool(values.get("start_asap")) and "start_asap" in kept
    start_date = (None if start_asap or "start_date" not in kept
                  else _date(values.get("start_date")))
    salary_note = text("salary_note")
    if salary_min is None and salary_note:
        smic = _smic(salary_note, start_date or today or date.today())
        if smic is not None:
            salary_min = salary_max = smic.hourly
            period = "heure"
    activity = Activity(
        kind=kind, naf_code=(_text(values.get("naf_code")) or "").upper() or None,
        naf_label=_text(values.get("naf_label")),
        turnover=figure("turnover"), net_result=figure("net_result"),
        headcount=figure("headcount"), asking_price=figure("asking_price"),
        sale_reason=text("sale_reason"),
        target_date=_date(values.get("target_date")) if "target_date" in kept else None,
        job_title=text("job_title"), contract=text("contract"),
        working_time=text("working_time"),
        gross_annual_salary=(annual_salary(salary_min, period, weekly_hours)
                             if salary_min is not None and period is not None else None),
        contract_months=figure("contract_months"), weekly_hours=weekly_hours,
        salary_min=salary_min, salary_max=salary_max, salary_period=period,
        salary_note=salary_note,
        start_date=start_date,
        start_asap=start_asap,
        need=text("need"),
    )
    items, errors = _items(values.get("items"))
    errors = figures.errors + errors
    offer = Offer(
        id=offer_id, title=_text(values.get("title")) or "",
        commune_insee=_text(values.get("commune")) or "", activity=activity,
        status=OfferStatus(values.get("status") or OfferStatus.VEILLE),
        source_partner=_text(values.get("source_partner")) or "",
        confidentiality=Confidentiality(values.get("confidentiality")
                                        or Confidentiality.PUBLIQUE),
        description=_text(values.get("description")) or "", receptivity=items,
        amenities=frozenset(Amenity(a) for a in values.get("amenities") or ()),
        living_environment=_text(values.get("living_environment")) or "",
        verified_on=_date(values.get("verified_on")), created_at=created_at, is_demo=is_demo)
    return offer, validate_offer(offer, known_communes) + errors
