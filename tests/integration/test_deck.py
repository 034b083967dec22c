"""The slide deck: built from the store for an audience, opened by LibreOffice as an officer
would, its text read back from the PDF LibreOffice makes of it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pptx import Presentation

from accueil.domain.access import Principal, Role, elected_officials
from accueil.domain.slides import SlideKind
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.io.deck import deck_pptx
from accueil.io.demo import load_demo_offers
from accueil.services.present import build_deck
from accueil.store import offers as repo
from accueil.store.db import Store

SAINT_FLOUR_CC = Territory(TerritoryLevel.EPCI, "200066660", "CC de Saint-Flour")
ADMIN = Principal("admin", Role.ADMINISTRATEUR)
TODAY = date(2026, 12, 6)


def confidential_titles(store: Store) -> set[str]:
    listed = repo.list_offers(store, repo.OfferQuery(limit=None))
    offers = repo.load_offers(store, [int(i) for i in listed["id"]])
    return {o.title for o in offers if o.confidentiality.value == "confidentielle"}


@pytest.fixture
def demo(store: Store) -> Store:
    repo.seed_demo(store, load_demo_offers())
    return store


def test_the_deck_for_elected_officials_shows_no_confidential_offer(demo: Store) -> None:
    deck = build_deck(demo, SAINT_FLOUR_CC, elected_officials(None), date(2026, 1, 1), TODAY,
                      render=None)
    assert [s.kind for s in deck.slides] == list(SlideKind)
    featured = next(s for s in deck.slides if s.kind is SlideKind.FEATURED)
    secret = confidential_titles(demo)
    assert secret  # the demo holds confidential offers: the test can fail
    assert featured.cards
    assert not {c.title for c in featured.cards} & secret
    officers = build_deck(demo, SAINT_FLOUR_CC, ADMIN, date(2026, 1, 1), TODAY, render=None)
    shown = next(s for s in officers.slides if s.kind is SlideKind.FEATURED).cards
    assert {c.title for c in shown} & secret or len(shown) == 6  # an officer sees them all
    # the elected officials' figures hide small counts that hold a confidential offer
    missing = next(s for s in deck.slides if s.kind is SlideKind.MISSING)
    assert missing.table is not None
    assert any("< 3" in row for row in missing.table.rows)
    assert missing.note.startswith("« < 3 »")


def test_libreoffice_opens_the_deck_with_its_charts_map_and_french_text(
        demo: Store, tmp_path: Path) -> None:
    if shutil.which("soffice") is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice (soffice) or poppler-utils missing: scripts/dev.py tests "
                    "installs LibreOffice")
    deck = build_deck(demo, SAINT_FLOUR_CC, elected_officials(None), date(2026, 1, 1), TODAY)
    data = deck_pptx(deck)
    presentation = Presentation(io.BytesIO(data))
    assert (presentation.slide_width, presentation.slide_height) == (12192000, 6858000)  # 16:9
    charts = [shape.chart for slide in presentation.slides for shape in slide.shapes
              if shape.has_chart]
    assert [c.chart_title.text_frame.text for c in charts] == [
        "Offres ouvertes par type d'activité", "Offres par étape"]
    # native, editable charts: their numbers are in the file, not in a picture
    assert sum(sum(s.values) for s in charts[1].plots[0].series) == 44
    pictures = [shape for slide in presentation.slides for shape in slide.shapes
                if shape.shape_type == 13]
    assert len(pictures) == 1  # the map, drawn by kaleido
    assert pictures[0].image.size[0] >= 3000

    path = tmp_path / "diaporama.pptx"
    path.write_bytes(data)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "diaporama.pdf"
    pages = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                           text=True).stdout
    assert re.search(r"^Pages:\s+8$", pages, re.MULTILINE), pages
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    slides = text.split("\f")[:8]
    assert all("Sources : Accueil" in s and "06/12/2026" in s for s in slides)
    assert "Les offres d'accueil qualifiées — CC de Saint-" in slides[0]
    assert "Offres ouvertes" in slides[1]
    assert "37" in slides[1]
    assert "22 %" in slides[1].replace("\u00a0", " ")  # a French percentage
    assert "Neuvéglise-sur-Truyère" in slides[4]  # what is missing where: communes named
    assert "Reprise d'entreprise" in slides[3]  # chart categories read whole
    assert not any(title in text for title in confidential_titles(demo))
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "3", "-l", "3", str(pdf),
                    str(tmp_path / "carte")], check=True, timeout=60)
    assert list(tmp_path.glob("carte*.png"))
