"""Budget follow-up rounds through the API and the page: a round's corrections and forecast,
new forecast figures appended (the newest counts, nothing overwritten), later rounds kept out
of an earlier round's table, bad input refused in Danish with nothing stored."""

import io

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.models import Activity, BudgetRound, Forecast, MasterPlan
from tests.reports.conftest import SLUG
from tests.security.users import csrf_token

URL = f"/api/plans/{SLUG}/reports/cofinancing?form=follow-up&year=2023&unit=1000&round="


def _activity(db: Session, code: str) -> int:
    return db.scalar(select(Activity.id).where(Activity.code == code))


def _table(client, number: int) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    table = client.get(URL + str(number)).get_json()["tables"][0]
    return {r["label"][:5]: r["values"] for r in [*table["rows"], table["total"]]}


def test_rounds_forecasts_and_a_second_round_over_the_api(client, db, ballerup) -> None:  # type: ignore[no-untyped-def]
    rounds = client.get(f"/api/plans/{SLUG}/budget-rounds").get_json()
    assert [(r["name"], r["dated"], r["corrections_ore"]) for r in rounds] == [
        ("1. budgetopfølgning 2023", "2023-03-28", -3_123_400_00)
    ]
    a5058 = _activity(db, "50.58")
    new = client.post(f"/api/plans/{SLUG}/forecasts",
                      json={"year": 2023, "number": 1,
                            "forecast": [{"activity_id": a5058, "amount": "620.000"}]})  # fmt: skip
    assert new.status_code == 201, new.get_json()
    assert {f["activity_id"]: f["amount_ore"] for f in new.get_json()["forecast"]}[
        a5058
    ] == 620_000_00
    assert _table(client, 1)["50.58"][4:] == ["620", "-25"]
    assert db.scalar(select(func.count()).select_from(Forecast)) == 3  # appended, not replaced
    with pytest.raises(DBAPIError):
        db.execute(update(Forecast).values(amount_ore=0))
    db.rollback()

    second = client.post(f"/api/plans/{SLUG}/budget-rounds", json={
        "year": 2023, "dated": "2023-08-29", "reason": "Anden budgetopfølgning 2023",
        "corrections": [{"partner_id": ballerup.municipality_id, "activity_id": a5058,
                         "amount": "100.000"}],
        "forecast": [{"activity_id": a5058, "amount": "700.000"}],
    })  # fmt: skip
    assert second.status_code == 201, second.get_json()
    assert second.get_json()["name"] == "2. budgetopfølgning 2023"
    two = _table(client, 2)
    assert two["I alt"][1] == "350.066"  # corrected before round 2 includes round 1
    assert two["50.58"] == ["645", "645", "100", "745", "700", "-45"]
    assert _table(client, 1)["I alt"][1] == "353.190"  # round 2 stays out of round 1


def test_bad_rounds_are_refused_and_store_nothing(client, db, ballerup) -> None:  # type: ignore[no-untyped-def]
    base = {"dated": "2023-05-01", "reason": "Test"}
    outside = client.post(f"/api/plans/{SLUG}/budget-rounds", json={**base, "year": 2030})
    assert outside.status_code == 422
    unknown = client.post(f"/api/plans/{SLUG}/budget-rounds", json={
        **base, "year": 2023, "forecast": [{"activity_id": 999_999, "amount": "1"}]})  # fmt: skip
    assert unknown.status_code == 422 and "aktivitet" in unknown.get_data(as_text=True).lower()
    closed = client.post(f"/api/plans/{SLUG}/budget-rounds", json={
        **base, "year": 2022, "corrections": [{"partner_id": ballerup.municipality_id,
                                               "amount": "5"}]})  # fmt: skip
    assert closed.status_code == 422 and "lukket" in closed.get_data(as_text=True)
    missing = client.post(f"/api/plans/{SLUG}/forecasts",
                          json={"year": 2023, "number": 7, "forecast": [
                              {"activity_id": _activity(db, "50.54"), "amount": "1"}]})  # fmt: skip
    # The round is named in the body: 422 on its field (README "Unknown ids, one rule").
    assert missing.status_code == 422 and missing.get_json()["errors"]["json"]["number"]
    assert db.scalar(select(func.count()).select_from(BudgetRound)) == 1


def test_page_enters_a_round_with_danish_amounts(client, db, ballerup: MasterPlan) -> None:  # type: ignore[no-untyped-def]
    page = f"/planer/{SLUG}/budgetopfoelgning"
    html = client.get(page).get_data(as_text=True)
    assert "1. budgetopfølgning 2023" in html and 'id="grid-form"' in html
    a5054, a5058 = _activity(db, "50.54"), _activity(db, "50.58")
    form = {"csrf_token": csrf_token(client), "year": "2023", "dated": "2023-08-29",
            "reason": "Anden opfølgning", f"k-{a5054}": "-1.000,50", f"p-{a5054}": "350.000.000",
            f"p-{a5058}": "700.000"}  # fmt: skip
    bad = client.post(page, data={**form, f"p-{a5058}": "syv"})
    assert bad.status_code == 422 and "syv" in bad.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(BudgetRound)) == 1
    done = client.post(page, data=form)
    assert done.status_code == 302
    assert _table(client, 2)["50.54"][2] == "-1" and _table(client, 2)["50.58"][4] == "700"
    assert "2. budgetopfølgning 2023" in client.get(page).get_data(as_text=True)


