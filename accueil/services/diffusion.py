"""Diffusion (issue 16): preview, generate and withdraw the public outputs of published offers.

:func:`prepare` builds exactly what will be published: the candidates from the store, filtered
by the one audience rule (:func:`accueil.services.audience.visible_offers` for the audience,
the *grand public* by default), then by :func:`accueil.domain.diffusion.to_publish`, then
worded by the anonymisation rules (:func:`accueil.domain.diffusion.public_offer`). The page
shows that preview; :func:`generate` publishes it only when confirmed with the preview's
fingerprint (anything changed in between: refused, preview again), writing the catalogue, the
feeds and the sheets into a temporary folder renamed at the end (atomic), a zip beside it,
and the record of the publication. :func:`withdraw_publication` undoes one. Every write
checks :func:`accueil.domain.access.require` with ``Action.PUBLISH``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from accueil import fr
from accueil.domain.access import PUBLIC, Action, Principal, Visibility, may, require
from accueil.domain.amenities import Centres
from accueil.domain.diffusion import (
    DiffusionSettings,
    Nearby,
    Place,
    PublicationState,
    PublicOffer,
    public_offer,
    to_publish,
    validate_settings,
    withdrawal_reason,
)
from accueil.domain.offers import ActivityKind, Amenity, Confidentiality, Offer
from accueil.geo.assets import svg_paths
from accueil.geo.centroids import load_centres
from accueil.geo.paths import UNIT
from accueil.geo.projection import LAMBERT_93
from accueil.geo.reference import load_communes, load_departements, load_epci, split_codes
from accueil.io.catalogue import MapData, MapPoint, Output, write_site
from accueil.io.feeds import SCHEMA_PATH, atom_feed, json_feed, rss_feed
from accueil.io.fiche import sheets_pdf
from accueil.io.numbers import ParseError, parse_amount
from accueil.services.audience import VISIBILITY, visible_offers
from accueil.store import amenities as amenity_store
from accueil.store import offers as offer_store
from accueil.store import publication as pub_store
from accueil.store.db import Store
from accueil.store.publication import PublicationRecord

# Sheets cost about half a second each (fpdf2 embeds the font in every PDF): beyond this many
# offers, a generation writes the catalogue and feeds only, and sheets are made on demand.
SHEET_LIMIT = 200


class NotConfirmed(Exception):
    """What was confirmed is not what would be published now (French ``reason``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Preview:
    """Exactly what a generation would publish, and what it would withdraw."""

    offers: tuple[PublicOffer, ...]
    dropped: dict[int, str]          # offer id -> why it leaves the public outputs
    left_out: int                    # candidates the audience or the rules keep out
    settings: DiffusionSettings
    audience: Principal
    only: tuple[int, ...] | None     # a chosen subset (a brochure), None for the whole set
    fingerprint: str                 # to confirm: what the person saw
    revision: int = -1               # the store's change counter when prepared
    publisher: Principal | None = None  # whose territories bound the publication
    new_ids: frozenset[int] = frozenset()  # offers published for the first time

    def table(self) -> pd.DataFrame:
        """The preview as the page shows it, one row per offer, French columns."""
        return pd.DataFrame(
            [{"Référence": o.ref, "Type": o.kind_label, "Titre publié": o.title,
              "Lieu publié": o.place, "Code INSEE publié": o.commune_insee,
              "Chiffre d'affaires": o.turnover.words if o.turnover else "",
              "Prix": o.asking_price.words if o.asking_price else "",
              "Effectif": fr.number(o.headcount, 1) if o.headcount is not None else ""}
             for o in self.offers],
            columns=["Référence", "Type", "Titre publié", "Lieu publié", "Code INSEE publié",
                     "Chiffre d'affaires", "Prix", "Effectif"])


@dataclass(frozen=True, slots=True)
class Generated:
    publication_id: int
    folder: Path
    zip_path: Path
    files: tuple[str, ...]
    offers: int
    withdrawn: int


# -- settings ----------------------------------------------------------------------------------


def settings(store: Store) -> DiffusionSettings:
    return pub_store.load_settings(store)


def save_settings(store: Store, principal: Principal, chosen: DiffusionSettings) -> list[str]:
    """Save the settings, or return the French reasons they cannot be used (nothing saved)."""
    require(principal, Action.PUBLISH)
    errors = validate_settings(chosen)
    if not errors:
        pub_store.save_settings(store, chosen)
    return errors


# -- marking offers ------------------------------------------------------------------------------


def mark_to_publish(store: Store, principal: Principal, ids: Sequence[int],
                    now: datetime | None = None) -> int:
    """Mark offers « à publier »; each must be in the principal's territories."""
    offers = offer_store.load_offers(store, list(ids))
    for offer in offers:
        require(principal, Action.PUBLISH, commune=offer.commune_insee)
    return pub_store.request_publication(store, [o.id for o in offers if o.id is not None],
                                         principal.login, now or _now())


def withdraw_offers(store: Store, principal: Principal, ids: Sequence[int],
                    now: datetime | None = None) -> int:
    """Mark offers « retirée »: they leave the next generation."""
    offers = offer_store.load_offers(store, list(ids))
    for offer in offers:
        require(principal, Action.PUBLISH, commune=offer.commune_insee)
    return pub_store.withdraw_offers(store, {o.id: "retirée par le service" for o in offers
                                             if o.id is not None}, principal.login, now or _now())


def publication_states(store: Store) -> pd.DataFrame:
    """Every candidate offer with its publication state, for the page."""
    frame = pub_store.candidate_offers(store)
    states = pub_store.publications_of(store)
    offers = {o.id: o for o in offer_store.load_offers(store, [int(i) for i in frame["id"]])}
    rows = []
    for offer_id, offer in offers.items():
        state = states.get(int(offer_id or 0))
        if to_publish(offer, state):
            words = state.words if state else "À publier (statut « publiée »)"
        elif state is not None and state.state is PublicationState.RETIREE:
            words = state.words
        elif offer.confidentiality is not Confidentiality.PUBLIQUE:
            words = f"Ne sera pas publiée ({offer.confidentiality.label.lower()})"
        else:
            words = f"Ne sera pas publiée ({withdrawal_reason(offer)})"
        rows.append({"N°": offer_id, "Titre (interne)": offer.title,
                     "Commune (INSEE)": offer.commune_insee,
                     "Confidentialité": offer.confidentiality.label, "Publication": words})
    return pd.DataFrame(rows, columns=["N°", "Titre (interne)", "Commune (INSEE)",
                                       "Confidentialité", "Publication"])


# -- geography -----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _places() -> dict[str, Place]:
    """Every commune of the reference geography as a :class:`Place`, with the bourg-centre
    of its EPCI: the most populated member commune in the massif's reference file."""
    communes = load_communes()
    epci = load_epci()
    epci_names = dict(zip(epci["code_epci"], epci["nom"], strict=True))
    ranked = communes.dropna(subset=["code_epci"]).sort_values(
        ["population", "code_insee"], ascending=[False, True], na_position="last")
    first = ranked.drop_duplicates("code_epci")
    centres = {str(e): (str(c), str(n)) for e, c, n in
               zip(first["code_epci"], first["code_insee"], first["nom"], strict=True)}
    places: dict[str, Place] = {}
    records: list[dict[Any, Any]] = communes.to_dict("records")
    for row in records:
        code, epci_code = str(row["code_insee"]), _text(row["code_epci"])
        centre_insee, centre_name = centres.get(epci_code, ("", ""))
        population = row["population"]
        places[code] = Place(
            commune_insee=code, commune_name=str(row["nom"]),
            population=None if population is None or population is pd.NA else int(population),
            postal_code=(split_codes(_text(row["codes_postaux"])) or [""])[0],
            departement=str(row["code_departement"]), epci_code=epci_code,
            epci_name=str(epci_names.get(epci_code, "")),
            centre_insee=centre_insee, centre_name=centre_name)
    return places


def _text(value: Any) -> str:
    missing = value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
    return "" if missing else str(value)


def _place(code: str) -> Place:
    return _places().get(code) or Place(commune_insee=code, commune_name=code)


class _Nearest:
    """For each commune asked, the closest other commune having each service.

    Computed at once for every commune of a publication: distances from a block of communes
    to every centre, then one masked minimum per service. Distances are measured on the
    Lambert-93 plane (:data:`accueil.geo.projection.LAMBERT_93`), whose scale error stays
    under 0.2 % over the massif (linear alteration about −1 to +1.5 m/km between 43.5° N and
    47° N; IGN): well below the tenth of a kilometre shown, and 15 times faster than the
    haversine on the sphere (4.2 s for 5 500 × 7 900 pairs) used for a single commune.
    """

    BLOCK = 400

    def __init__(self, store: Store, centres: Centres, communes: Sequence[str]) -> None:
        names = {code: p.commune_name for code, p in _places().items()}
        index = centres.index()
        asked = sorted({c for c in communes if c in index})
        rows = np.array([index[c] for c in asked], dtype=np.int64)
        having = {a: np.isin(centres.codes, np.array(sorted(amenity_store.communes_having(
            store, a)), dtype=object)) for a in Amenity}
        self.found: dict[str, dict[Amenity, Nearby]] = {c: {} for c in asked}
        east, north = LAMBERT_93.project(centres.longitude, centres.latitude)
        for start in range(0, len(asked), self.BLOCK):
            block = rows[start:start + self.BLOCK]
            distances = np.hypot(east[block][:, None] - east[None, :],
                                 north[block][:, None] - north[None, :]) / 1000.0
            distances[np.arange(len(block)), block] = np.inf  # never the commune itself
            for amenity, mask in having.items():
                if not mask.any():
                    continue
                masked = np.where(mask[None, :], distances, np.inf)
                best = masked.argmin(axis=1)
                for i, j in enumerate(best):
                    km = float(masked[i, j])
                    if np.isfinite(km):
                        code = str(centres.codes[j])
                        self.found[asked[start + i]][amenity] = Nearby(
                            amenity, names.get(code, code), km)

    def around(self, code: str, lacking: Sequence[Amenity]) -> tuple[Nearby, ...]:
        known = self.found.get(code, {})
        return tuple(known[a] for a in lacking if a in known)


def map_data(offers: Sequence[PublicOffer]) -> MapData:
    """Outlines of the départements and one point per published place (its commune centre)."""
    layer = svg_paths("departements.geojson")
    names = dict(zip(load_departements()["code_departement"], load_departements()["nom"],
                     strict=True))
    boxes = np.array(layer["boxes"], dtype=float)
    box = (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max() - boxes[:, 0].min(),
           boxes[:, 3].max() - boxes[:, 1].min())
    centres = load_centres()
    index = centres.index()
    groups: dict[str, list[PublicOffer]] = {}
    for offer in offers:
        groups.setdefault(offer.commune_insee, []).append(offer)
    codes = [c for c in groups if c in index]
    lon = np.array([centres.longitude[index[c]] for c in codes], dtype=float)
    lat = np.array([centres.latitude[index[c]] for c in codes], dtype=float)
    east, north = LAMBERT_93.project(lon, lat) if codes else (np.array([]), np.array([]))
    points = tuple(
        MapPoint(x=float(e / UNIT), y=float(-n / UNIT), place=groups[c][0].place,
                 refs=tuple(o.ref for o in groups[c]))
        for c, e, n in zip(codes, east, north, strict=True))
    outlines = tuple((names.get(code, code), path)
                     for code, path in zip(layer["codes"], layer["paths"], strict=True))
    return MapData(box=box, outlines=outlines, points=points)


# -- preview and generation ----------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def prepare(store: Store, audience: Principal = PUBLIC, *, chosen: DiffusionSettings | None = None,
            only: Sequence[int] | None = None, publisher: Principal | None = None,
            now: datetime | None = None) -> Preview:
    """What a generation would publish now (nothing is written).

    ``only`` restricts the publication to those offers (a brochure for a stand); offers
    published before and left out by ``only`` are not withdrawn. ``publisher``, when given,
    keeps only the offers of the communes that person may publish (a chargé de mission's
    territories), and withdraws only those.
    """
    revision = store.revision()  # before reading: a write in between forces a new preview
    current = chosen or pub_store.load_settings(store)
    moment = now or _now()
    candidates = pub_store.candidate_offers(store)
    shown = visible_offers(candidates, audience)
    # Only rows the audience sees in full are published: a REDACTED row (possible for an
    # audience other than the public) would carry bands and placeholders, not an offer.
    full = set(shown.loc[shown[VISIBILITY] == Visibility.FULL.value, "id"].astype(int))
    states = pub_store.publications_of(store)
    offers = offer_store.load_offers(store, sorted(full))
    wanted = set(only) if only is not None else None
    def allowed(commune: str) -> bool:
        return publisher is None or bool(may(publisher, Action.PUBLISH, commune=commune))

    kept: list[Offer] = [o for o in offers if to_publish(o, states.get(int(o.id or 0)))
                         and (wanted is None or o.id in wanted) and allowed(o.commune_insee)]
    kept_ids = {o.id for o in kept}
    dropped: dict[int, str] = {}
    if wanted is None:
        by_id = {o.id: o for o in offer_store.load_offers(
            store, [i for i, s in states.items() if s.state is PublicationState.PUBLIEE])}
        for offer_id, state in states.items():
            offer = by_id.get(offer_id)
            if offer is not None and not allowed(offer.commune_insee):
                continue
            if state.state is PublicationState.PUBLIEE and offer_id not in kept_ids:
                dropped[offer_id] = withdrawal_reason(offer) if offer else "supprimée"
    nearest = _Nearest(store, load_centres(), [o.commune_insee for o in kept])
    published = []
    new_ids: set[int] = set()
    for offer in kept:
        known = states.get(int(offer.id or 0))
        first = known.published_at if known and known.published_at and \
            known.state is PublicationState.PUBLIEE else None
        if first is None:
            first = moment
            new_ids.add(int(offer.id or 0))
        lacking = [a for a in Amenity if a not in offer.amenities]
        published.append(public_offer(
            offer, _place(offer.commune_insee), current,
            nearby=nearest.around(offer.commune_insee, lacking), published_at=first))
    published.sort(key=lambda o: (o.kind is not ActivityKind.REPRISE, o.place.lower(),
                                  o.offer_id))
    fingerprint = _fingerprint(published, dropped, current)
    return Preview(offers=tuple(published), dropped=dropped,
                   left_out=len(candidates) - len(published), settings=current,
                   audience=audience, only=None if only is None else tuple(only),
                   fingerprint=fingerprint, revision=revision, publisher=publisher,
                   new_ids=frozenset(new_ids))


