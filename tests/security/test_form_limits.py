"""Issue 18.5: page forms hold the API's length limits; PDFs stay bounded whatever is stored."""

import time

import pytest
from sqlalchemy import select

from app.models import Activity, FocusArea, Partner
from reports import render_pdf as pdf_module
from reports.model import Report, Row, Table
from reports.render_pdf import render_pdf
from tests.helpers import snapshot
from tests.security.conftest import SLAGELSE
from tests.security.users import csrf_token


def _ids(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {
        "partner": db.scalar(select(Partner.id).where(Partner.name == "Slagelse Kommune")),
        "focus_area": db.scalar(select(FocusArea.id).order_by(FocusArea.id).limit(1)),
        "activity": db.scalar(select(Activity.id).order_by(Activity.id).limit(1)),
    }


# (page, form without the long field, long field, the API's limit)
def _forms(ids: dict[str, int]) -> list[tuple[str, dict, str, int]]:
    plan = {"slug": "ny-plan", "municipality_id": ids["partner"], "first_year": 2022,
            "last_year": 2025}  # fmt: skip
    area = {"focus_area_id": ids["focus_area"]}
    return [
        ("/partnere", {"kind": "housing_org"}, "name", 200),
        (f"/partnere/{ids['partner']}", {"kind": "municipality"}, "name", 200),
        ("/planer/ny", plan, "name", 300),
        (f"/planer/{SLAGELSE}", {}, "name", 300),
        (f"/planer/{SLAGELSE}/indsatsomraader", {}, "name", 200),
        (f"/planer/{SLAGELSE}/indsatsomraader/{ids['focus_area']}", {}, "name", 200),
        (f"/planer/{SLAGELSE}/aktiviteter", {**area, "name": "A"}, "code", 40),
        (f"/planer/{SLAGELSE}/aktiviteter", {**area, "code": "Z9"}, "name", 300),
        (f"/planer/{SLAGELSE}/aktiviteter/{ids['activity']}", {**area, "name": "A"}, "code", 40),
        (f"/planer/{SLAGELSE}/aktiviteter/{ids['activity']}", {**area, "code": "Z9"}, "name", 300),
    ]  # fmt: skip


def test_every_page_form_refuses_what_the_api_refuses(role_clients, db, engine) -> None:  # type: ignore[no-untyped-def]
    admin = role_clients["admin"]
    before = snapshot(engine)
    failures = []
    for url, form, field, limit in _forms(_ids(db)):
        too_long = {**form, field: "x" * (limit + 1), "csrf_token": csrf_token(admin)}
        answer = admin.post(url, data=too_long)
        shown = answer.get_data(as_text=True)
        # the schema's message, as the API gives it
        if answer.status_code != 422 or f"Skal have mellem 1 og {limit} tegn." not in shown:
            failures.append(f"{url} {field}: {answer.status_code}")
    assert failures == []
    assert snapshot(engine) == before  # nothing stored, nothing half-stored
    at_limit = {"name": "y" * 200, "csrf_token": csrf_token(admin)}
    assert admin.post(f"/planer/{SLAGELSE}/indsatsomraader", data=at_limit).status_code == 302


def test_the_probes_huge_name_is_refused_and_not_stored(role_clients, db) -> None:  # type: ignore[no-untyped-def]
    admin = role_clients["admin"]
    huge = {"name": "N" * 9_000_000, "csrf_token": csrf_token(admin)}
    answer = admin.post(f"/planer/{SLAGELSE}/indsatsomraader", data=huge)
    assert answer.status_code == 413
    assert len(answer.get_data()) < 200_000  # the refusal does not echo 9 MB back
    assert "Formularen er for stor" in answer.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(FocusArea.id).where(FocusArea.name.like("NNNN%"))) is None


def _report(text: str, rows: int = 3) -> Report:
    table = Table(
        title=text,
        columns=[text, "Budget"],
        rows=[Row(f"{text}{n}", [100 * n, None]) for n in range(rows)],
        total=Row(text, [1, 2]),
        label_header=text,
    )
    return Report(title=text, plan_slug="p", plan_name=text, period=(2020, 2021), tables=[table])


def test_pdf_rendering_is_bounded_for_stored_huge_names() -> None:
    """A database from before these limits (or a SQLite file edited by hand) may hold a
    9 MB name: the PDF still renders in seconds, with the text cut (pdf_text)."""
    started = time.monotonic()
    pdf = render_pdf(_report("N" * 9_000_000))
    assert time.monotonic() - started < 20
    assert len(pdf) < 300_000


def test_pdf_rendering_stops_at_a_page_limit(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.services.errors import TooLarge

    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 3)
    assert render_pdf(_report("Kort", rows=20))  # one page
    with pytest.raises(TooLarge) as refused:
        render_pdf(_report("Lang", rows=2000))
    assert refused.value.status == 413 and "over 3 sider" in refused.value.message
