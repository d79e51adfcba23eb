"""The year-end cycle in Chromium (issue 10.3): the fund at 80 % — closing refused on the
Årsafslutning page with the check's message; from there to the budget-revision page, a line
typed in Danish, the preview of the corrected budget and the checks, saved; the year closes.
axe (WCAG 2.1 AA) on every page and state, screenshots at 1280 × 800 and 390 px."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import both_widths
from tests.yearend.conftest import eighty  # noqa: F401  (the fixture: fund-80)

pytestmark = pytest.mark.browser


def test_refused_then_revised_on_the_page_then_closed(
    page: Page,
    live_server: str,
    eighty: dict[str, Any],  # noqa: F811
    artifacts: Path,
    backend: str,
) -> None:
    page.goto(f"{live_server}/planer/fund-80")
    page.get_by_role("link", name="Årsafslutning 2021").click()
    expect(page.locator("#fund-share")).to_have_text("80,0 %")
    page.fill("#f-reason", "Sendt til LBF")
    page.get_by_role("button", name="Luk 2021").click()
    refusal = page.locator("p.flash-error")
    expect(refusal).to_contain_text("Året 2021 kan ikke lukkes")
    expect(refusal).to_contain_text("Den lokale medfinansiering i perioden 2020–2022 er 20,0 %")
    expect(page.locator("#year-status")).to_have_text("Åbent")
    both_widths(page, artifacts, backend, "year-end-refused")

    page.locator("#revision-link").click()
    expect(page.locator("h1")).to_have_text("Budgetomplacering")
    expect(page.locator("#save")).to_have_count(0)  # no saving before a preview
    both_widths(page, artifacts, backend, "revision")

    page.select_option("#f-year-0", "2021")
    page.select_option("#f-partner_id-0", label="Testfonden")
    page.select_option("#f-activity_id-0", label="A-1 Jobcafé")
    page.fill("#f-amount-0", "-200.000")
    page.fill("#f-reason", "Fonden ned til 75 %")
    page.get_by_role("button", name="Forhåndsvis").click()
    fund_row = page.locator("#preview-2021 tr", has_text="Testfonden")
    expect(fund_row.locator("td")).to_have_text(["800.000", "-200.000", "600.000"])
    expect(page.locator("#share-change")).to_contain_text("20,0 % → 25,0 %")
    expect(page.locator("#kontroller h2")).to_have_text("Kontroller efter omplaceringen")
    expect(page.locator("#kontroller .check-ok")).to_have_text("Alle kontroller er i orden.")
    expect(page.locator("#f-amount-0")).to_have_value("-200.000")  # the form keeps the line
    both_widths(page, artifacts, backend, "revision-preview")

    page.get_by_role("button", name="Gem budgetomplaceringen").click()
    expect(page.locator(".flash-ok")).to_have_text("Budgetomplacering 1 er gemt.")
    saved = page.locator("#revision-1")
    expect(saved.locator("h3")).to_have_text("Nr. 1: Fonden ned til 75 %")
    expect(saved.locator("tbody td")).to_have_text(
        ["2021", "Testfonden", "A-1 Jobcafé", "Kontant", "-200.000"]
    )
    both_widths(page, artifacts, backend, "revision-saved")

    page.goto(f"{live_server}/planer/fund-80/aar/2021")
    expect(page.locator("#fund-share")).to_have_text("75,0 %")
    page.fill("#f-reason", "Sendt til LBF")
    page.get_by_role("button", name="Luk 2021").click()
    expect(page.locator(".flash-ok")).to_have_text("Året 2021 er lukket.")
    expect(page.locator("#year-status")).to_contain_text("Lukket")
    both_widths(page, artifacts, backend, "year-end-closed")