def _fingerprint(offers: Sequence[PublicOffer], dropped: dict[int, str],
                 chosen: DiffusionSettings) -> str:
    """A short digest of everything published but the first-publication date of new offers
    (« now », which moves between the preview and the confirmation)."""
    digest = hashlib.sha256(chosen.to_json().encode("utf-8"))
    digest.update(repr(sorted(dropped.items())).encode("utf-8"))
    for offer in offers:
        digest.update(repr(tuple(getattr(offer, name) for name in _FINGERPRINTED))
                      .encode("utf-8"))
    return digest.hexdigest()[:16]


_FINGERPRINTED = tuple(f.name for f in fields(PublicOffer) if f.name != "published_at")


def build_folder(output: Output, preview: Preview, generated_at: datetime, *,
                 sheets: bool) -> list[str]:
    """Write every public file of ``preview`` to ``output``; the relative paths."""
    sheets = sheets and 0 < len(preview.offers) <= SHEET_LIMIT
    write_site(output, preview.offers, preview.settings, map_data(preview.offers),
               generated_at, with_sheets=sheets)
    document = json_feed(preview.offers, preview.settings, generated_at)
    # One offer a line: readable, diffable, and written by json's C encoder (an indented
    # document goes through the pure-Python one, 8 s for 10 000 offers).
    lines = ",\n".join(json.dumps(o, ensure_ascii=False) for o in document.pop("offres"))
    head = json.dumps(document, ensure_ascii=False)[:-1]
    output.put("flux/offres.json", f'{head}, "offres": [\n{lines}\n]}}\n')
    output.put("flux/offres.atom", atom_feed(preview.offers, preview.settings, generated_at))
    output.put("flux/offres.rss", rss_feed(preview.offers, preview.settings, generated_at))
    output.put(f"flux/{SCHEMA_PATH.name}", SCHEMA_PATH.read_bytes())
    if sheets:
        for offer in preview.offers:
            output.put(f"fiches/{offer.ref}.pdf", sheets_pdf([offer], preview.settings))
        output.put("fiches/brochure.pdf", sheets_pdf(preview.offers, preview.settings))
    return output.written


