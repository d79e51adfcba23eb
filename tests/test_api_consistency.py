"""Issue 17, "Consistency of the API": one charset per text download (17.7), hours and FTE
in a field named for them (17.11), a body that is not JSON refused with 415 (17.10)."""

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

from app.services.staff import current_staff_allocations

TEXT_TYPES = {"csv": "text/csv; charset=utf-8", "text": "text/plain; charset=utf-8"}


def _ids(plan):  # type: ignore[no-untyped-def]
    return {p.name: p.id for p in plan.partners}


def test_text_downloads_name_one_charset(client, slagelse) -> None:  # type: ignore[no-untyped-def]
    kommune = _ids(slagelse)["Slagelse Kommune"]
    plan = f"/api/plans/{slagelse.slug}"
    downloads = {
        f"{plan}/reports/cofinancing?format=csv": "csv",
        f"{plan}/reports/cofinancing?format=text": "text",
        f"{plan}/reports/cofinancing?form=partners&format=csv": "csv",
        f"/api/partners/{kommune}/reports/council?format=csv": "csv",
        f"{plan}/entries/export?format=csv": "csv",
        f"/planer/{slagelse.slug}/rapport/hent?format=csv": "csv",
        f"/planer/{slagelse.slug}/rapport/hent?format=text": "text",
    }
    for url, fmt in downloads.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == TEXT_TYPES[fmt], url


def test_council_fte_is_in_quantities_not_in_values_ore(client, db, slagelse) -> None:  # type: ignore[no-untyped-def]
    kommune = _ids(slagelse)["Slagelse Kommune"]
    answer = client.get(f"/api/partners/{kommune}/reports/council").get_json()
    expected = sum(
        (a.fte for a in current_staff_allocations(db, slagelse) if a.partner_id == kommune),
        Decimal(0),
    )
    assert expected > 0
    summary, *_, fte_table = answer["tables"]
    assert summary["column_units"] == ["kr.", "kr.", "kr.", "fte"]
    # Money stays in øre; the FTE column is null there and exact in `quantities`.
    assert summary["total"]["values_ore"] == [1_060_400_000, 1_041_800_000, 2_102_200_000, None]
    assert summary["total"]["quantities"] == [None, None, None, f"{expected:.2f}"]
    assert fte_table["column_units"] == ["fte"] * 4
    for row in [*fte_table["rows"], fte_table["total"]]:
        assert row["values_ore"] == [None] * 4
        assert sum(map(Decimal, row["quantities"][:-1])) == Decimal(row["quantities"][-1])
    assert Decimal(fte_table["total"]["quantities"][-1]) == expected
    # A table of money only has no `quantities`.
    assert all("quantities" not in row for row in answer["tables"][1]["rows"])


def test_lbf_package_hours_are_in_quantities(client, slagelse) -> None:  # type: ignore[no-untyped-def]
    package = client.get(f"/api/plans/{slagelse.slug}/reports/lbf-package?year=2019").get_json()
    staff = next(t for t in package["tables"] if t.get("column_units") == ["t", "kr.", "kr."])
    assert staff["rows"]
    for row in staff["rows"]:
        hours = Decimal(row["quantities"][0])
        _, rate, amount = row["values_ore"]
        assert row["values_ore"][0] is None and row["quantities"][1:] == [None, None]
        assert hours * rate == amount  # hours × rate in øre is the amount in øre


