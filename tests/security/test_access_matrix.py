"""Every registered URL rule, every method, every role: exactly what the matrix says.

The expectations are written out here per role, independently of app.services.access, and
checked against real requests with real view args (the Slagelse plan, one of its entries...).
"""

import re

import pytest
from sqlalchemy import select

from app.models import Activity, Entry, FocusArea, MasterPlan, Partner, StaffPurchase
from app.security.policy import POLICY, Need, need_for
from app.services.users import create_token, create_user, get_user
from tests.security.conftest import NAESTVED, SLAGELSE
from tests.security.users import client_for, csrf_token

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Role → (need → status when refused, or None when allowed), for the Slagelse plan.
DENIED_401 = 401
# READ_PARTNER and MUNICIPALITY are asked about Slagelse Kommune (the view args' partner_id);
# the overviews answer 404 to whoever may not see them (no hint that they exist). SIGN_OFF is
# the plan's own auditor's alone: not even an admin signs off in a revisor's name.
EXPECTED = {
    "admin": {
        Need.USER: None,
        Need.READ_PLAN: None,
        Need.WRITE_PLAN: None,
        Need.ADMIN: None,
        Need.WRITER: None,
        Need.READ_PARTNER: None,
        Need.OVERVIEW: None,
        Need.MUNICIPALITY: None,
        Need.SIGN_OFF: 403,
    },
    "secretariat": {
        Need.USER: None,
        Need.READ_PLAN: None,
        Need.WRITE_PLAN: None,
        Need.ADMIN: 403,
        Need.WRITER: None,
        Need.READ_PARTNER: 403,
        Need.OVERVIEW: 404,
        Need.MUNICIPALITY: 404,
        Need.SIGN_OFF: 403,
    },
    "partner": {
        Need.USER: None,
        Need.READ_PLAN: None,
        Need.WRITE_PLAN: 403,
        Need.ADMIN: 403,
        Need.WRITER: 403,
        Need.READ_PARTNER: None,
        Need.OVERVIEW: 404,
        Need.MUNICIPALITY: None,
        Need.SIGN_OFF: 403,
    },
    "neighbour": {
        Need.USER: None,
        Need.READ_PLAN: 404,
        Need.WRITE_PLAN: 404,
        Need.ADMIN: 403,
        Need.WRITER: 403,
        Need.READ_PARTNER: 403,
        Need.OVERVIEW: 404,
        Need.MUNICIPALITY: 404,
        Need.SIGN_OFF: 404,
    },
    "fund": {
        Need.USER: None,
        Need.READ_PLAN: None,
        Need.WRITE_PLAN: 403,
        Need.ADMIN: 403,
        Need.WRITER: 403,
        Need.READ_PARTNER: None,
        Need.OVERVIEW: None,
        Need.MUNICIPALITY: None,
        Need.SIGN_OFF: 403,
    },
    # The revisor of Slagelse's plan: reads it, writes nothing but its sign-offs.
    "auditor": {
        Need.USER: None,
        Need.READ_PLAN: None,
        Need.WRITE_PLAN: 403,
        Need.ADMIN: 403,
        Need.WRITER: 403,
        Need.READ_PARTNER: 403,
        Need.OVERVIEW: 404,
        Need.MUNICIPALITY: 404,
        Need.SIGN_OFF: None,
    },
    "anonymous": {n: DENIED_401 for n in Need if n is not Need.PUBLIC},
}


def _rules(app):  # type: ignore[no-untyped-def]
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def test_every_route_is_in_the_policy_and_nothing_else(app) -> None:
    missing = [
        f"{method} {rule.rule} ({rule.endpoint})"
        for rule, method in _rules(app)
        if need_for(rule.endpoint, method) is None
    ]
    assert missing == [], "add these endpoints to app/security/policy.py POLICY"
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(POLICY) - endpoints == set(), "stale endpoints in POLICY"


