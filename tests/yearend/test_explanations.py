"""Variance explanations (issue 10.2): append-only texts per year and activity that clear
`variance_unexplained`, on a page and the API, and shown in the LBF package."""

import io
import json
from typing import Any

import pypdf
import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from tests.yearend.conftest import book
from tests.yearend.test_checks import _csrf, checks

EXPLAINED = "Flere deltagere i jobcaféen end ventet efter kommunens kampagne"


@pytest.fixture
def over(client: FlaskClient, eighty: dict[str, Any]) -> dict[str, Any]:
    """fund-80 with no minimum share and 2021's regnskab 110.000 kr. (11 %) over budget."""
    slug, activity = eighty["slug"], eighty["activity"]
    assert client.patch(f"/api/plans/{slug}", json={"min_local_share": "0"}).status_code == 200
    book(client, slug, year=2021, partner_id=eighty["fund"], kind="actual", amount="860.000",
         activity_id=activity)  # fmt: skip
    book(client, slug, year=2021, partner_id=eighty["town"], kind="actual", amount="250.000",
         activity_id=activity)  # fmt: skip
    return eighty


def _pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pages)


def test_unexplained_blocks_closing_and_explained_closes_with_the_text_in_the_package(
    client: FlaskClient, over: dict[str, Any]
) -> None:
    slug = over["slug"]
    refused = client.post(f"/api/plans/{slug}/years/2021/close", json={"reason": "Sendt"})
    assert refused.status_code == 409 and "uden forklaring" in str(refused.get_json())
    answer = client.get(f"/api/plans/{slug}/years/2021/explanations").get_json()
    assert [(v["label"], v["variance_ore"], v["over_thresholds"], v["explanation"])
            for v in answer["variances"]] == [("A-1 Jobcafé", 11_000_000, True, None)]  # fmt: skip

    # The page: the variance beside the form; a blank text is refused with a Danish message.
    page = client.get(f"/planer/{slug}/afvigelser?year=2021").get_data(as_text=True)
    assert "Ja – mangler forklaring" in page and "110.000" in page
    blank = client.post(
        f"/planer/{slug}/afvigelser?year=2021",
        data={"activity_id": over["activity"], "text": "  ", "csrf_token": _csrf(client, slug)},
    )
    assert blank.status_code == 422 and 'id="text-error"' in blank.get_data(as_text=True)
    saved = client.post(
        f"/planer/{slug}/afvigelser?year=2021",
        data={"activity_id": over["activity"], "text": EXPLAINED,
              "csrf_token": _csrf(client, slug)},
    )  # fmt: skip
    assert saved.status_code == 302
    assert checks(client, slug, 2021)["checks"] == []
    page = client.get(f"/planer/{slug}/afvigelser?year=2021").get_data(as_text=True)
    assert "Ja, forklaret" in page and EXPLAINED in page

    closed = client.post(f"/api/plans/{slug}/years/2021/close", json={"reason": "Sendt"})
    assert closed.status_code == 201, closed.get_json()

    url = f"/api/plans/{slug}/reports/lbf-package?year=2021&format="
    pdf = _pdf_text(client.get(url + "pdf").data)
    assert "7. Afvigelser og forklaringer 2021" in pdf
    assert f"A-1 Jobcafé — Forklaring: {EXPLAINED}" in pdf
    data = client.get(url + "json").get_json()
    section = next(t for t in data["tables"] if t["title"].startswith("7."))
    assert section["rows"][0]["label"].startswith(f"A-1 Jobcafé — Forklaring: {EXPLAINED} (")
    assert section["rows"][0]["values_ore"] == [100_000_000, 111_000_000, 11_000_000]
    book_ = load_workbook(io.BytesIO(client.get(url + "xlsx").data))
    labels = [c.value for ws in book_.worksheets for row in ws.iter_rows() for c in row[:1]]
    assert any(str(v).startswith(f"A-1 Jobcafé — Forklaring: {EXPLAINED}") for v in labels)

    # A closed year takes no new explanation.
    late = client.post(
        f"/api/plans/{slug}/years/2021/explanations",
        json={"activity_id": over["activity"], "text": "For sent"},
    )
    assert late.status_code == 422 and "lukket" in json.dumps(late.get_json(), ensure_ascii=False)


def test_append_only_newest_is_current(
    client: FlaskClient, over: dict[str, Any], db: Session, engine: Any
) -> None:
    slug, activity = over["slug"], over["activity"]
    url = f"/api/plans/{slug}/years/2021/explanations"
    first = client.post(url, json={"activity_id": activity, "text": "Første bud"})
    assert first.status_code == 201, first.get_json()
    second = client.post(url, json={"activity_id": activity, "text": "Bedre forklaring"})
    assert second.status_code == 201
    assert second.get_json()["created_by"] == "admin-x"  # the test admin (who)
    assert second.get_json()["created_at"]  # and when
    answer = client.get(url).get_json()
    assert answer["variances"][0]["explanation"]["text"] == "Bedre forklaring"
    assert [e["text"] for e in answer["explanations"]] == ["Bedre forklaring", "Første bud"]
    # Plan-wide (no activity) is its own line; an activity of no plan is refused.
    assert client.post(url, json={"text": "Planen som helhed"}).status_code == 201
    bad = client.post(url, json={"activity_id": 999999, "text": "x"})
    assert bad.status_code == 422 and bad.get_json()["errors"]["json"]["activity_id"]
    assert client.post(url, json={"activity_id": activity, "text": "x" * 501}).status_code == 422
    # The database refuses to change or delete one.
    for statement in ("UPDATE variance_explanations SET text = 'y'",
                      "DELETE FROM variance_explanations"):  # fmt: skip
        with (
            pytest.raises((IntegrityError, DBAPIError), match="append-only"),
            engine.begin() as conn,
        ):
            conn.execute(text(statement))
