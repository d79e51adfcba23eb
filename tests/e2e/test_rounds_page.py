"""The Budgetopfølgning page in a real headless Chromium: a round entered by keyboard only
(Enter down a column, on to the next column, then the reason; Ctrl+Enter saves), live
totals, a refused amount kept with its Danish message, and axe-core (WCAG 2.1 AA) clean in
every state shown."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_wcag_aa
from tests.e2e.conftest import seeded, shot

pytestmark = pytest.mark.browser

SLUG = "ballerup-socialudvalg-2022"


@pytest.fixture
def ballerup_db(db_url: str) -> str:
    return seeded(db_url, SLUG)


def _cell(page: Page, code: str, what: str):  # type: ignore[no-untyped-def]
    return page.get_by_label(f"{code} – {what}", exact=True)


def test_round_entered_by_keyboard_and_accessible(
    ballerup_db: str, page: Page, live_server: str, artifacts: Path, backend: str
) -> None:
    page.goto(f"{live_server}/planer/{SLUG}")
    page.click("nav.plannav >> text=Budgetopfølgning")
    expect(page.locator("h1")).to_have_text("Budgetopfølgning")
    expect(page.locator("li", has_text="1. budgetopfølgning 2023")).to_be_visible()
    assert_wcag_aa(page)

    keyboard = page.keyboard
    page.select_option("#f-year", "2023")
    page.fill("#f-dated", "2023-08-29")
    _cell(page, "50.54", "korrektion").focus()
    keyboard.type("-1.000,50")
    keyboard.press("Enter")  # down the column: 50.58's korrektion, left blank
    expect(_cell(page, "50.58", "korrektion")).to_be_focused()
    keyboard.press("Enter")  # bottom of the column: top of the next one
    expect(_cell(page, "50.54", "forventet forbrug")).to_be_focused()
    keyboard.type("350.000.000")
    keyboard.press("Enter")
    keyboard.type("syv")  # not an amount: the column total says so before anything is sent
    expect(page.locator("tfoot [data-col='2']")).to_have_text("?")
    keyboard.press("Enter")  # last cell: on to the reason
    expect(page.locator("#f-reason")).to_be_focused()
    keyboard.type("Anden budgetopfølgning 2023")
    keyboard.press("Control+Enter")

    # Refused: nothing saved, the input kept, the message Danish and next to the cell.
    bad = _cell(page, "50.58", "forventet forbrug")
    expect(page.locator(f"#{bad.get_attribute('id')}-error")).to_contain_text("syv")
    expect(_cell(page, "50.54", "korrektion")).to_have_value("-1.000,50")
    expect(_cell(page, "50.58", "forventet forbrug")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("li", has_text="2. budgetopfølgning")).to_have_count(0)
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "rounds-refused-1280")

    _cell(page, "50.58", "forventet forbrug").focus()
    keyboard.press("Control+a")
    keyboard.type("700.000")
    keyboard.press("Tab")
    expect(page.locator("tfoot [data-col='1']")).to_have_text("-1.000,50")
    expect(page.locator("tfoot [data-col='2']")).to_have_text("350.700.000")
    keyboard.press("Control+Enter")
    expect(page.locator(".flash-ok")).to_have_text("Gemt: 2. budgetopfølgning 2023.")
    round_two = page.locator("li", has_text="2. budgetopfølgning 2023")
    expect(round_two).to_contain_text("2023-08-29")
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "rounds-saved-1280")

    # The round's table, as its JSON link serves it.
    href = round_two.get_by_role("link", name="JSON").get_attribute("href")
    table = page.request.get(live_server + href).json()["tables"][0]
    rows = {r["label"][:5]: r["values"] for r in table["rows"]}
    assert table["title"] == "2. budgetopfølgning 2023"
    assert rows["50.54"][2] == "-1" and rows["50.58"][4] == "700"
