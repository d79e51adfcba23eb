"""Issue 17, "Consistency of the API": one charset per text download (17.7), hours and FTE
in a field named for them (17.11), a body that is not JSON refused with 415 (17.10)."""

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