def test_openapi_documents_quantities_and_415(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/openapi.json").get_json()
    row = spec["components"]["schemas"]["ReportRowOut"]["properties"]
    assert {"values_ore", "quantities", "values"} <= set(row)
    entries = spec["paths"]["/api/plans/{plan_ref}/entries"]
    assert "415" in entries["post"]["responses"]
    assert "415" not in entries["get"]["responses"]  # no body to refuse


@pytest.mark.parametrize(
    ("label", "send"),
    [
        ("form", {"data": {"year": "2019", "amount": "5"}}),
        ("text/plain", {"data": '{"year": 2019}', "content_type": "text/plain"}),
        ("no type", {"data": b'{"year": 2019}'}),
    ],
)
def test_a_body_that_is_not_json_is_refused_with_415(client, engine, slagelse, label, send) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import snapshot

    before = snapshot(engine)
    response = client.post(f"/api/plans/{slagelse.slug}/entries", **send)
    assert response.status_code == 415, (label, response.get_json())
    payload = response.get_json()
    assert payload["code"] == 415 and "JSON" in payload["message"]
    assert payload["errors"]["json"]["_schema"] == [
        "Indholdstypen understøttes ikke: send data som JSON med Content-Type: application/json."
    ]
    assert "Feltet mangler." not in str(payload)
    assert snapshot(engine) == before


def test_no_body_at_all_still_names_the_missing_fields(client, slagelse) -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/api/plans/{slagelse.slug}/entries")
    assert response.status_code == 422
    assert response.get_json()["errors"]["json"]["year"] == ["Feltet mangler."]


# 17.9 and 17.10: one rule for unknown ids, error keys are the request's field names.
UNKNOWN = 999_999


def _refused(response, status: int, location: str, field: str, words: str = "") -> str:  # type: ignore[no-untyped-def]
    payload = response.get_json()
    assert response.status_code == status, payload
    assert set(payload["errors"]) == {location}, payload
    messages = payload["errors"][location][field]
    assert all(words in message for message in messages), messages
    return messages[0]


def _path_cases(slug: str) -> dict[tuple[str, str], dict | None]:
    """Every API route with an id in its path, by (rule, method), with a body it accepts."""
    plan = f"/api/plans/{slug}"
    return {
        ("/api/partners/<int:partner_id>", "GET"): None,
        ("/api/partners/<int:partner_id>", "PATCH"): {"name": "Ny"},
        ("/api/partners/<int:partner_id>/reports/council", "GET"): None,
        ("/api/plans/<plan_ref>/partners/<int:partner_id>", "DELETE"): None,
        ("/api/plans/<plan_ref>/focus-areas/<int:focus_area_id>", "GET"): None,
        ("/api/plans/<plan_ref>/focus-areas/<int:focus_area_id>", "PATCH"): {"name": "Nyt"},
        ("/api/plans/<plan_ref>/focus-areas/<int:focus_area_id>/activities", "POST"): {
            "code": "NY-1",
            "name": "Ny",
        },
        ("/api/plans/<plan_ref>/activities/<int:activity_id>", "GET"): None,
        ("/api/plans/<plan_ref>/activities/<int:activity_id>", "PATCH"): {"name": "Ny"},
        ("/api/plans/<plan_ref>/commitments/<int:partner_id>", "PUT"): {"amount": "5"},
        ("/api/plans/<plan_ref>/commitments/<int:partner_id>", "DELETE"): None,
        ("/api/entries/<int:entry_id>", "GET"): None,
        ("/api/entries/<int:entry_id>/corrections", "POST"): {"reason": "Fejl"},
        ("/api/plans/<plan_ref>/staff-purchases/<int:purchase_id>/corrections", "POST"): {
            "hours": "5",
            "reason": "Fejl",
        },
        ("/api/users/<int:user_id>", "GET"): None,
        ("/api/users/<int:user_id>", "PATCH"): {"active": False},
        ("/api/users/<int:user_id>/password-reset", "POST"): None,
        ("/api/users/<int:user_id>/tokens", "GET"): None,
        ("/api/tokens/<int:token_id>", "DELETE"): None,
        ("/api/me/tokens/<int:token_id>", "DELETE"): None,
    } | {("plan", plan): None}


def test_unknown_ids_in_the_path_answer_404_under_path(app, client, engine, slagelse) -> None:  # type: ignore[no-untyped-def]
    from werkzeug.routing.converters import IntegerConverter

    from tests.helpers import snapshot

    cases = _path_cases(slagelse.slug)
    with_ids = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter) and name != "year"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert with_ids == set(cases) - {("plan", f"/api/plans/{slagelse.slug}")}, "new route?"
    before = snapshot(engine)
    for (rule, method), body in cases.items():
        if rule == "plan":
            continue
        url = rule.replace("<plan_ref>", slagelse.slug)
        param = url[url.index("<") + 1 : url.index(">")].split(":")[1]
        url = url.replace(f"<int:{param}>", str(UNKNOWN))
        response = client.open(url, method=method, json=body)
        _refused(response, 404, "path", param, "")
        assert str(UNKNOWN) in response.get_json()["message"], (method, url)
    _refused(client.get("/api/plans/nowhere/entries"), 404, "path", "plan_ref")
    assert snapshot(engine) == before


@pytest.fixture
def known(slagelse):  # type: ignore[no-untyped-def]
    acts = {a.code: a.id for fa in slagelse.focus_areas for a in fa.activities}
    return {
        **_ids(slagelse),
        **acts,
        "focus_area": slagelse.focus_areas[0].id,
        "plan": f"/api/plans/{slagelse.slug}",
    }


