"""The *Diffuser* page, run by Streamlit's AppTest on a fresh store holding the demo territory."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from accueil.domain.access import Principal, Role
from accueil.ui.session import KEY

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PAGE = "pages/diffuser.py"


def run(principal: Principal | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=90)
    if principal is not None:
        app.session_state[KEY] = principal
    app.run()
    app.switch_page(PAGE)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def button(app: AppTest, key: str):  # AppTest's element type is private
    return next(b for b in app.button if b.key == key)


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "publications"
    monkeypatch.setenv("ACCUEIL_PUBLICATIONS", str(folder))
    return folder


def test_marking_previewing_confirming_and_publishing(db: Path, out: Path) -> None:
    app = run()
    assert app.title[0].value == "Diffuser"
    first = app.multiselect(key="diffuser_offres")
    assert first.options  # the demo has public offers
    first.select(first.options[0]).run()
    button(app, "diffuser_marquer").click().run()
    assert not app.exception
    assert "marquée" in app.success[0].value
    button(app, "diffuser_voir").click().run()
    published = int(app.metric[0].value)
    assert published >= 1
    publish = button(app, "diffuser_publier")
    assert publish.disabled  # not before confirming
    app.checkbox(key="diffuser_fiches").uncheck().run()
    app.checkbox(key="diffuser_confirme").check().run()
    button(app, "diffuser_publier").click().run()
    assert not app.exception, [e.value for e in app.exception]
    assert "Publication n° 1" in app.success[0].value
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 1
    assert (folders[0] / "index.html").is_file()
    assert len(list((folders[0] / "offres").glob("*.html"))) == published
    assert app.dataframe[-1].value["État"].tolist() == ["En ligne"]


def test_an_elected_official_cannot_mark_an_offer(db: Path, out: Path) -> None:
    app = run(Principal(login="maire", role=Role.ELU))
    first = app.multiselect(key="diffuser_offres")
    first.select(first.options[0]).run()
    button(app, "diffuser_marquer").click().run()
    assert not app.success
    assert "lecture seule" in app.error[0].value
