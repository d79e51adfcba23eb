"""The municipality's council view (page /kommuner/<id>): for a municipality with two plans it
is the sum of the two plans' council answers; its downloads are the council answer's files;
a neighbour municipality's user gets 404 on every overview route."""

import csv
import io

import openpyxl
import pytest
from sqlalchemy.orm import Session

from app.models import MasterPlan
from app.services.partners import create_partner, find_partner
from reports.council import council_answer
from reports.display import display_rows
from reports.exports import render_export
from reports.model import Report
from tests.security.users import client_for

ROUTES = ("/kommuner/{id}", "/kommuner/{id}/hent?format=pdf", "/kommuner/{id}/hent?format=xlsx",
          "/kommuner/{id}/hent?format=csv", "/oversigt", "/oversigt/hent?format=csv",
          "/api/overview", "/api/overview/download?format=xlsx")  # fmt: skip


def _summary_total(report: Report) -> list[int | None]:
    total = report.tables[0].total
    assert total is not None
    return total.values


@pytest.mark.parametrize("kind", ["budget", "actual"])
def test_two_plans_are_the_sum_of_their_council_answers(
    db: Session, accounts: MasterPlan, second_plan: MasterPlan, kind: str
) -> None:
    kommune = find_partner(db, "Slagelse Kommune")
    both = council_answer(db, kommune, kind)
    one = council_answer(db, kommune, kind, plans=[accounts])
    two = council_answer(db, kommune, kind, plans=[second_plan])
    assert [r.label for r in both.tables[0].rows] == [
        *[r.label for r in one.tables[0].rows], *[r.label for r in two.tables[0].rows]
    ]
    assert _summary_total(both) == [
        a + b for a, b in zip(_summary_total(one), _summary_total(two), strict=True)  # type: ignore[operator]
    ]
    assert both.tables[1:] == one.tables[1:] + two.tables[1:]
    assert _summary_total(one)[0] != 0 and _summary_total(two)[0] != 0 or kind == "actual"


def test_the_page_and_its_downloads_are_the_council_answer(
    app, db: Session, accounts: MasterPlan, second_plan: MasterPlan
) -> None:
    kommune = find_partner(db, "Slagelse Kommune")
    user = client_for(app, "partner", username="slagelse", partner="Slagelse Kommune")
    page = user.get(f"/kommuner/{kommune.id}?kind=budget")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    report = council_answer(db, kommune, "budget")
    for table in report.tables:
        assert table.title in html
        for row in display_rows(table):
            assert f'<th scope="row">{row[0]}</th>' in html
            for value in row[1:]:
                assert f'<td class="num">{value}</td>' in html
    assert report.notes[0] in html
    assert "10.604.000" in html  # the memo's co-financing of the Slagelse plan
    for fmt in ("pdf", "xlsx", "csv"):
        answer = user.get(f"/kommuner/{kommune.id}/hent?format={fmt}&kind=actual")
        assert answer.status_code == 200, fmt
        assert f"byraadssvar-{kommune.id}-regnskab" in answer.headers["Content-Disposition"]
        if fmt == "pdf":
            assert answer.data.startswith(b"%PDF")
    actual = council_answer(db, kommune, "actual")
    rows = list(csv.reader(io.StringIO(
        user.get(f"/kommuner/{kommune.id}/hent?format=csv&kind=actual").data.decode("utf-8-sig")
    ), delimiter=";"))  # fmt: skip
    assert rows == list(csv.reader(io.StringIO(
        render_export(actual, "csv").decode("utf-8-sig")), delimiter=";"))  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(
        user.get(f"/kommuner/{kommune.id}/hent?format=xlsx").data))  # fmt: skip
    assert book.sheetnames == openpyxl.load_workbook(
        io.BytesIO(render_export(report, "xlsx"))).sheetnames  # fmt: skip
    assert len(book.sheetnames) == 3  # the summary and one sheet per plan


def test_a_neighbour_gets_404_on_every_overview_route(
    app, db: Session, accounts: MasterPlan
) -> None:
    kommune = find_partner(db, "Slagelse Kommune")
    create_partner(db, name="Næstved Kommune", kind="municipality")
    db.commit()
    neighbour = client_for(app, "partner", username="naestved", partner="Næstved Kommune")
    for route in ROUTES:
        assert neighbour.get(route.format(id=kommune.id)).status_code == 404, route
    own = find_partner(db, "Næstved Kommune")
    assert neighbour.get(f"/kommuner/{own.id}").status_code == 422  # no plans: says so
    fund = client_for(app, "fund", username="fond")
    for route in ROUTES:
        assert fund.get(route.format(id=kommune.id)).status_code == 200, route
    not_a_municipality = find_partner(db, "Landsbyggefonden")
    assert fund.get(f"/kommuner/{not_a_municipality.id}").status_code == 404
