"""The Viabilité form ↔ the engine's inputs, French errors on the right field, offer prefill."""

from __future__ import annotations

import dataclasses
from datetime import date

import pandas as pd
import pytest

from accueil.domain.offers import ActivityKind, ReceptivityKind
from accueil.domain.viability import (
    Assumptions,
    OfferKind,
    PremisesTenure,
    Thresholds,
    Trade,
    ViabilityInputs,
    demo_creation_inputs,
    demo_inputs,
    find_missing,
)
from accueil.domain.viability.model import InsuranceBasis, SaleObject, TaxRegime
from accueil.io.viability_form import (
    BALANCE_TABLE,
    FORECAST_TABLE,
    GENERAL,
    INCOME_TABLE,
    FormState,
    blanks_counted_as_zero,
    error_anchor,
    form_to_inputs,
    inputs_from_offer,
    shown_tables,
    shown_values,
    values_from_inputs,
)
from tests.builders import premises, qualified_offer, takeover

TODAY = date(2026, 11, 26)


def form(inputs: ViabilityInputs | None = None, **values: object) -> FormState:
    state = values_from_inputs(inputs or demo_inputs(), Assumptions(), TODAY)
    state.values.update(values)
    return state


@pytest.mark.parametrize("inputs", [demo_inputs(), demo_creation_inputs(),
                                    ViabilityInputs(), ViabilityInputs(kind=OfferKind.CREATION)],
                         ids=["takeover", "creation", "empty takeover", "empty creation"])
def test_inputs_survive_a_round_trip_through_the_form(inputs: ViabilityInputs) -> None:
    assumptions = Assumptions(year_weights=(1.0, 1.5, 2.0),
                              thresholds=Thresholds(min_dscr=1.3, max_annuity_to_caf=0.6))
    rebuilt, rebuilt_assumptions, errors = form_to_inputs(
        values_from_inputs(inputs, assumptions, TODAY))
    assert errors == []
    assert rebuilt == inputs
    assert rebuilt_assumptions == assumptions


@pytest.mark.parametrize("inputs", [demo_inputs(), demo_creation_inputs()],
                         ids=["takeover", "creation"])
def test_inputs_survive_the_french_text_shown_in_the_boxes(inputs: ViabilityInputs) -> None:
    state = values_from_inputs(inputs, Assumptions(), TODAY)
    shown = dataclasses.replace(state, values=shown_values(state.values))
    assert shown.values["financing.loan.annual_rate"] in {"4,2", "4,5"}
    assert shown.values["assumptions.thresholds.min_buyer_net_pay"] == "17\u00a0317,32"
    rebuilt, assumptions, errors = form_to_inputs(shown)
    assert errors == []
    assert rebuilt == inputs
    assert assumptions == Assumptions()


def test_the_tables_shown_as_french_text_give_back_the_same_accounts() -> None:
    shown = shown_tables(values_from_inputs(demo_inputs(), Assumptions(), TODAY))
    assert shown.income.loc["Production vendue (biens et services)", "N"] == "390\u00a0600"
    assert shown.income.loc["Production stockée", "N"] == ""
    rebuilt, _, errors = form_to_inputs(shown)
    assert errors == []
    assert rebuilt == demo_inputs()


def test_an_account_typed_with_a_decimal_comma_keeps_its_cents() -> None:
    shown = shown_tables(form())
    shown.income.loc["Salaires et traitements", "N"] = "81 900,50"
    inputs, _, errors = form_to_inputs(shown)
    assert errors == []
    assert inputs.income_statements[-1].wages == 81_900.5


def test_a_word_in_the_accounts_is_named_by_its_line_and_year() -> None:
    shown = shown_tables(form())
    shown.income.loc["Charges sociales", "N-1"] = "voir liasse"
    shown.balance.loc["Stocks", "Montant (€)"] = "9 t"
    _, _, errors = form_to_inputs(shown)
    assert [(e.field, error_anchor(e.field)) for e in errors] == [
        ("income_statements[2024].social_charges", INCOME_TABLE),
        ("balance_sheet.inventories", BALANCE_TABLE)]
    assert errors[0].message.startswith("Compte de résultat, « Charges sociales », 2024 : "
                                        "« voir liasse » n'est pas un montant")


@pytest.mark.parametrize(("field", "typed", "engine"), [
    ("financing.loan.annual_rate", "4,2", 0.042),
    ("financing.loan.annual_rate", "3,85 %", 0.0385),
    ("financing.asking_price", "260 000", 260_000.0),
    ("financing.asking_price", "150 k€", 150_000.0),
    ("assumptions.thresholds.min_dscr", "1,3", 1.3),
])
def test_numbers_are_read_the_way_french_people_type_them(field: str, typed: str,
                                                          engine: float) -> None:
    inputs, assumptions, errors = form_to_inputs(form(**{field: typed}))
    assert errors == []
    found = {"financing.loan.annual_rate": inputs.financing.loan.annual_rate,
             "financing.asking_price": inputs.financing.asking_price,
             "assumptions.thresholds.min_dscr": assumptions.thresholds.min_dscr}[field]
    assert found == engine


