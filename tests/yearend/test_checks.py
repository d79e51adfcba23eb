"""Rule checks (issue 10.1): each code on real figures, the API, the CLI and closing refused."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import AuditLog, ClosedYear, Entry, MasterPlan
from tests.helpers import summed_as_migrated
from tests.yearend.conftest import book, revise_to_75

SLAGELSE = "slagelse-2017-2021"
LEDGER = str(Path(sys.executable).with_name("ledger"))


def checks(client: FlaskClient, slug: str, year: int | None = None) -> dict[str, Any]:
    answer = client.get(f"/api/plans/{slug}/checks" + (f"?year={year}" if year else ""))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def codes(answer: dict[str, Any]) -> list[tuple[str, str, int | None]]:
    return [(c["code"], c["severity"], c["year"]) for c in answer["checks"]]


def test_slagelse_passes_every_check(client: FlaskClient, slagelse: MasterPlan) -> None:
    whole = checks(client, SLAGELSE)
    assert whole["checks"] == [] and whole["errors"] == 0
    # 25.000.000 kr. of 44.450.000 kr. is the fund's: local 43,75 % → 43,8 %.
    assert (whole["local_share"], whole["fund_share"], whole["min_local_share"]) == (
        "43.8", "56.2", "25.0",
    )  # fmt: skip
    page = client.get(f"/planer/{SLAGELSE}/rapport").get_data(as_text=True)
    assert 'id="local-share">43,8 %' in page and "Alle kontroller er i orden." in page
    plan_page = client.get(f"/planer/{SLAGELSE}").get_data(as_text=True)
    assert "Kontroller" in plan_page and "43,8 %" in plan_page


def test_fund_at_80_fails_and_its_year_closes_after_a_revision_to_75(
    client: FlaskClient, eighty: dict[str, Any], db: Session
) -> None:
    slug = eighty["slug"]
    found = checks(client, slug, 2021)
    assert (found["local_share"], found["fund_share"]) == ("20.0", "80.0")
    assert ("local_cofinancing_min", "error", None) in codes(found)
    assert ("fund_share_max", "error", None) in codes(found)
    assert ("local_cofinancing_min", "warning", 2021) in codes(found)  # the year's share
    message = next(c["message"] for c in found["checks"] if c["code"] == "local_cofinancing_min")
    assert message == (
        "Den lokale medfinansiering i perioden 2020–2022 er 20,0 % (200.000 kr. af "
        "1.000.000 kr.); planens minimum er 25,0 %."
    )

    refused = client.post(f"/api/plans/{slug}/years/2021/close", json={"reason": "Sendt"})
    assert refused.status_code == 409, refused.get_json()
    assert message in refused.get_json()["errors"]["path"]["year"][0]  # the year is in the URL
    page = client.post(
        f"/planer/{slug}/aar/2021/luk", data={"reason": "Sendt", "csrf_token": _csrf(client, slug)}
    )
    assert page.status_code in (409, 422) and message in page.get_data(as_text=True)
    assert db.scalar(select(ClosedYear).where(ClosedYear.year == 2021)) is None

    revise_to_75(client, eighty)
    after = checks(client, slug, 2021)
    assert (after["local_share"], after["fund_share"], after["errors"]) == ("25.0", "75.0", 0)
    closed = client.post(f"/api/plans/{slug}/years/2021/close", json={"reason": "Sendt"})
    assert closed.status_code == 201, closed.get_json()


def test_the_minimum_share_and_thresholds_are_the_plans_own(
    client: FlaskClient, eighty: dict[str, Any]
) -> None:
    slug = eighty["slug"]
    patched = client.patch(
        f"/api/plans/{slug}",
        json={"min_local_share": "20", "variance_pct": "12,5", "variance_amount": "10.000"},
    )
    assert patched.status_code == 200, patched.get_json()
    body = patched.get_json()
    assert (body["min_local_share"], body["variance_pct"], body["variance_amount_ore"]) == (
        "20.00", "12.50", 1_000_000,
    )  # fmt: skip
    assert checks(client, slug)["errors"] == 0  # 20 % local is enough now
    for value, field in (("100,5", "min_local_share"), ("-1", "variance_pct")):
        bad = client.patch(f"/api/plans/{slug}", json={field: value})
        assert bad.status_code == 422, bad.get_json()
        assert bad.get_json()["errors"]["json"][field]
    # The plan page edits them too, with the message beside the field.
    page = client.post(
        f"/planer/{slug}",
        data={"min_local_share": "30", "csrf_token": _csrf(client, slug)},
    )
    assert page.status_code == 302
    assert checks(client, slug)["min_local_share"] == "30.0"
    refused = client.post(
        f"/planer/{slug}", data={"min_local_share": "abc", "csrf_token": _csrf(client, slug)}
    )
    assert refused.status_code == 422 and 'id="min_local_share-error"' in refused.get_data(
        as_text=True
    )


def _csrf(client: FlaskClient, slug: str) -> str:
    import re

    page = client.get(f"/planer/{slug}").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)


def test_frame_commitment_and_municipality(
    client: FlaskClient, eighty: dict[str, Any], db: Session
) -> None:
    slug = eighty["slug"]
    client.patch(f"/api/plans/{slug}", json={"frame": "900.000", "min_local_share": "0"})
    found = checks(client, slug)
    frame = next(c for c in found["checks"] if c["code"] == "frame_exceeded")
    assert frame["severity"] == "warning" and frame["data"] == {
        "total_ore": 100_000_000, "frame_ore": 90_000_000,
    }  # fmt: skip
    assert "1.000.000 kr. overstiger planens ramme 900.000 kr. med 100.000 kr." in frame["message"]

    put = client.put(
        f"/api/plans/{slug}/commitments/{eighty['fund']}", json={"amount": "750.000"}
    )
    assert put.status_code == 200 and put.get_json()["amount_ore"] == 75_000_000
    not_fund = client.put(f"/api/plans/{slug}/commitments/{eighty['town']}", json={"amount": 1})
    assert not_fund.status_code == 422
    assert client.get(f"/api/plans/{slug}/commitments").get_json() == [put.get_json()]
    found = checks(client, slug)
    commitment = next(c for c in found["checks"] if c["code"] == "commitment_exceeded")
    assert commitment["message"] == (
        "Testfondens budget 800.000 kr. overstiger tilsagnet 750.000 kr. med 50.000 kr."
    )
    # The page sets it too; a blank amount removes it.
    page = client.post(
        f"/planer/{slug}/tilsagn",
        data={"partner_id": eighty["fund"], "amount": "", "csrf_token": _csrf(client, slug)},
    )
    assert page.status_code == 302
    assert "commitment_exceeded" not in [c["code"] for c in checks(client, slug)["checks"]]
    assert db.scalar(select(AuditLog.id).where(AuditLog.object_type == "grant_commitments"))

    # 2022: a budget, but only from the fund.
    book(client, slug, year=2022, partner_id=eighty["fund"], amount="10.000")
    year = checks(client, slug, 2022)
    missing = [c for c in year["checks"] if c["code"] == "municipality_missing"]
    assert [(c["severity"], c["year"]) for c in missing] == [("warning", 2022)]
    assert "ingen medfinansiering fra Testrup Kommune" in missing[0]["message"]


def test_variance_over_both_thresholds_is_an_error(
    client: FlaskClient, eighty: dict[str, Any]
) -> None:
    slug, activity = eighty["slug"], eighty["activity"]
    client.patch(f"/api/plans/{slug}", json={"min_local_share": "0"})
    # Budget 1.000.000; regnskab 1.060.000: 6 % and 60.000 kr. → only the amount exceeded.
    book(client, slug, year=2021, partner_id=eighty["fund"], kind="actual", amount="860.000",
         activity_id=activity)  # fmt: skip
    book(client, slug, year=2021, partner_id=eighty["town"], kind="actual", amount="200.000",
         activity_id=activity)  # fmt: skip
    assert checks(client, slug, 2021)["checks"] == []
    # +50.000 more: 11 %, 110.000 kr. → both exceeded.
    book(client, slug, year=2021, partner_id=eighty["town"], kind="actual", amount="50.000",
         activity_id=activity)  # fmt: skip
    found = checks(client, slug, 2021)
    assert codes(found) == [("variance_unexplained", "error", 2021)]
    assert found["checks"][0]["message"] == (
        "A-1 Jobcafé 2021: regnskab 1.110.000 kr. mod korrigeret budget 1.000.000 kr., "
        "afvigelse +110.000 kr. (+11,0 %) over tærsklerne 10,0 % og 50.000 kr. uden forklaring."
    )
    refused = client.post(f"/api/plans/{slug}/years/2021/close", json={"reason": "Sendt"})
    assert refused.status_code == 409 and "uden forklaring" in str(refused.get_json())


def test_old_staff_purchase_rows_without_hours_are_flagged(
    client: FlaskClient, slagelse: MasterPlan, db: Session, engine: Any
) -> None:
    """A staff_purchase entry booked directly (before the door refused it) is a warning."""
    fund = slagelse.partners[0].id
    activity = slagelse.focus_areas[0].activities[0].id
    with engine.begin() as conn:
        conn.execute(
            insert(Entry).values(
                plan_id=slagelse.id, year=2020, partner_id=fund, activity_id=activity,
                kind="budget", category="staff_purchase", amount_ore=4_500_000, text="Gammel",
            )
        )  # fmt: skip
        summed_as_migrated(conn)
    found = checks(client, SLAGELSE, 2020)
    assert [(c["code"], c["severity"]) for c in found["checks"]] == [
        ("frame_exceeded", "warning"),  # Slagelse's budget is exactly its frame
        ("staff_purchase_without_hours", "warning"),
    ]
    message = found["checks"][1]["message"]
    assert "KRIM-1" in message and "forskellen 45.000 kr. har ingen timer bag sig" in message
    # A warning does not stop closing.
    closed = client.post(f"/api/plans/{SLAGELSE}/years/2020/close", json={"reason": "Sendt"})
    assert closed.status_code == 201, closed.get_json()


def test_unknown_year_is_refused(client: FlaskClient, slagelse: MasterPlan) -> None:
    answer = client.get(f"/api/plans/{SLAGELSE}/checks?year=2030")
    assert answer.status_code == 422
    assert "uden for planens periode" in str(answer.get_json())


def test_cli_check_exits_1_on_an_error(
    client: FlaskClient, eighty: dict[str, Any], db_url: str
) -> None:
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url}
    run = [LEDGER, "check", "--plan", eighty["slug"]]
    text = subprocess.run([*run, "--year", "2021"], env=env, capture_output=True, text=True)
    assert text.returncode == 1, text.stderr
    assert "FEJL [local_cofinancing_min]" in text.stdout and "20,0 %" in text.stdout
    data = subprocess.run([*run, "--format", "json"], env=env, capture_output=True, text=True)
    assert data.returncode == 1
    assert json.loads(data.stdout)["local_share"] == "20.0"
    client.patch(f"/api/plans/{eighty['slug']}", json={"min_local_share": "20"})
    ok = subprocess.run(run, env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and "Alle kontroller er i orden." in ok.stdout