def _import(client, data: bytes, name: str, **fields: str):  # type: ignore[no-untyped-def]
    form = {"year": "2023", "dated": "2023-08-29", "reason": "Anden opfølgning", **fields}
    return client.post(f"/api/plans/{SLUG}/budget-rounds/import",
                       data={**form, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")  # fmt: skip


def test_round_imported_from_csv_and_xlsx(client, db, ballerup) -> None:  # type: ignore[no-untyped-def]
    sheet = ("Aktivitet;Korrektion;Forventet forbrug\n"
             "50.54;-1.000,50;350.000.000\n50.58;;700.000\n")  # fmt: skip
    done = _import(client, sheet.encode(), "runde.csv")
    assert done.status_code == 201, done.get_json()
    assert done.get_json()["name"] == "2. budgetopfølgning 2023"
    assert done.get_json()["corrections_ore"] == -1_000_50
    assert _table(client, 2)["50.54"][2:5] == ["-1", "349.420", "350.000"]
    assert _table(client, 2)["50.58"][4] == "700"

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Aktivitet", "Korrektion", "Forventet forbrug"])
    book.active.append(["50.58", 100000, 746000.5])
    buffer = io.BytesIO()
    book.save(buffer)
    third = _import(client, buffer.getvalue(), "runde.xlsx", dated="2023-10-31")
    assert third.status_code == 201, third.get_json()
    assert _table(client, 3)["50.58"] == ["645", "645", "100", "745", "746", "1"]  # 645,4 + 100
    forecast = {f["activity_id"]: f["amount_ore"] for f in third.get_json()["forecast"]}
    assert forecast[_activity(db, "50.58")] == 746_000_50  # the decimal kept, to the øre


def test_bad_round_files_are_refused_in_danish_and_store_nothing(client, db, ballerup) -> None:  # type: ignore[no-untyped-def]
    before = db.scalar(select(func.count()).select_from(Forecast))
    bad_amount = _import(client, b"Aktivitet;Korrektion;Forventet forbrug\n50.54;syv;\n;1;\n",
                         "runde.csv")  # fmt: skip
    assert bad_amount.status_code == 422
    message = bad_amount.get_json()["errors"]["json"]["file"][0]
    assert message.startswith("Intet er indlæst: række 2: “syv” er ikke et gyldigt beløb")
    assert message.endswith("decimaler); række 3: aktiviteten mangler.")
    no_column = _import(client, b"Aktivitet;Korrektion\n50.54;1\n", "runde.csv")
    assert no_column.status_code == 422
    assert "Filen mangler kolonnen forventet forbrug." in str(no_column.get_json())
    unknown = _import(client, b"Aktivitet;Korrektion;Forventet forbrug\nXX;;5\n", "runde.csv")
    assert unknown.status_code == 422 and "XX" in str(unknown.get_json())
    no_date = _import(client, b"Aktivitet;Korrektion;Forventet forbrug\n", "r.csv", dated="28/8")
    assert no_date.status_code == 422
    assert no_date.get_json()["errors"]["files"]["dated"] == ["Skal være en dato (ÅÅÅÅ-MM-DD)."]
    assert db.scalar(select(func.count()).select_from(BudgetRound)) == 1
    assert db.scalar(select(func.count()).select_from(Forecast)) == before


def test_page_enters_a_round_from_a_file(client, db, ballerup) -> None:  # type: ignore[no-untyped-def]
    page = f"/planer/{SLUG}/budgetopfoelgning"
    assert 'enctype="multipart/form-data"' in client.get(page).get_data(as_text=True)
    form = {"csrf_token": csrf_token(client), "year": "2023", "dated": "2023-08-29",
            "reason": "Anden opfølgning"}  # fmt: skip
    sheet = b"Aktivitet;Korrektion;Forventet forbrug\n50.54;-1.000,50;350.000.000\n50.58;;syv\n"
    bad = client.post(page, data={**form, "file": (io.BytesIO(sheet), "runde.csv")},
                      content_type="multipart/form-data")  # fmt: skip
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="file-error"' in html
    assert "Intet er indlæst: række 3: “syv” er ikke et gyldigt beløb" in html
    both = client.post(page, data={**form, f"p-{_activity(db, '50.58')}": "1",
                                   "file": (io.BytesIO(sheet), "runde.csv")},
                       content_type="multipart/form-data")  # fmt: skip
    assert both.status_code == 422
    assert "Udfyld enten gitteret eller vælg en fil, ikke begge." in both.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(BudgetRound)) == 1
    good = sheet.replace(b"syv", b"700.000")
    done = client.post(page, data={**form, "file": (io.BytesIO(good), "runde.csv")},
                       content_type="multipart/form-data")  # fmt: skip
    assert done.status_code == 302
    assert _table(client, 2)["50.54"][2:5] == ["-1", "349.420", "350.000"]
    assert _table(client, 2)["50.58"][4] == "700"
