"""POST /api/imports: multipart upload, dry run by default, 422 for a refused commit."""

import io
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.models import MasterPlan
from tests.helpers import snapshot
from tests.imports.conftest import HEADER, entry_count, good_rows, write_csv


def upload(client, data: bytes, name: str = "in.csv", **form):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/imports",
        data={"file": (io.BytesIO(data), name), **form},
        content_type="multipart/form-data",
    )


def test_dry_run_commit_and_idempotency_over_http(
    client, db: Session, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = write_csv(tmp_path / "in.csv", good_rows(30)).read_bytes()
    before = snapshot(engine)
    dry = upload(client, data)
    assert dry.status_code == 200, dry.get_json()
    assert dry.get_json() | {"errors": []} == {
        "rows_read": 30, "rows_valid": 30, "rows_booked": 0, "rows_skipped": 0, "rows_corrected": 0,
        "committed": False, "error_count": 0, "errors": [],
    }  # fmt: skip
    assert snapshot(engine) == before

    booked = upload(client, data, commit="true")
    assert booked.status_code == 200 and booked.get_json()["rows_booked"] == 30
    again = upload(client, data, commit="true").get_json()
    assert again["rows_skipped"] == 30 and again["rows_booked"] == 0
    assert entry_count(db) == 30


def test_refused_commit_is_422_with_rows_and_books_nothing(
    client, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = good_rows(20)
    rows[4][HEADER.index("amount")] = "1,225,000"
    rows[9][HEADER.index("partner")] = "Ingen"
    data = write_csv(tmp_path / "bad.csv", rows).read_bytes()
    before = snapshot(engine)
    response = upload(client, data, commit="true")
    assert response.status_code == 422
    body = response.get_json()
    assert body["code"] == 422 and "2 rækker" in body["message"]
    assert set(body["errors"]["json"]) == {"række 6: amount", "række 11: partner"}
    assert body["result"]["error_count"] == 2 and body["result"]["committed"] is False
    assert snapshot(engine) == before


def test_mapping_and_xlsx_over_http(
    client, db: Session, structure: MasterPlan, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append([*HEADER[:6], "Beløb", "text", "external_id"])
    for row in good_rows(5):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    refused = upload(client, buffer.getvalue(), "in.xlsx")
    assert refused.status_code == 200 and refused.get_json()["errors"][0]["row"] == 1
    done = upload(client, buffer.getvalue(), "in.xlsx", commit="true", map=["Beløb=amount"])
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["rows_booked"] == 5 and entry_count(db) == 5
    bad_map = upload(client, buffer.getvalue(), "in.xlsx", map=["Beløb"])
    assert bad_map.status_code == 422 and "map" in bad_map.get_json()["errors"]["json"]
