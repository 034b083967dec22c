"""The fields a spreadsheet column can be imported into, and the guess of which column is which.

Two catalogues: :data:`OFFER_FIELDS` (one row per offer d'accueil) and
:data:`RECEPTIVITY_FIELDS` (one row per dwelling, plot or premises). Each :class:`ImportField`
carries its French label (the template's column header), its type, whether it is required, an
example, a help text and the French synonyms people use as column headers.
:func:`suggest_mapping` matches a file's headers to fields ignoring case, accents, punctuation,
spacing, units and years, then falls back on fuzzy matching; no field is given two columns.
:func:`parse_choice` reads a cell of a choice field. No files, no pandas, no streamlit here.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from accueil.domain.offers import (
    CONTRACTS,
    WORKING_TIMES,
    ActivityKind,
    Confidentiality,
    OfferStatus,
    ReceptivityKind,
)
from accueil.io.numbers import ParseError, is_empty, show
from accueil.io.text import fold


class FieldType(StrEnum):
    """How a cell of the field is read."""

    TEXT = "text"
    CODE = "code"  # an identifier kept as text: INSEE, postal or NAF code
    AMOUNT = "amount"
    INT = "int"
    AREA = "area"
    ROOMS = "rooms"
    DATE = "date"
    PERCENT = "percent"
    CHOICE = "choice"
    ETP = "etp"  # a headcount in full-time equivalents: 2,5
    CONTRACT = "contract"  # CDD 6 mois, CDI temps partiel (28 h)
    SALARY = "salary"  # 1 900 - 2 300 € brut, 11,88 €/heure, SMIC

    @property
    def format_hint(self) -> str:
        return {
            "text": "Texte libre.",
            "code": "Code, écrit comme du texte (zéros en tête conservés).",
            "amount": "Montant en euros : 150 000, 150 000,50 €, 150 k€ ou 1,2 M€.",
            "int": "Nombre entier : 3.",
            "area": "Surface en m² : 120 ou 120 m² ; 2,5 ha est converti en m².",
            "rooms": "Nombre de pièces : 4, ou T4 / F4.",
            "date": "Date jj/mm/aaaa : 26/11/2026 (une cellule date du tableur convient).",
            "percent": "Pourcentage : 4,5 %.",
            "choice": "Une des valeurs admises (majuscules et accents indifférents).",
            "etp": "Effectif en équivalents temps plein : 3 ou 2,5.",
            "contract": "Type de contrat, avec sa durée et le temps de travail s'il y a lieu : "
                        "CDI, CDD 6 mois, Saisonnier (CDD 4 mois), CDI temps partiel (28 h).",
            "salary": "Salaire brut, seul ou en fourchette, par heure, mois ou an : 2 100 € "
                      "brut mensuel, 1 900 - 2 300 €, 24 000 € par an, 11,88 €/heure ; ou "
                      "en mots : SMIC, Selon profil.",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Choice:
    """One admitted value of a choice field: stored ``value``, shown ``label``, other spellings."""

    value: str
    label: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportField:
    """A target of the import: where a column's cells go, and how they are read."""

    key: str
    label: str
    kind: FieldType
    help: str
    example: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[Choice, ...] = ()
    group: str = "Offre"

    @property
    def format_hint(self) -> str:
        if self.kind is FieldType.CHOICE:
            return "Une de ces valeurs : " + ", ".join(c.label for c in self.choices) + "."
        return self.kind.format_hint


def _choices_of(values: Iterable[tuple[str, str]],
                synonyms: Mapping[str, tuple[str, ...]]) -> tuple[Choice, ...]:
    return tuple(Choice(value, label, synonyms.get(value, ())) for value, label in values)


ACTIVITY_CHOICES = _choices_of(
    ((kind.value, kind.label) for kind in ActivityKind),
    {"reprise": ("reprise", "cession", "transmission", "a reprendre", "a ceder", "vente",
                 "reprise d entreprise", "entreprise a reprendre", "fonds de commerce"),
     "creation": ("creation", "a creer", "creation d entreprise", "installation",
                  "projet de creation", "besoin", "opportunite"),
     "emploi": ("emploi", "offre d emploi", "poste", "recrutement", "embauche", "salarie",
                "emploi salarie")})