def test_an_endpoint_missing_from_the_policy_is_denied(db_url: str) -> None:
    from app import create_app

    app = create_app({"DATABASE_URL": db_url, "TESTING": True})

    @app.get("/api/unlisted")
    def unlisted():  # type: ignore[no-untyped-def]
        return {"secret": True}

    @app.get("/unlisted-page")
    def unlisted_page():  # type: ignore[no-untyped-def]
        return "secret"

    admin = client_for(app, "admin")
    assert admin.get("/api/unlisted").status_code == 403
    assert admin.get("/unlisted-page").status_code == 403
    assert app.test_client().get("/api/unlisted").status_code == 401
    app.extensions["ledger.engine"].dispose()


# The user each role's client logs in as (tests/security/conftest.py, role_clients).
USERNAMES = {"admin": "admin", "secretariat": "sekretariat", "partner": "slagelse",
             "neighbour": "naestved", "fund": "fond", "auditor": "revisor"}  # fmt: skip


def _view_args(db, role: str = "anonymous") -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Objects that exist; `token_id` is a spare token of the role's own user (revoking it
    must not log the client out), `user_id` a user of its own that an admin may change."""
    plan = db.scalar(select(MasterPlan).where(MasterPlan.slug == SLAGELSE))
    target = create_user(db, username=f"maal-{role}", password="gul-lampe-sover-2026", role="fund")
    owner = get_user(db, USERNAMES.get(role, target.username))
    token_id = create_token(db, owner, "matrix").token.id
    db.commit()
    return {
        "user_id": str(target.id),
        "token_id": str(token_id),
        "plan_ref": SLAGELSE,
        "entry_id": str(db.scalar(select(Entry.id).where(Entry.plan_id == plan.id).limit(1))),
        "focus_area_id": str(
            db.scalar(select(FocusArea.id).where(FocusArea.plan_id == plan.id).limit(1))
        ),
        "activity_id": str(
            db.scalar(select(Activity.id).where(Activity.plan_id == plan.id).limit(1))
        ),
        "slug": SLAGELSE,
        "partner_id": str(db.scalar(select(Partner.id).where(Partner.name == "Slagelse Kommune"))),
        "year": "2019",
        "purchase_id": str(
            db.scalar(select(StaffPurchase.id).where(StaffPurchase.plan_id == plan.id).limit(1))
        ),
        "filename": "app.css",
    }


def _url(rule, args: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: args[m.group(1)], rule.rule)


def _request(client, method: str, url: str):  # type: ignore[no-untyped-def]
    if url.startswith("/api"):
        return client.open(url, method=method, json={} if method != "GET" else None)
    data = {"csrf_token": csrf_token(client)} if method != "GET" else None
    return client.open(url, method=method, data=data)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_gets_exactly_what_the_matrix_says(app, db, role_clients, role) -> None:
    client = role_clients[role]
    args = _view_args(db, role)
    # Logging out ends the session, so it goes last.
    rules = sorted(_rules(app), key=lambda rm: rm[0].endpoint == "access.logout")
    failures = []
    for rule, method in rules:
        need = need_for(rule.endpoint, method)
        url = _url(rule, args)
        response = _request(client, method, url)
        status = response.status_code
        to_login = status == 302 and "/login?next=" in response.headers.get("Location", "")
        if need is Need.PUBLIC:
            ok = status not in (401, 403) and not to_login
        else:
            refused = EXPECTED[role][need]
            if refused is None:
                ok = status not in (401, 403, 404) and not to_login
            elif refused == 401 and not url.startswith("/api") and method == "GET":
                ok = to_login  # pages send the anonymous to the login page
            else:
                ok = status == refused
        if not ok:
            failures.append(f"{role} {method} {url} [{need}] -> {status}")
    assert failures == []


def test_lists_show_only_the_plans_a_user_may_read(role_clients) -> None:
    def slugs(role: str) -> set[str]:
        response = role_clients[role].get("/api/plans")
        assert response.status_code == 200
        return {plan["slug"] for plan in response.get_json()}

    assert slugs("admin") == {SLAGELSE, NAESTVED}
    assert slugs("fund") == {SLAGELSE, NAESTVED}
    assert slugs("secretariat") == {SLAGELSE}
    assert slugs("partner") == {SLAGELSE}  # Slagelse Kommune sees its plan...
    assert slugs("neighbour") == {NAESTVED}  # ...and Næstved Kommune only its own
    assert slugs("auditor") == {SLAGELSE}  # the revisor the plans it is assigned
    page = role_clients["neighbour"].get("/").get_data(as_text=True)
    assert "Næstved" in page and "Slagelse" not in page


def test_an_entry_of_another_plan_is_not_found(role_clients, db) -> None:
    entry_id = db.scalar(select(Entry.id).limit(1))
    assert role_clients["neighbour"].get(f"/api/entries/{entry_id}").status_code == 404
    assert role_clients["partner"].get(f"/api/entries/{entry_id}").status_code == 200
    refused = role_clients["partner"].post(
        f"/api/entries/{entry_id}/corrections", json={"reason": "forsøg"}
    )
    assert refused.status_code == 403


def test_only_an_admin_brings_another_municipality_into_a_plan(role_clients, db) -> None:
    """Issue 18.2: a secretariat cannot make its plan count in a neighbour's figures."""
    naestved = db.scalar(select(Partner).where(Partner.name == "Næstved Kommune"))
    secretariat, admin = role_clients["secretariat"], role_clients["admin"]
    url = f"/api/plans/{SLAGELSE}/partners"
    refused = secretariat.post(url, json={"partner_id": naestved.id})
    assert refused.status_code == 403, refused.get_json()
    assert "Kun en administrator" in str(refused.get_json()["errors"])
    page = secretariat.post(
        f"/planer/{SLAGELSE}/partnere",
        data={"partner_id": naestved.id, "csrf_token": csrf_token(secretariat)},
    )
    assert page.status_code == 422 and "Kun en administrator" in page.get_data(as_text=True)
    offered = secretariat.get(f"/planer/{SLAGELSE}").get_data(as_text=True)
    assert "Næstved Kommune" not in offered  # not even offered on the page
    assert admin.get(f"/planer/{SLAGELSE}").get_data(as_text=True).count("Næstved Kommune") == 1
    # Nothing joined: Næstved's users still cannot see the plan, nor its council answer count it.
    neighbour = role_clients["neighbour"]
    assert neighbour.get(f"/api/plans/{SLAGELSE}").status_code == 404
    council = neighbour.get(f"/api/partners/{naestved.id}/reports/council?format=json")
    assert council.status_code == 200 and SLAGELSE not in council.get_data(as_text=True)
    # A housing organisation is the secretariat's to add; another municipality an admin's.
    housing = secretariat.post("/api/partners", json={"name": "x", "kind": "housing_org"})
    assert housing.status_code == 403  # (creating partners is an admin's, as ever)
    made = admin.post("/api/partners", json={"name": "Boligselskabet Vest", "kind": "housing_org"})
    assert secretariat.post(url, json={"partner_id": made.get_json()["id"]}).status_code == 201
    assert admin.post(url, json={"partner_id": naestved.id}).status_code == 201
    assert neighbour.get(f"/api/plans/{SLAGELSE}").status_code == 200


