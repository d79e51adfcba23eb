"""Issue 15.1: |amount| ≤ 100.000.000.000 kr. at every door, with one Danish message, and sums
that cannot overflow on either database (issue 15.1, 18.7 >4300 digits)."""

import json
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services.amounts import AMOUNT_LIMIT_MESSAGE, MAX_KRONER
from app.services.imports import import_entries
from tests.badinput.conftest import cell
from tests.badinput.reports import assert_partner_form_matches_rows, render_every_report
from tests.helpers import snapshot, summed_as_migrated
from tests.test_api_bad_input import assert_refused, entry, purchase

ROOT = Path(__file__).resolve().parents[2]
JUST_UNDER_BIGINT_KR = 92233720368547758  # the amount: 9.2 × 10^18 øre

OVER = [
    JUST_UNDER_BIGINT_KR,
    MAX_KRONER + 1,
    -MAX_KRONER - 1,
    "100.000.000.000,01",
    "−100.000.000.001",
    "100000000001",
    "9" * 5000,  # more digits than Python's int() takes from text (4300)
]


@pytest.mark.parametrize("amount", OVER, ids=range(len(OVER)))
def test_api_entry_over_the_bound_is_refused(client, engine, ids, amount) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    response = client.post(f"/api/plans/{ids['plan']}/entries", json=entry(ids, amount=amount))
    assert_refused(response, 422, "amount", AMOUNT_LIMIT_MESSAGE)
    assert snapshot(engine) == before


def test_api_entry_with_a_5000_digit_json_number_is_refused(client, engine, ids) -> None:  # type: ignore[no-untyped-def]
    """Old main: 500 (the JSON parser's int() refuses more than 4300 digits)."""
    before = snapshot(engine)
    body = json.dumps(entry(ids, amount=0)).replace('"amount": 0', '"amount": ' + "9" * 5000)
    response = client.post(
        f"/api/plans/{ids['plan']}/entries", data=body, content_type="application/json"
    )
    assert_refused(response, 422, "amount", AMOUNT_LIMIT_MESSAGE)
    assert snapshot(engine) == before


@pytest.mark.parametrize(
    ("amount", "ore"), [(MAX_KRONER, 10**13), ("-100.000.000.000,00", -(10**13))]
)
def test_api_entry_at_the_bound_is_booked(client, ids, amount, ore: int) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/api/plans/{ids['plan']}/entries", json=entry(ids, amount=amount))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["amount_ore"] == ore


def test_every_other_api_door_uses_the_same_message(client, engine, ids, slagelse) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    plan = ids["plan"]
    bought = client.post(
        f"/api/plans/{plan}/staff-purchases",
        json=purchase(ids, hours="1.000", rate="100.000.000.000"),  # 10^14 kr. in total
    )
    assert_refused(bought, 422, "hours", AMOUNT_LIMIT_MESSAGE)
    rate = client.post(
        f"/api/plans/{plan}/staff-purchases", json=purchase(ids, rate=JUST_UNDER_BIGINT_KR)
    )
    assert_refused(rate, 422, "rate", AMOUNT_LIMIT_MESSAGE)
    framed = client.patch(f"/api/plans/{plan}", json={"frame": "100.000.000.001"})
    assert_refused(framed, 422, "frame", AMOUNT_LIMIT_MESSAGE)
    first = slagelse.participations[0].partner_id
    revision = client.post(
        f"/api/plans/{plan}/budget-revisions",
        json={
            "reason": "Stor",
            "lines": [{"year": 2020, "partner_id": first, "amount": JUST_UNDER_BIGINT_KR}],
        },
    )
    assert revision.status_code == 422
    assert revision.get_json()["errors"]["json"]["lines"]["0"]["amount"] == [AMOUNT_LIMIT_MESSAGE]
    an_entry = client.get(f"/api/plans/{plan}/entries?year=2019").get_json()[0]["id"]
    corrected = client.post(
        f"/api/entries/{an_entry}/corrections",
        json={"reason": "For stor", "new_amount": JUST_UNDER_BIGINT_KR},
    )
    assert_refused(corrected, 422, "new_amount", AMOUNT_LIMIT_MESSAGE)
    assert snapshot(engine) == before