STATUS_CHOICES = _choices_of(
    ((status.value, status.label) for status in OfferStatus),
    {"proposee": ("proposee", "proposition", "a valider", "proposee par un partenaire"),
     "veille": ("veille", "reperee", "repere", "identifiee", "a qualifier", "nouvelle"),
     "en_qualification": ("en qualification", "en cours", "qualification", "a l etude",
                          "en cours de qualification"),
     "publiee": ("publiee", "publie", "en ligne", "diffusee", "active", "ouverte",
                 "disponible"),
     "pourvue": ("pourvue", "pourvu", "conclue", "reprise effectuee", "realisee", "signee",
                 "vendue", "cedee"),
     "archivee": ("archivee", "archive", "abandonnee", "close", "fermee", "retiree",
                  "annulee", "caduque")})
CONFIDENTIALITY_CHOICES = _choices_of(
    ((level.value, level.label) for level in Confidentiality),
    {"publique": ("publique", "public", "ouverte", "tout public", "diffusable", "non"),
     "partenaires": ("partenaires", "partenaire", "reservee", "reserve aux partenaires",
                     "restreinte", "interne"),
     "confidentielle": ("confidentielle", "confidentiel", "oui", "secret", "privee",
                        "anonyme")})
CONTRACT_CHOICES = _choices_of(
    ((contract, contract) for contract in CONTRACTS),
    {"CDI": ("cdi", "contrat a duree indeterminee", "duree indeterminee"),
     "CDD": ("cdd", "contrat a duree determinee", "duree determinee"),
     "Saisonnier": ("saisonnier", "saison", "contrat saisonnier", "emploi saisonnier"),
     "Intérim": ("interim", "interimaire", "mission d interim", "travail temporaire"),
     "Apprentissage": ("apprentissage", "apprenti", "contrat d apprentissage")})
WORKING_TIME_CHOICES = _choices_of(
    ((value, value) for value in WORKING_TIMES),
    {"Temps plein": ("temps plein", "plein temps", "temps complet", "complet", "tc", "100"),
     "Temps partiel": ("temps partiel", "partiel", "mi temps", "tp", "temps non complet")})
RECEPTIVITY_CHOICES = _choices_of(
    ((kind.value, kind.label) for kind in ReceptivityKind),
    {"logement": ("logement", "maison", "appartement", "habitation", "gite", "studio",
                  "logement communal", "location"),
     "foncier": ("foncier", "terrain", "parcelle", "terre", "terrain a batir", "terres agricoles",
                 "foncier agricole"),
     "local": ("local", "local professionnel", "local commercial", "commerce", "atelier",
               "bureau", "bureaux", "batiment", "entrepot", "murs")})

_COMMUNE_FIELDS = (
    ImportField("commune_insee", "Code INSEE", FieldType.CODE,
                "Code officiel géographique de la commune (5 caractères) ; le plus sûr pour "
                "trouver la commune. Un ancien code d'avant une fusion est accepté.",
                "15014", ("code insee", "insee", "code commune", "code insee commune", "cog",
                          "code officiel geographique", "n insee", "no insee", "depcom",
                          "code geographique", "code insee de la commune", "codgeo"),
                group="Commune"),
    ImportField("commune_name", "Commune", FieldType.TEXT,
                "Nom de la commune. Sans code INSEE, il est rapproché de la table des communes "
                "(avec le code postal s'il y en a un, pour départager les homonymes).",
                "Aurillac", ("commune", "ville", "localite", "nom de la commune", "nom commune",
                             "lieu", "localisation", "village", "commune d implantation",
                             "libelle commune"),
                group="Commune"),
    ImportField("postal_code", "Code postal", FieldType.CODE,
                "Code postal, utile pour départager deux communes du même nom.",
                "15000", ("cp", "c p", "code postal", "code post", "cp commune", "postal"),
                group="Commune"),
)