def test_the_auditor_signs_off_its_plans_year_and_books_nothing(role_clients, db) -> None:
    """Issue 10.4: the revisor may sign off its plan's closed year, may not book, and does
    not see another plan."""
    auditor, admin = role_clients["auditor"], role_clients["admin"]
    closed = admin.post(f"/api/plans/{SLAGELSE}/years/2019/close", json={"reason": "Sendt"})
    assert closed.status_code == 201, closed.get_json()
    url = f"/api/plans/{SLAGELSE}/years/2019/sign-offs"
    code = auditor.get(url).get_json()["kontroltal"]
    signed = auditor.post(url, json={"kontroltal": code})
    assert signed.status_code == 201 and signed.get_json()["valid"] is True
    partner_id = db.scalar(select(Partner.id).where(Partner.name == "Slagelse Kommune"))
    booking = {"year": 2021, "kind": "budget", "category": "cash", "partner_id": partner_id,
               "amount": "1.000"}  # fmt: skip
    assert auditor.post(f"/api/plans/{SLAGELSE}/entries", json=booking).status_code == 403
    assert auditor.get(f"/api/plans/{NAESTVED}").status_code == 404
    assert auditor.get(f"/api/plans/{NAESTVED}/years/2022/sign-offs").status_code == 404
    assert role_clients["neighbour"].get(url).status_code == 404
