"""Hostile input: SQL and script injection in every text field, oversized and malformed bodies."""

import pytest
from sqlalchemy import inspect, select

from app.models import Partner
from tests.helpers import snapshot
from tests.security.conftest import SLAGELSE
from tests.security.users import csrf_token

SQL = "x'); DROP TABLE entries; --"
SCRIPT = '<script>alert("xss")</script>'


@pytest.mark.parametrize("payload", [SQL, SCRIPT], ids=["sql", "script"])
def test_injection_in_every_text_field_is_stored_verbatim_and_shown_escaped(
    client, db, engine, slagelse, payload: str
) -> None:
    tables = set(inspect(engine).get_table_names())
    partner = client.post("/api/partners", json={"name": f"P {payload}", "kind": "other"})
    assert partner.status_code == 201 and partner.get_json()["name"] == f"P {payload}"
    municipality = db.scalar(select(Partner.id).where(Partner.name == "Slagelse Kommune"))
    plan = client.post(
        "/api/plans",
        json={
            "slug": "ondsindet",
            "name": f"Plan {payload}",
            "municipality_id": municipality,
            "first_year": 2024,
            "last_year": 2025,
            "partner_ids": [partner.get_json()["id"]],
        },
    )
    assert plan.status_code == 201 and plan.get_json()["name"] == f"Plan {payload}"
    area = client.post("/api/plans/ondsindet/focus-areas", json={"name": f"FA {payload}"})
    assert area.status_code == 201
    activity = client.post(
        f"/api/plans/ondsindet/focus-areas/{area.get_json()['id']}/activities",
        json={"code": f"A{payload}"[:40], "name": f"Akt {payload}"},
    )
    assert activity.status_code == 201
    booked = client.post(
        "/api/plans/ondsindet/entries",
        json={
            "year": 2024,
            "partner_id": partner.get_json()["id"],
            "activity_id": activity.get_json()["id"],
            "kind": "budget",
            "category": "cash",
            "amount": "1.000",
            "text": f"Tekst {payload}",
            "external_id": f"E{payload}",
        },
    )
    assert booked.status_code == 201 and booked.get_json()["text"] == f"Tekst {payload}"
    fixed = client.post(
        f"/api/entries/{booked.get_json()['id']}/corrections", json={"reason": f"Grund {payload}"}
    )
    assert fixed.status_code == 201 and payload in fixed.get_json()["reversal"]["text"]
    closed = client.post("/api/plans/ondsindet/years/2024/close", json={"reason": payload})
    assert closed.get_json()[0]["reason"] == payload
    # Nothing was executed: every table is still there and the injected rows read back as text.
    assert set(inspect(engine).get_table_names()) == tables
    entries = client.get("/api/plans/ondsindet/entries").get_json()
    assert any(e["text"] == f"Tekst {payload}" for e in entries)
    # Pages escape it: the list of plans and the audit page.
    for page in ("/", "/plans/ondsindet/audit"):
        html = client.get(page).get_data(as_text=True)
        assert "<script>alert" not in html
        if payload == SCRIPT and page == "/":
            assert "&lt;script&gt;alert" in html


def test_oversized_bodies_are_refused_with_413(app, client, anon_client, engine, slagelse) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    before = snapshot(engine)
    huge = "x" * (128 * 1024)
    api = client.post(
        f"/api/plans/{SLAGELSE}/entries",
        data=f'{{"text": "{huge}"}}',
        content_type="application/json",
    )
    assert api.status_code == 413
    assert api.get_json()["code"] == 413
    page = anon_client.post(
        "/login",
        data={"username": huge, "password": "x", "csrf_token": csrf_token(anon_client)},
    )
    assert page.status_code == 413
    upload = client.post(
        f"/api/plans/{SLAGELSE}/entries",
        data={"file": (__import__("io").BytesIO(huge.encode()), "stor.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 413
    assert snapshot(engine) == before


@pytest.mark.parametrize("body", ['{"year": 2019,', "{'year': 2019}", "not json", "\x00\xff"])
def test_malformed_json_is_refused_with_400(client, engine, slagelse, body: str) -> None:
    before = snapshot(engine)
    response = client.post(
        f"/api/plans/{SLAGELSE}/entries", data=body, content_type="application/json"
    )
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["code"] == 400
    assert snapshot(engine) == before
