"""The auditor's sign-off on the year-end page in Chromium (issue 10.4): the revisor signs off
Slagelse's closed 2019 by its kontroltal; an admin reopens the year and the sign-off shows as
no longer valid. WCAG 2.1 AA by axe at 1280 × 800 and 390 px, on both databases."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from app.models import MasterPlan, Role
from app.services import audit, closing
from app.services.users import create_user
from tests.e2e.axe import assert_wcag_aa
from tests.e2e.conftest import DESKTOP, PHONE, shot

pytestmark = pytest.mark.browser
SLUG = "slagelse-2017-2021"
YEAR_END = f"/planer/{SLUG}/aar/2019"
PASSWORD = "gul-lampe-sover-2026"


@pytest.fixture
def closed_2019(db: Session, slagelse: MasterPlan) -> MasterPlan:
    """Slagelse with 2019 closed by an admin and a revisor assigned the plan."""
    audit.set_actor(db, "admin")
    closing.close_year(db, slagelse, 2019, reason="Sendt til LBF")
    create_user(db, username="revisor", password=PASSWORD, role=Role.AUDITOR, plans=[SLUG])
    db.commit()
    return slagelse


@pytest.fixture
def auditor_page(
    browser: Browser, live_server: str, closed_2019: MasterPlan
) -> Iterator[Page]:
    """A second browser, logged in as the revisor through the login form; CSP-checked."""
    context = browser.new_context(viewport=DESKTOP, locale="da-DK")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    violations: list[str] = []
    tab.on("console", lambda m: violations.append(m.text)
           if "Content Security Policy" in m.text else None)  # fmt: skip
    tab.goto(f"{live_server}/login")
    tab.fill("#username", "revisor")
    tab.fill("#password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server}/")
    yield tab
    context.close()
    assert not violations, violations


def test_the_auditor_signs_off_and_a_reopening_voids_it(
    page: Page,
    auditor_page: Page,
    live_server: str,
    closed_2019: MasterPlan,
    artifacts: Path,
    backend: str,
) -> None:
    revisor = auditor_page
    # The admin sees the kontroltal, but no sign-off form: that is the revisor's alone.
    page.goto(live_server + YEAR_END)
    code = page.locator("#kontroltal").inner_text()
    assert len(code) == 11 and code[5] == "-"
    expect(page.locator("#sign-off")).to_have_text("Ikke godkendt af revisor.")
    expect(page.get_by_role("button", name=f"Godkend 2019 med kontroltal {code}")).to_have_count(0)

    # The revisor: no close, carry-over or reopen buttons; the sign-off form with the code.
    revisor.goto(live_server + YEAR_END)
    expect(revisor.locator("h1")).to_have_text("Årsafslutning 2019")
    expect(revisor.locator("#kontroltal")).to_have_text(code)
    for name in ("Overfør til 2020", "Genåbn 2019", "Luk 2019"):
        expect(revisor.get_by_role("button", name=name)).to_have_count(0)
    assert_wcag_aa(revisor)
    shot(revisor, artifacts, backend, "sign-off-form-1280")
    revisor.fill("#f-remark", "Uden forbehold")
    revisor.get_by_role("button", name=f"Godkend 2019 med kontroltal {code}").click()
    expect(revisor.locator(".flash")).to_contain_text(f"godkendt med kontroltal {code}")
    signed = revisor.locator("#sign-off")
    expect(signed).to_contain_text("Gyldig")
    expect(signed).to_contain_text("Godkendt af revisor revisor, ")
    expect(signed).to_contain_text(f"kontroltal {code}. Bemærkning: Uden forbehold")
    assert_wcag_aa(revisor)
    shot(revisor, artifacts, backend, "sign-off-1280")
    revisor.set_viewport_size(PHONE)
    assert revisor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_wcag_aa(revisor)
    shot(revisor, artifacts, backend, "sign-off-390")

    # An admin reopens 2019: the revisor's page says the sign-off no longer holds, and why.
    page.goto(live_server + YEAR_END)
    page.fill("#f-reason", "Rettelse af regnskabet")
    page.get_by_role("button", name="Genåbn 2019").click()
    expect(page.locator("#year-status")).to_have_text("Åbent")
    revisor.reload()
    void = revisor.locator("#sign-off")
    expect(void).to_contain_text("Ikke længere gyldig")
    expect(void).to_contain_text("året 2019 er genåbnet efter godkendelsen")
    expect(revisor.locator("#kontroltal")).to_have_count(0)
    assert_wcag_aa(revisor)
    shot(revisor, artifacts, backend, "sign-off-void-390")
    revisor.set_viewport_size(DESKTOP)
    assert_wcag_aa(revisor)
    shot(revisor, artifacts, backend, "sign-off-void-1280")
