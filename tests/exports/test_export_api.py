"""The export endpoints answer JSON/PDF/XLSX/CSV and are described in the OpenAPI document."""

import io

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.models import MasterPlan
from app.services.partners import find_partner


def test_lbf_package_council_and_entries_over_http(
    client, db: Session, accounts: MasterPlan
) -> None:  # type: ignore[no-untyped-def]
    base = f"/api/plans/{accounts.slug}"
    data = client.get(f"{base}/reports/lbf-package?year=2019").get_json()
    assert data["year"] == 2019 and data["tables"][0]["columns"] == [
        "Budget", "Regnskab", "Afvigelse",
    ]  # fmt: skip
    assert data["tables"][0]["total"]["values_ore"][0] == 1_105_400_000
    pdf = client.get(f"{base}/reports/lbf-package?year=2019&format=pdf")
    assert pdf.status_code == 200 and pdf.data[:4] == b"%PDF"
    xlsx = client.get(f"{base}/reports/lbf-package?year=2019&format=xlsx")
    sheets = [s.title for s in load_workbook(io.BytesIO(xlsx.data)).worksheets]
    assert len(sheets) == 7 and sheets[-1] == "8 Kontroller"  # sections 1–6 and the checks
    outside = client.get(f"{base}/reports/lbf-package?year=2016")
    assert outside.status_code == 422 and "year" in outside.get_json()["errors"]["query"]
    assert client.get(f"{base}/reports/lbf-package").status_code == 422  # year is required

    kommune = find_partner(db, "Slagelse Kommune")
    council = client.get(f"/api/partners/{kommune.id}/reports/council").get_json()
    assert council["municipality"]["name"] == "Slagelse Kommune"
    assert council["tables"][0]["total"]["values_ore"][:3] == [
        1_060_400_000, 1_041_800_000, 2_102_200_000,
    ]  # fmt: skip
    csv = client.get(f"/api/partners/{kommune.id}/reports/council?format=csv")
    assert csv.status_code == 200 and "10.604.000" in csv.data.decode("utf-8-sig")
    fund = find_partner(db, "Landsbyggefonden")
    assert client.get(f"/api/partners/{fund.id}/reports/council").status_code == 422

    entries = client.get(f"{base}/entries/export?format=csv")
    assert entries.status_code == 200
    assert entries.data.decode("utf-8-sig").startswith("plan;year;activity;partner;kind")


def test_openapi_documents_imports_and_exports(client) -> None:  # type: ignore[no-untyped-def]
    spec = client.get("/api/openapi.json").get_json()
    paths = spec["paths"]
    assert "post" in paths["/api/imports"]
    assert "multipart/form-data" in paths["/api/imports"]["post"]["requestBody"]["content"]
    for path in (
        "/api/plans/{plan_ref}/reports/lbf-package",
        "/api/partners/{partner_id}/reports/council",
        "/api/plans/{plan_ref}/entries/export",
    ):
        assert "get" in paths[path], path
    schemas = spec["components"]["schemas"]
    assert {"ImportResultOut", "LbfPackageOut", "CouncilOut", "ExportTableOut"} <= set(schemas)
    assert "column_units" in schemas["ExportTableOut"]["properties"]
