"""Two officers on one offer form (two AppTest sessions on one app process and store): the stale
save is refused with the French conflict panel, and reload or overwrite do what they say."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from accueil.store import offers as repo
from accueil.ui import resources
from accueil.ui.widgets import OVERWRITE_LABEL, RELOAD_LABEL

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def edit_form(offer_id: int = 1) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    app.run()
    app.session_state["offre_a_modifier"] = offer_id
    app.switch_page("pages/offre.py").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.title[0].value == "Modifier l'offre"
    return app


def both_opened() -> tuple[AppTest, AppTest, str]:
    a, b = edit_form(), edit_form()
    title = a.text_input(key="f_title").value
    a.text_input(key="f_title").input("Boulangerie reprise en 2027")
    a.button(key="enregistrer").click().run()
    assert not a.exception
    assert any("enregistrée" in s.value for s in a.success)
    b.text_input(key="f_source_partner").input("Mairie de Saint-Flour")
    b.button(key="enregistrer").click().run()
    assert not b.exception, [e.value for e in b.exception]
    return a, b, title


def stored(offer_id: int = 1) -> repo.Offer:
    offer = repo.get_offer(resources.get_store(), offer_id)
    assert offer is not None
    return offer


def test_a_stale_save_shows_the_other_persons_title_and_saves_nothing(db: Path) -> None:
    _, b, title = both_opened()
    assert not b.success
    warning = " ".join(w.value for w in b.warning)
    assert "Vos modifications n'ont pas été enregistrées" in warning
    assert "Titre" in warning
    changes = next(d.value for d in b.dataframe if "Champ" in d.value.columns)
    assert changes.to_dict("records") == [{
        "Champ": "Titre", "Quand vous l'avez ouvert": title,
        "Enregistré par l'autre personne": "Boulangerie reprise en 2027",
        "Votre saisie": title}]
    assert [x.label for x in b.button if x.label in (RELOAD_LABEL, OVERWRITE_LABEL)] == [
        RELOAD_LABEL, OVERWRITE_LABEL]
    assert stored().source_partner != "Mairie de Saint-Flour"


def test_reloading_shows_the_stored_offer_and_saving_again_keeps_both_changes(
        db: Path) -> None:
    _, b, _ = both_opened()
    b.button(key="offre_recharger").click().run()
    assert not b.exception
    assert b.text_input(key="f_title").value == "Boulangerie reprise en 2027"
    assert not b.warning
    b.text_input(key="f_source_partner").input("Mairie de Saint-Flour")
    b.button(key="enregistrer").click().run()
    assert any("enregistrée" in s.value for s in b.success)
    offer = stored()
    assert (offer.title, offer.source_partner) == (
        "Boulangerie reprise en 2027", "Mairie de Saint-Flour")


def test_overwriting_knowingly_saves_the_stale_form_as_typed(db: Path) -> None:
    _, b, title = both_opened()
    b.button(key="offre_ecraser").click().run()
    assert not b.exception
    assert any("enregistrée" in s.value for s in b.success)
    offer = stored()
    assert (offer.title, offer.source_partner) == (title, "Mairie de Saint-Flour")
