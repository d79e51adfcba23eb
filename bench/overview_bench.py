"""The fund's overview at national scale: the service and the page against raw-SQL floors of
the same sums per plan (corrected budget with carried funds once, regnskab, the fund's part),
over the entries and over the running sums the overview reads. The page is fetched by a fund
user logged in through the login form."""

import re

from flask.testing import FlaskClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bench.raw_sql import _param
from reports.overview import overview

# plan_id -> (corrected budget, regnskab, the fund partners' budget), øre
OverviewSums = dict[int, tuple[int, int, int]]
FUND_USER, FUND_PASSWORD = "bench-fund", "bench-fund-password-not-secret"

_SELECT = """
SELECT e.plan_id,
       SUM(CASE WHEN e.kind = 'budget' AND c.id IS NULL THEN e.amount_ore ELSE 0 END),
       SUM(CASE WHEN e.kind = 'actual' THEN e.amount_ore ELSE 0 END),
       SUM(CASE WHEN e.kind = 'budget' AND c.id IS NULL AND p.kind = {fund}
                THEN e.amount_ore ELSE 0 END)
FROM entries e
JOIN partners p ON p.id = e.partner_id
LEFT JOIN carry_overs c ON c.entry_id = e.id
GROUP BY e.plan_id
"""


_SUMS_SELECT = """
SELECT s.plan_id,
       SUM(CASE WHEN s.kind = 'budget' AND NOT s.carried THEN s.high * 4294967296 + s.low
                ELSE 0 END),
       SUM(CASE WHEN s.kind = 'actual' THEN s.high * 4294967296 + s.low ELSE 0 END),
       SUM(CASE WHEN s.kind = 'budget' AND NOT s.carried AND p.kind = {fund}
                THEN s.high * 4294967296 + s.low ELSE 0 END)
FROM partner_sums s
JOIN partners p ON p.id = s.partner_id
GROUP BY s.plan_id
"""
# What the rule checks read besides: budget and regnskab per plan, year and activity, and the
# frikøb lines per activity and payer (reports.overview_checks), fetched and not used here.
_CHECK_INPUTS = (
    """SELECT plan_id, year, activity_id,
              SUM(CASE WHEN kind = 'budget' THEN high * 4294967296 + low ELSE 0 END),
              SUM(CASE WHEN kind = 'actual' THEN high * 4294967296 + low ELSE 0 END)
       FROM activity_sums GROUP BY plan_id, year, activity_id""",
    """SELECT plan_id, year, activity_id, partner_id, kind, SUM(high * 4294967296 + low)
       FROM entry_sums WHERE category = 'staff_purchase'
       GROUP BY plan_id, year, activity_id, partner_id, kind""",
)


def raw(engine: Engine, sums: bool = False) -> OverviewSums:
    """The floor: hand-written GROUP BYs on the DB-API cursor, no ORM, no Python per row.

    Over every entry: the plans' sums. Over the running sums (`sums`): the same sums from
    the grain the overview reads, and the rule checks' inputs from theirs — the sums the
    service reads, so the ratio shows what the service adds (rule checks, rows, sorting)."""
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute((_SUMS_SELECT if sums else _SELECT).format(fund=_param(engine)), ("fund",))
        rows = cursor.fetchall()
        for statement in _CHECK_INPUTS if sums else ():
            cursor.execute(statement)
            cursor.fetchall()
        cursor.close()
        connection.commit()
    finally:
        connection.close()
    return {p: (int(b), int(a), int(f)) for p, b, a, f in rows if b or a or f}


def service(sessions: sessionmaker[Session]) -> OverviewSums:
    """reports.overview for every plan (rule checks included), as the page and API use it."""
    with sessions() as db:
        rows = overview(db).rows
    sums = {r.plan_id: (r.sums.budget_corrected, r.sums.actual, r.sums.fund) for r in rows}
    return {plan_id: s for plan_id, s in sums.items() if any(s)}


def page_client(url: str, sessions: sessionmaker[Session]) -> FlaskClient:
    """A test client of the app over `url`, logged in as a fund user through the login form."""
    from app import create_app
    from app.services.users import create_user

    with sessions() as db:
        create_user(db, username=FUND_USER, password=FUND_PASSWORD, role="fund")
        db.commit()
    # Plain HTTP in-process: the session cookie must not be Secure-only here.
    client = create_app({"DATABASE_URL": url, "COOKIE_SECURE": False}).test_client()
    form = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token, "login page without CSRF token"
    client.post(
        "/login",
        data={"username": FUND_USER, "password": FUND_PASSWORD, "csrf_token": token.group(1)},
    )
    return client


def page(client: FlaskClient) -> int:
    """The overview page, whole (charts and table); its size in bytes."""
    answer = client.get("/oversigt")
    assert answer.status_code == 200, answer.status_code
    return len(answer.data)
