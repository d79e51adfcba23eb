"""The "Kontroller" panel in Chromium (issue 10.1): errors and warnings told apart by label and
colour, links to the fix, WCAG 2.1 AA by axe, at 1280 × 800 and 390 px."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from tests.e2e.axe import assert_wcag_aa
from tests.e2e.conftest import PHONE, both_widths, shot
from tests.helpers import summed_as_migrated

pytestmark = pytest.mark.browser
SLUG = "slagelse-2017-2021"


@pytest.fixture
def broken(db: Session, slagelse: MasterPlan) -> MasterPlan:
    """Slagelse with a minimum of 50 % local (its 43,8 % fails: an error) and an old frikøb
    amount without hours (a warning), both as they would stand in the database."""
    slagelse.min_local_share = 50
    db.execute(
        insert(Entry).values(
            plan_id=slagelse.id, year=2020, partner_id=slagelse.partners[0].id,
            activity_id=slagelse.focus_areas[0].activities[0].id, kind="budget",
            category="staff_purchase", amount_ore=4_500_000, text="Gammel",
        )
    )  # fmt: skip
    summed_as_migrated(db)
    db.commit()
    return slagelse


def test_the_panel_on_the_plan_and_report_pages(
    page: Page, live_server: str, broken: MasterPlan, artifacts: Path, backend: str
) -> None:
    pages = ((f"/planer/{SLUG}", "checks-plan"), (f"/planer/{SLUG}/rapport", "checks-report"))
    for path, name in pages:
        page.set_viewport_size({"width": 1280, "height": 800})
        page.goto(live_server + path)
        panel = page.locator("#kontroller")
        # 19.450.000 kr. local of 44.495.000 kr. (with the old 45.000 kr. frikøb).
        expect(panel.locator("#local-share")).to_have_text("43,7 %")
        error = panel.locator(".check-error").first
        warning = panel.locator(".check-warning").first
        expect(error.locator(".check-label")).to_have_text("Fejl")
        expect(error).to_contain_text("planens minimum er 50,0 %")
        expect(warning.locator(".check-label")).to_have_text("Advarsel")
        colours = [
            loc.evaluate("e => getComputedStyle(e).backgroundColor") for loc in (error, warning)
        ]
        assert colours[0] != colours[1]
        both_widths(page, artifacts, backend, name)
    # The period's error leads to where it is fixed: the budget-revision page.
    page.locator("#kontroller .check-error a").first.click()
    expect(page).to_have_url(f"{live_server}/planer/{SLUG}/budgetomplacering")


@pytest.fixture
def overspent(db: Session, slagelse: MasterPlan) -> MasterPlan:
    """Slagelse with 200.000 kr. more regnskab on KRIM-1 in 2019 (over both thresholds)."""
    from app.services.ledger import EntryInput, book_entry

    line = EntryInput(year=2019, partner="Slagelse Kommune", kind="actual", category="cash",
                      amount_ore=20_000_000, activity="KRIM-1", text="Ekstra")  # fmt: skip
    book_entry(db, slagelse, line)
    db.commit()
    return slagelse


def test_the_explanation_page(
    page: Page, live_server: str, overspent: MasterPlan, artifacts: Path, backend: str
) -> None:
    """From the panel's error to the explanation page, explained by keyboard; the error
    clears. WCAG 2.1 AA at 1280 × 800 and 390 px."""
    page.goto(f"{live_server}/planer/{SLUG}")
    error = page.locator("#kontroller .check-error")
    expect(error).to_contain_text("KRIM-1 Væresteder og klubber 2019")
    error.get_by_role("link", name="Forklar afvigelsen").click()
    expect(page).to_have_url(f"{live_server}/planer/{SLUG}/afvigelser?year=2019")
    row = page.locator("#variances tr", has_text="KRIM-1")
    expect(row).to_contain_text("Ja – mangler forklaring")
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "explanations-1280")
    page.select_option("#f-activity_id", label="KRIM-1 Væresteder og klubber")
    page.fill("#f-text", "Ekstra klubaftener i sommerferien")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".flash-ok")).to_have_text("Forklaringen er gemt.")
    expect(row).to_contain_text("Ja, forklaret")
    expect(row).to_contain_text("Ekstra klubaftener i sommerferien")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "explanations-390")
    page.goto(f"{live_server}/planer/{SLUG}")
    expect(page.locator("#kontroller .check-ok")).to_have_text("Alle kontroller er i orden.")


def test_the_year_end_page(
    page: Page, live_server: str, broken: MasterPlan, artifacts: Path, backend: str
) -> None:
    """Årsafslutning 2019 with an error standing: the close is refused with the check's
    message; WCAG 2.1 AA at 1280 × 800 and 390 px."""
    page.goto(f"{live_server}/planer/{SLUG}")
    page.get_by_role("link", name="Årsafslutning 2019").click()
    expect(page.locator("h1")).to_have_text("Årsafslutning 2019")
    expect(page.locator("#kontroller .check-error").first).to_contain_text("50,0 %")
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "year-end-1280")
    page.fill("#f-reason", "Sendt til LBF")
    page.check("#f-confirm_warnings")
    page.get_by_role("button", name="Luk 2019").click()
    expect(page.locator(".flash-error")).to_contain_text("kan ikke lukkes")
    expect(page.locator("#year-status")).to_have_text("Åbent")
    assert_wcag_aa(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_wcag_aa(page)
    shot(page, artifacts, backend, "year-end-390")