def _body_cases(k: dict) -> list[tuple[str, str, dict, str, str]]:  # type: ignore[type-arg]
    """(what, url, body, field, words) for an unknown id in a request body."""
    kommune, fund = k["Slagelse Kommune"], k["Landsbyggefonden"]
    entry = {
        "year": 2019, "partner_id": kommune, "activity_id": k["UDD-2"], "kind": "budget",
        "category": "cash", "amount": "10.000",
    }  # fmt: skip
    purchase = {
        "year": 2019, "activity_id": k["UDD-2"], "supplier_id": kommune, "payer_id": fund,
        "hours": "10", "rate": "500",
    }  # fmt: skip
    plan = {
        "slug": "ny-plan", "name": "Ny", "municipality_id": kommune, "first_year": 2020,
        "last_year": 2021,
    }  # fmt: skip
    allocation = {"year": 2019, "focus_area_id": k["focus_area"], "partner_id": kommune, "fte": "1"}
    line = {"year": 2019, "partner_id": kommune, "activity_id": k["UDD-2"], "amount": "5"}
    round_ = {"year": 2019, "dated": "2019-06-01", "reason": "Opfølgning"}
    p = k["plan"]
    id_words = f"id {UNKNOWN}"
    return [
        ("entry partner", f"{p}/entries", {**entry, "partner_id": UNKNOWN}, "partner_id", id_words),
        ("entry activity", f"{p}/entries", {**entry, "activity_id": UNKNOWN}, "activity_id",
         id_words),
        ("frikøb supplier", f"{p}/staff-purchases", {**purchase, "supplier_id": UNKNOWN},
         "supplier_id", id_words),
        ("frikøb payer", f"{p}/staff-purchases", {**purchase, "payer_id": UNKNOWN}, "payer_id",
         id_words),
        ("frikøb activity", f"{p}/staff-purchases", {**purchase, "activity_id": UNKNOWN},
         "activity_id", id_words),
        ("årsværk partner", f"{p}/staff-allocations", {**allocation, "partner_id": UNKNOWN},
         "partner_id", id_words),
        ("årsværk focus area", f"{p}/staff-allocations", {**allocation, "focus_area_id": UNKNOWN},
         "focus_area_id", str(UNKNOWN)),
        ("plan partners", "/api/plans", {**plan, "partner_ids": [fund, UNKNOWN]}, "partner_ids",
         id_words),
        ("plan municipality", "/api/plans", {**plan, "municipality_id": UNKNOWN},
         "municipality_id", id_words),
        ("join plan", f"{p}/partners", {"partner_id": UNKNOWN}, "partner_id", id_words),
        ("revision partner", f"{p}/budget-revisions",
         {"reason": "Ny", "lines": [{**line, "partner_id": UNKNOWN}]}, "partner_id", id_words),
        ("round activity", f"{p}/budget-rounds",
         {**round_, "forecast": [{"activity_id": UNKNOWN, "amount": "5"}]}, "activity_id",
         id_words),
        ("forecast round", f"{p}/forecasts",
         {"year": 2019, "number": 7, "forecast": [{"activity_id": k["UDD-2"], "amount": "5"}]},
         "number", "7. budgetopfølgning"),
    ]  # fmt: skip


def test_unknown_ids_in_the_body_answer_422_on_their_field(client, engine, known) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import snapshot

    before = snapshot(engine)
    for what, url, body, field, words in _body_cases(known):
        response = client.post(url, json=body)
        assert response.status_code == 422, (what, response.get_json())
        _refused(response, 422, "json", field, words)
    patch = client.patch(
        f"{known['plan']}/activities/{known['UDD-2']}", json={"focus_area_id": UNKNOWN}
    )
    _refused(patch, 422, "json", "focus_area_id", str(UNKNOWN))
    assert snapshot(engine) == before


def test_a_partner_already_in_the_plan_is_a_conflict(client, engine, known) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import snapshot

    before = snapshot(engine)
    response = client.post(
        f"{known['plan']}/partners", json={"partner_id": known["Slagelse Kommune"]}
    )
    message = _refused(response, 409, "json", "partner_id", "deltager allerede")
    assert message.startswith("Slagelse Kommune deltager allerede i planen")
    assert snapshot(engine) == before


