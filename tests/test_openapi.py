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


def test_create_list_and_get_plan_parts(client) -> None:
    municipality = client.post(
        "/api/partners", json={"name": "Albertslund Kommune", "kind": "municipality"}
    ).get_json()
    fund = client.post(
        "/api/partners", json={"name": "Landsbyggefonden", "kind": "fund", "cvr": "10000001"}
    ).get_json()
    assert client.get(f"/api/partners/{fund['id']}").get_json()["cvr"] == "10000001"
    plan = client.post(
        "/api/plans",
        json={
            "slug": "abc-2021-2025",
            "name": "ABC",
            "municipality_id": municipality["id"],
            "first_year": 2021,
            "last_year": 2025,
            "frame": "44.450.000",
            "partner_ids": [fund["id"]],
        },
    )
    assert plan.status_code == 201, plan.get_json()
    assert plan.get_json()["frame_ore"] == 44_450_000_00
    assert [p["name"] for p in plan.get_json()["partners"]] == [
        "Landsbyggefonden",
        "Albertslund Kommune",
    ]
    area = client.post(
        "/api/plans/abc-2021-2025/focus-areas", json={"name": "Uddannelse og Beskæftigelse"}
    ).get_json()
    activity = client.post(
        f"/api/plans/abc-2021-2025/focus-areas/{area['id']}/activities",
        json={"code": "UB-1", "name": "Fremskudt Vejledning"},
    ).get_json()
    assert client.get(f"/api/plans/abc-2021-2025/focus-areas/{area['id']}").get_json()[
        "activities"
    ] == [activity]
    assert (
        client.get(f"/api/plans/abc-2021-2025/activities/{activity['id']}").get_json() == activity
    )
    assert client.get("/api/plans/abc-2021-2025/activities/999999").status_code == 404
    assert client.get("/api/plans/abc-2021-2025/focus-areas/999999").status_code == 404
    assert [p["slug"] for p in client.get("/api/plans").get_json()] == ["abc-2021-2025"]
    assert client.get(f"/api/plans/{plan.get_json()['id']}").get_json()["slug"] == "abc-2021-2025"
    fte = client.post(
        "/api/plans/abc-2021-2025/staff-allocations",
        json={
            "year": 2022,
            "focus_area_id": area["id"],
            "partner_id": municipality["id"],
            "fte": "1,5",
        },
    )
    assert fte.status_code == 201 and fte.get_json()["fte"] == "1.50"
    client.post(
        "/api/plans/abc-2021-2025/staff-allocations",
        json={
            "year": 2022,
            "focus_area_id": area["id"],
            "partner_id": municipality["id"],
            "fte": "2",
        },
    )
    current = client.get("/api/plans/abc-2021-2025/staff-allocations").get_json()
    assert [a["fte"] for a in current] == ["2.00"]  # the newest row supersedes, both stored


def test_the_document_validates_as_openapi_3(client) -> None:
    """A generated client needs a valid document: the import is one multipart body."""
    from openapi_spec_validator import OpenAPIV30SpecValidator

    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.0")
    assert [str(e).splitlines()[0] for e in OpenAPIV30SpecValidator(spec).iter_errors()] == []
    body = spec["paths"]["/api/imports"]["post"]["requestBody"]["content"]
    assert list(body) == ["multipart/form-data"]
    fields = spec["components"]["schemas"]["ImportUpload"]["properties"]
    assert {"file", "format", "commit", "map"} <= set(fields)
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["security"] == [{"bearerAuth": []}]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":  # the path's own parameters, not an operation
                continue
            documented = set(operation["responses"])
            missing = {"400", "401", "403", "404", "409", "413", "422", "429"} - documented
            assert not missing, f"{method.upper()} {path} does not document {missing}"
