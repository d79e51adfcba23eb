"""Browser fixtures: the app served from a background thread, driven by Debian's chromium.

Playwright for Python talks to /usr/bin/chromium (the `chromium` Debian package, listed in
system-packages.txt); nothing is downloaded (`playwright install` is never run).
"""

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

from tests.e2e.axe import assert_wcag_aa

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


E2E_USER = "e2e-admin"
E2E_PASSWORD = "browser-test-password"


@pytest.fixture
def live_server(db_url: str) -> Iterator[str]:
    """The real app on 127.0.0.1 and a free port, over the test's fresh database,
    with an admin user that the `page` fixture logs in through the login page."""
    from app import create_app
    from app.db import make_engine, make_session_factory
    from app.services.users import create_user

    engine = make_engine(db_url)
    with make_session_factory(engine)() as db:
        create_user(db, username=E2E_USER, password=E2E_PASSWORD, role="admin")
        db.commit()
    engine.dispose()

    app = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "e2e-test"})
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["ledger.engine"].dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="da-DK")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, live_server: str) -> Iterator[Page]:
    """A tab logged in as the admin, the way a person logs in: through the login form.

    The app's strict Content-Security-Policy is on (as in production); any violation the
    browser reports (an inline script or style, a foreign source) fails the test.
    """
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    response = page.goto(f"{live_server}/")
    assert "/login" in page.url  # not logged in yet: the app sends us to the login page
    assert response is not None
    assert "script-src 'self'" in response.headers.get("content-security-policy", "")
    page.fill("#username", E2E_USER)
    page.fill("#password", E2E_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    yield page
    assert not violations, violations


@pytest.fixture
def artifacts(backend: str) -> Path:
    """tests/artifacts/ (git-ignored): screenshots and downloads for a reviewer."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def shot(page: Page, artifacts: Path, backend: str, name: str) -> Path:
    path = artifacts / f"{name}-{backend}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def both_widths(page: Page, artifacts: Path, backend: str, name: str) -> None:
    """The page as it stands: axe (WCAG 2.1 AA) and a screenshot at 1280 × 800, then at 390 px
    with no sideways scrolling; the viewport is 1280 × 800 again after."""
    page.set_viewport_size(DESKTOP)
    assert_wcag_aa(page)
    shot(page, artifacts, backend, f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_wcag_aa(page)
    shot(page, artifacts, backend, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def seeded(db_url: str, name: str) -> str:
    """`db_url` with the seed `name` loaded and committed (before the live server reads it)."""
    from app.db import make_engine, make_session_factory
    from app.seeding import load_seed

    engine = make_engine(db_url)
    with make_session_factory(engine)() as db:
        load_seed(db, name)
        db.commit()
    engine.dispose()
    return db_url
