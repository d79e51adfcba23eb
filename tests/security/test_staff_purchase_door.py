"""Frikøb is hours × rate: a bare `staff_purchase` line is refused at every door (issue 12.5).

The API's entries and budget revisions, the grid and the import refuse the category with a
message that points to the frikøb page and endpoint; the import books a frikøb row only with
its hours, rate and supplier (amount = hours × rate), as a staff purchase.
"""

import io

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan, StaffPurchase
from app.services.imports import FIELDS, import_entries
from tests.helpers import snapshot


def _door(slug: str, message: str) -> None:
    assert f"/planer/{slug}/frikoeb" in message and f"/api/plans/{slug}/staff-purchases" in message


def test_api_refuses_a_bare_staff_purchase_entry(client, engine, slagelse: MasterPlan) -> None:
    fund, kommune = slagelse.partners[0].id, slagelse.municipality_id
    before = snapshot(engine)
    answer = client.post(
        f"/api/plans/{slagelse.slug}/entries",
        json={"year": 2019, "partner_id": fund, "kind": "actual",
              "category": "staff_purchase", "amount": "1.000"},
    )  # fmt: skip
    assert answer.status_code == 422, answer.get_json()
    _door(slagelse.slug, answer.get_json()["errors"]["json"]["category"][0])
    revision = client.post(
        f"/api/plans/{slagelse.slug}/budget-revisions",
        json={"reason": "Mere frikøb", "lines": [
            {"year": 2020, "partner_id": kommune, "amount": "1.000", "category": "staff_purchase"}
        ]},
    )  # fmt: skip
    assert revision.status_code == 422, revision.get_json()
    assert "frikoeb" in str(revision.get_json()["errors"])
    assert snapshot(engine) == before


def _csv(*rows: list[str]) -> bytes:
    lines = [";".join(FIELDS), *(";".join(r) for r in rows)]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def _row(amount: str, hours: str = "", rate: str = "", supplier: str = "") -> list[str]:
    return ["slagelse-2017-2021", "2020", "UDD-1", "Landsbyggefonden", "actual",
            "staff_purchase", amount, "Frikøb", "", hours, rate, supplier]  # fmt: skip


def test_import_refuses_a_bare_staff_purchase_row(db: Session, engine, slagelse) -> None:
    before = snapshot(engine)
    result = import_entries(db, _csv(_row("45.000")), commit=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "category")]
    _door(slagelse.slug, result.errors[0].message)
    assert "hours, rate og supplier" in result.errors[0].message
    db.rollback()
    assert snapshot(engine) == before


def test_import_books_a_frikoeb_row_with_hours_rate_and_supplier(db: Session, slagelse) -> None:
    wrong = import_entries(db, _csv(_row("45.001", "100", "450", "Slagelse Kommune")))
    assert [(e.column, e.message) for e in wrong.errors] == [
        ("amount", "Beløbet skal være timer × timepris = 45.000 kr.")
    ]
    before = db.scalar(select(func.count()).select_from(StaffPurchase))
    right = import_entries(db, _csv(_row("45.000", "100", "450", "Slagelse Kommune")), commit=True)
    assert right.ok and right.rows_booked == 1, right.errors
    db.commit()
    purchase = db.scalars(select(StaffPurchase).order_by(StaffPurchase.id.desc())).first()
    assert db.scalar(select(func.count()).select_from(StaffPurchase)) == before + 1
    assert purchase is not None and purchase.hours == 100 and purchase.rate_ore == 450_00
    entry = db.get(Entry, purchase.entry_id)
    assert entry is not None and entry.amount_ore == 45_000_00
    assert entry.category == "staff_purchase" and entry.partner.name == "Landsbyggefonden"


def test_page_import_shows_the_door(client, slagelse) -> None:
    from tests.imports.test_upload_page import token

    page = client.post(
        "/import",
        data={"file": (io.BytesIO(_csv(_row("45.000"))), "f.csv"), "action": "commit",
              "csrf_token": token(client)},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert page.status_code == 422
    assert f"/planer/{slagelse.slug}/frikoeb" in page.get_data(as_text=True)
