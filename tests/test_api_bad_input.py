"""Bad input gets a clear message per field, in one JSON shape, and the database is unchanged."""

import pytest

from tests.helpers import snapshot


@pytest.fixture
def ids(slagelse):  # type: ignore[no-untyped-def]
    partners = {p.name: p.id for p in slagelse.partners}
    activities = {a.code: a.id for fa in slagelse.focus_areas for a in fa.activities}
    return {"plan": slagelse.slug, **partners, **activities}


def entry(ids, **overrides):  # type: ignore[no-untyped-def]
    body = {
        "year": 2019,
        "partner_id": ids["Slagelse Kommune"],
        "activity_id": ids["UDD-2"],
        "kind": "budget",
        "category": "staff_cofinancing",
        "amount": "10.000",
        "text": "test",
    }
    body.update(overrides)
    return body


def purchase(ids, **overrides):  # type: ignore[no-untyped-def]
    body = {
        "year": 2019,
        "activity_id": ids["UDD-2"],
        "supplier_id": ids["Slagelse Kommune"],
        "payer_id": ids["Landsbyggefonden"],
        "hours": "10",
        "rate": "500",
    }
    body.update(overrides)
    return body


def assert_refused(response, status: int, field: str, words: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status, response.get_json()
    payload = response.get_json()
    assert set(payload) >= {"code", "status", "message", "errors"}
    assert payload["code"] == status
    messages = payload["errors"]["json"][field]
    assert any(words in message for message in messages), messages


CASES = [
    ("negative hours", "staff-purchases", {"hours": "-5"}, 422, "hours", "større end 0"),
    ("zero rate", "staff-purchases", {"rate": "0"}, 422, "rate", "større end 0"),
    ("unknown partner", "entries", {"partner_id": 9999}, 422, "partner_id", "med id 9999"),
    ("year outside period", "entries", {"year": 2022}, 422, "year", "uden for planens periode"),
    ("float amount", "entries", {"amount": 1225.5}, 422, "amount", "float"),
    (
        "malformed amount",
        "entries",
        {"amount": "1.225,5.0"},
        422,
        "amount",
        "ikke et gyldigt beløb",
    ),
    (
        "english grouping",
        "entries",
        {"amount": "1,225,000"},
        422,
        "amount",
        "ikke et gyldigt beløb",
    ),
    ("unknown activity", "entries", {"activity_id": 9999}, 422, "activity_id", "med id 9999"),
    ("unknown category", "entries", {"category": "gift"}, 422, "category", "Skal være en af"),
    ("float year", "entries", {"year": 2019.0}, 422, "year", "helt tal"),
    ("unknown field", "entries", {"amout": "5"}, 422, "amout", "Ukendt felt"),
]


@pytest.mark.parametrize(
    ("what", "path", "override", "status", "field", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_refused_and_nothing_written(
    client, engine, ids, what, path, override, status, field, words
):  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    body = (purchase if path == "staff-purchases" else entry)(ids, **override)
    response = client.post(f"/api/plans/{ids['plan']}/{path}", json=body)
    assert_refused(response, status, field, words)
    assert snapshot(engine) == before


def test_duplicate_cvr(client, engine) -> None:
    first = client.post(
        "/api/partners", json={"name": "AB", "kind": "housing_org", "cvr": "12345678"}
    )
    assert first.status_code == 201
    before = snapshot(engine)
    second = client.post(
        "/api/partners", json={"name": "VA", "kind": "housing_org", "cvr": "12345678"}
    )
    assert_refused(second, 409, "cvr", "allerede brugt")
    assert snapshot(engine) == before


def test_bad_cvr_and_unknown_kind(client, engine) -> None:
    before = snapshot(engine)
    assert_refused(
        client.post("/api/partners", json={"name": "X", "kind": "bank"}),
        422,
        "kind",
        "Skal være en af",
    )
    assert_refused(
        client.post("/api/partners", json={"name": "X", "kind": "other", "cvr": "12"}),
        422,
        "cvr",
        "8 cifre",
    )
    assert snapshot(engine) == before


def test_malformed_json_is_400(client, engine, ids) -> None:
    before = snapshot(engine)
    response = client.post(
        f"/api/plans/{ids['plan']}/entries", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.get_json()["code"] == 400
    assert snapshot(engine) == before


def test_plan_with_bad_period_and_non_municipality(client, engine, ids) -> None:
    before = snapshot(engine)
    body = {
        "slug": "x",
        "name": "X",
        "municipality_id": ids["Landsbyggefonden"],
        "first_year": 2021,
        "last_year": 2025,
    }
    assert_refused(client.post("/api/plans", json=body), 422, "municipality_id", "ikke en kommune")
    body.update(municipality_id=ids["Slagelse Kommune"], last_year=2019)
    assert_refused(client.post("/api/plans", json=body), 422, "last_year", "før startåret")
    assert snapshot(engine) == before


def test_unknown_plan_is_404(client) -> None:
    response = client.get("/api/plans/nowhere/reports/cofinancing")
    assert response.status_code == 404
    assert response.get_json()["errors"]["path"]["plan_ref"]


def test_good_staff_purchase_books_one_entry(client, ids) -> None:
    response = client.post(
        f"/api/plans/{ids['plan']}/staff-purchases", json=purchase(ids, hours="7,25", rate="333,33")
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["amount_ore"] == 241_664  # 7,25 × 33.333 øre = 241.664,25 øre → 241.664 øre
    booked = client.get(f"/api/entries/{body['entry_id']}").get_json()
    assert booked["amount_ore"] == 241_664
    assert booked["category"] == "staff_purchase"
    assert booked["partner_id"] == ids["Landsbyggefonden"]
