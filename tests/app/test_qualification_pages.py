"""The Qualifier, Réceptivité and Aménités pages, run by AppTest on a fresh demo store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accueil.store import amenities as amenity_store
from accueil.store import inventory as inventory_store
from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.ui.resources import release_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
BAKERY_CREATION = 17  # demo offer: "Boulangerie : aucune à moins de 12 km – Val d'Arcomie"


def run(page: str, offer: int | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    if offer is not None:
        app.query_params["offre"] = str(offer)
    app.run()
    app.switch_page(page)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def reopen(path: Path) -> Store:
    release_store()  # the app's connection holds the file's lock
    return Store.open(path)


@pytest.mark.parametrize("page", ["pages/qualifier.py", "pages/receptivite.py",
                                  "pages/amenites.py"])
def test_each_page_renders_on_the_demo_store_without_warning(db: Path, page: str) -> None:
    app = run(page)
    assert app.title
    assert not app.warning, [w.value for w in app.warning]


def link_first_suggestion(app: AppTest, need: int) -> None:
    buttons = [b for b in app.button if str(b.key).startswith(f"lier_{need}_")]
    assert buttons, f"no suggestion for need {need}"
    buttons[0].click().run()
    assert not app.exception, [e.value for e in app.exception]


def test_the_assistant_links_a_shop_then_a_house_and_the_offer_turns_qualified(db: Path) -> None:
    app = run("pages/qualifier.py", BAKERY_CREATION)
    assert app.header[0].value.startswith("Boulangerie : aucune à moins de 12 km")
    app.text_input(key="qualifie_par").input("Marie Dupont")
    link_first_suggestion(app, 1)  # the shop with its bakehouse, in the same commune
    assert any("« Ancienne boulangerie avec fournil et boutique sur la place » est rattaché"
               in i.value for i in app.info)
    link_first_suggestion(app, 0)
    assert any("L'offre est maintenant qualifiée" in s.value for s in app.success)
    assert any("Qualifiée le" in m.value and "Marie Dupont" in m.value for m in app.markdown)

    store = reopen(db)
    offer = repo.get_offer(store, BAKERY_CREATION)
    record = inventory_store.qualification_record(store, BAKERY_CREATION)
    store.close()
    assert offer is not None
    assert [item.kind.value for item in offer.receptivity] == ["local", "logement"]
    assert record is not None
    assert record[0] == "Marie Dupont"


def test_the_queue_shows_the_territory_s_figures(db: Path) -> None:
    app = run("pages/qualifier.py")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Offres ouvertes"] == "37"  # the demo's 44 but the pourvues
    assert metrics["Pilier le plus souvent manquant"] in {"Aménités", "Réceptivité", "Activité"}
    assert any("Choisissez une offre" in i.value for i in app.info)


def test_a_new_item_is_refused_with_its_errors_then_saved(db: Path) -> None:
    app = run("pages/receptivite.py")
    app.text_input(key="r_surface_m2").input("75")
    app.text_input(key="r_monthly_rent").input("quatre cents")
    app.button(key="r_enregistrer").click().run()
    assert any("Choisissez la commune du bien" in e.value for e in app.error)
    assert any("« quatre cents » n'est pas un montant" in e.value for e in app.error)
    app.selectbox(key="r_commune").select("15187")
    app.number_input(key="r_rooms").set_value(3)
    app.text_input(key="r_monthly_rent").input("480,50 €")
    app.text_input(key="r_description").input("Maison près de la cathédrale")
    app.button(key="r_enregistrer").click().run()
    assert not app.exception
    assert any("Bien enregistré" in s.value for s in app.success)
    store = reopen(db)
    frame = inventory_store.list_items(store, inventory_store.ItemQuery(text="cathédrale"))
    store.close()
    assert frame[["commune_insee", "rooms", "monthly_rent"]].values.tolist() == [
        ["15187", 3, 480.5]]


def test_a_commune_s_services_are_saved_from_the_editor(db: Path) -> None:
    app = run("pages/amenites.py")
    app.selectbox(key="a_commune").select("15187")
    app.run()
    app.text_area(key="a_cadre_15187").input("Ville perchée sur sa planèze")
    app.button(key="a_enregistrer").click().run()
    assert not app.exception
    assert any("Aménités de Saint-Flour (15) enregistrées" in s.value for s in app.success)
    store = reopen(db)
    profile = amenity_store.load_profile(store, "15187")
    store.close()
    assert profile.living_environment == "Ville perchée sur sa planèze"
