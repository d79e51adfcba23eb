"""The upload page /import: CSRF-protected form, dry run, errors per row, commit."""

import io
import re
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.models import MasterPlan
from tests.helpers import snapshot
from tests.imports.conftest import HEADER, entry_count, good_rows, write_csv


def token(client) -> str:  # type: ignore[no-untyped-def]
    page = client.get("/import")
    assert page.status_code == 200
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]


def post(client, data: bytes, action: str, csrf: str, mapping: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        "/import",
        data={"file": (io.BytesIO(data), "konti.csv"), "action": action,
              "csrf_token": csrf, "mapping": mapping},
        content_type="multipart/form-data",
    )  # fmt: skip


def test_page_checks_then_books(
    client, db: Session, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = write_csv(tmp_path / "in.csv", good_rows(12)).read_bytes()
    csrf = token(client)
    before = snapshot(engine)
    checked = post(client, data, "check", csrf)
    assert checked.status_code == 200
    assert "Prøvekørsel: 12 af 12" in checked.get_data(as_text=True)
    assert snapshot(engine) == before

    booked = post(client, data, "commit", csrf)
    assert booked.status_code == 200 and "Bogført: 12 rækker" in booked.get_data(as_text=True)
    assert entry_count(db) == 12


def test_page_lists_bad_rows_and_books_nothing(
    client, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rows = good_rows(8)
    rows[2][HEADER.index("year")] = "2030"
    data = write_csv(tmp_path / "bad.csv", rows).read_bytes()
    before = snapshot(engine)
    response = post(client, data, "commit", token(client))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1 række har fejl" in " ".join(html.split())
    assert '<td class="num">4</td><td>year</td>' in html
    assert snapshot(engine) == before


def test_page_refuses_a_post_without_csrf_token(
    client, structure: MasterPlan, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    data = write_csv(tmp_path / "in.csv", good_rows(2)).read_bytes()
    response = client.post(
        "/import",
        data={"file": (io.BytesIO(data), "in.csv"), "action": "commit"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