def test_query_parameter_errors_are_under_query(client, known) -> None:  # type: ignore[no-untyped-def]
    p = known["plan"]
    report = f"{p}/reports/cofinancing"
    cases = [
        (f"{p}/entries?year=abc", "year"),  # the parser's own
        (f"{p}/reports/lbf-package?year=2016", "year"),  # the service's: outside the period
        (f"{report}?form=follow-up&year=2016", "year"),
        (f"{report}?form=follow-up&year=2019&round=9", "round"),
        (f"{report}?form=business-case&by_partner=true&activity=NOPE", "activity"),
    ]
    for url, field in cases:
        _refused(client.get(url), 422, "query", field)


# 17.6: every timestamp at every door is timezone-aware UTC, on both databases.
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(?P<zone>[+-]\d\d:\d\d|Z)?$")


def _times(value: object) -> Iterator[str]:
    """Every string in an answer that is an ISO 8601 date and time."""
    if isinstance(value, dict):
        for item in value.values():
            yield from _times(item)
    elif isinstance(value, list):
        for item in value:
            yield from _times(item)
    elif isinstance(value, str) and ISO_TIME.match(value):
        yield value


def test_every_timestamp_answers_in_utc(client, known) -> None:  # type: ignore[no-untyped-def]
    p = known["plan"]
    kommune = known["Slagelse Kommune"]
    # Changes whose audit rows carry a "before" read back from the database.
    assert client.patch(f"/api/partners/{kommune}", json={"cvr": "29188386"}).status_code == 200
    assert client.patch(p, json={"name": "Ny plannavn"}).status_code == 200
    entries = client.get(f"{p}/entries?page_size=200").get_json()
    # a frikøb's entry is corrected through its purchase (17.3), so a cash entry here
    entry = next(e for e in entries if e["category"] == "cash")
    fixed = client.post(f"/api/entries/{entry['id']}/corrections", json={"reason": "Test"})
    assert fixed.status_code == 201
    revision = {
        "reason": "Ny", "lines": [{"year": 2020, "partner_id": kommune, "amount": "5"}],
    }  # fmt: skip
    assert client.post(f"{p}/budget-revisions", json=revision).status_code == 201
    urls = [
        f"{p}/entries", f"/api/entries/{entry['id']}", f"{p}/staff-purchases",
        f"{p}/staff-allocations", f"{p}/budget-revisions", f"{p}/years", "/api/partners",
        f"/api/partners/{kommune}", "/api/audit?limit=1000", f"{p}/audit",
        f"{p}/reports/cofinancing", f"{p}/reports/lbf-package?year=2019",
        f"/api/partners/{kommune}/reports/council",
    ]  # fmt: skip
    seen = [fixed.get_json()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        seen.append(response.get_json())
    times = list(_times(seen))
    assert len(times) > 100
    naive = [t for t in times if ISO_TIME.match(t)["zone"] != "+00:00"]  # type: ignore[index]
    assert naive == []
    audit = client.get("/api/audit?limit=1000").get_json()
    befores = [row["before"] for row in audit if row["before"] and "created_at" in row["before"]]
    assert befores and all(b["created_at"].endswith("+00:00") for b in befores)


def test_an_oversized_amount_is_refused_under_its_field(client, engine, known) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import snapshot

    p, kommune, fund = known["plan"], known["Slagelse Kommune"], known["Landsbyggefonden"]
    huge = "1.000.000.000.000"  # 10^12 kr., above the 10^11 kr. bound
    entry = {
        "year": 2019, "partner_id": kommune, "kind": "budget", "category": "cash", "amount": huge,
    }  # fmt: skip
    purchase = {
        "year": 2019, "activity_id": known["UDD-2"], "supplier_id": kommune, "payer_id": fund,
    }  # fmt: skip
    booked = client.get(f"{p}/entries?page_size=1").get_json()[0]
    before = snapshot(engine)
    cases = [
        (f"{p}/entries", entry, ["amount"]),
        (f"/api/entries/{booked['id']}/corrections", {"reason": "x", "new_amount": huge},
         ["new_amount"]),
        (f"{p}/staff-purchases", {**purchase, "hours": "1", "rate": huge}, ["rate"]),
        # hours × rate over the bound: the hours make it so.
        (f"{p}/staff-purchases", {**purchase, "hours": "1.000.000", "rate": "1.000.000"},
         ["hours"]),
    ]  # fmt: skip
    for url, body, path in cases:
        errors = client.post(url, json=body).get_json()["errors"]["json"]
        assert "_schema" not in errors, (url, errors)
        assert "100.000.000.000 kr." in errors[path[0]][0], (url, errors)
    assert snapshot(engine) == before
