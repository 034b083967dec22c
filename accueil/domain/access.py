"""Who may do what, and who may see what: the one access policy of the tool. Pure, no I/O.

Two questions, answered here and nowhere else:

- **may** ``principal`` do ``action`` (on an offer of ``commune``, supplied by ``organisation``)?
  The service layer asks before every write; pages may hide a button with the same answer, but
  hiding is never the check.
- **how much** of an offer of a given confidentiality may an ``audience`` see? Every output
  (pages, map hovers and click lists, dashboard figures, exports, decks, published files) asks.

Roles (issue 13): *administrateur* (accounts, data, backups), *chargé(e) de mission* (reads and
writes on their territories), *partenaire* (sees and edits what their organisation supplied,
proposes offers that a chargé de mission validates), *élu(e)* (read-only, no confidential
detail). Each account is scoped to a set of communes (``None``: the whole Massif central).
The *grand public* is the audience of published outputs; it is never an account.

Confidentiality levels: *publique*; *restreinte* (stored ``partenaires``: partners and officers
see it without the seller's identity and with figures in bands); *confidentielle* (officers of
the territory only). An audience that may not see an offer in detail may still have it counted
in aggregates, with small-count protection (:func:`protect_count`).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from accueil.domain.offers import Confidentiality


class Role(StrEnum):
    ADMINISTRATEUR = "administrateur"
    CHARGE_MISSION = "charge_mission"
    PARTENAIRE = "partenaire"
    ELU = "elu"
    PUBLIC = "public"  # the audience of published outputs; no account has this role

    @property
    def label(self) -> str:
        return {"administrateur": "Administrateur", "charge_mission": "Chargé(e) de mission",
                "partenaire": "Partenaire", "elu": "Élu(e)",
                "public": "Grand public (publication)"}[self.value]


ACCOUNT_ROLES = (Role.ADMINISTRATEUR, Role.CHARGE_MISSION, Role.PARTENAIRE, Role.ELU)


class Action(StrEnum):
    """Everything a user can ask the tool to do, reads included."""

    READ = "read"                          # see offers, maps, dashboards (filtered by audience)
    EXPORT = "export"                      # download a table, a map, a PDF (filtered by audience)
    PRESENT = "present"                    # presentation mode, deck, territory report
    EDIT_OFFER = "edit_offer"              # create, change an offer, its items, its amenities
    DELETE_OFFER = "delete_offer"
    PROPOSE_OFFER = "propose_offer"        # a partner's proposal, validated by an officer
    VALIDATE_PROPOSAL = "validate_proposal"
    IMPORT = "import"                      # import a file, undo an import
    EDIT_AMENITIES = "edit_amenities"      # a commune's services profile, BPE imports
    EDIT_TERRITORIES = "edit_territories"  # the user's own territories
    PUBLISH = "publish"                    # diffusion: sheets, catalogue, feeds
    VIEW_HISTORY = "view_history"          # the change journal, field by field
    MANAGE_DATA = "manage_data"            # demo data, reference data, whole-store operations
    BACKUP = "backup"                      # take, list, export backups
    RESTORE = "restore"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_PARTNERS = "manage_partners"    # partner records, merges, veille files (issue 17)


class Visibility(StrEnum):
    """How much of one offer an audience gets, from most to least."""

    FULL = "full"          # every field
    REDACTED = "redacted"  # no seller identity, no free text, figures in bands
    COUNTED = "counted"    # only inside aggregates, with small-count protection
    HIDDEN = "hidden"      # not at all, not even counted


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is asking: a signed-in account, or an audience chosen for an output.

    ``communes`` is the account's scope (INSEE codes); ``None`` means the whole Massif central.
    ``organisation`` is the partner organisation a *partenaire* belongs to, matched against an
    offer's ``source_partner``.
    """

    login: str
    role: Role
    communes: frozenset[str] | None = None
    organisation: str = ""
    display_name: str = ""
    account_id: int | None = None

    def in_scope(self, commune: str | None) -> bool:
        if self.communes is None:
            return True
        return commune is not None and commune.strip().upper() in self.communes

    def supplied(self, source_partner: str | None) -> bool:
        """Whether an offer or item of ``source_partner`` comes from this partner's organisation."""
        return (self.role is Role.PARTENAIRE and bool(self.organisation.strip())
                and same_organisation(self.organisation, source_partner or ""))

    @property
    def cache_key(self) -> tuple[str, str, str]:
        """What any cached output must be keyed by: two principals with the same key see the
        same thing (role, scope, organisation), whoever they are."""
        scope = "*" if self.communes is None else ",".join(sorted(self.communes))
        return (self.role.value, scope, normalise_organisation(self.organisation))


