"""Issue 17.3: a frikøb is corrected as a whole (hours and/or rate, with a reason) — its entry
reversed and the purchase booked again, linked — and its entry cannot be corrected alone."""

from decimal import Decimal

from sqlalchemy import func, select

from app.models import Entry, Partner, StaffPurchase
from tests.security.users import csrf_token

PLAN = "slagelse-2017-2021"


def _purchase(db, slagelse, year: int = 2020) -> StaffPurchase:  # type: ignore[no-untyped-def]
    return db.scalar(
        select(StaffPurchase)
        .where(StaffPurchase.plan_id == slagelse.id, StaffPurchase.year == year)
        .order_by(StaffPurchase.id)
    )


def _section(package: dict, name: str) -> list[dict]:
    return [t for t in package["tables"] if t["section"] == name]


def test_api_corrects_purchase_and_entry_together(client, db, slagelse) -> None:
    old = _purchase(db, slagelse)
    old_id, old_entry, rate = old.id, old.entry_id, old.rate_ore
    response = client.post(
        f"/api/plans/{PLAN}/staff-purchases/{old_id}/corrections",
        json={"reason": "Timetallet var forkert", "hours": "1.000,5"},
    )
    assert response.status_code == 201, response.get_json()
    new = response.get_json()
    assert Decimal(new["hours"]) == Decimal("1000.5") and new["rate_ore"] == rate
    assert new["amount_ore"] == int(Decimal("1000.5") * rate)
    listed = client.get(f"/api/plans/{PLAN}/staff-purchases?per_page=1000").get_json()
    assert old_id not in {p["id"] for p in listed} and new["id"] in {p["id"] for p in listed}
    reversed_by = client.get(f"/api/entries/{old_entry}").get_json()["reversed_by_id"]
    reversal = client.get(f"/api/entries/{reversed_by}").get_json()
    assert reversal["amount_ore"] == -old.amount_ore and reversal["reverses_id"] == old_entry
    replacement = client.get(f"/api/entries/{new['entry_id']}").get_json()
    assert replacement["replaces_id"] == old_entry
    assert replacement["amount_ore"] == new["amount_ore"]
    assert replacement["category"] == "staff_purchase"

    # The package agrees with itself: section 3's frikøb paid by the fund = section 5's column.
    package = client.get(f"/api/plans/{PLAN}/reports/lbf-package?year=2020&format=json").get_json()
    purchases = _section(package, "3 Frikøb")[0]
    fund = db.scalar(select(Partner.id).where(Partner.name == "Landsbyggefonden"))
    bought = sum(
        p.amount_ore
        for p in db.scalars(
            select(StaffPurchase).where(
                StaffPurchase.plan_id == slagelse.id,
                StaffPurchase.year == 2020,
                StaffPurchase.kind == "budget",
                StaffPurchase.payer_id == fund,
                StaffPurchase.id != old_id,
            )
        )
    )
    assert purchases["total"]["values_ore"][2] == bought
    multi = _section(package, "5 Flerårig oversigt")[0]
    row = {r["label"]: r["values_ore"] for r in multi["rows"]}["2020"]
    assert row[1] == bought


def test_rate_alone_and_refusals(client, db, slagelse) -> None:
    old = _purchase(db, slagelse)
    url = f"/api/plans/{PLAN}/staff-purchases/{old.id}/corrections"
    nothing = client.post(url, json={"reason": "Ingen ændring"})
    assert nothing.status_code == 422
    assert nothing.get_json()["errors"]["json"]["hours"] == [
        "Angiv nye timer og/eller en ny timepris."
    ]
    no_reason = client.post(url, json={"hours": "10"})
    assert no_reason.status_code == 422
    fixed = client.post(url, json={"reason": "Ny timepris", "rate": "450"})
    assert fixed.status_code == 201
    assert fixed.get_json()["rate_ore"] == 45_000
    assert Decimal(fixed.get_json()["hours"]) == old.hours
    again = client.post(url, json={"reason": "Igen", "hours": "5"})
    assert again.status_code == 409  # the old purchase is already corrected
    other = client.post(
        f"/api/plans/{PLAN}/staff-purchases/999999/corrections", json={"reason": "x", "hours": "1"}
    )
    assert other.status_code == 404


def test_direct_correction_of_a_frikob_entry_is_refused(client, db, slagelse) -> None:
    purchase = _purchase(db, slagelse)
    before = db.scalar(select(func.count()).select_from(Entry))
    refused = client.post(
        f"/api/entries/{purchase.entry_id}/corrections",
        json={"reason": "Forkert", "new_amount": "1"},
    )
    assert refused.status_code == 422
    message = refused.get_json()["errors"]["path"]["entry_id"][0]  # the id in the path
    assert f"frikøb {purchase.id}" in message
    assert f"/api/plans/{PLAN}/staff-purchases/{purchase.id}/corrections" in message
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(Entry)) == before


def test_page_corrects_a_frikob(client, db, slagelse) -> None:
    purchase = _purchase(db, slagelse)
    page = client.get(f"/planer/{PLAN}/frikoeb?year=2020").get_data(as_text=True)
    assert f"/planer/{PLAN}/frikoeb/{purchase.id}/ret" in page
    form = client.get(f"/planer/{PLAN}/frikoeb/{purchase.id}/ret")
    assert form.status_code == 200 and f"Ret frikøb {purchase.id}" in form.get_data(as_text=True)
    refused = client.post(
        f"/planer/{PLAN}/frikoeb/{purchase.id}/ret",
        data={"reason": "Ingen ændring", "csrf_token": csrf_token(client)},
    )
    assert refused.status_code == 422
    assert "Angiv nye timer og/eller en ny timepris." in refused.get_data(as_text=True)
    saved = client.post(
        f"/planer/{PLAN}/frikoeb/{purchase.id}/ret",
        data={"reason": "Færre timer", "hours": "12,5", "csrf_token": csrf_token(client)},
    )
    assert saved.status_code == 302
    db.expire_all()
    newest = db.scalar(select(StaffPurchase).order_by(StaffPurchase.id.desc()))
    assert newest.hours == Decimal("12.50") and newest.rate_ore == purchase.rate_ore
    # The entry page's correction of the frikøb's entry is refused, pointing at the purchase.
    entry_page = client.post(
        f"/posteringer/{purchase.entry_id}/ret",
        data={"reason": "Direkte", "new_amount": "1", "csrf_token": csrf_token(client)},
    )
    assert entry_page.status_code == 422
    assert f"frikøb {purchase.id}" in entry_page.get_data(as_text=True)
