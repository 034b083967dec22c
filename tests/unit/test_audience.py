"""The audience applied to frames of offers: which rows each audience sees, counts, and what of them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from accueil.domain.access import (
    PUBLIC,
    Principal,
    Role,
    elected_officials,
    protect_count,
)
from accueil.services.audience import (
    AudienceColumnsMissing,
    counted_offers,
    visibilities,
    visible_offers,
)

SAINT_FLOUR, AURILLAC = "15187", "15014"
HOME = frozenset({SAINT_FLOUR})

ADMIN = Principal("admin", Role.ADMINISTRATEUR)
OFFICER = Principal("cm", Role.CHARGE_MISSION, communes=HOME)
PARTNER = Principal("cci", Role.PARTENAIRE, communes=HOME, organisation="CCI du Cantal")
OTHER_PARTNER = Principal("cma", Role.PARTENAIRE, communes=HOME, organisation="CMA 15")
ELU = Principal("maire", Role.ELU, communes=HOME)

# One offer per (confidentiality, commune, supplier); the title says which.
ROWS = [(level, commune, supplier)
        for level in ("publique", "partenaires", "confidentielle")
        for commune in (SAINT_FLOUR, AURILLAC)
        for supplier in ("CCI Cantal", "CMA Cantal")]


def _offers() -> pd.DataFrame:
    return pd.DataFrame({
        "id": range(1, len(ROWS) + 1),
        "title": [f"{level}-{commune}-{supplier}" for level, commune, supplier in ROWS],
        "description": ["Chez Dupont, 3 rue du Pont"] * len(ROWS),
        "living_environment": ["À côté de l'église"] * len(ROWS),
        "sale_reason": ["Retraite de M. Dupont"] * len(ROWS),
        "commune_insee": [c for _, c, _ in ROWS],
        "commune": ["Saint-Flour" if c == SAINT_FLOUR else "Aurillac" for _, c, _ in ROWS],
        "source_partner": [s for _, _, s in ROWS],
        "confidentiality": [level for level, _, _ in ROWS],
        "activity_kind": ["reprise"] * len(ROWS),
        "naf_label": ["Boulangerie-pâtisserie"] * len(ROWS),
        "turnover": [312_345.0] * len(ROWS),
        "net_result": [-4_321.0] * len(ROWS),
        "asking_price": [130_000.0] * len(ROWS),
        "headcount": [2.5] * len(ROWS),
    })


def _key(level: str, commune: str, supplier: str) -> str:
    return f"{level}-{commune}-{supplier}"


def _shown(frame: pd.DataFrame, offers: pd.DataFrame) -> set[str]:
    titles = dict(zip(offers["id"], offers["title"], strict=True))
    return {titles[i] for i in frame["id"]}


P, R, C = "publique", "partenaires", "confidentielle"
SF, AU = SAINT_FLOUR, AURILLAC
CCI, CMA = "CCI Cantal", "CMA Cantal"
EVERY = {_key(*row) for row in ROWS}

# (audience, offers seen in full, offers seen redacted, offers counted only)
CASES = [
    (ADMIN, EVERY, set(), set()),
    (OFFICER, {_key(lv, SF, s) for lv in (P, R, C) for s in (CCI, CMA)}
     | {_key(P, AU, s) for s in (CCI, CMA)},
     {_key(R, AU, s) for s in (CCI, CMA)}, set()),
    # a partner sees in full what their organisation supplied, wherever it is
    (PARTNER, {_key(P, c, s) for c in (SF, AU) for s in (CCI, CMA)}
     | {_key(lv, c, CCI) for lv in (R, C) for c in (SF, AU)},
     {_key(R, c, CMA) for c in (SF, AU)}, set()),
    (OTHER_PARTNER, {_key(P, c, s) for c in (SF, AU) for s in (CCI, CMA)},
     {_key(R, c, s) for c in (SF, AU) for s in (CCI, CMA)}, set()),
    # an elected official: public offers only, the others of their communes counted
    (ELU, {_key(P, c, s) for c in (SF, AU) for s in (CCI, CMA)}, set(),
     {_key(lv, SF, s) for lv in (R, C) for s in (CCI, CMA)}),
    (elected_officials(None), {_key(P, c, s) for c in (SF, AU) for s in (CCI, CMA)}, set(),
     {_key(lv, c, s) for lv in (R, C) for c in (SF, AU) for s in (CCI, CMA)}),
    (PUBLIC, {_key(P, c, s) for c in (SF, AU) for s in (CCI, CMA)}, set(), set()),
]


@pytest.mark.parametrize(("audience", "full", "redacted", "counted"), CASES,
                         ids=lambda v: v.login or v.role.value if isinstance(v, Principal)
                         else None)
def test_each_audience_sees_and_counts_its_offers(audience: Principal, full: set[str],
                                                  redacted: set[str], counted: set[str]) -> None:
    offers = _offers()
    shown = visible_offers(offers, audience)
    assert _shown(shown, offers) == full | redacted
    assert _shown(shown[shown["visibility"] == "redacted"], offers) == redacted
    tallied = counted_offers(offers, audience)
    assert _shown(tallied, offers) == full | redacted | counted
    assert _shown(tallied[tallied["undisclosed"]], offers) == counted


def test_a_redacted_offer_keeps_no_identity_and_shows_figures_in_bands() -> None:
    shown = visible_offers(_offers(), OTHER_PARTNER)
    row = shown[shown["visibility"] == "redacted"].iloc[0]
    assert row["title"] == "Reprise · boulangerie-pâtisserie · Saint-Flour"
    for column in ("description", "living_environment", "sale_reason"):
        assert row[column] is None
    for column in ("turnover", "net_result", "asking_price", "headcount"):
        assert math.isnan(row[column])
    assert row["turnover_band"] == "200\u00a0000 à 500\u00a0000\u00a0€"
    assert row["net_result_band"] == "négatif"
    assert row["asking_price_band"] == "100\u00a0000 à 200\u00a0000\u00a0€"
    assert row["headcount_band"] == "moins de 3\u00a0ETP"
    text = " ".join(str(v) for v in row.to_numpy())
    for marker in ("Dupont", "312345", "église"):
        assert marker not in text


def test_a_full_offer_is_left_as_it_is() -> None:
    offers = _offers()
    shown = visible_offers(offers, OFFICER)
    full = shown[shown["visibility"] == "full"]
    original = offers.set_index("id").loc[full["id"]]
    assert list(full["title"]) == list(original["title"])
    assert list(full["turnover"]) == list(original["turnover"])
    assert full["turnover_band"].isna().all()


def test_the_commune_name_comes_from_the_reference_when_the_frame_has_none() -> None:
    offers = _offers().drop(columns=["commune"])
    shown = visible_offers(offers, OTHER_PARTNER)
    assert set(shown.loc[shown["visibility"] == "redacted", "title"]) == {
        "Reprise · boulangerie-pâtisserie · Saint-Flour",
        "Reprise · boulangerie-pâtisserie · Aurillac"}


def test_counted_only_rows_lose_identity_and_every_figure() -> None:
    tallied = counted_offers(_offers(), ELU)
    hidden = tallied[tallied["undisclosed"]]
    assert len(hidden) == 4
    assert not hidden["title"].str.contains("confidentielle|partenaires").any()
    assert hidden["turnover"].isna().all()
    assert hidden["turnover_band"].isna().all()
    assert hidden["description"].isna().all()
    # commune and kind stay, for the aggregates
    assert set(hidden["commune_insee"]) == {SAINT_FLOUR}


def test_aggregates_protect_small_cells_with_the_undisclosed_column() -> None:
    offers = _offers()
    one = offers[(offers["confidentiality"] == "confidentielle")
                 & (offers["commune_insee"] == SAINT_FLOUR)].head(1)
    tallied = counted_offers(one, ELU)
    assert protect_count(len(tallied), int(tallied["undisclosed"].sum())) is None
    tallied = counted_offers(offers, ELU)
    by_commune = tallied.groupby("commune_insee")["undisclosed"].agg(["size", "sum"])
    assert protect_count(int(by_commune.loc[SAINT_FLOUR, "size"]),
                         int(by_commune.loc[SAINT_FLOUR, "sum"])) == 6


def test_an_empty_frame_gives_empty_frames() -> None:
    empty = _offers().head(0)
    assert visible_offers(empty, ELU).empty
    assert counted_offers(empty, ELU).empty
    assert visibilities(empty, ELU).empty


def test_a_frame_without_the_columns_of_the_rule_is_refused() -> None:
    with pytest.raises(AudienceColumnsMissing, match="confidentiality"):
        visible_offers(_offers().drop(columns=["confidentiality"]), ELU)


@pytest.mark.parametrize("level", [None, "", "secret"])
def test_an_unknown_or_missing_confidentiality_is_treated_as_confidential(
        level: str | None) -> None:
    offers = _offers().head(1).astype({"confidentiality": object})
    offers["confidentiality"] = [level]
    assert visible_offers(offers, OTHER_PARTNER).empty
    assert counted_offers(offers, OTHER_PARTNER).empty
    assert len(visible_offers(offers, ADMIN)) == 1
