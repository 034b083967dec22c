"""What the *Aménités* page asks for: a commune's profile, its editing, and the BPE import.

:func:`amenities_view` gives the profile of one commune as an editable table, with, for each
service it lacks, the nearest commune that has it. :func:`submit_profile` validates what was
typed (French messages, nothing written on error); :func:`preview_bpe` reads an uploaded BPE
file and :func:`import_bpe` writes what the preview showed. :func:`territory_overview` sums up
the communes of a territory. Orchestration and shaping only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from accueil import fr
from accueil.domain.access import Action, Principal, require
from accueil.domain.amenities import (
    BPE_AMENITIES,
    AmenityProfile,
    nearest_with,
    validate_counts,
)
from accueil.domain.offers import AMENITY_LABELS, Amenity
from accueil.domain.territories import Territory
from accueil.geo.centroids import load_centres
from accueil.geo.reference import load_communes, load_departements
from accueil.io.bpe import BpePlan, read_bpe
from accueil.io.communes import CommuneResolver
from accueil.store import amenities as amenity_store
from accueil.store.dashboard import commune_names
from accueil.store.db import Store
from accueil.store.imports import BatchRecord

COUNT_COLUMN = "Nombre"
CATEGORY_COLUMN = "Service"


@dataclass(frozen=True, slots=True)
class AmenitiesView:
    commune: str
    profile: AmenityProfile
    editor: pd.DataFrame  # Service, Nombre (text, "" when not known), Source, Mis à jour le
    nearest: tuple[str, ...]  # French lines for the services the commune is known to lack
    summary: str  # "6 services présents sur 8 renseignés"


def amenities_view(store: Store, commune: str) -> AmenitiesView:
    profile = amenity_store.load_profile(store, commune)
    rows = []
    for amenity in Amenity:
        count = profile.counts.get(amenity)
        rows.append({
            CATEGORY_COLUMN: AMENITY_LABELS[amenity],
            COUNT_COLUMN: "" if count is None else str(count.count),
            "Source": count.source.label if count else "Non renseigné",
            "Mis à jour": fr.day(count.updated_at) if count and count.updated_at else "—"})
    editor = pd.DataFrame(rows, columns=[CATEGORY_COLUMN, COUNT_COLUMN, "Source",
                                         "Mis à jour"])
    centres = load_centres()
    names = commune_names(store)
    lines: list[str] = []
    for amenity in (a for a in Amenity if a in profile.absent):
        nearest = nearest_with(commune, amenity, amenity_store.communes_having(store, amenity),
                               centres)
        label = AMENITY_LABELS[amenity]
        if nearest.commune_insee is None or nearest.distance_km is None:
            lines.append(f"**{label}** : aucune commune connue n'en a")
        else:
            km = fr.number(nearest.distance_km, 1 if nearest.distance_km < 10 else 0)
            lines.append(f"**{label}** : le plus proche à "
                         f"{names.get(nearest.commune_insee, nearest.commune_insee)}, "
                         f"à {km} km à vol d'oiseau")
    present, known = len(profile.present), len(Amenity) - len(profile.unknown)
    if known == 0:
        summary = "aucun service renseigné pour l'instant"
    else:
        summary = (f"{present} service{'s' if present > 1 else ''} présent"
                   f"{'s' if present > 1 else ''} sur {known} renseigné{'s' if known > 1 else ''}")
    return AmenitiesView(commune, profile, editor, tuple(lines), summary)


@dataclass(frozen=True, slots=True)
class ProfileResult:
    errors: tuple[str, ...]
    changed: int

    @property
    def saved(self) -> bool:
        return not self.errors


def submit_profile(store: Store, commune: str, editor: pd.DataFrame,
                   living_environment: str, *, by: Principal) -> ProfileResult:
    """Save the counts typed in the editor and the living environment, or say what is wrong."""
    require(by, Action.EDIT_AMENITIES, commune=commune)
    by_label = {label: amenity for amenity, label in AMENITY_LABELS.items()}
    raw: dict[Amenity, object] = {}
    for label, value in zip(editor[CATEGORY_COLUMN], editor[COUNT_COLUMN], strict=True):
        amenity = by_label.get(str(label))
        if amenity is not None:
            raw[amenity] = None if value is None or pd.isna(value) else value
    counts, errors = validate_counts(raw)
    if len(living_environment) > 2000:
        errors.append(f"Le cadre de vie fait {len(living_environment)} caractères ; 2 000 au "
                      "plus sont admis.")
    if errors:
        return ProfileResult(tuple(errors), 0)
    changed = amenity_store.save_profile(store, commune, counts, living_environment,
                                         author=by.login)
    return ProfileResult((), changed)


@lru_cache(maxsize=1)
def _resolver() -> CommuneResolver:
    departements = load_departements()
    return CommuneResolver(load_communes(), dict(zip(
        departements["code_departement"], departements["nom"], strict=True)))


def preview_bpe(data: bytes, file_name: str) -> BpePlan:
    """Read an uploaded BPE file; nothing is written."""
    return replace(read_bpe(data, file_name, _resolver()),
                   sha256=hashlib.sha256(data).hexdigest())


def bpe_summary(plan: BpePlan) -> pd.DataFrame:
    """Per category: how many communes of the file have at least one."""
    return pd.DataFrame(
        [{"Service": AMENITY_LABELS[a], "Communes équipées": n}
         for a, n in plan.by_amenity().items()], columns=["Service", "Communes équipées"])


def import_bpe(store: Store, plan: BpePlan, *, by: Principal) -> str:
    """Write the counts of a previewed BPE file; a French message saying what was done."""
    require(by, Action.IMPORT)
    require(by, Action.EDIT_AMENITIES)
    if not plan.ok or not plan.covered:
        return "Rien n'a été importé : le fichier n'a pas de données utilisables."
    record = BatchRecord(file_name=plan.file_name, sha256=plan.sha256, target="amenities",
                         source="BPE (INSEE)", total_rows=plan.rows,
                         invalid_rows=0)  # types and communes left aside are not refused
    written = amenity_store.write_bpe(store, plan.counts, plan.covered, record=record,
                                      author=by.login)
    kept = (f" {fr.plural(written.kept_manual, 'valeur saisie', 'valeurs saisies')} à la main "
            "conservée(s)." if written.kept_manual else "")
    return (f"BPE importée : {fr.plural(len(plan.covered), 'commune')} mises à jour pour "
            f"{len(BPE_AMENITIES)} catégories de services.{kept} Import n° {written.batch_id}, "
            "annulable depuis la page Importer (historique des imports).")


@dataclass(frozen=True, slots=True)
class TerritoryOverview:
    table: pd.DataFrame  # one row per commune, French columns
    codes: list[str]  # the communes, in the table's order
    first_known: int  # position of the first commune with known services (0 if none)


def territory_overview(store: Store, territory: Territory | None) -> TerritoryOverview:
    """One row per commune: services present out of those known, and what is missing."""
    frame = amenity_store.territory_profiles(store, territory)
    counts = frame[[a.value for a in Amenity]].astype("Float64")
    present_counts = (counts > 0).fillna(False).sum(axis=1).astype(int).tolist()
    known = counts.notna().sum(axis=1).astype(int).tolist()
    absent = (counts == 0).fillna(False).to_numpy(dtype=bool)
    labels = [AMENITY_LABELS[a] for a in Amenity]
    missing_labels = [", ".join(label for label, gone in zip(labels, row, strict=True) if gone)
                      or "—" for row in absent]
    table = pd.DataFrame({
        "Commune": frame["nom"], "Population": frame["population"],
        "Services présents": [f"{p} / {k}" if k else "non renseigné"
                              for p, k in zip(present_counts, known, strict=True)],
        "Absents": missing_labels,
        "Cadre de vie": frame["has_living"].map({True: "rédigé", False: "—"}),
    })
    first = next((i for i, k in enumerate(known) if k), 0)
    return TerritoryOverview(table, [str(c) for c in frame["code_insee"]], first)
