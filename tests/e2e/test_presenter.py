"""Presenting in a real browser: full screen, the keyboard's arrows move between slides."""

from __future__ import annotations

from playwright.sync_api import Page, expect

TIMEOUT = 60_000


def test_the_arrow_keys_move_between_slides_in_full_screen(page: Page, app_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/presenter")
    expect(page.get_by_role("heading", name="Présenter le territoire")).to_be_visible(
        timeout=TIMEOUT)
    page.get_by_role("button", name="Présenter en plein écran").click()
    expect(page.get_by_text("Diapositive 1 / 8")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_test_id("stSidebar")).to_be_hidden()
    expect(page.locator("body[data-accueil-touches='pret']")).to_be_attached(timeout=TIMEOUT)
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="Chiffres clés")).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("Diapositive 3 / 8")).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_text("Diapositive 2 / 8")).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name="Présenter le territoire")).to_be_visible(
        timeout=TIMEOUT)