def test_a_word_in_a_number_box_is_named_with_what_is_expected() -> None:
    _, _, errors = form_to_inputs(form(**{"financing.fees": "environ 9 000"}))
    assert [e.field for e in errors] == ["financing.fees"]
    assert errors[0].message.startswith("Frais d'acte et honoraires (€) : « environ 9 000 » "
                                        "n'est pas un montant")


def test_rates_are_typed_in_percent_and_reach_the_engine_as_fractions() -> None:
    inputs, assumptions, _ = form_to_inputs(form(**{
        "financing.loan.annual_rate": 3.85, "assumptions.thresholds.max_annuity_to_caf": 60.0}))
    assert inputs.financing.loan.annual_rate == 0.0385
    assert assumptions.thresholds.max_annuity_to_caf == 0.6


def test_the_accounts_table_gives_one_statement_per_year_holding_figures() -> None:
    state = form()
    state.income.loc["Salaires et traitements", "N"] = 99_000.0
    inputs, _, _ = form_to_inputs(state)
    assert [s.year for s in inputs.income_statements] == [2023, 2024, 2025]
    assert inputs.income_statements[-1].wages == 99_000.0


def test_the_years_follow_the_last_closed_year_typed() -> None:
    inputs, _, _ = form_to_inputs(form(**{"accounts.last_year": 2026}))
    assert [s.year for s in inputs.income_statements] == [2024, 2025, 2026]


@pytest.mark.parametrize(("typed", "weights"), [
    ("1 ; 2 ; 3", (1.0, 2.0, 3.0)),
    ("1-2-3", (1.0, 2.0, 3.0)),
    ("1,5 ; 2 ; 2,5", (1.5, 2.0, 2.5)),
    ("1 2", (1.0, 2.0)),
])
def test_year_weights_are_read_as_people_write_them(typed: str, weights: tuple[float, ...]
                                                    ) -> None:
    _, assumptions, errors = form_to_inputs(form(**{"assumptions.year_weights": typed}))
    assert errors == []
    assert assumptions.year_weights == weights


@pytest.mark.parametrize(("field", "value", "fragment"), [
    ("assumptions.year_weights", "beaucoup", "n'est pas une liste de poids"),
    ("financing.loan.annual_rate", None, "case vide ; une valeur est attendue (par défaut 4,5 %)"),
    ("financing.loan.years", 7.5, "un nombre entier est attendu"),
    ("assumptions.ebe_multiple_range[0]", 3.0, "les deux bornes sont attendues"),
])
def test_what_cannot_be_read_gets_a_french_message_on_its_field(field: str, value: object,
                                                                fragment: str) -> None:
    _, _, errors = form_to_inputs(form(**{field: value}))
    assert [e.field for e in errors] == [field]
    assert fragment in errors[0].message


def test_an_empty_optional_amount_means_not_provided_and_an_empty_stock_means_none() -> None:
    inputs, _, errors = form_to_inputs(form(**{"financing.personal_contribution": None,
                                               "financing.stock_purchase": None}))
    assert errors == []
    assert inputs.financing.personal_contribution is None
    assert inputs.financing.stock_purchase == 0.0


def test_switching_to_a_creation_drops_the_accounts_price_and_premises() -> None:
    inputs, _, _ = form_to_inputs(form(kind=OfferKind.CREATION.value))
    assert inputs.kind is OfferKind.CREATION
    assert inputs.income_statements == ()
    assert inputs.balance_sheet is None
    assert inputs.premises is None
    assert inputs.financing.asking_price is None
    assert inputs.financing.rural_reduced_rate is False


def test_a_gap_in_the_forecast_years_is_an_error_on_the_forecast_table() -> None:
    state = form(demo_creation_inputs())
    state.forecast.loc[:, "Année 2"] = float("nan")
    _, _, errors = form_to_inputs(state)
    assert [e.field for e in errors] == [FORECAST_TABLE]
    assert "l'année 2 est vide" in errors[0].message


@pytest.mark.parametrize(("path", "anchor"), [
    ("financing.loan.annual_rate", "financing.loan.annual_rate"),
    ("income_statements[2024].wages", INCOME_TABLE),
    ("balance_sheet.inventories", BALANCE_TABLE),
    ("forecast.turnover_by_year[2]", FORECAST_TABLE),
    ("assumptions.capitalisation_rate_range", "assumptions.capitalisation_rate_range[0]"),
    ("something.else", GENERAL),
])
def test_each_engine_error_is_shown_under_its_field_or_table(path: str, anchor: str) -> None:
    assert error_anchor(path) == anchor


