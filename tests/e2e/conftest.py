"""End-to-end fixtures: `streamlit run app.py` on a fresh store, driven by Debian's Chromium.

`playwright install` cannot download browsers here, so the launch points at
``/usr/bin/chromium`` (``apt-get install -y chromium``; .ci/run does it). Without it these
tests are skipped locally, and fail in CI, where ``ACCUEIL_E2E_REQUIRED=1`` is set.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accueil.services.accounts import DEMO_LOGIN, DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                if os.environ.get("ACCUEIL_E2E_REQUIRED") == "1":
                    raise pytest.UsageError(f"{CHROMIUM} is missing: apt-get install -y chromium")
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} absent"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "fr-FR",
            "viewport": {"width": 1400, "height": 1000}}


SIGN_IN_TIMEOUT = 60_000
CREDENTIALS = "_accueil_credentials"


def sign_in(page: Page, login: str = DEMO_LOGIN, password: str = DEMO_PASSWORD) -> None:
    """Fill the sign-in screen and wait until the app is drawn (it is gone)."""
    page.get_by_label("Identifiant").fill(login)
    page.get_by_label("Mot de passe", exact=True).fill(password)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page.get_by_role("button", name="Se connecter", exact=True)).to_have_count(
        0, timeout=SIGN_IN_TIMEOUT)


def use_account(page: Page, login: str, password: str) -> None:
    """The account the next ``page.goto`` signs in with (default: the demo's)."""
    setattr(page, CREDENTIALS, (login, password))


@pytest.fixture
def page(page: Page) -> Page:
    """Playwright's page, whose ``goto`` signs in after loading (every full load of the app
    is a new session, which shows the sign-in screen first): the demo's account unless a test
    chose another with :func:`use_account`."""
    return signing_in(page)


def signing_in(page: Page) -> Page:
    """``page`` whose ``goto`` of an app URL then fills the sign-in screen; for pages of
    contexts a test opens itself (``browser.new_context().new_page()``)."""
    load = page.goto

    def goto(url: str, **kwargs: Any) -> Any:
        response = load(url, **kwargs)
        if not url.startswith("http"):  # a generated file (the public catalogue): no app
            return response
        expect(page.get_by_role("button", name="Se connecter", exact=True)).to_be_visible(
            timeout=SIGN_IN_TIMEOUT)
        sign_in(page, *getattr(page, CREDENTIALS, (DEMO_LOGIN, DEMO_PASSWORD)))
        return response

    page.goto = goto  # type: ignore[method-assign]
    return page


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def running_app(folder: Path, store: str | None = None, name: str = "streamlit", *,
                port: int | None = None, options: Sequence[str] = ()) -> Iterator[str]:
    """`streamlit run app.py` on ``store`` (default: a new DuckDB file in ``folder``), on
    ``port`` (default: a free one) with Streamlit ``options``; yields its URL once healthy."""
    port = port or free_port()
    env = {**os.environ, "ACCUEIL_DB": store or str(folder / "e2e.duckdb")}
    log = folder / f"{name}.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", *options],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running app shared by the session's tests (demo installed on first open)."""
    with running_app(tmp_path_factory.mktemp("e2e")) as url:
        yield url


@pytest.fixture
def fresh_app_url(tmp_path: Path) -> Iterator[str]:
    """A server of its own that no browser has visited yet."""
    with running_app(tmp_path) as url:
        yield url


def go_to(page: Page, step: str, title: str) -> None:
    """Open a page as an officer does: the menu of its step in the top bar, then its entry
    (a click keeps the session; a ``page.goto`` would start a new one)."""
    page.get_by_test_id("stTopNav").get_by_text(step, exact=True).click()
    page.get_by_role("menu", name=step).get_by_role("menuitem", name=title, exact=True).click()
