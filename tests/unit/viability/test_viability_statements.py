"""SIG cascade, CAF by both methods, and trends."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accueil.domain.viability import IncomeStatement, compute_year
from accueil.domain.viability.statements import compound_growth, compute_years, growth_rate, trends

# Worked example published at http://sylviejo.perso.infonie.fr/formation/gestion/SIGEX.htm :
# ventes de marchandises 1 000, achats 600, variation de stock 50 → marge commerciale 350;
# production vendue 200, matières 60, autres achats 40 → VA 450; impôts 30, salaires 200,
# charges sociales 80 → EBE 140; amortissements 20, charges financières 20 → résultat courant
# 100; charges exceptionnelles 5, impôt 40 → résultat net 55; CAF = 55 + 20 = 75.
PUBLISHED = IncomeStatement(
    year=2024,
    sales_of_goods=1000,
    purchases_of_goods=600,
    change_in_goods_stock=50,
    production_sold=200,
    purchases_of_materials=60,
    other_external_charges=40,
    taxes=30,
    wages=200,
    social_charges=80,
    operating_depreciation=20,
    financial_charges=20,
    exceptional_charges=5,
    income_tax=40,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("turnover", 1200),
        ("trading_margin", 350),
        ("production", 200),
        ("consumption_from_third_parties", 100),
        ("added_value", 450),
        ("ebe", 140),
        ("operating_result", 120),
        ("financial_result", -20),
        ("current_result_before_tax", 100),
        ("exceptional_result", -5),
        ("net_result", 55),
        ("caf_additive", 75),
        ("caf_subtractive", 75),
    ],
)
def test_the_published_sig_example_is_reproduced_line_by_line(line: str, expected: float) -> None:
    assert getattr(compute_year(PUBLISHED), line) == pytest.approx(expected)


def test_disposals_and_reversals_are_excluded_from_the_caf_by_both_methods() -> None:
    statement = IncomeStatement(
        year=2024,
        production_sold=500_000,
        other_external_charges=100_000,
        wages=200_000,
        social_charges=80_000,
        operating_depreciation=30_000,
        operating_reversals=5_000,
        exceptional_income=25_000,
        asset_disposal_proceeds=20_000,
        investment_subsidies_released=3_000,
        exceptional_charges=12_000,
        disposed_assets_book_value=12_000,
    )
    figures = compute_year(statement)
    # EBE 120 000; result = 120 000 + 5 000 − 30 000 + 25 000 − 12 000 = 108 000;
    # CAF = 108 000 + 30 000 − 5 000 + 12 000 − 20 000 − 3 000 = 122 000.
    assert figures.ebe == pytest.approx(120_000)
    assert figures.net_result == pytest.approx(108_000)
    assert figures.caf_additive == pytest.approx(122_000)
    assert figures.caf_subtractive == pytest.approx(122_000)


amounts = st.one_of(st.none(), st.floats(min_value=0, max_value=5e6, allow_nan=False))
signed = st.one_of(st.none(), st.floats(min_value=-5e5, max_value=5e5, allow_nan=False))


@st.composite
def statements(draw: st.DrawFn) -> IncomeStatement:
    values = {
        name: draw(amounts)
        for name in (
            "sales_of_goods",
            "purchases_of_goods",
            "production_capitalised",
            "operating_subsidies",
            "purchases_of_materials",
            "taxes",
            "operating_reversals",
            "charge_transfers",
            "other_operating_income",
            "other_operating_charges",
            "profit_sharing",
            "income_tax",
        )
    }
    if (values["sales_of_goods"] or 0) > 0 and values["purchases_of_goods"] is None:
        values["purchases_of_goods"] = 0.0
    values.update(
        {
            name: draw(signed)
            for name in (
                "change_in_goods_stock",
                "change_in_materials_stock",
                "production_stored",
            )
        }
    )
    for name in (
        "production_sold",
        "other_external_charges",
        "wages",
        "social_charges",
        "operating_depreciation",
    ):
        values[name] = draw(st.floats(min_value=0, max_value=5e6))
    for total, parts in (
        ("financial_income", ("financial_reversals",)),
        ("financial_charges", ("financial_depreciation",)),
        (
            "exceptional_income",
            ("asset_disposal_proceeds", "investment_subsidies_released", "exceptional_reversals"),
        ),
        ("exceptional_charges", ("disposed_assets_book_value", "exceptional_depreciation")),
    ):
        shares = [draw(st.floats(min_value=0, max_value=1e6)) for _ in parts]
        values[total] = sum(shares) + draw(st.floats(min_value=0, max_value=1e6))
        values.update(dict(zip(parts, shares, strict=True)))
    return IncomeStatement(year=2024, **values)


@given(statements())
def test_additive_and_subtractive_caf_always_agree(statement: IncomeStatement) -> None:
    figures = compute_year(statement)
    assert figures.caf_additive is not None
    assert figures.caf_subtractive is not None
    assert math.isclose(figures.caf_additive, figures.caf_subtractive, rel_tol=1e-9, abs_tol=1e-4)


@pytest.mark.parametrize(
    ("removed", "first_missing_line"),
    [
        ("other_external_charges", "added_value"),
        ("wages", "ebe"),
        ("social_charges", "ebe"),
        ("operating_depreciation", "operating_result"),
    ],
)
def test_a_missing_key_line_stops_the_cascade_at_the_first_balance_that_needs_it(
    removed: str, first_missing_line: str
) -> None:
    statement = IncomeStatement(**{**PUBLISHED.__dict__, removed: None})
    figures = compute_year(statement)
    assert getattr(figures, first_missing_line) is None
    assert figures.net_result is None
    assert figures.caf is None
    assert figures.turnover == 1200


def test_statements_are_computed_oldest_first_whatever_the_input_order() -> None:
    years = compute_years(
        (
            IncomeStatement(**{**PUBLISHED.__dict__, "year": 2025}),
            IncomeStatement(**{**PUBLISHED.__dict__, "year": 2023}),
        )
    )
    assert [figure.year for figure in years] == [2023, 2025]


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [
        (100.0, 110.0, 0.10),
        (200.0, 150.0, -0.25),
        (0.0, 50.0, None),
        (-10.0, 5.0, None),
        (None, 5.0, None),
    ],
)
def test_growth_rate_is_only_computed_from_a_positive_base(
    previous: float | None, current: float, expected: float | None
) -> None:
    result = growth_rate(previous, current)
    assert result == (pytest.approx(expected) if expected is not None else None)


def test_trends_give_each_yearly_growth_and_the_compound_rate() -> None:
    figures = compute_years(
        tuple(
            IncomeStatement(**{**PUBLISHED.__dict__, "year": year, "production_sold": production})
            for year, production in ((2023, 200.0), (2024, 320.0), (2025, 440.0))
        )
    )
    turnover = next(trend for trend in trends(figures) if trend.metric == "turnover")
    assert turnover.growth_rates == (pytest.approx(0.10), pytest.approx(120 / 1320))
    assert turnover.cagr == pytest.approx(compound_growth(1200, 1440, 2))
    assert turnover.label == "Chiffre d'affaires"