def generate(store: Store, principal: Principal, preview: Preview, root: Path, *,
             confirmed: str, sheets: bool = True, now: datetime | None = None) -> Generated:
    """Publish ``preview`` into a new folder of ``root`` and a zip, and record it.

    ``confirmed`` is the fingerprint of the preview the person confirmed; when what would be
    published now differs (an offer changed, settings changed), nothing is written.
    """
    require(principal, Action.PUBLISH)
    for offer in preview.offers:
        require(principal, Action.PUBLISH, commune=offer.commune_insee)
    if confirmed != preview.fingerprint:
        raise NotConfirmed("La confirmation ne correspond pas à l'aperçu affiché : "
                           "affichez l'aperçu de nouveau, puis confirmez.")
    moment = now or _now()
    if store.revision() == preview.revision:
        # Nothing written since the preview: it is what would be published now; only the
        # first-publication date of new offers moves to this moment.
        fresh = replace(preview, offers=tuple(
            replace(o, published_at=moment) if o.offer_id in preview.new_ids else o
            for o in preview.offers))
    else:
        fresh = prepare(store, preview.audience, chosen=preview.settings, only=preview.only,
                        publisher=preview.publisher, now=moment)
        if fresh.fingerprint != preview.fingerprint:
            raise NotConfirmed("Les offres ont changé depuis l'aperçu (une offre modifiée, "
                               "pourvue ou retirée) : rien n'a été publié. Affichez l'aperçu "
                               "de nouveau.")
    root.mkdir(parents=True, exist_ok=True)
    name = f"publication-{moment:%Y%m%d-%H%M%S}"
    temp = Path(tempfile.mkdtemp(prefix=".en-cours-", dir=root))
    try:
        final = root / name
        if final.exists():
            raise FileExistsError(f"Le dossier {final} existe déjà : attendez une seconde et "
                                  "recommencez.")
        zip_temp = root / f".{name}.zip.en-cours"
        with zipfile.ZipFile(zip_temp, "w", zipfile.ZIP_DEFLATED) as archive:
            files = build_folder(Output(temp, archive), fresh, moment, sheets=sheets)
        publication_id = pub_store.record_publication(
            store, created_by=principal.login, audience=preview.audience.role.value,
            settings=preview.settings, files=files, location=str(final),
            published={o.offer_id: o.title for o in fresh.offers},
            dropped=fresh.dropped, now=moment)
        temp.rename(final)
        zip_path = root / f"{name}.zip"
        zip_temp.rename(zip_path)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        (root / f".{name}.zip.en-cours").unlink(missing_ok=True)
        raise
    return Generated(publication_id, final, zip_path, tuple(files), len(preview.offers),
                     len(preview.dropped))


