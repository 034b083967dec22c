"""The veille loop in a real browser: partner records made, the veille file downloaded, filled
by the partner (openpyxl), sent back, previewed, imported; the items leave the due list."""

from __future__ import annotations

import io
import re
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import go_to

TIMEOUT = 30_000


def test_a_partner_file_goes_out_comes_back_filled_and_updates_the_items(
        page: Page, fresh_app_url: str, tmp_path: Path) -> None:
    page.goto(f"{fresh_app_url}/partenaires")
    # (the e2e page's goto signs in with the demo's administrator account)
    expect(page.get_by_role("heading", name="Partenaires", exact=True)).to_be_visible(
        timeout=TIMEOUT)
    page.get_by_text("Noms saisis et doublons", exact=True).click()
    page.get_by_role("button", name="Créer les fiches de ces partenaires").click()
    expect(page.get_by_text(re.compile(r"^14 fiches partenaires créées"))).to_be_visible(
        timeout=TIMEOUT)

    page.get_by_text("Veille", exact=True).click()
    # The first partner by name: « Agence immobilière du Haut-Cantal », 4 homes never confirmed.
    expect(page.get_by_text(re.compile(r"^4 éléments à revérifier"))).to_be_visible(
        timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as download:
        page.get_by_role("button", name="Fichier de veille à envoyer (Excel)").click()
    sent = tmp_path / download.value.suggested_filename
    download.value.save_as(sent)
    assert sent.name.startswith("veille-agence-immobiliere-haut-cantal-")

    book = load_workbook(sent)
    sheet = book["À confirmer"]
    headers = [c.value for c in sheet[1]]
    first, second = sheet[2], sheet[3]
    changed, gone = str(first[0].value), str(second[0].value)
    first[headers.index("Réponse")].value = "Modifié"
    first[headers.index("Nouveau loyer (€/mois)")].value = "455,50"
    second[headers.index("Réponse")].value = "Plus disponible"
    back = tmp_path / "veille-remplie.xlsx"
    buffer = io.BytesIO()
    book.save(buffer)
    back.write_bytes(buffer.getvalue())

    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(back)
    expect(page.get_by_text("Aperçu : 2 réponses à importer")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("2 lignes sans réponse : inchangée(s).")).to_be_visible(
        timeout=TIMEOUT)
    page.get_by_role("button", name="Importer 2 réponses").click()
    expect(page.get_by_text(re.compile(
        r"importées \(import n° 1\) : 0 confirmé, 1 modifié, 1 plus disponible"))).to_be_visible(
        timeout=TIMEOUT)
    expect(page.get_by_text(re.compile(r"^2 éléments à revérifier"))).to_be_visible(
        timeout=TIMEOUT)
    cells = page.get_by_test_id("stDataFrame").locator("td[role=gridcell]")
    expect(cells.filter(has_text=re.compile(rf"^{changed}$"))).to_have_count(0)
    expect(cells.filter(has_text=re.compile(rf"^{gone}$"))).to_have_count(0)

    go_to(page, "Repérer", "Importer")  # same session: still signed in
    expect(page.get_by_text("Veille partenaire").first).to_be_attached(timeout=TIMEOUT)