OFFER_FIELDS: tuple[ImportField, ...] = (
    ImportField("title", "Titre", FieldType.TEXT,
                "Intitulé court de l'offre (200 caractères au plus). S'il manque, il est composé "
                "du type d'offre, de l'activité ou du poste et de la commune.",
                "Boulangerie-pâtisserie à reprendre",
                ("titre", "intitule", "titre de l offre", "nom de l offre", "offre", "libelle",
                 "intitule de l offre", "objet", "libelle de l offre", "annonce")),
    *_COMMUNE_FIELDS,
    ImportField("activity_kind", "Type d'offre", FieldType.CHOICE,
                "Reprise d'entreprise, création d'activité ou emploi salarié.",
                "Reprise d'entreprise",
                ("type", "type d offre", "nature", "categorie", "type d activite",
                 "nature de l offre", "type offre", "typologie"),
                required=True, choices=ACTIVITY_CHOICES),
    ImportField("naf_code", "Code NAF", FieldType.CODE,
                "Code d'activité NAF/APE de l'entreprise (format 10.71C).", "10.71C",
                ("naf", "code naf", "code ape", "ape", "naf rev2", "code activite", "naf ape",
                 "code naf ape"), group="Activité"),
    ImportField("naf_label", "Activité", FieldType.TEXT,
                "Activité en clair (libellé NAF ou usage local).", "Boulangerie et boulangerie-pâtisserie",
                ("activite", "secteur", "secteur d activite", "libelle naf", "metier",
                 "activite principale", "libelle activite", "libelle ape", "domaine"),
                group="Activité"),
    ImportField("turnover", "Chiffre d'affaires (€ HT par an)", FieldType.AMOUNT,
                "Chiffre d'affaires annuel hors taxes du dernier exercice, en euros.", "320 000",
                ("ca", "c a", "chiffre d affaires", "chiffre d affaires ht", "ca ht",
                 "ca annuel", "chiffre d affaires annuel", "ca n 1", "chiffre affaires"),
                group="Reprise"),
    ImportField("net_result", "Résultat net (€)", FieldType.AMOUNT,
                "Résultat net du dernier exercice, en euros ; négatif pour une perte.",
                "24 500", ("resultat", "resultat net", "benefice", "rn",
                           "resultat de l exercice", "resultat comptable"), group="Reprise"),
    ImportField("headcount", "Effectif salarié", FieldType.ETP,
                "Nombre de salariés de l'entreprise, en équivalents temps plein (2,5 ETP).", "3",
                ("effectif", "effectifs", "salaries", "nombre de salaries", "nb salaries",
                 "nb de salaries", "etp", "nombre d emplois", "emplois"), group="Reprise"),
    ImportField("asking_price", "Prix demandé (€)", FieldType.AMOUNT,
                "Prix de cession demandé par le cédant, en euros.", "180 000",
                ("prix", "prix de cession", "prix demande", "prix de vente", "valeur",
                 "montant de cession", "prix du fonds", "prix souhaite", "valorisation"),
                group="Reprise"),
    ImportField("sale_reason", "Motif de cession", FieldType.TEXT,
                "Pourquoi le cédant vend : retraite, changement de vie, santé…", "Départ en retraite",
                ("motif", "motif de cession", "raison", "raison de la vente",
                 "motif de la cession", "raison de la cession", "motif de vente"),
                group="Reprise"),
    ImportField("target_date", "Date de cession souhaitée", FieldType.DATE,
                "Quand le cédant souhaite céder.", "30/06/2027",
                ("date souhaitee", "date de cession", "date de cession souhaitee", "echeance",
                 "date de reprise", "date de transmission", "delai", "date de vente"),
                group="Reprise"),
    ImportField("job_title", "Intitulé du poste", FieldType.TEXT,
                "Pour un emploi : le poste proposé.", "Infirmier ou infirmière",
                ("poste", "intitule du poste", "metier recherche", "fonction", "emploi propose",
                 "poste propose", "profil recherche"), group="Emploi"),
    ImportField("contract", "Type de contrat", FieldType.CONTRACT,
                "Pour un emploi : la nature du contrat, et pour un CDD sa durée.", "CDD 6 mois",
                ("contrat", "type de contrat", "nature du contrat", "type contrat"),
                choices=CONTRACT_CHOICES, group="Emploi"),
    ImportField("working_time", "Temps de travail", FieldType.CHOICE,
                "Pour un emploi : temps plein ou temps partiel.", "Temps plein",
                ("temps de travail", "duree du travail", "temps plein partiel", "quotite",
                 "temps", "duree hebdomadaire"), choices=WORKING_TIME_CHOICES, group="Emploi"),
    ImportField("gross_annual_salary", "Salaire brut annuel (€)", FieldType.SALARY,
                "Pour un emploi : salaire brut proposé, seul ou en fourchette ; un montant sans "
                "période (« par mois », « /heure ») est lu comme annuel s'il en a la taille.",
                "24 000 - 28 000",
                ("salaire", "remuneration", "salaire annuel", "salaire brut",
                 "salaire brut annuel", "remuneration annuelle", "salaire annuel brut"),
                group="Emploi"),
    ImportField("gross_monthly_salary", "Salaire brut mensuel (€)", FieldType.SALARY,
                "Pour un emploi, si le salaire est connu par mois (seul ou en fourchette) ; "
                "sert quand le salaire annuel n'est pas renseigné.", "1 900 - 2 300",
                ("salaire mensuel", "salaire brut mensuel", "remuneration mensuelle",
                 "salaire mensuel brut", "salaire par mois", "brut mensuel"), group="Emploi"),
    ImportField("start_date", "Date de début", FieldType.DATE,
                "Pour un emploi : la date de prise de poste, ou « Dès que possible ».",
                "Dès que possible",
                ("date de debut", "debut", "date debut", "prise de poste",
                 "date de prise de poste", "date d embauche", "demarrage", "a pourvoir le",
                 "date de demarrage", "debut du contrat", "date de debut du contrat"),
                group="Emploi"),
    ImportField("need", "Besoin identifié", FieldType.TEXT,
                "Pour une création : le manque que l'activité comblerait.",
                "Plus de boulangerie à moins de 15 km",
                ("besoin", "besoin identifie", "manque", "opportunite", "besoin du territoire",
                 "constat"), group="Création"),
    ImportField("source_partner", "Partenaire source", FieldType.TEXT,
                "Qui a signalé l'offre : CCI, CMA, chambre d'agriculture, commune…", "CMA Cantal",
                ("partenaire", "source", "origine", "apporteur", "partenaire source",
                 "transmis par", "signale par", "structure", "contact partenaire", "contact",
                 "structure d accompagnement")),
    ImportField("status", "Statut", FieldType.CHOICE,
                "Où en est l'offre. Par défaut : Repérée (veille).", "En qualification",
                ("statut", "etat", "avancement", "etape", "statut de l offre", "situation"),
                choices=STATUS_CHOICES),
    ImportField("confidentiality", "Confidentialité", FieldType.CHOICE,
                "Qui peut voir l'offre. Par défaut : Publique.", "Confidentielle",
                ("confidentialite", "diffusion", "visibilite", "confidentiel",
                 "niveau de confidentialite", "diffusable"), choices=CONFIDENTIALITY_CHOICES),
    ImportField("description", "Description", FieldType.TEXT,
                "Présentation de l'offre, en quelques phrases.",
                "Boulangerie de centre-bourg, clientèle fidèle, logement au-dessus.",
                ("description", "commentaire", "commentaires", "remarques", "observations",
                 "detail", "details", "notes", "presentation", "descriptif", "informations")),
    ImportField("living_environment", "Cadre de vie", FieldType.TEXT,
                "Ce qui rend la commune agréable à vivre.", "Village animé, école à 2 km.",
                ("cadre de vie", "environnement", "atouts du territoire", "qualite de vie")),
    ImportField("verified_on", "Vérifiée le", FieldType.DATE,
                "Date de la dernière vérification de l'offre auprès du partenaire.", "26/11/2026",
                ("verifie le", "verifiee le", "date de verification", "mise a jour",
                 "date de mise a jour", "maj", "date maj", "derniere verification",
                 "date de verif", "actualise le", "date d actualisation")),
)

