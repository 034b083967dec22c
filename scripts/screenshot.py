"""Take a full-page screenshot of a running Accueil page in Debian's headless Chromium.

Usage: ``python scripts/screenshot.py http://localhost:8501/offres out.png [--click TEXT]``
Waits for Streamlit to finish running the script before shooting. For developers looking at
a page before they call it done; not used by the app. Needs the test environment
(``python3 scripts/dev.py tests`` installs Playwright) and Debian's Chromium.
"""

from __future__ import annotations

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1800,
                        help="Streamlit scrolls inside the page: a tall window shows it all")
    parser.add_argument("--wait", type=float, default=4.0, help="seconds to let charts draw")
    parser.add_argument("--click", action="append", default=[],
                        help="text of a button or link to click before the screenshot")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": args.width, "height": args.height}, locale="fr-FR")
        page.goto(args.url)
        page.wait_for_selector("[data-testid='stApp']")
        page.wait_for_selector("[data-testid='stStatusWidget']", state="detached", timeout=30000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(args.wait * 1000)
        for text in args.click:
            page.get_by_text(text, exact=True).first.click()
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(args.wait * 1000)
        page.screenshot(path=args.output, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