def publications(store: Store) -> list[PublicationRecord]:
    return pub_store.list_publications(store)


def publications_table(store: Store) -> pd.DataFrame:
    rows = [{"N°": r.id, "Publiée le": r.created_at.strftime("%d/%m/%Y %H:%M"),
             "Par": r.created_by or "—", "Offres": r.offer_count, "Fichiers": len(r.files),
             "Dossier": r.location,
             "État": (f"Retirée le {fr.day(r.withdrawn_at)}" if r.withdrawn_at else "En ligne")}
            for r in pub_store.list_publications(store)]
    return pd.DataFrame(rows, columns=["N°", "Publiée le", "Par", "Offres", "Fichiers",
                                       "Dossier", "État"])


def withdraw_publication(store: Store, principal: Principal, publication_id: int,
                         root: Path, now: datetime | None = None) -> PublicationRecord:
    """Withdraw a publication: its offers « retirée », and its folder and zip removed when
    they are in ``root`` (copies already put online must be removed from the web space)."""
    require(principal, Action.PUBLISH)
    record = pub_store.withdraw_publication(store, publication_id, principal.login,
                                            now or _now())
    folder = Path(record.location)
    if record.location and folder.parent.resolve() == root.resolve() and folder.is_dir():
        shutil.rmtree(folder)
        folder.with_suffix(".zip").unlink(missing_ok=True)
    return record


