"""Closed years, prior-year adjustments, reopening, budget revisions and carry-over."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.models import AuditLog, Entry, Partner
from tests.security.conftest import SLAGELSE


def _partner_id(db, name: str = "Slagelse Kommune") -> int:  # type: ignore[no-untyped-def]
    return db.scalar(select(Partner.id).where(Partner.name == name))


def _entry(db, partner_id: int, year: int, amount: str, kind: str = "budget") -> dict:  # type: ignore[no-untyped-def]
    return {
        "year": year,
        "partner_id": partner_id,
        "kind": kind,
        "category": "cash",
        "amount": amount,
    }


def _follow_up(client) -> dict[str, list]:  # type: ignore[no-untyped-def]
    report = client.get(f"/api/plans/{SLAGELSE}/reports/cofinancing?form=follow-up").get_json()
    table = report["tables"][0]
    assert table["columns"] == [
        "Oprindeligt budget",
        "Korrigeret budget",
        "Regnskab",
        "Afvigelse",
        "Overført",
        "Heraf overført fra året før",
    ]
    return {row["label"]: row["values_ore"] for row in table["rows"]}


def test_a_closed_year_takes_no_entry_and_corrections_go_to_the_next_open_year(
    role_clients, db, engine
) -> None:
    sec, admin = role_clients["secretariat"], role_clients["admin"]
    pid = _partner_id(db)
    entry = sec.post(
        f"/api/plans/{SLAGELSE}/entries", json=_entry(db, pid, 2019, "1.000")
    ).get_json()
    closed = sec.post(f"/api/plans/{SLAGELSE}/years/2019/close", json={"reason": "Sendt til LBF"})
    assert closed.status_code == 201
    assert {y["year"]: y["closed"] for y in closed.get_json()}[2019] is True

    refused = sec.post(f"/api/plans/{SLAGELSE}/entries", json=_entry(db, pid, 2019, "5"))
    assert (
        refused.status_code == 422 and "lukket" in refused.get_json()["errors"]["json"]["year"][0]
    )
    # The database refuses it too, behind the service.
    with pytest.raises((IntegrityError, DBAPIError), match="closed"), engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO entries (plan_id, year, partner_id, kind, category, amount_ore,"
                " text, created_at) SELECT plan_id, 2019, partner_id, 'budget', 'cash', 1, 'x',"
                " created_at FROM entries WHERE id = :id"
            ),
            {"id": entry["id"]},
        )

    focus_area = sec.get(f"/api/plans/{SLAGELSE}/focus-areas").get_json()[0]
    allocation = sec.post(
        f"/api/plans/{SLAGELSE}/staff-allocations",
        json={"year": 2019, "focus_area_id": focus_area["id"], "partner_id": pid, "fte": "1"},
    )
    assert allocation.status_code == 422  # staff rows respect closed years too
    fixed = sec.post(
        f"/api/entries/{entry['id']}/corrections",
        json={"reason": "Beløbet var 900", "new_amount": "900"},
    ).get_json()
    assert fixed["reversal"]["year"] == fixed["replacement"]["year"] == 2020
    assert fixed["reversal"]["reverses_id"] == entry["id"]
    assert fixed["replacement"]["text"].startswith("Efterregulering vedr. 2019")

    # Only an admin reopens, and only with a reason, which is audited.
    assert (
        sec.post(f"/api/plans/{SLAGELSE}/years/2019/reopen", json={"reason": "x"}).status_code
        == 403
    )
    assert admin.post(f"/api/plans/{SLAGELSE}/years/2019/reopen", json={}).status_code == 422
    reopened = admin.post(
        f"/api/plans/{SLAGELSE}/years/2019/reopen", json={"reason": "Revisor fandt fejl"}
    )
    assert reopened.status_code == 200
    row = db.scalar(
        select(AuditLog).where(AuditLog.object_type == "closed_years", AuditLog.action == "delete")
    )
    assert (
        row.reason == "Revisor fandt fejl" and row.actor == "admin" and row.before["year"] == 2019
    )
    assert (
        sec.post(f"/api/plans/{SLAGELSE}/entries", json=_entry(db, pid, 2019, "5")).status_code
        == 201
    )


def test_no_open_year_left_is_a_clear_error(role_clients, db) -> None:
    sec = role_clients["secretariat"]
    entry = sec.post(
        f"/api/plans/{SLAGELSE}/entries", json=_entry(db, _partner_id(db), 2020, "7")
    ).get_json()
    for year in (2020, 2021):
        assert sec.post(f"/api/plans/{SLAGELSE}/years/{year}/close", json={}).status_code == 201
    refused = sec.post(f"/api/entries/{entry['id']}/corrections", json={"reason": "fejl"})
    assert refused.status_code == 422 and "genåbne" in refused.get_json()["message"]


def test_budget_revision_keeps_the_original_and_makes_a_corrected_budget(role_clients, db) -> None:
    sec = role_clients["secretariat"]
    before = _follow_up(sec)
    revision = sec.post(
        f"/api/plans/{SLAGELSE}/budget-revisions",
        json={
            "reason": "Ny aftale med fonden",
            "lines": [
                {"year": 2020, "partner_id": _partner_id(db), "amount": "100.000"},
                {
                    "year": 2021,
                    "partner_id": _partner_id(db, "Landsbyggefonden"),
                    "amount": "-40.000",
                },
            ],
        },
    )
    assert revision.status_code == 201, revision.get_json()
    assert revision.get_json()["number"] == 1 and len(revision.get_json()["entries"]) == 2
    after = _follow_up(sec)
    assert after["2020"][0] == before["2020"][0]  # original budget unchanged
    assert after["2020"][1] == before["2020"][1] + 10_000_000
    assert after["2021"][1] == before["2021"][1] - 4_000_000
    assert sec.get(f"/api/plans/{SLAGELSE}/budget-revisions").get_json()[0]["reason"] == (
        "Ny aftale med fonden"
    )
    assert (
        role_clients["fund"]
        .post(f"/api/plans/{SLAGELSE}/budget-revisions", json={"reason": "x", "lines": []})
        .status_code
        == 403
    )


def test_carry_over_books_unspent_funds_of_a_closed_year_into_the_next(role_clients, db) -> None:
    sec = role_clients["secretariat"]
    pid = _partner_id(db)
    # 2019 has regnskab equal to budget in the seed; 50.000 more budget leaves 50.000 unspent.
    assert (
        sec.post(f"/api/plans/{SLAGELSE}/entries", json=_entry(db, pid, 2019, "50.000")).status_code
        == 201
    )
    early = sec.post(f"/api/plans/{SLAGELSE}/years/2019/carry-over")
    assert early.status_code == 422  # the year must be closed first
    sec.post(f"/api/plans/{SLAGELSE}/years/2019/close", json={})
    before = _follow_up(sec)
    moved = sec.post(f"/api/plans/{SLAGELSE}/years/2019/carry-over")
    assert moved.status_code == 201, moved.get_json()
    assert [(m["partner_id"], m["amount_ore"], m["to_year"]) for m in moved.get_json()] == [
        (pid, 5_000_000, 2020)
    ]
    entry = db.get(Entry, moved.get_json()[0]["entry_id"])
    assert entry.year == 2020 and entry.kind == "budget" and entry.amount_ore == 5_000_000
    after = _follow_up(sec)
    assert after["2019"][4] == 5_000_000  # carried out of 2019
    assert after["2019"][3] == -5_000_000  # regnskab − corrected budget: 50.000 underspent
    assert after["2020"][0] == before["2020"][0]  # original 2020 budget unchanged
    assert after["2020"][1] == before["2020"][1] + 5_000_000
    assert sec.post(f"/api/plans/{SLAGELSE}/years/2019/carry-over").status_code == 409