PUBLIC = Principal(login="", role=Role.PUBLIC, display_name="Grand public")


def elected_officials(communes: Collection[str] | None) -> Principal:
    """The audience of a presentation to elected officials of ``communes``."""
    scope = None if communes is None else frozenset(c.upper() for c in communes)
    return Principal(login="", role=Role.ELU, communes=scope, display_name="Élus")


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: str = ""  # French, for the user, when refused

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Decision(True)

_ANYWHERE = frozenset({Action.READ, Action.EXPORT, Action.PRESENT})
_ADMIN_ONLY = frozenset({Action.MANAGE_DATA, Action.BACKUP, Action.RESTORE,
                         Action.MANAGE_ACCOUNTS})
_OFFICER = frozenset({Action.EDIT_OFFER, Action.DELETE_OFFER, Action.PROPOSE_OFFER,
                      Action.VALIDATE_PROPOSAL, Action.IMPORT, Action.EDIT_AMENITIES,
                      Action.EDIT_TERRITORIES, Action.PUBLISH, Action.VIEW_HISTORY,
                      Action.MANAGE_PARTNERS})
_PARTNER = frozenset({Action.PROPOSE_OFFER, Action.EDIT_OFFER})
# Actions whose target is one commune: an officer acts only on the communes of their scope.
_SCOPED = frozenset({Action.EDIT_OFFER, Action.DELETE_OFFER, Action.PROPOSE_OFFER,
                     Action.VALIDATE_PROPOSAL, Action.EDIT_AMENITIES, Action.PUBLISH})


def may(principal: Principal, action: Action, *, commune: str | None = None,
        organisation: str | None = None, existing: bool = True) -> Decision:
    """Whether ``principal`` may do ``action``; if not, the French reason to show.

    ``commune`` is the INSEE code of the offer (or amenity profile) concerned, when there is
    one; ``organisation`` the partner that supplied it; ``existing`` says whether the action
    changes a stored offer (``True``) or creates one.
    """
    role = principal.role
    if role is Role.PUBLIC:
        return (ALLOWED if action in (Action.READ, Action.EXPORT)
                else Decision(False, "Connectez-vous pour faire cette opération."))
    if action in _ANYWHERE or role is Role.ADMINISTRATEUR:
        return ALLOWED
    if action in _ADMIN_ONLY:
        return Decision(False, "Seul un administrateur peut faire cette opération "
                               f"(votre rôle : {role.label.lower()}).")
    if role is Role.ELU:
        return Decision(False, "Votre compte d'élu(e) est en lecture seule : demandez cette "
                               "modification au chargé de mission de votre territoire.")
    if role is Role.PARTENAIRE:
        if action not in _PARTNER:
            return Decision(False, "Un partenaire ne peut pas faire cette opération : "
                                   "proposez l'information au chargé de mission, qui la validera.")
        if action is Action.EDIT_OFFER and existing and not principal.supplied(organisation):
            return Decision(False, "Vous ne pouvez modifier que les offres fournies par votre "
                                   f"organisation ({principal.organisation or 'non renseignée'}).")
    elif action not in _OFFICER:  # pragma: no cover - every action is in one of the sets
        return Decision(False, "Opération non autorisée.")
    if action in _SCOPED and commune is not None and not principal.in_scope(commune):
        return Decision(False, f"La commune {commune} n'est pas dans les territoires de votre "
                               "compte : seul un chargé de mission de ce territoire peut agir.")
    return ALLOWED


