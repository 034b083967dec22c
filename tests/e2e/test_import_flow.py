"""A partner's spreadsheet imported in a real browser, then found in the list of offers."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

TIMEOUT = 30_000

# What Excel on a French Windows saves as « CSV (séparateur : point-virgule) »: Windows-1252,
# a title line above the header, decimal commas, no-break spaces, k€, a row with an error.
CSV = (
    "Cédants repérés par la CMA du Cantal;;;;;;\r\n"
    "Intitulé;Code INSEE;Commune;CP;Nature;CA HT (€);Prix de cession;Vérifié le\r\n"
    "Scierie du Cézallier;15001;Allanche;15160;Cession;412\u00a0300,50;250 k€;02/11/2026\r\n"
    "Auberge du Cézallier;;Marcenat;15190;Reprise;98 500;75 000 €;15/10/2026\r\n"
    "Forge du Cézallier;15187;Saint-Flour;15100;Reprise;douze mille;;\r\n"
)


def test_a_french_csv_is_uploaded_checked_imported_and_listed(page: Page, fresh_app_url: str,
                                                              tmp_path: Path) -> None:
    # A server of its own: the offers imported here must not change what other tests count.
    upload = tmp_path / "cedants-cma.csv"
    upload.write_bytes(CSV.encode("cp1252"))
    page.goto(f"{fresh_app_url}/importer")
    expect(page.get_by_role("heading", name="Importer", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(upload)
    expect(page.get_by_text("encodage Windows-1252")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("1 ligne contient des erreurs")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"^ligne 5, colonne « CA HT \(€\) » : « douze mille » "
                                       r"n'est pas un montant"))).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("textbox", name="Source du fichier").fill("CMA du Cantal")
    page.get_by_role("textbox", name="Source du fichier").press("Tab")
    page.get_by_role("button", name="Importer les 2 lignes valides").click()
    expect(page.get_by_text(re.compile(r"^2 offres importées depuis « cedants-cma\.csv »"))
           ).to_be_visible(timeout=TIMEOUT)

    page.get_by_role("link", name="Voir la liste des offres").click()
    expect(page.get_by_role("heading", name="Offres", exact=True)).to_be_visible(timeout=TIMEOUT)
    page.get_by_text("Filtrer").click()
    page.get_by_role("textbox", name="Rechercher").fill("Cézallier")
    page.get_by_role("textbox", name="Rechercher").press("Enter")
    expect(page.get_by_text("2 offres ·")).to_be_visible(timeout=TIMEOUT)
    cells = page.get_by_test_id("stDataFrame").locator("td[role=gridcell]")
    expect(cells.filter(has_text="Scierie du Cézallier").first).to_be_attached(timeout=TIMEOUT)
    expect(cells.filter(has_text="Auberge du Cézallier").first).to_be_attached(timeout=TIMEOUT)
    expect(cells.filter(has_text="Forge du Cézallier")).to_have_count(0)
