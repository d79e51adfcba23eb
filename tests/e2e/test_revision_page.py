"""The year-end cycle in Chromium (issue 10.3): the fund at 80 % — closing refused on the
Årsafslutning page with the check's message; from there to the budget-revision page, a line
typed in Danish, the preview of the corrected budget and the checks, saved; the year closes.
And an unexplained variance: refused, explained on the explanation page, closed.
axe (WCAG 2.1 AA) on every page and state, screenshots at 1280 × 800 and 390 px."""

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Page, expect

from tests.e2e.conftest import both_widths
from tests.yearend.conftest import (
    book,
    eighty,  # noqa: F401  (the fixture: fund-80)
    revise_to_75,
)

pytestmark = pytest.mark.browser


def close_2021(page: Page, live_server: str) -> None:
    """The Årsafslutning page's close form, filled in and sent."""
    page.goto(f"{live_server}/planer/fund-80/aar/2021")
    page.fill("#f-reason", "Sendt til LBF")
    page.get_by_role("button", name="Luk 2021").click()


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

    close_2021(page, live_server)
    expect(page.locator(".flash-ok")).to_have_text("Året 2021 er lukket.")
    expect(page.locator("#fund-share")).to_have_text("75,0 %")
    expect(page.locator("#year-status")).to_contain_text("Lukket")
    both_widths(page, artifacts, backend, "year-end-closed")


def test_unexplained_variance_refused_then_explained_on_the_page_then_closed(
    page: Page,
    live_server: str,
    client: FlaskClient,
    eighty: dict[str, Any],  # noqa: F811
    artifacts: Path,
    backend: str,
) -> None:
    """fund-80 at 75 % (a revision through the API) with 2021's regnskab 110.000 kr. over
    A-1's corrected budget: refused on the year-end page, explained on the explanation page
    reached from the check's link, then closed."""
    revise_to_75(client, eighty)
    for partner, amount in ((eighty["fund"], "700.000"), (eighty["town"], "210.000")):
        book(client, "fund-80", year=2021, partner_id=partner, kind="actual", amount=amount,
             activity_id=eighty["activity"])  # fmt: skip
    close_2021(page, live_server)
    expect(page.locator("p.flash-error")).to_contain_text(
        "A-1 Jobcafé 2021: regnskab 910.000 kr. mod korrigeret budget 800.000 kr."
    )
    both_widths(page, artifacts, backend, "year-end-variance-refused")

    page.locator("#kontroller .check-error").get_by_role("link", name="Forklar afvigelsen").click()
    expect(page).to_have_url(f"{live_server}/planer/fund-80/afvigelser?year=2021")
    row = page.locator("#variances tr", has_text="A-1 Jobcafé")
    expect(row).to_contain_text("Ja – mangler forklaring")
    page.select_option("#f-activity_id", label="A-1 Jobcafé")
    page.fill("#f-text", "Flere deltagere efter kommunens kampagne")
    page.get_by_role("button", name="Gem forklaring").click()
    expect(page.locator(".flash-ok")).to_have_text("Forklaringen er gemt.")
    expect(row).to_contain_text("Ja, forklaret")
    both_widths(page, artifacts, backend, "explanations-fund-80")

    close_2021(page, live_server)
    expect(page.locator(".flash-ok")).to_have_text("Året 2021 er lukket.")
    expect(page.locator("#kontroller .check-ok")).to_have_text("Alle kontroller er i orden.")
