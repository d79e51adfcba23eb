"""The fund's overview in a real headless Chromium: both charts drawn above the table, the
table sorted by a click on its heading and filtered, axe-core (WCAG 2.1 AA) clean, and
screenshots at 1280 × 800 and 390 px wide (tests/artifacts/)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reports.overview_export import COLUMNS
from tests.e2e.axe import assert_wcag_aa
from tests.e2e.conftest import DESKTOP, PHONE, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def national_db(db_url: str, tmp_path: Path) -> str:
    from app.db import make_engine, make_session_factory
    from tests.overview.data import build_national

    engine = make_engine(db_url)
    with make_session_factory(engine)() as db:
        build_national(db, tmp_path)
    engine.dispose()
    return db_url


def test_overview_page_charts_sorting_and_accessibility(
    national_db: str, page: Page, live_server: str, artifacts: Path, backend: str
) -> None:
    page.click("header nav >> text=Oversigt")
    expect(page.locator("h1")).to_have_text("Oversigt over helhedsplaner")
    years, shares = page.locator("svg#chart-years"), page.locator("svg#chart-shares")
    expect(years).to_be_visible()
    expect(shares).to_be_visible()
    box = years.bounding_box()
    assert box is not None and box["height"] > 150
    assert years.locator("rect title").count() > 10  # budget and regnskab bars per year
    expect(shares.locator("line.marker")).to_have_count(1)  # the 25 % line (zero width)
    expect(shares.locator("text", has_text="Minimum 25 %")).to_be_visible()
    expect(page.locator("#overview-table tbody tr")).to_have_count(5)
    expect(page.locator("#overview-table tfoot th")).to_have_text("I alt")
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "overview-1280")

    page.click("#overview-table thead >> text=Korrigeret budget (kr.)")
    heading = page.locator("#overview-table th[aria-sort]")
    expect(heading).to_have_attribute("aria-sort", "ascending")
    page.click("#overview-table thead >> text=Korrigeret budget (kr.)")
    expect(heading).to_have_attribute("aria-sort", "descending")
    column = [c.label for c in COLUMNS]
    index = column.index("Korrigeret budget (kr.)") + 1
    amounts = page.locator(f"#overview-table tbody tr td:nth-child({index})").all_inner_texts()
    values = [int(a.replace(".", "").split(",")[0]) for a in amounts]
    assert values == sorted(values, reverse=True)

    page.set_viewport_size(PHONE)
    expect(years).to_be_visible()
    wrap = page.locator(".chart-wrap").first.bounding_box()  # the chart scrolls inside it
    assert wrap is not None and wrap["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "overview-390")
    page.set_viewport_size(DESKTOP)

    first = page.locator("#overview-table tbody tr th a").first
    name = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_contain_text(name)