RECEPTIVITY_FIELDS: tuple[ImportField, ...] = (
    ImportField("kind", "Type de bien", FieldType.CHOICE,
                "Logement, foncier ou local professionnel.", "Logement",
                ("type", "type de bien", "nature", "categorie", "nature du bien", "bien",
                 "type de receptivite"), required=True, choices=RECEPTIVITY_CHOICES,
                group="Réceptivité"),
    ImportField("description", "Description", FieldType.TEXT,
                "Ce qu'est le bien, en quelques mots.", "Maison T4 avec jardin",
                ("description", "designation", "libelle", "intitule", "descriptif",
                 "commentaire", "commentaires", "observations", "remarques", "detail"),
                group="Réceptivité"),
    *_COMMUNE_FIELDS,
    ImportField("surface_m2", "Surface (m²)", FieldType.AREA,
                "Surface habitable, utile ou du terrain, en m² (2,5 ha est converti).", "95",
                ("surface", "superficie", "surface m2", "m2", "surface habitable",
                 "contenance", "surface utile", "surface en m2", "surface terrain"),
                group="Réceptivité"),
    ImportField("rooms", "Nombre de pièces", FieldType.ROOMS,
                "Pour un logement : le nombre de pièces (T4 = 4).", "4",
                ("pieces", "nb pieces", "nombre de pieces", "nb de pieces", "typologie",
                 "type t"), group="Réceptivité"),
    ImportField("monthly_rent", "Loyer mensuel (€)", FieldType.AMOUNT,
                "Loyer par mois, en euros.", "550",
                ("loyer", "loyer mensuel", "loyer hc", "loyer cc", "loyer charges comprises",
                 "loyer hors charges", "loyer par mois", "loyer mois", "montant du loyer"),
                group="Réceptivité"),
    ImportField("price", "Prix de vente (€)", FieldType.AMOUNT,
                "Prix de vente, en euros.", "120 000",
                ("prix", "prix de vente", "prix demande", "valeur", "prix d achat",
                 "prix de cession", "montant"), group="Réceptivité"),
    ImportField("available_from", "Disponible le", FieldType.DATE,
                "Date à laquelle le bien est libre, ou « Immédiatement » (libre dès maintenant).",
                "01/03/2027",
                ("disponibilite", "disponible le", "date de disponibilite", "libre le",
                 "libre a partir du", "disponible a partir du", "date de liberation",
                 "disponible"), group="Réceptivité"),
    ImportField("source_partner", "Partenaire", FieldType.TEXT,
                "Qui propose le bien : commune, bailleur, agence…", "Commune de Riom-ès-Montagnes",
                ("partenaire", "source", "proprietaire", "bailleur", "contact", "origine",
                 "gestionnaire", "partenaire source"), group="Réceptivité"),
)

