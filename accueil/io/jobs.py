"""A job offer's contract and salary cells, read as job boards and partners write them.

:func:`parse_contract` reads ``CDD 6 mois``, ``Saisonnier (CDD 4 mois)``, ``CDI temps partiel
(28 h)``, ``Apprentissage 2 ans`` into a :class:`Contract` (kind, length in months, working time,
weekly hours). :func:`parse_salary` reads ``1 900 - 2 300 € brut``, ``24 000 - 28 000 € brut
annuel``, ``11,88 € brut/heure``, ``28 k€/an`` into a :class:`Salary` (minimum, maximum, period),
and words without a figure (``SMIC``, ``Selon profil``, ``Selon grille légale``) into a salary
whose ``note`` keeps the words. What cannot be read raises
:class:`accueil.io.numbers.ParseError` with a French message. Amounts go through
:func:`accueil.io.numbers.parse_amount`, the one reader of French figures. Pure: no pandas, no
files, no streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accueil.domain.offers import CONTRACTS, annual_salary
from accueil.io.numbers import ParseError, is_empty, parse_amount, show
from accueil.io.text import fold

CONTRACT_EXPECTED = ("un type de contrat (" + ", ".join(CONTRACTS) + "), éventuellement suivi "
                     "de sa durée et du temps de travail, par ex. « CDD 6 mois » ou « CDI "
                     "temps partiel (28 h) »")
SALARY_EXPECTED = ("un salaire brut, par ex. « 2 100 € brut mensuel », « 1 900 - 2 300 € », "
                   "« 24 000 € par an », « 11,88 €/heure », ou « SMIC », « Selon profil »")

# Looked for in this order: "Saisonnier (CDD 4 mois)" is a seasonal job, and its CDD says how.
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bsaison"), "Saisonnier"),
    (re.compile(r"\bapprenti|\balternance\b|\bcontrat pro"), "Apprentissage"),
    (re.compile(r"\binterim|\btravail temporaire\b|\bmission\b"), "Intérim"),
    (re.compile(r"\bcdi\b|\bindetermine"), "CDI"),
    (re.compile(r"\bcdd\b|\bdetermine|\bremplacement\b"), "CDD"),
)
_LENGTH = re.compile(r"(\d+(?:[ ,.]\d+)?)\s*(mois|ans?|annees?|semaines?|sem|jours?|j)\b")
_MONTHS_PER = {"mois": 1.0, "an": 12.0, "ans": 12.0, "annee": 12.0, "annees": 12.0,
               "semaine": 12 / 52, "semaines": 12 / 52, "sem": 12 / 52, "jour": 12 / 365,
               "jours": 12 / 365, "j": 12 / 365}
_HOURS = re.compile(r"(\d+(?:[ ,.]\d+)?)\s*(?:h|heures?)\b(?!\s*(?:par|/)\s*(?:jour|mois))")
_PART_TIME = re.compile(r"\b(?:temps partiel|partiel|mi temps|temps non complet)\b")
_FULL_TIME = re.compile(r"\b(?:temps plein|plein temps|temps complet)\b")
FULL_TIME_HOURS = 35.0  # the legal working week (Code du travail, art. L3121-27)

_PERIOD_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(?:heure|heures|horaire|h)\b"), "heure"),
    (re.compile(r"\b(?:mois|mensuel|mensuels|mensuelle|mensuelles|mensualise)\b"), "mois"),
    (re.compile(r"\b(?:an|ans|annuel|annuels|annuelle|annee|annees|brut annuel)\b"), "an"),
)
# The words partners put round a salary that change nothing to its figure.
_SALARY_NOISE = re.compile(
    r"\b(?:brut|bruts|brute|salaire|remuneration|environ|env|a partir de|des|de|a|entre|et|"
    r"jusqu|jusqu a|max|min|maximum|minimum|mini|maxi|par|sur|x|13 mois|plus|primes?|"
    r"selon experience|eur|euros?|k eur)\b")
_FIGURE = re.compile(r"\d[\d .,'’]*\d(?:\s*k\b)?|\d(?:\s*k\b)?")
# Salary words without a figure that a job board publishes: kept as words, never refused.
_SALARY_WORDS = re.compile(
    r"\b(?:smic|selon|a negocier|a debattre|a definir|nous consulter|convention|grille|"
    r"profil|experience|attractif|motivant|variable|non communique|nc|n c|a voir)\b")


# "SMIC", "Smic horaire brut", "SMIC + 10 %", "110 % du SMIC": the legal minimum, possibly
# with a stated supplement; anything else about the SMIC ("SMIC + primes") stays words.
_SMIC = re.compile(
    r"^\s*(?:(?P<of>\d{1,3}(?:[.,]\d+)?)\s*%\s*du\s+)?(?:le\s+)?smic"
    r"(?:\s+(?:horaire|brut|mensuel|l[ée]gal|en\s+vigueur))*"
    r"(?:\s*(?:\+|major[ée]\s+de)\s*(?P<percent>\d{1,3}(?:[.,]\d+)?)\s*%)?"
    r"(?:\s+(?:brut|horaire))*\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Contract:
    """A job's contract as stated: ``kind`` one of :data:`CONTRACTS`, the rest when said."""

    kind: str
    months: float | None = None
    working_time: str | None = None  # "Temps plein" or "Temps partiel"
    weekly_hours: float | None = None


