"""The API is published as an OpenAPI document built from the marshmallow schemas."""


def test_openapi_document(client) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path, method in [
        ("/api/partners", "post"),
        ("/api/plans", "post"),
        ("/api/plans/{plan_ref}/focus-areas", "post"),
        ("/api/plans/{plan_ref}/focus-areas/{focus_area_id}/activities", "post"),
        ("/api/plans/{plan_ref}/entries", "post"),
        ("/api/entries/{entry_id}/corrections", "post"),
        ("/api/plans/{plan_ref}/staff-purchases", "post"),
        ("/api/plans/{plan_ref}/staff-allocations", "post"),
        ("/api/plans/{plan_ref}/reports/cofinancing", "get"),
    ]:
        assert method in paths[path], path
    schemas = spec["components"]["schemas"]
    assert {"EntryIn", "EntryOut", "StaffPurchaseIn", "ReportOut", "Error"} <= set(schemas)
    assert set(schemas["EntryIn"]["required"]) >= {
        "year",
        "partner_id",
        "kind",
        "category",
        "amount",
    }