def test_a_takeover_offer_prefills_turnover_price_and_trade_and_invents_nothing() -> None:
    offer = qualified_offer()  # a bakery, NAF 10.71C, turnover 310 000 €, price 180 000 €
    inputs, notes = inputs_from_offer(offer, TODAY)
    assert inputs.kind is OfferKind.TAKEOVER
    assert inputs.trade is Trade.BAKERY
    assert inputs.label == offer.title
    (statement,) = inputs.income_statements
    assert (statement.year, statement.production_sold) == (2025, 310_000.0)
    assert statement.wages is None
    assert inputs.financing.asking_price == 180_000.0
    assert inputs.buyer.net_pay is None
    assert any("38 000 €" in note.replace("\u00a0", " ") for note in notes)
    assert {m.field for m in find_missing(inputs)} >= {"buyer.net_pay", "balance_sheet"}


def test_a_shop_sells_goods_rather_than_its_production() -> None:
    offer = qualified_offer(activity=takeover(naf_code="47.11B", turnover=280_000.0))
    inputs, _ = inputs_from_offer(offer, TODAY)
    assert inputs.trade is Trade.GROCERY
    assert inputs.income_statements[0].sales_of_goods == 280_000.0


def test_a_rented_local_of_the_offer_becomes_the_premises_rent() -> None:
    offer = qualified_offer(receptivity=(premises(monthly_rent=400.0),))
    inputs, _ = inputs_from_offer(offer, TODAY)
    assert inputs.premises is not None
    assert inputs.premises.tenure is PremisesTenure.RENTED
    assert inputs.premises.current_rent == 4_800.0


def test_a_creation_offer_starts_from_an_empty_forecast() -> None:
    activity = dataclasses.replace(takeover(), kind=ActivityKind.CREATION, turnover=None,
                                   asking_price=None, need="Plus de boulangerie")
    offer = qualified_offer(activity=activity, receptivity=(premises(monthly_rent=250.0),))
    assert offer.receptivity[0].kind is ReceptivityKind.LOCAL
    inputs, notes = inputs_from_offer(offer, TODAY)
    assert inputs.kind is OfferKind.CREATION
    assert inputs.forecast is not None
    assert inputs.forecast.turnover_by_year == ()
    assert any("3 000 € par an dans les charges fixes" in note.replace("\u00a0", " ")
               for note in notes)


def test_the_form_tables_hold_numbers_only() -> None:
    state = form()
    for frame in (state.income, state.details, state.balance, state.forecast):
        assert all(pd.api.types.is_float_dtype(dtype) for dtype in frame.dtypes)


def test_the_new_banking_answers_survive_a_round_trip_through_the_form() -> None:
    base = demo_inputs()
    loan = dataclasses.replace(base.financing.loan, insurance_rate=0.0036,
                               insurance_basis=InsuranceBasis.OUTSTANDING)
    inputs = dataclasses.replace(
        base, tax_regime=TaxRegime.INCOME_TAX,
        financing=dataclasses.replace(base.financing, sale_object=SaleObject.COMPANY_UNITS,
                                      share_of_capital_sold=0.6, loan=loan))
    assumptions = Assumptions(corporate_tax_reduced_rate=0.15, income_tax_rate=0.30,
                              first_month=7, borrowed_share_of_price=0.8, vat_rate=0.2)
    shown = shown_tables(values_from_inputs(inputs, assumptions, TODAY))
    rebuilt, rebuilt_assumptions, errors = form_to_inputs(shown)
    assert errors == []
    assert rebuilt == inputs
    assert rebuilt_assumptions == assumptions


def test_a_creation_may_give_an_operating_result_instead_of_fixed_costs() -> None:
    inputs = dataclasses.replace(demo_creation_inputs(), forecast=dataclasses.replace(
        demo_creation_inputs().forecast, fixed_costs=None, operating_result=39_000.0))
    rebuilt, _, errors = form_to_inputs(values_from_inputs(inputs, Assumptions(), TODAY))
    assert errors == []
    assert rebuilt.forecast is not None
    assert rebuilt.forecast.operating_result == 39_000.0


def test_cells_left_empty_in_one_year_but_filled_in_another_are_named() -> None:
    state = values_from_inputs(demo_inputs(), Assumptions(), TODAY)
    # The demo's energy subsidy was only received in 2024.
    notes = blanks_counted_as_zero(state)
    assert "« Subventions d'exploitation » en 2023, 2025" in notes
    assert not any("Salaires" in note for note in notes)  # key lines are "missing", not zero
    creation = values_from_inputs(demo_creation_inputs(), Assumptions(), TODAY)
    assert blanks_counted_as_zero(creation) == ()
