"""The audit trail: every write names who, when, what (before/after) and why; append-only."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.models import AuditLog, Partner
from app.services.users import create_user
from tests.security.conftest import SLAGELSE


def _partner_id(db, name: str = "Slagelse Kommune") -> int:  # type: ignore[no-untyped-def]
    return db.scalar(select(Partner.id).where(Partner.name == name))


def test_entry_and_correction_are_audited_with_who_what_and_why(role_clients, db) -> None:
    client = role_clients["secretariat"]
    booked = client.post(
        f"/api/plans/{SLAGELSE}/entries",
        json={
            "year": 2020,
            "partner_id": _partner_id(db),
            "kind": "budget",
            "category": "cash",
            "amount": "12.345,67",
            "text": "Lektiecafé",
        },
    )
    assert booked.status_code == 201, booked.get_json()
    entry = booked.get_json()
    assert entry["created_by"] == "sekretariat"
    fixed = client.post(
        f"/api/entries/{entry['id']}/corrections",
        json={"reason": "Fejl i bilag 17", "new_amount": "12.000"},
    )
    assert fixed.status_code == 201

    trail = client.get(f"/api/plans/{SLAGELSE}/audit?limit=10").get_json()
    created = next(
        r for r in trail if r["object_type"] == "entries" and r["object_id"] == str(entry["id"])
    )
    assert created["actor"] == "sekretariat" and created["action"] == "create"
    assert created["before"] is None and created["after"]["amount_ore"] == 1_234_567
    corrections = [r for r in trail if r["reason"] == "Fejl i bilag 17"]
    assert sorted(r["after"]["amount_ore"] for r in corrections) == [-1_234_567, 1_200_000]
    assert all(r["actor"] == "sekretariat" for r in corrections)

    page = client.get(f"/plans/{SLAGELSE}/audit").get_data(as_text=True)
    assert "Fejl i bilag 17" in page and "sekretariat" in page


def test_a_refused_request_leaves_no_audit_row(role_clients, db) -> None:
    before = db.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1))
    response = role_clients["admin"].post(
        f"/api/plans/{SLAGELSE}/entries",
        json={
            "year": 2020,
            "partner_id": 999999,
            "kind": "budget",
            "category": "cash",
            "amount": "1",
        },
    )
    assert response.status_code == 422
    db.expire_all()
    assert db.scalar(select(AuditLog.id).order_by(AuditLog.id.desc()).limit(1)) == before


def test_users_and_tokens_are_audited_without_secrets(role_clients, db) -> None:
    user = create_user(db, username="ny", password="gul-lampe-sover-2026", role="fund")
    db.commit()
    rows = db.scalars(select(AuditLog).where(AuditLog.object_type == "users")).all()
    mine = next(r for r in rows if r.object_id == str(user.id))
    assert mine.after["username"] == "ny" and "password_hash" not in mine.after
    tokens = db.scalars(select(AuditLog).where(AuditLog.object_type == "api_tokens")).all()
    assert tokens and all("token_hash" not in (r.after or {}) for r in tokens)
    trail = role_clients["admin"].get("/api/audit?limit=1000").get_json()
    assert any(r["object_type"] == "users" and r["after"]["username"] == "ny" for r in trail)


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log"],
)
def test_audit_rows_are_append_only_in_the_database(engine, slagelse, statement: str) -> None:
    with engine.connect() as conn:
        count = conn.execute(text("SELECT count(*) FROM audit_log")).scalar()
    assert count > 0  # the seed was audited
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == count


def test_staff_partner_and_plan_writes_are_audited(role_clients, db) -> None:
    admin = role_clients["admin"]
    ids = {p.name: p.id for p in db.scalars(select(Partner))}
    activity = admin.get(f"/api/plans/{SLAGELSE}/activities").get_json()[0]
    focus_area = admin.get(f"/api/plans/{SLAGELSE}/focus-areas").get_json()[0]
    bought = admin.post(
        f"/api/plans/{SLAGELSE}/staff-purchases",
        json={
            "year": 2020,
            "activity_id": activity["id"],
            "supplier_id": ids["Slagelse Kommune"],
            "payer_id": ids["Landsbyggefonden"],
            "hours": "10",
            "rate": "500",
        },
    )
    assert bought.status_code == 201
    allocated = admin.post(
        f"/api/plans/{SLAGELSE}/staff-allocations",
        json={
            "year": 2020,
            "focus_area_id": focus_area["id"],
            "partner_id": ids["Slagelse Kommune"],
            "fte": "1,5",
        },
    )
    assert allocated.status_code == 201
    partner = admin.post("/api/partners", json={"name": "Ny Forening", "kind": "other"})
    assert partner.status_code == 201
    trail = admin.get("/api/audit?limit=20").get_json()
    by_type = {(r["object_type"], r["actor"]) for r in trail}
    assert {
        ("staff_purchases", "admin"),
        ("entries", "admin"),
        ("staff_allocations", "admin"),
        ("partners", "admin"),
    } <= by_type
    purchase = next(r for r in trail if r["object_type"] == "staff_purchases")
    assert purchase["after"]["amount_ore"] == 500_000 and purchase["plan_id"] is not None
