"""Every page of the app, opened in Chromium under the production CSP (issue 12.3).

The page list comes from the app's own URL map, so a page added later is walked too; the
`page` fixture fails the test on any CSP violation the browser reports.
"""

import re

import pytest
from playwright.sync_api import Page
from sqlalchemy import select

from app.models import Activity, Entry, FocusArea, MasterPlan, Partner, StaffPurchase, User
from tests.e2e.conftest import E2E_USER

pytestmark = pytest.mark.browser

SLAGELSE = "slagelse-2017-2021"


def _seeded_args(db_url: str) -> dict[str, str]:
    """Load the Slagelse seed into the live server's database; view args that exist in it."""
    from app.db import make_engine, make_session_factory
    from app.seeding import load_seed

    engine = make_engine(db_url)
    with make_session_factory(engine)() as db:
        plan = load_seed(db, SLAGELSE)
        db.commit()
        ids = {
            "entry_id": db.scalar(select(Entry.id).where(Entry.plan_id == plan.id).limit(1)),
            "focus_area_id": db.scalar(select(FocusArea.id).where(FocusArea.plan_id == plan.id)),
            "activity_id": db.scalar(select(Activity.id).where(Activity.plan_id == plan.id)),
            "partner_id": db.scalar(select(Partner.id).where(Partner.name == "Slagelse Kommune")),
            "user_id": db.scalar(select(User.id).where(User.username == E2E_USER)),
            "purchase_id": db.scalar(
                select(StaffPurchase.id).where(StaffPurchase.plan_id == plan.id).limit(1)
            ),
        }
        assert db.scalar(select(MasterPlan.slug).where(MasterPlan.id == plan.id)) == SLAGELSE
    engine.dispose()
    args = {"slug": SLAGELSE, "plan_ref": SLAGELSE, "year": "2019"}  # year: Årsafslutning
    return {**args, **{k: str(v) for k, v in ids.items()}}


def _page_urls(db_url: str, args: dict[str, str]) -> list[str]:
    from app import create_app

    app = create_app({"DATABASE_URL": db_url, "TESTING": True})
    rules = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set())
        and not rule.rule.startswith(("/api", "/static"))
        and rule.endpoint != "access.logout"
    ]
    app.extensions["ledger.engine"].dispose()
    return sorted(re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: args[m.group(1)], r) for r in rules)


def test_every_page_runs_under_the_csp(page: Page, live_server: str, db_url: str) -> None:
    args = _seeded_args(db_url)
    urls = _page_urls(db_url, args) + ["/findes-ikke"]  # and an error page
    assert f"/planer/{SLAGELSE}/gitter" in urls and "/import" in urls and "/brugere" in urls
    pages = 0
    for url in urls:
        head = page.request.get(live_server + url)
        assert head.status in (200, 404), f"{url}: {head.status}"
        csp = head.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "unsafe" not in csp, url
        if not head.headers.get("content-type", "").startswith("text/html"):
            continue  # a download (the report's file): headers checked, nothing to render
        page.goto(live_server + url)
        page.wait_for_load_state("load")
        pages += 1
    assert pages >= 15, pages
