"""Corrections reverse entries without touching them; the database itself guards the ledger."""

from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.models import Entry
from app.services.errors import Conflict, DomainError
from app.services.ledger import correct_entry
from app.services.staff import purchase_amount_ore
from reports.cofinancing import cofinancing_report


def _first_municipal_2019_entry(db, plan) -> Entry:  # type: ignore[no-untyped-def]
    return db.scalars(
        select(Entry)
        .where(
            Entry.plan_id == plan.id,
            Entry.year == 2019,
            Entry.kind == "budget",
            Entry.partner_id == plan.municipality_id,
        )
        .order_by(Entry.id)
    ).first()


def test_correction_changes_report_and_keeps_original(client, db, slagelse) -> None:
    original = _first_municipal_2019_entry(db, slagelse)
    old = original.amount_ore
    response = client.post(
        f"/api/entries/{original.id}/corrections",
        json={"reason": "Fejl i lønfordeling", "new_amount": "500.000"},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["reversal"]["amount_ore"] == -old
    assert body["reversal"]["reverses_id"] == original.id
    assert "Fejl i lønfordeling" in body["reversal"]["text"]
    assert body["replacement"]["amount_ore"] == 500_000_00

    db.expire_all()
    assert db.get(Entry, original.id).amount_ore == old  # still stored, unchanged
    table = cofinancing_report(db, slagelse).tables[0]
    row_2019 = next(r for r in table.rows if r.label == "2019")
    assert row_2019.values[2] == 2_638_000_00 - old + 500_000_00
    assert table.total.values[2] == 10_604_000_00 - old + 500_000_00


def test_reversal_without_new_amount_and_no_double_reversal(client, db, slagelse) -> None:
    original = _first_municipal_2019_entry(db, slagelse)
    first = client.post(f"/api/entries/{original.id}/corrections", json={"reason": "Dobbelt"})
    assert first.status_code == 201 and first.get_json()["replacement"] is None
    again = client.post(f"/api/entries/{original.id}/corrections", json={"reason": "Igen"})
    assert again.status_code == 409
    reversal_id = first.get_json()["reversal"]["id"]
    of_reversal = client.post(f"/api/entries/{reversal_id}/corrections", json={"reason": "x"})
    assert of_reversal.status_code == 422


def test_correction_needs_a_reason(db, slagelse) -> None:
    with pytest.raises(DomainError, match="begrundelse"):
        correct_entry(db, _first_municipal_2019_entry(db, slagelse), reason="  ")


def test_service_refuses_double_reversal(db, slagelse) -> None:
    entry = _first_municipal_2019_entry(db, slagelse)
    correct_entry(db, entry, reason="a")
    with pytest.raises(Conflict):
        correct_entry(db, entry, reason="b")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE entries SET amount_ore = 1",
        "DELETE FROM entries",
        "UPDATE staff_purchases SET hours = 1",
        "DELETE FROM staff_allocations",
    ],
)
def test_append_only_tables_refuse_raw_sql(engine, slagelse, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))


def _raw_entry(plan, **overrides) -> dict:  # type: ignore[no-untyped-def]
    values = {
        "plan_id": plan.id,
        "year": 2019,
        "partner_id": plan.municipality_id,
        "kind": "budget",
        "category": "cash",
        "amount_ore": 100,
        "text": "",
        "created_at": "2020-01-01 00:00:00",
        "activity_id": None,
    }
    values.update(overrides)
    return values


INSERT = text(
    "INSERT INTO entries (plan_id, year, partner_id, kind, category, amount_ore, text, created_at,"
    " activity_id) VALUES (:plan_id, :year, :partner_id, :kind, :category, :amount_ore, :text,"
    " :created_at, :activity_id)"
)


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"year": 2030}, "outside the plan period"),
        ({"kind": "forecast"}, None),
        ({"category": "gift"}, None),
        ({"amount_ore": None}, None),
    ],
)
def test_database_checks_behind_the_services(engine, slagelse, overrides, error) -> None:
    with pytest.raises((IntegrityError, DBAPIError), match=error), engine.begin() as conn:
        conn.execute(INSERT, _raw_entry(slagelse, **overrides))


def test_database_refuses_partner_outside_plan_and_foreign_activity(engine, db, slagelse) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO partners (name, kind, created_at) "
                "VALUES ('Fremmed', 'other', '2020-01-01')"
            )
        )
        stranger = conn.execute(text("SELECT id FROM partners WHERE name = 'Fremmed'")).scalar()
        conn.execute(
            text(
                "INSERT INTO plans (slug, name, municipality_id, first_year, last_year, "
                "created_at) VALUES ('other', 'Other', :m, 2017, 2021, '2020-01-01')"
            ),
            {"m": slagelse.municipality_id},
        )
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(INSERT, _raw_entry(slagelse, partner_id=stranger))
    with engine.begin() as conn:
        other = conn.execute(text("SELECT id FROM plans WHERE slug = 'other'")).scalar()
        conn.execute(
            text("INSERT INTO plan_partners (plan_id, partner_id, position) VALUES (:p, :m, 0)"),
            {"p": other, "m": slagelse.municipality_id},
        )
    activity_of_slagelse = slagelse.focus_areas[0].activities[0].id
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(INSERT, _raw_entry(slagelse, plan_id=other, activity_id=activity_of_slagelse))


@pytest.mark.parametrize(
    ("hours", "rate_ore", "expected"),
    [
        ("7.25", 33_333, 241_664),  # 241.664,25 → down
        ("0.5", 1, 1),  # 0,5 øre → up (half away from zero)
        ("0.49", 1, 0),
        ("1296.5", 45_000, 58_342_500),
        ("145.37", 50_000, 7_268_500),
    ],
)
def test_staff_purchase_rounding_rule(hours: str, rate_ore: int, expected: int) -> None:
    assert purchase_amount_ore(Decimal(hours), rate_ore) == expected


def test_seed_books_each_purchase_as_exactly_one_linked_entry(db, slagelse) -> None:
    rows = db.execute(
        text(
            "SELECT sp.amount_ore, e.amount_ore, e.category, sp.payer_id, e.partner_id "
            "FROM staff_purchases sp JOIN entries e ON e.id = sp.entry_id"
        )
    ).all()
    assert len(rows) == 6 * (5 + 3)  # six activities, five budget years and three actual years
    assert all(r[0] == r[1] and r[2] == "staff_purchase" and r[3] == r[4] for r in rows)