@dataclass(frozen=True, slots=True)
class Salary:
    """A gross salary as stated: a figure or a range per ``period``, or only words (``note``)."""

    minimum: float | None = None
    maximum: float | None = None
    period: str | None = None  # "heure", "mois" or "an"
    note: str | None = None  # "SMIC", "Selon profil": what was said instead of a figure
    period_guessed: bool = False  # no period word: deduced from the figure's size
    smic_factor: float | None = None  # "Smic + 10 %": 1.1 × the SMIC in force at the job's date

    @property
    def stated(self) -> bool:
        """True when a figure was given (words only, such as "Selon profil", are not one)."""
        return self.minimum is not None

    def yearly(self, weekly_hours: float | None = None) -> float | None:
        """The yearly equivalent of the minimum, what the offer guarantees; None without figure."""
        if self.minimum is None or self.period is None:
            return None
        return annual_salary(self.minimum, self.period, weekly_hours)


def parse_contract(value: object) -> Contract | None:
    """The contract of a cell such as ``CDD 6 mois``; None for an empty cell."""
    if is_empty(value):
        return None
    found = show(value)
    text = fold(str(value))
    kind = next((name for pattern, name in _KINDS if pattern.search(text)), None)
    if kind is None:
        raise ParseError(found, "n'est pas un type de contrat reconnu", CONTRACT_EXPECTED)
    months = None
    if match := _LENGTH.search(text):
        months = round(_figure(match[1]) * _MONTHS_PER[match[2]], 2)
    hours = None
    if match := _HOURS.search(text):
        hours = _figure(match[1])
        if not 0 < hours <= 60:
            raise ParseError(found, f"annonce {match[1]} heures par semaine",
                             "une durée hebdomadaire de 1 à 60 heures, par ex. 28 h")
    working_time = None
    if _PART_TIME.search(text) or (hours is not None and hours < FULL_TIME_HOURS):
        working_time = "Temps partiel"
    elif _FULL_TIME.search(text) or hours is not None:
        working_time = "Temps plein"
    if "mi temps" in text and hours is None:
        hours = FULL_TIME_HOURS / 2
    return Contract(kind, months, working_time, hours)


def parse_salary(value: object, default_period: str | None = None) -> Salary | None:
    """The salary of a cell: ``1 900 - 2 300 € brut`` → 1 900 to 2 300 per month.

    The period is the one the cell names (heure, mois, an); else ``default_period`` (the
    column's: "Salaire brut annuel") when the figure fits it; else deduced from the figure's
    size (under 100 € an hour, under 10 000 € a month, a year above), and ``period_guessed``
    says so. A workbook number is a figure in the column's period.
    """
    if is_empty(value):
        return None
    found = show(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = parse_amount(value)
        assert amount is not None
        return _salary(amount, amount, None, default_period, found)
    if smic := _SMIC.match(str(value)):
        # The legal minimum wage by name: a figure once dated (accueil.io.smic), not words.
        percent = smic["percent"] or smic["of"]
        factor = 1.0 if percent is None else _figure(percent) / 100 + (0 if smic["of"] else 1)
        if not 0.5 <= factor <= 5:
            raise ParseError(found, "n'est pas un multiple plausible du SMIC", SALARY_EXPECTED)
        return Salary(note=" ".join(str(value).split())[:80], smic_factor=round(factor, 4))
    text = fold(str(value).replace("€", " eur "))
    period = next((name for pattern, name in _PERIOD_WORDS if pattern.search(text)), None)
    stripped = text
    for pattern, _ in _PERIOD_WORDS:
        stripped = pattern.sub(" ", stripped)
    figures = _FIGURE.findall(str(value).replace("€", " ").replace("\u00a0", " ")
                              .replace("\u202f", " "))
    figures = [f.strip() for f in figures if f.strip()]
    if not figures:
        if _SALARY_WORDS.search(text):
            return Salary(note=" ".join(str(value).split())[:80])
        raise ParseError(found, "n'est pas un salaire", SALARY_EXPECTED)
    if len(figures) > 2:
        raise ParseError(found, "contient plus de deux montants", SALARY_EXPECTED)
    rest = _FIGURE.sub(" ", _SALARY_NOISE.sub(" ", stripped))
    leftover = [word for word in rest.replace("-", " ").split() if word not in {"a", "k"}]
    if leftover and not _SALARY_WORDS.search(rest):
        raise ParseError(found, f"contient « {' '.join(leftover)[:30]} », qui n'est pas un "
                                "salaire", SALARY_EXPECTED)
    try:
        amounts = [_amount(figure) for figure in figures]
    except ParseError:
        raise ParseError(found, "n'est pas un salaire", SALARY_EXPECTED) from None
    low, high = min(amounts), max(amounts)
    return _salary(low, high, period, default_period, found)


def _salary(low: float, high: float, period: str | None, default_period: str | None,
            found: str) -> Salary:
    if low < 0:
        raise ParseError(found, "est négatif", SALARY_EXPECTED)
    guessed = False
    if period is None:
        if default_period is not None and _fits(low, default_period):
            period = default_period
        else:
            period = "heure" if low < 100 else "mois" if low < 10_000 else "an"
            guessed = True
    return Salary(low, high, period, None, guessed)


def _fits(amount: float, period: str) -> bool:
    """Whether a gross salary of ``amount`` is plausible per ``period`` in France."""
    return {"heure": amount < 200, "mois": 200 <= amount < 20_000,
            "an": amount >= 5_000}[period]


def _amount(figure: str) -> float:
    thousand = figure.rstrip().endswith("k")
    text = figure.rstrip().removesuffix("k").strip()
    amount = parse_amount(text)
    if amount is None:
        raise ParseError(figure, "n'est pas un montant", SALARY_EXPECTED)
    return amount * 1000 if thousand else amount


def _figure(text: str) -> float:
    return float(text.replace(" ", "").replace(",", "."))
