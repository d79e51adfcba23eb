"""The municipality's council view in a real headless Chromium: reached from the fund's
overview, the summary and per-plan tables shown, budget and regnskab switched, axe-core
(WCAG 2.1 AA) clean, screenshots at 1280 × 800 and 390 px wide (tests/artifacts/)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.axe import assert_wcag_aa
from tests.e2e.conftest import DESKTOP, PHONE, seeded, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def slagelse_db(db_url: str) -> str:
    return seeded(db_url, "slagelse-2017-2021")


def test_municipality_page_from_the_overview(
    slagelse_db: str, page: Page, live_server: str, artifacts: Path, backend: str
) -> None:
    page.click("header nav >> text=Oversigt")
    expect(page.locator("svg#chart-years")).to_be_visible()
    page.click("#overview-table tbody >> text=Slagelse Kommune")
    expect(page.locator("h1")).to_have_text("Slagelse Kommune: alle helhedsplaner")
    summary = page.locator("table.report").first
    expect(summary.locator("tfoot th")).to_have_text("I alt")
    expect(summary.locator("tbody tr")).to_have_count(1)
    expect(summary.locator("tfoot td").first).to_have_text("10.604.000")  # the memo's figure
    expect(page.locator("#dl-council-pdf")).to_be_visible()
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "municipality-1280")

    page.select_option("#f-kind", "actual")
    page.click("form.selectors button[type=submit]")
    # The new page, loaded with its stylesheet, before it is measured: in the full run on
    # PostgreSQL (both suites at once) the width was once read mid-navigation (595 px).
    page.wait_for_url("**kind=actual**")
    page.wait_for_load_state("load")
    expect(page.locator("section.card h2").nth(1)).to_contain_text("regnskab")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "municipality-390")
    page.set_viewport_size(DESKTOP)
    with page.expect_download() as download:
        page.click("#dl-council-xlsx")
    assert download.value.suggested_filename.endswith("-regnskab.xlsx")
