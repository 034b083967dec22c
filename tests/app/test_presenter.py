"""The Présenter page: the deck's slides one at a time, for an audience, with the deck's file."""

from __future__ import annotations

import html
from pathlib import Path

from streamlit.testing.v1 import AppTest

from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.ui.resources import release_store

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/presenter.py"


def run(**state: object) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    app.session_state["territoire"] = "200066660"  # CC de Saint-Flour
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def drawn_html(app: AppTest) -> str:
    """Everything st.html drew, as sent to the browser."""
    return " ".join(str(node.proto.body) for node in app.get("html"))


def shown(app: AppTest) -> str:
    """The slides' text as a reader sees it (entities decoded)."""
    return html.unescape(drawn_html(app))


def confidential_titles(db: Path | str) -> set[str]:
    release_store()
    store = Store.open(str(db))
    try:
        offers = repo.load_offers(store)
    finally:
        store.close()
    return {o.title for o in offers if o.confidentiality.value == "confidentielle"}


def test_the_slides_follow_one_another_with_the_buttons(db: Path) -> None:
    app = run()
    assert "Les offres d'accueil qualifiées — CC de Saint-Flour" in shown(app)
    assert "1/8" in shown(app)
    app.button(key="presenter_suivante").click().run()
    text = shown(app)
    assert "Chiffres clés" in text
    assert "Offres ouvertes" in text
    assert ">37<" in text
    assert app.get("download_button")  # the same slides as a PowerPoint file
    for _ in range(6):
        app.button(key="presenter_suivante").click().run()
    assert app.button(key="presenter_suivante").disabled  # the last slide: no further
    assert "Ce qu'il y a à décider" in shown(app)
    assert "8/8" in shown(app)


def test_elected_officials_see_no_confidential_offer_in_the_featured_slide(db: Path) -> None:
    app = run(presenter_diapo=7)
    text = shown(app)
    assert "Des offres qualifiées à faire connaître" in text
    secret = confidential_titles(db)
    assert secret
    assert not any(title in text for title in secret)


def test_full_screen_hides_the_settings_and_comes_back(db: Path) -> None:
    app = run()
    app.button(key="presenter_demarrer").click().run()
    assert not app.title  # the page's own title and settings are gone
    assert 'section[data-testid="stSidebar"]' in drawn_html(app)  # the sidebar hidden
    app.button(key="presenter_quitter").click().run()
    assert app.title[0].value == "Présenter le territoire"


def test_the_report_is_prepared_on_request_then_offered_for_download(db: Path) -> None:
    app = run()
    assert len(app.get("download_button")) == 1  # the PowerPoint file only
    app.button(key="presenter_rapport").click().run()
    assert not app.exception, [e.value for e in app.exception]
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Diaporama PowerPoint (.pptx)", "Rapport PDF (A4)"]