FIELDS_BY_TARGET: dict[str, tuple[ImportField, ...]] = {
    "offers": OFFER_FIELDS, "receptivity": RECEPTIVITY_FIELDS}

# Words that say nothing about which field a header is: units, tax, years, filler.
_NOISE = frozenset({"eur", "euro", "euros", "ht", "ttc", "en", "m2", "annuel", "n",
                    "le", "la", "les", "de", "du", "des", "d", "l", "a", "au", "aux", "et"})
_KEEP_WHOLE = frozenset({"m2"})  # a header that is only "m²" still means a surface
FUZZY_CUTOFF = 0.8


def field_by_key(key: str, fields: Sequence[ImportField] = OFFER_FIELDS) -> ImportField:
    """The field called ``key`` in ``fields``; raises KeyError for an unknown key."""
    for candidate in fields:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


# A header longer than this is compared on its start only: no field label is longer, and
# comparing a 1 MB header cell letter by letter cost seconds on every click.
HEADER_CHARS = 120


def header_key(header: str) -> str:
    """A header reduced to what identifies it: ``"CA HT 2025 (€)"`` → ``"ca"``."""
    words = fold(header[:HEADER_CHARS]).split()
    if len(words) > 1 and all(len(word) == 1 for word in words):
        words = ["".join(words)]  # "C.A." and "C. P." are acronyms, not words
    kept = [w for w in words if w not in _NOISE and not w.isdigit()]
    if not kept:
        kept = [w for w in words if w in _KEEP_WHOLE]
    return " ".join(kept)


