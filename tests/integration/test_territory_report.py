"""The A4 territory report: rendered by poppler (pdftoppm), its text read back (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from accueil.domain.access import elected_officials
from accueil.domain.territories import Territory, TerritoryLevel
from accueil.io.demo import load_demo_offers
from accueil.io.demo_inventory import load_demo_inventory
from accueil.io.territory_report import report_pdf
from accueil.services.present import build_report
from accueil.store import offers as repo
from accueil.store.db import Store
from accueil.store.inventory import seed_demo_inventory

SAINT_FLOUR_CC = Territory(TerritoryLevel.EPCI, "200066660", "CC de Saint-Flour")
A4_POINTS = (595, 842)


def test_the_report_holds_the_slides_a_sheet_per_commune_and_the_glossary(
        store: Store, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils (pdftotext, pdftoppm) are needed to read the report")
    repo.seed_demo(store, load_demo_offers())
    seed_demo_inventory(store, *load_demo_inventory())  # the communes' services
    report = build_report(store, SAINT_FLOUR_CC, elected_officials(None), date(2026, 1, 1),
                          date(2026, 12, 6), render=None)
    assert len(report.sheets) == 53  # every commune of the CC, with or without offers
    path = tmp_path / "rapport.pdf"
    path.write_bytes(report_pdf(report))
    page = PdfReader(path).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4_POINTS
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout.replace("\u00a0", " ")
    pages = text.split("\f")
    assert all("CC de Saint-Flour · 06/12/2026 · Sources : Accueil" in p
               for p in pages if p.strip())
    assert "Offres ouvertes" in text
    assert "22 %" in text
    assert "Fiches par commune" in text
    # a commune without any offer still has its sheet: its population and services
    assert "Coltines" in text.split("Fiches par commune")[1]
    assert "Services présents" in text
    assert "Absents : Collège, Pharmacie" in text  # Talizat lacks them (demo aménités)
    assert "Glossaire des indicateurs" in text
    assert "Médiane du nombre de jours" in text  # the definition of the time to qualify
    secret = {o.title for o in repo.load_offers(store)
              if o.confidentiality.value == "confidentielle"}
    assert secret
    assert not any(title in " ".join(text.split()) for title in secret)
    subprocess.run(["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "2", str(path),
                    str(tmp_path / "page")], check=True, timeout=60)
    assert len(list(tmp_path.glob("page*.png"))) == 2
