"""A small test plan whose shares the tests set exactly: the fund at 80 % of a 2021 budget."""

from typing import Any

import pytest
from flask.testing import FlaskClient

EIGHTY = "fund-80"


def book(client: FlaskClient, slug: str, **line: Any) -> dict[str, Any]:
    body = {"kind": "budget", "category": "cash", **line}
    answer = client.post(f"/api/plans/{slug}/entries", json=body)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


@pytest.fixture
def eighty(client: FlaskClient) -> dict[str, Any]:
    """Plan fund-80 (2020–2022): in 2021 the fund budgets 800.000 kr. and the municipality
    200.000 kr. (fund 80 %, local 20 %) on activity A-1; nothing else is booked."""
    fund = client.post("/api/partners", json={"name": "Testfonden", "kind": "fund"}).get_json()
    town = client.post(
        "/api/partners", json={"name": "Testrup Kommune", "kind": "municipality"}
    ).get_json()
    plan = client.post(
        "/api/plans",
        json={
            "slug": EIGHTY,
            "name": "Helhedsplan med fonden på 80 %",
            "municipality_id": town["id"],
            "first_year": 2020,
            "last_year": 2022,
            "partner_ids": [fund["id"]],
        },
    )
    assert plan.status_code == 201, plan.get_json()
    area = client.post(f"/api/plans/{EIGHTY}/focus-areas", json={"name": "Beskæftigelse"})
    activity = client.post(
        f"/api/plans/{EIGHTY}/focus-areas/{area.get_json()['id']}/activities",
        json={"code": "A-1", "name": "Jobcafé"},
    ).get_json()
    book(client, EIGHTY, year=2021, partner_id=fund["id"], amount="800.000",
         activity_id=activity["id"])  # fmt: skip
    book(client, EIGHTY, year=2021, partner_id=town["id"], amount="200.000",
         activity_id=activity["id"])  # fmt: skip
    return {"fund": fund["id"], "town": town["id"], "activity": activity["id"], "slug": EIGHTY}


def revise_to_75(client: FlaskClient, eighty: dict[str, Any]) -> None:
    """A budget revision through the API: the fund's 2021 budget 200.000 kr. down (75 %)."""
    revision = client.post(
        f"/api/plans/{eighty['slug']}/budget-revisions",
        json={"reason": "Fonden ned til 75 %", "lines": [
            {"year": 2021, "partner_id": eighty["fund"], "amount": "-200.000",
             "activity_id": eighty["activity"]},
        ]},
    )  # fmt: skip
    assert revision.status_code == 201, revision.get_json()


def close_year(client: FlaskClient, slug: str, year: int) -> None:
    answer = client.post(f"/api/plans/{slug}/years/{year}/close", json={"reason": "Sendt"})
    assert answer.status_code == 201, answer.get_json()


@pytest.fixture
def closed_eighty(client: FlaskClient, eighty: dict[str, Any]) -> dict[str, Any]:
    """fund-80 with its minimum local share at 20 %, a regnskab for 2021 and 2021 closed."""
    patched = client.patch(f"/api/plans/{EIGHTY}", json={"min_local_share": "20"})
    assert patched.status_code == 200, patched.get_json()
    for partner, amount in (("fund", "790.000"), ("town", "200.000")):
        book(client, EIGHTY, year=2021, kind="actual", partner_id=eighty[partner],
             amount=amount, activity_id=eighty["activity"])  # fmt: skip
    close_year(client, EIGHTY, 2021)
    return eighty


@pytest.fixture
def auditor(app, eighty: dict[str, Any]) -> FlaskClient:  # type: ignore[no-untyped-def]
    """The revisor of fund-80 (role auditor, assigned the plan)."""
    from app.models import Role
    from tests.security.users import client_for

    return client_for(app, Role.AUDITOR, username="revisor", plans=(EIGHTY,))