def suggest_mapping(headers: Iterable[str], fields: Sequence[ImportField] = OFFER_FIELDS, *,
                    cutoff: float = FUZZY_CUTOFF,
                    excluded: Collection[tuple[str, str]] = ()) -> dict[str, str | None]:
    """For each header, the key of the field it most likely holds, or None.

    Exact matches on labels and synonyms come first (after folding case, accents, punctuation,
    units and years); the remaining headers are matched by the words they contain and by
    similarity (difflib), best scores first, keeping only scores of at least ``cutoff``. A field
    is given to one header at most, and never a pair (header, field key) of ``excluded``
    (the caller found the column's values do not fit that field). Each header is compared
    with a fixed number of names, on its first :data:`HEADER_CHARS` characters: the time
    grows with the number of headers, not with their square or their length.
    """
    banned = set(excluded)
    header_list = list(dict.fromkeys(headers))
    names: dict[str, list[str]] = {
        item.key: list(dict.fromkeys(
            header_key(name) for name in (item.label, item.key.replace("_", " "), *item.synonyms)
            if header_key(name)))
        for item in fields}
    mapping: dict[str, str | None] = dict.fromkeys(header_list)
    taken: set[str] = set()
    for header in header_list:
        key = header_key(header)
        for item in fields:
            if (item.key not in taken and key and key in names[item.key]
                    and (header, item.key) not in banned):
                mapping[header] = item.key
                taken.add(item.key)
                break
    scored: list[tuple[float, int, int, str, str]] = []
    for header_index, header in enumerate(header_list):
        key = header_key(header)
        if mapping[header] is not None or not key:
            continue
        for field_index, item in enumerate(fields):
            if item.key in taken or (header, item.key) in banned:
                continue
            score = max(_similarity(key, name, cutoff) for name in names[item.key])
            if score >= cutoff:
                scored.append((-score, header_index, field_index, header, item.key))
    for _, _, _, header, key in sorted(scored):
        if mapping[header] is None and key not in taken:
            mapping[header] = key
            taken.add(key)
    return mapping


def missing_required(mapping: Mapping[str, str | None],
                     fields: Sequence[ImportField] = OFFER_FIELDS,
                     defaults: Mapping[str, object] | None = None) -> list[str]:
    """French messages for each required field that no column and no default provides."""
    mapped = {key for key in mapping.values() if key is not None} | set(defaults or {})
    messages: list[str] = []
    for item in fields:
        if item.required and item.key not in mapped:
            messages.append(
                f"Aucune colonne n'est associée au champ obligatoire « {item.label} » : "
                f"associez-lui une colonne du fichier, ou choisissez une valeur pour toutes les "
                f"lignes (par ex. « {item.example} »).")
    if any(item.key.startswith("commune") for item in fields) and not (
            mapped & {"commune_insee", "commune_name", "postal_code"}):
        messages.append(
            "Aucune colonne n'indique la commune : associez une colonne au champ « Code INSEE », "
            "« Commune » ou « Code postal ».")
    return messages


def parse_choice(value: object, item: ImportField) -> str | None:
    """The stored value of a choice cell (``"Cession"`` → ``"reprise"``); None when empty."""
    if is_empty(value):
        return None
    folded = fold(show(value))
    exact, fuzzy = _choice_index(item)
    if folded in exact:
        return exact[folded]
    close = difflib.get_close_matches(folded, list(fuzzy), n=1, cutoff=0.85)
    if close:
        return fuzzy[close[0]]
    labels = ", ".join(f"« {choice.label} »" for choice in item.choices)
    raise ParseError(show(value), f"n'est pas une valeur admise pour « {item.label} »",
                     f"l'une de : {labels}")


@lru_cache(maxsize=64)
def _choice_index(item: ImportField) -> tuple[dict[str, str], dict[str, str]]:
    """Every folded spelling of the field's choices, and those long enough to match fuzzily."""
    exact: dict[str, str] = {}
    for choice in item.choices:
        for spelling in (choice.value, choice.label, *choice.synonyms):
            exact.setdefault(fold(spelling), choice.value)
    fuzzy = {spelling: value for spelling, value in exact.items() if len(spelling) > 3}
    return exact, fuzzy


def _similarity(key: str, name: str, cutoff: float = 0.0) -> float:
    key_words, name_words = set(key.split()), set(name.split())
    matcher = difflib.SequenceMatcher(None, key, name)
    # The quick upper bounds first: most pairs are far apart and never need the full ratio.
    ratio = (matcher.ratio() if matcher.real_quick_ratio() >= cutoff
             and matcher.quick_ratio() >= cutoff else 0.0)
    if name_words and name_words < key_words and len(name) >= 4:
        # "prix de cession souhaite" holds "prix de cession": a strong hint, stronger when the
        # synonym covers more of the header.
        ratio = max(ratio, 0.8 + 0.15 * len(name) / len(key))
    return ratio
