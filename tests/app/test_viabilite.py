"""The Viabilité page, run by Streamlit's AppTest on a fresh store holding the demo territory."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from accueil.store.db import Store
from accueil.store.viability import list_analyses
from accueil.ui.resources import release_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/viabilite.py"
RATE = "vb_financing.loan.annual_rate"


def open_page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def banner(app: AppTest) -> str:
    shown = [*app.success, *app.warning, *app.error, *app.info]
    return " ".join(str(element.value) for element in shown)


def analyses(path: Path, offer_id: int | None) -> int:
    release_store()  # the app's connection holds the file's lock
    store = Store.open(path)
    count = len(list_analyses(store, offer_id))
    store.close()
    return count


def recalculate(app: AppTest) -> None:
    """Press « Recalculer »: the form's edits are applied together."""
    app.button(key="vb_recalculate").click().run()
    assert not app.exception, [e.value for e in app.exception]


def pick(app: AppTest, fragment: str) -> None:
    picker = app.selectbox(key="vb_source")
    index = next(i for i, label in enumerate(picker.options) if fragment in label)
    picker.select_index(index).run()
    assert not app.exception, [e.value for e in app.exception]


def test_the_page_opens_on_the_example_with_its_verdict_and_criteria(db: Path) -> None:
    app = open_page()
    assert app.title[0].value == "Viabilité économique"
    assert "Verdict : Fragile" in banner(app)
    text = " ".join(m.value for m in app.markdown)
    assert "Taux de couverture du service de la dette (DSCR) minimal** : 1,59 (seuil ≥ 1,25)" \
        in text


def test_an_impossible_rate_shows_the_engines_message_on_the_field_and_saves_nothing(
        db: Path) -> None:
    app = open_page()
    app.text_input(key=RATE).input("35")
    recalculate(app)
    messages = [e.value for e in app.error]
    assert "Taux d'emprunt : 35\u00a0% saisi ; une valeur entre 0\u00a0% et 30\u00a0% est " \
           "attendue." in messages
    assert not any("Verdict :" in m for m in messages)
    app.button(key="vb_save").click().run()
    assert any("L'analyse n'a pas été enregistrée" in e.value for e in app.error)
    assert analyses(db, None) == 0


def test_saving_stores_the_analysis_and_reopening_shows_it_as_saved(db: Path) -> None:
    app = open_page()
    app.text_input(key="vb_save_label").input("Conseil communautaire du 12/12").run()
    app.button(key="vb_save").click().run()
    assert not app.exception
    assert any("Conseil communautaire du 12/12" in s.value and "enregistrée" in s.value
               for s in app.success)
    app.text_input(key="vb_buyer.net_pay").input("40 000")
    recalculate(app)
    assert "Annuités d'emprunt / CAF" in banner(app)  # a different analysis now
    app.button(key="vb_reopen").click().run()
    assert app.text_input(key="vb_buyer.net_pay").value == "30\u00a0000"
    shown_as_saved = [c.value for c in app.caption if c.value.startswith(":material/bookmark:")]
    assert len(shown_as_saved) == 1  # the stored report, not a recomputation
    assert "Fragile · Conseil communautaire du 12/12" in shown_as_saved[0]
    assert "Verdict : Fragile" in banner(app)
    assert analyses(db, None) == 1


def test_a_demo_takeover_offer_gives_a_partial_analysis_saying_what_is_missing(
        db: Path) -> None:
    app = open_page()
    pick(app, "Reprise · Boulangerie-pâtisserie au cœur du bourg")
    text = banner(app)
    assert "Indéterminé" in text
    assert "Analyse partielle" in text
    assert "Salaires et traitements 2025" in text
    assert app.text_input(key="vb_financing.asking_price").value == "180\u00a0000"
    everything = " ".join(str(e.value) for e in app.markdown) + text
    assert " nan " not in everything
    assert "None" not in everything


def test_the_creation_example_is_viable_and_a_takeover_field_survives_switching_kind(
        db: Path) -> None:
    app = open_page()
    app.text_input(key="vb_premises.market_rent").input("9 000")
    app.selectbox(key="vb_kind").select("creation")
    recalculate(app)
    assert app.text_input(key="vb_forecast.fixed_costs") is not None  # the creation's form
    app.selectbox(key="vb_kind").select("takeover")
    recalculate(app)
    assert app.text_input(key="vb_premises.market_rent").value == "9 000"
    pick(app, "Exemple : épicerie")
    assert "Verdict : Viable" in banner(app)


def test_edits_wait_for_recalculer_then_apply_together(db: Path) -> None:
    app = open_page()
    before = banner(app)
    app.text_input(key="vb_buyer.net_pay").input("60 000")
    app.text_input(key=RATE).input("8").run()  # typed, not yet submitted
    assert banner(app) == before  # the form's edits are not applied yet
    app.text_input(key="vb_buyer.net_pay").input("60 000")
    app.text_input(key=RATE).input("8")
    recalculate(app)
    assert app.text_input(key="vb_buyer.net_pay").value == "60 000"
    after = banner(app)
    assert after != before
    assert "Trésorerie de fin d'année jamais négative" in after