def sheet(store: Store, offer_ids: Sequence[int], audience: Principal = PUBLIC) -> bytes:
    """The printable sheets of these offers (one PDF), as they would be published now."""
    preview = prepare(store, audience, only=offer_ids)
    return sheets_pdf(preview.offers, preview.settings)


def publications_root(store: Store) -> Path:
    """Where generations are written: ``ACCUEIL_PUBLICATIONS``, else a ``publications``
    folder beside the DuckDB file, else (PostgreSQL) one in the user's home."""
    chosen = os.environ.get("ACCUEIL_PUBLICATIONS", "").strip()
    if chosen:
        return Path(chosen)
    if store.path is not None:
        return store.path.parent / "publications"
    return Path.home() / "accueil-publications"


def public_choices(store: Store) -> dict[int, str]:
    """Offers that may be marked « à publier »: *publique*, neither filled nor archived.

    Labels are the internal titles (this list is for officers, never published)."""
    frame = pub_store.open_offers(store)
    shown = visible_offers(frame, PUBLIC)
    full = shown[shown[VISIBILITY] == Visibility.FULL.value]
    return {int(r["id"]): f"n° {int(r['id'])} · {r['title']} ({r['commune']})"
            for r in full.to_dict("records")}


def parse_bands(text: str) -> tuple[tuple[float, ...] | None, list[str]]:
    """Band edges typed as « 0 ; 50 000 ; 100 k€ »: the edges, or French errors."""
    edges: list[float] = []
    errors: list[str] = []
    for position, part in enumerate((p for p in text.split(";") if p.strip()), start=1):
        try:
            value = parse_amount(part)
        except ParseError as error:
            errors.append(f"Tranches, valeur n° {position} : {error}")
            continue
        if value is not None:
            edges.append(value)
    return (tuple(edges) if edges and not errors else None), errors


def logo_text(data: bytes) -> str:
    """An uploaded logo as the settings keep it (base64); checked by validate_settings."""
    return base64.b64encode(data).decode("ascii")
