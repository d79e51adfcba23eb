"""The budget-revision page (budgetomplacering, issue 10.3): lines with Danish amounts and a
reason, a preview of the corrected budget and the checks that writes nothing, saving only what
was previewed through the API's service (audited, CSRF), the list of revisions, and no form for
read-only users (fund, partner, auditor)."""

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import AuditLog, BudgetRevision, Entry, Role
from tests.security.users import client_for
from tests.yearend.test_checks import _csrf

PAGE = "/planer/fund-80/budgetomplacering"
REASON = "Fonden ned til 75 %"


def line(eighty: dict[str, Any], amount: str = "-200.000", row: int = 0) -> dict[str, Any]:
    """One form row: the fund's 2021 budget on A-1, in cash."""
    return {f"year-{row}": "2021", f"partner_id-{row}": str(eighty["fund"]),
            f"activity_id-{row}": str(eighty["activity"]), f"category-{row}": "cash",
            f"amount-{row}": amount}  # fmt: skip


def post(client: FlaskClient, action: str, **data: Any) -> Any:
    body = {"reason": REASON, **data, "action": action, "csrf_token": _csrf(client, "fund-80")}
    return client.post(PAGE, data=body)


def previewed(page: str) -> str:
    match = re.search(r'name="previewed" value="([^"]+)"', page)
    assert match, "no save button after the preview"
    return match.group(1)


def counts(db: Session) -> tuple[int | None, ...]:
    db.expire_all()
    return tuple(
        db.scalar(select(func.count()).select_from(model))
        for model in (BudgetRevision, Entry, AuditLog)
    )


def preview_and_save(client: FlaskClient, **data: Any) -> Any:
    """The page's two steps: Forhåndsvis, then Gem with what was previewed."""
    shown = post(client, "preview", **data)
    assert shown.status_code == 200, shown.get_data(as_text=True)
    return post(client, "save", previewed=previewed(shown.get_data(as_text=True)), **data)


def test_preview_writes_nothing_and_save_books_the_previewed_revision(
    client: FlaskClient, eighty: dict[str, Any], db: Session
) -> None:
    page = client.get(PAGE).get_data(as_text=True)
    assert "Ingen budgetomplaceringer endnu." in page and 'value="preview"' in page
    assert 'value="save"' not in page  # saving comes after a preview
    before = counts(db)

    shown = post(client, "preview", **line(eighty))
    html = shown.get_data(as_text=True)
    assert shown.status_code == 200
    fund_row = re.search(rf'<tr data-partner="{eighty["fund"]}">(.*?)</tr>', html, re.S)
    assert fund_row and re.findall(r'class="num">([^<]*)<', fund_row.group(1)) == [
        "800.000", "-200.000", "600.000",
    ]  # fmt: skip
    town_row = re.search(rf'<tr data-partner="{eighty["town"]}">(.*?)</tr>', html, re.S)
    assert town_row and re.findall(r'class="num">([^<]*)<', town_row.group(1)) == [
        "200.000", "0", "200.000",
    ]  # fmt: skip
    assert "Lokal medfinansiering over perioden: 20,0 % → <strong>25,0 %</strong>" in html
    assert "Fejl: 2 → <strong>0</strong>" in html
    assert "Kontroller efter omplaceringen" in html and "Alle kontroller er i orden." in html
    assert counts(db) == before  # the preview booked, audited and numbered nothing

    # Saving lines other than those previewed shows the new preview instead.
    stale = post(client, "save", previewed=previewed(html), **line(eighty, "-150.000"))
    assert stale.status_code == 200 and "ændret siden forhåndsvisningen" in stale.get_data(
        as_text=True
    )
    assert counts(db) == before

    saved = post(client, "save", previewed=previewed(html), **line(eighty))
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#revision-1")
    db.expire_all()
    revision = db.scalar(select(BudgetRevision))
    assert revision is not None and (revision.number, revision.reason) == (1, REASON)
    assert revision.created_by == "admin-x"
    audit = db.scalars(select(AuditLog).where(AuditLog.object_type == "budget_revisions")).all()
    assert [a.reason for a in audit] == [REASON]
    listed = client.get(PAGE).get_data(as_text=True)
    assert f"Nr. 1: {REASON}" in listed and "admin-x" in listed
    assert "Testfonden" in listed and "A-1 Jobcafé" in listed and "-200.000" in listed
    api = client.get("/api/plans/fund-80/checks?year=2021").get_json()
    assert (api["local_share"], api["fund_share"], api["errors"]) == ("25.0", "75.0", 0)


def test_bad_lines_are_shown_beside_their_fields(
    client: FlaskClient, eighty: dict[str, Any], db: Session
) -> None:
    before = counts(db)
    bad = post(client, "preview", **line(eighty, "1,225,000", row=2))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="amount-2-error"' in html and "1,225,000" in html
    nothing = post(client, "preview")
    assert nothing.status_code == 422 and "mindst én linje" in nothing.get_data(as_text=True)
    no_reason = post(client, "preview", **{**line(eighty), "reason": " "})
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.get_data(as_text=True)
    # Ids that are no numbers are refused beside their field, never a server error.
    odd = post(client, "preview", **{**line(eighty), "activity_id-0": "x", "partner_id-0": "-"})
    html = odd.get_data(as_text=True)
    assert odd.status_code == 422
    assert 'id="activity_id-0-error"' in html and 'id="partner_id-0-error"' in html
    # A rule of the ledger (a year outside the plan) comes back from the same service.
    outside = post(client, "preview", **{**line(eighty), "year-0": "2030"})
    assert outside.status_code == 422 and "2030" in outside.get_data(as_text=True)
    more = post(client, "more", **line(eighty))
    assert more.status_code == 200 and 'name="amount-9"' in more.get_data(as_text=True)
    assert 'value="-200.000"' in more.get_data(as_text=True)  # what was typed stays
    assert counts(db) == before
    # Without the CSRF token the form is refused.
    forged = client.post(PAGE, data={"reason": REASON, "action": "save", **line(eighty)})
    assert forged.status_code == 400 and counts(db) == before


def test_read_only_users_see_the_revisions_without_the_form(
    app: Flask, client: FlaskClient, eighty: dict[str, Any], auditor: FlaskClient
) -> None:
    assert preview_and_save(client, **line(eighty)).status_code == 302
    fund = client_for(app, Role.FUND, username="fond")
    town = client_for(app, Role.PARTNER, partner="Testrup Kommune", plans=("fund-80",))
    for reader in (fund, town, auditor):
        page = reader.get(PAGE).get_data(as_text=True)
        assert f"Nr. 1: {REASON}" in page
        assert "Forhåndsvis" not in page and "<form" not in page.split("<main", 1)[-1]
        token = _csrf(reader, "fund-80")
        refused = reader.post(
            PAGE, data={"reason": REASON, "action": "preview", "csrf_token": token, **line(eighty)}
        )
        assert refused.status_code == 403
    # Linked from the plan page and the year-end page.
    for url in ("/planer/fund-80", "/planer/fund-80/aar/2021"):
        assert f'href="{PAGE}" id="revision-link"' in client.get(url).get_data(as_text=True)