def visibility(audience: Principal, confidentiality: Confidentiality | str,
               commune: str | None, source_partner: str | None = None) -> Visibility:
    """How much of an offer ``audience`` may see (the one audience rule of every output)."""
    level = Confidentiality(confidentiality)
    role = audience.role
    if role is Role.ADMINISTRATEUR:
        return Visibility.FULL
    if role is Role.PUBLIC:
        return Visibility.FULL if level is Confidentiality.PUBLIQUE else Visibility.HIDDEN
    if role is Role.CHARGE_MISSION and audience.in_scope(commune):
        return Visibility.FULL
    if role is Role.PARTENAIRE and audience.supplied(source_partner):
        return Visibility.FULL
    if level is Confidentiality.PUBLIQUE:
        return Visibility.FULL
    if role is Role.ELU:
        return Visibility.COUNTED if audience.in_scope(commune) else Visibility.HIDDEN
    if level is Confidentiality.PARTENAIRES:
        return Visibility.REDACTED
    return Visibility.HIDDEN


# Small-count protection, after the French rule of statistical secrecy (INSEE, « secret
# statistique » : no published cell counts fewer than 3 units): a figure shown to an audience
# that may not see every offer it counts is hidden when it counts fewer than this.
SMALL_COUNT = 3
SMALL_COUNT_NOTE = (f"« < {SMALL_COUNT} » : moins de {SMALL_COUNT} offres, dont au moins une "
                    "confidentielle ; le nombre exact n'est pas montré pour ne pas permettre de "
                    "la reconnaître.")


def protect_count(total: int, undisclosed: int, threshold: int = SMALL_COUNT) -> int | None:
    """``total`` if it may be shown, ``None`` if it must be hidden.

    ``undisclosed`` is how many of the ``total`` offers the audience may not see in detail.
    A cell is hidden when it counts at least one such offer and fewer than ``threshold`` in
    all: "1 offre" in a small commune would point at the business.
    """
    if undisclosed > 0 and 0 < total < threshold:
        return None
    return total


# Bands for figures shown REDACTED (issue 13: "figures in bands"), in euros.
AMOUNT_BANDS = (0, 50_000, 100_000, 200_000, 500_000, 1_000_000)


def amount_band(amount: float | None, edges: tuple[float, ...] = AMOUNT_BANDS
                ) -> tuple[float, float | None] | None:
    """The band ``amount`` falls in, as (low, high); high is ``None`` for the last band.

    ``edges`` are increasing and start at 0 (diffusion lets a territory choose its own).
    """
    if amount is None or math.isnan(amount) or amount < 0:
        return None
    low: float = edges[0]
    for edge in edges[1:]:
        if amount < edge:
            return (low, edge)
        low = edge
    return (low, None)


def normalise_organisation(name: str) -> str:
    """An organisation's name compared without case, accents, punctuation or « du/de la »."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return " ".join(w for w in words if w not in _LINK_WORDS)


_LINK_WORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d"})


def same_organisation(a: str, b: str) -> bool:
    return bool(a.strip()) and normalise_organisation(a) == normalise_organisation(b)


class Refused(Exception):
    """Raised by a service when :func:`may` says no; pages show ``reason`` as it is."""

    def __init__(self, reason: str, action: Action = Action.READ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.action = action


def require(principal: Principal, action: Action, *, commune: str | None = None,
            organisation: str | None = None, existing: bool = True) -> None:
    """Raise :class:`Refused` unless ``principal`` may do ``action`` (see :func:`may`)."""
    decision = may(principal, action, commune=commune, organisation=organisation,
                   existing=existing)
    if not decision:
        raise Refused(decision.reason, action)
