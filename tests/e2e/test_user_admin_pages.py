"""User administration in Chromium (issue 17.13): the admin creates a secretariat user on the
Brugere page, resets its password; the user logs in with the one-time password, is held on
the password page until a new one is set, then creates and revokes an API token on Mine
tokens. Every page axe-core clean (WCAG 2.1 AA) and under the CSP (the `page` fixture)."""

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.axe import assert_wcag_aa
from tests.e2e.conftest import DESKTOP, seeded, shot

pytestmark = pytest.mark.browser

SLUG = "slagelse-2017-2021"


@pytest.fixture
def slagelse_db(db_url: str) -> str:
    return seeded(db_url, SLUG)


def test_admin_creates_and_resets_a_user_who_then_manages_tokens(
    slagelse_db: str,
    page: Page,
    browser: Browser,
    live_server: str,
    artifacts: Path,
    backend: str,
) -> None:
    page.click("header >> text=Brugere")
    expect(page.locator("h1")).to_have_text("Brugere")
    assert_wcag_aa(page)
    page.fill("#f-username", "anne")
    page.fill("#f-password", "12345678")
    page.select_option("#f-role", "secretariat")
    page.check(f"input[name=plans][value='{SLUG}']")
    page.click("text=Opret bruger")
    expect(page.locator("#password-error")).to_contain_text("for let at gætte")
    expect(page.locator("#f-username")).to_have_value("anne")  # the input kept
    assert_wcag_aa(page)
    page.fill("#f-password", "gul-lampe-sover-2026")
    page.click("text=Opret bruger")
    expect(page.locator("h1")).to_have_text("Bruger anne")
    expect(page.locator(f"input[name=plans][value='{SLUG}']")).to_be_checked()
    page.click("text=Nulstil adgangskode")
    temporary = page.locator("#temporary-password").inner_text()
    assert len(temporary) >= 12
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "user-reset-1280")

    anne_context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    anne = anne_context.new_page()
    anne.goto(f"{live_server}/login")
    anne.fill("#username", "anne")
    anne.fill("#password", temporary)
    anne.click("button[type=submit]")
    expect(anne.locator("h1")).to_have_text("Skift adgangskode")
    expect(anne.locator(".flash-error")).to_contain_text("nulstillet")
    assert_wcag_aa(anne)
    anne.goto(f"{live_server}/planer/{SLUG}")  # held on the password page
    expect(anne.locator("h1")).to_have_text("Skift adgangskode")
    anne.fill("#f-current_password", temporary)
    anne.fill("#f-new_password", "blå-cykel-synger-om-natten")
    anne.click("text=Gem ny adgangskode")
    expect(anne.locator(".flash-ok")).to_contain_text("nye adgangskode er gemt")

    anne.click("header >> text=Mine tokens")
    expect(anne.locator("h1")).to_have_text("Mine API-tokens")
    anne.fill("#f-name", "Regneark")
    anne.click("text=Opret token")
    secret = anne.locator("#new-token").inner_text()
    me = anne.request.get(f"{live_server}/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json()["username"] == "anne"
    assert_wcag_aa(anne)
    shot(anne, artifacts, backend, "my-tokens-1280")
    anne.goto(f"{live_server}/mine-tokens")
    expect(anne.locator("#new-token")).to_have_count(0)  # shown once
    anne.get_by_role("button", name="Tilbagekald token").click()
    expect(anne.locator(".flash-ok")).to_contain_text("tilbagekaldt")
    gone = anne.request.get(f"{live_server}/api/me", headers={"Authorization": f"Bearer {secret}"})
    assert gone.status == 401
    anne_context.close()

    page.goto(f"{live_server}/brugere")
    page.click("table >> text=anne")
    expect(page.locator("td", has_text="Regneark").locator("xpath=..")).to_contain_text(
        "tilbagekaldt"
    )