def test_pages_grid_correction_and_frikoeb_use_the_same_message(  # type: ignore[no-untyped-def]
    post, engine, slagelse, grid_path, db
) -> None:
    before = snapshot(engine)
    grid = post(grid_path, {cell(slagelse): "100.000.000.001"})
    assert grid.status_code == 422
    assert AMOUNT_LIMIT_MESSAGE in grid.get_data(as_text=True)
    an_entry = db.scalars(select(Entry.id).where(Entry.plan_id == slagelse.id)).first()
    corrected = post(
        f"/posteringer/{an_entry}/ret", {"reason": "For stor", "new_amount": "9" * 5000}
    )
    assert corrected.status_code == 422
    assert AMOUNT_LIMIT_MESSAGE in corrected.get_data(as_text=True)
    fund = next(p for p in slagelse.partners if p.kind == "fund")
    bought = post(
        f"/planer/{slagelse.slug}/frikoeb?year=2020",
        {
            "supplier_id": slagelse.municipality_id,
            "payer_id": fund.id,
            "activity_id": slagelse.focus_areas[0].activities[0].id,
            "kind": "budget",
            "hours": "1.000",
            "rate": "100.000.000.000",
            "action": "save",
        },
    )
    assert bought.status_code == 422
    assert AMOUNT_LIMIT_MESSAGE in bought.get_data(as_text=True)
    assert snapshot(engine) == before


def test_import_uses_the_same_message(db: Session, slagelse: MasterPlan) -> None:
    header = "plan,year,activity,partner,kind,category,amount,text,external_id\n"
    rows = [
        f"{slagelse.slug},2019,,Slagelse Kommune,budget,cash,{amount},,"
        for amount in ("92233720368547758", "9" * 5000, "100.000.000.001")
    ]
    result = import_entries(db, (header + "\n".join(rows)).encode(), commit=True)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (row, "amount", AMOUNT_LIMIT_MESSAGE) for row in (2, 3, 4)
    ]


def test_openapi_and_readme_state_the_bound(client) -> None:  # type: ignore[no-untyped-def]
    schemas = client.get("/api/openapi.json").get_json()["components"]["schemas"]
    amount = schemas["EntryIn"]["properties"]["amount"]
    integer = next(s for s in amount["oneOf"] if s["type"] == "integer")
    assert (integer["minimum"], integer["maximum"]) == (-MAX_KRONER, MAX_KRONER)
    assert "100.000.000.000" in amount["description"]
    assert "100.000.000.000 kr." in (ROOT / "README.md").read_text(encoding="utf-8")


def _book_around_the_door(db: Session, plan: MasterPlan, amount_ore: int, count: int) -> None:
    """Rows as a database written before the bound could hold them."""
    partner = plan.municipality_id
    db.execute(
        insert(Entry),
        [
            dict(
                plan_id=plan.id,
                year=2020,
                partner_id=partner,
                kind="budget",
                category="cash",
                amount_ore=amount_ore,
                text="Før grænsen",
            )
            for _ in range(count)
        ],
    )
    summed_as_migrated(db)
    db.commit()


def test_sums_beyond_64_bits_render_every_report(db: Session, slagelse: MasterPlan) -> None:
    """Old main on SQLite: the second huge entry made every report fail (integer overflow)."""
    _book_around_the_door(db, slagelse, JUST_UNDER_BIGINT_KR * 100, 2)
    assert render_every_report(db, slagelse) > 0
    assert_partner_form_matches_rows(db, slagelse, "budget")


def test_sums_beyond_64_bits_through_the_api(client, db, slagelse) -> None:  # type: ignore[no-untyped-def]
    _book_around_the_door(db, slagelse, JUST_UNDER_BIGINT_KR * 100, 2)
    for fmt in ("json", "pdf"):
        response = client.get(
            f"/api/plans/{slagelse.slug}/reports/cofinancing?format={fmt}&form=partners"
        )
        assert response.status_code == 200, fmt
    body = client.get(
        f"/api/plans/{slagelse.slug}/reports/cofinancing?format=json&form=partners"
    ).get_json()
    row = next(r for r in body["tables"][0]["rows"] if r["label"] == "2020")
    column = body["tables"][0]["columns"].index("Slagelse Kommune")
    assert row["values_ore"][column] > 2 * JUST_UNDER_BIGINT_KR * 100


def test_many_rows_at_the_bound_sum_exactly(db: Session, slagelse: MasterPlan) -> None:
    """A million rows at the bound would overflow 64 bits; 1,000 rows of 10^16 øre stand in."""
    _book_around_the_door(db, slagelse, 10**16, 1000)
    assert_partner_form_matches_rows(db, slagelse, "budget")
