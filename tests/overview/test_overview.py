"""The fund's overview: its sums are the per-plan reports' sums, for every generated plan;
filters, sorting, the API's pages, CSV and XLSX read back; only the fund and admins see it."""

import csv
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.models import CarryOver, MasterPlan, PartnerKind
from app.services.checks import run_checks
from app.services.closing import closed_years
from app.services.commitments import list_commitments
from app.services.ledger import book_entry
from app.services.plans import update_plan
from app.services.posting import EntryInput
from reports.cofinancing import Form, cofinancing_report
from reports.follow_up import follow_up_table
from reports.overview import MIN_LOCAL_SHARE, SortKey, overview, percent
from reports.overview_export import COLUMNS
from tests.security.users import client_for

ORIGINAL, CORRECTED, ACTUAL = 0, 1, 2  # reports.follow_up's columns


def _expected(db: Session, plan: MasterPlan) -> dict[str, object]:
    """What the per-plan reports say about `plan`."""
    follow_up = follow_up_table(db, plan).total
    assert follow_up is not None
    budget_actual = cofinancing_report(db, plan, form=Form.BUDGET_ACTUAL).tables[0]
    partners = cofinancing_report(db, plan, form=Form.PARTNERS, kind="budget").tables[0]
    assert partners.total is not None and budget_actual.total is not None
    fund = local = 0  # the partners table counts carried funds once (in their first year)
    for index, partner in enumerate(plan.partners):
        amount = partners.total.values[index] or 0
        if partner.kind == PartnerKind.FUND:
            fund += amount
        else:
            local += amount
    closed = [c.year for c in closed_years(db, plan)]
    checks = run_checks(db, plan)
    closed_rows = [r for r in budget_actual.rows if int(r.label) in closed]
    return {
        "budget_original": follow_up.values[ORIGINAL],
        "budget_corrected": follow_up.values[CORRECTED],
        "actual": follow_up.values[ACTUAL] or 0,
        "budget_actual_total": budget_actual.total.values[0],
        "spending_rate": percent(
            sum(r.values[2] or 0 for r in closed_rows), sum(r.values[0] or 0 for r in closed_rows)
        ),
        "local_share": percent(local, local + fund),
        "fund_share": percent(fund, local + fund),
        "last_closed_year": max(closed, default=None),
        "commitment": sum(c.amount_ore for c in list_commitments(db, plan)) or None,
        "errors": len(checks.errors),
        "warnings": len(checks.warnings),
    }


def test_the_overview_sums_are_the_per_plan_reports_for_every_plan(db, national) -> None:
    result = overview(db)
    assert [r.slug for r in result.rows] == sorted(p.slug for p in national)
    carried = sum(c.amount_ore for c in db.scalars(select(CarryOver)))
    assert carried > 0  # the data set has a carry-over, counted once
    for row, plan in zip(result.rows, sorted(national, key=lambda p: p.slug), strict=True):
        got = {
            "budget_original": row.sums.budget_original,
            "budget_corrected": row.sums.budget_corrected,
            "budget_actual_total": row.sums.budget_corrected,
            "actual": row.sums.actual,
            "spending_rate": row.sums.spending_rate,
            "local_share": row.sums.local_share,
            "fund_share": row.sums.fund_share,
            "last_closed_year": row.last_closed_year,
            "commitment": row.commitment,
            "errors": row.errors,
            "warnings": row.warnings,
        }
        assert got == _expected(db, plan), plan.slug
        assert row.municipality == plan.municipality.name and row.frame == plan.frame_ore
    first = next(r for r in result.rows if r.slug == national[0].slug)
    # The data set reaches every column: a revision, a carry-over, closed years, regnskab.
    assert first.sums.budget_original != first.sums.budget_corrected
    assert first.commitment == 1_000_000_00 and first.errors >= 1  # the commitment exceeded
    assert first.sums.spending_rate is not None and first.status == (
        f"1 af {national[0].last_year - national[0].first_year + 1} år afsluttet"
    )
    totals = result.totals
    assert totals.budget_corrected == sum(r.sums.budget_corrected for r in result.rows)
    assert totals.actual == sum(r.sums.actual for r in result.rows) != 0
    assert totals.local_share == percent(totals.local, totals.local + totals.fund)
    years = list(result.per_year)
    assert years == list(range(min(p.first_year for p in national), years[-1] + 1))
    assert sum(b for b, _ in result.per_year.values()) == totals.budget_corrected
    assert sum(a for _, a in result.per_year.values()) == totals.actual


def _selects(db: Session, work) -> int:  # type: ignore[no-untyped-def]
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len([s for s in statements if s.lstrip().upper().startswith("SELECT")])


def test_the_overview_takes_as_many_queries_for_one_plan_as_for_all(db, national) -> None:
    """A fixed number of queries (the sums of every plan in one GROUP BY, the rule checks
    counted set-based by reports.overview_checks); old main ran the checks plan by plan."""
    town = national[0].municipality_id
    one = overview(db, municipality_id=town).rows
    assert 0 < len(one) < len(national)
    db.expunge_all()
    for_one = _selects(db, lambda: overview(db, municipality_id=town))
    db.expunge_all()
    for_all = _selects(db, lambda: overview(db))
    # plans, closed years, funds, moved budget, partner sums; activity sums, frikøb sums,
    # frikøb registrations, commitments, explanations, plans' rule settings
    assert for_all == for_one <= 11


@pytest.fixture
def shares(db: Session, national: list[MasterPlan]) -> tuple[MasterPlan, MasterPlan]:
    """One plan far under the 25 % local share (a large fund budget), one far over it."""
    low, high = national[2], national[3]
    book_entry(db, low, EntryInput(low.first_year, "Landsbyggefonden", "budget", "cash",
                                   10_000_000_000_00))  # fmt: skip
    book_entry(db, high, EntryInput(high.first_year, high.municipality.name, "budget", "cash",
                                    10_000_000_000_00))  # fmt: skip
    db.commit()
    return low, high


def test_filters(db, national, shares) -> None:
    low, high = shares
    everything = overview(db).rows
    errors = overview(db, only_errors=True).rows
    assert low.slug in {r.slug for r in errors}
    by_slug = {plan.slug: plan for plan in national}
    assert [r.slug for r in errors] == [
        r.slug for r in everything if run_checks(db, by_slug[r.slug]).errors
    ]
    assert all(r.errors >= 1 for r in errors) and len(errors) < len(everything)
    low_row = next(r for r in errors if r.slug == low.slug)
    assert low_row.sums.local_share is not None and low_row.sums.local_share < MIN_LOCAL_SHARE
    municipality = national[0].municipality_id
    mine = overview(db, municipality_id=municipality).rows
    assert mine and {r.municipality_id for r in mine} == {municipality}
    assert len(mine) == sum(p.municipality_id == municipality for p in national)
    year = national[0].first_year
    overlapping = overview(db, year=year).rows
    assert {r.slug for r in overlapping} == {
        p.slug for p in national if p.first_year <= year <= p.last_year
    }
    assert overview(db, year=1990).rows == []
    totals = overview(db, municipality_id=municipality).totals
    assert totals.budget_corrected == sum(r.sums.budget_corrected for r in mine)


@pytest.mark.parametrize("key", list(SortKey))
def test_sorting(db, national, shares, key) -> None:
    for descending in (False, True):
        rows = overview(db, sort=key, descending=descending).rows
        assert len(rows) == len(national)
        values = [_value(r, key) for r in rows]
        present = [v for v in values if v is not None]
        assert values[: len(present)] == present, "empty values go last"
        assert present == sorted(present, reverse=descending)


def _value(row, key: SortKey) -> object:  # type: ignore[no-untyped-def]
    return {
        SortKey.PLAN: row.name.casefold(),
        SortKey.MUNICIPALITY: (row.municipality.casefold(), row.name.casefold()),
        SortKey.PERIOD: (row.first_year, row.last_year),
        SortKey.FRAME: row.frame,
        SortKey.COMMITMENT: row.commitment,
        SortKey.BUDGET_ORIGINAL: row.sums.budget_original,
        SortKey.BUDGET_CORRECTED: row.sums.budget_corrected,
        SortKey.ACTUAL: row.sums.actual,
        SortKey.SPENDING_RATE: row.sums.spending_rate,
        SortKey.LOCAL_SHARE: row.sums.local_share,
        SortKey.FUND_SHARE: row.sums.fund_share,
        SortKey.ERRORS: row.errors,
        SortKey.WARNINGS: row.warnings,
        SortKey.LAST_CLOSED_YEAR: row.last_closed_year,
    }[key]


def test_the_api_answers_page_by_page(app, db, national, shares) -> None:
    fund = client_for(app, "fund", username="fond")
    first = fund.get("/api/overview?sort=budget_corrected&order=desc&page_size=2")
    assert first.status_code == 200, first.get_json()
    paging = json.loads(first.headers["X-Pagination"])
    assert paging["total"] == len(national) and paging["total_pages"] == 3
    everything = fund.get("/api/overview?sort=budget_corrected&order=desc").get_json()
    assert first.get_json() == everything[:2]
    expected = overview(db, sort=SortKey.BUDGET_CORRECTED, descending=True).rows
    assert [r["slug"] for r in everything] == [r.slug for r in expected]
    row = everything[0]
    assert row["budget_corrected_ore"] == expected[0].sums.budget_corrected
    assert Decimal(row["local_share"]) == expected[0].sums.local_share
    errors = fund.get("/api/overview?only_errors=true").get_json()
    assert shares[0].slug in {r["slug"] for r in errors}
    refused = fund.get("/api/overview?sort=nothing&year=12")
    assert refused.status_code == 422
    assert set(refused.get_json()["errors"]["query"]) == {"sort", "year"}


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_and_xlsx_read_back(app, db, national, shares) -> None:
    update_plan(db, national[1], name="=HYPERLINK(\"http://x\") helhedsplan")
    db.commit()
    admin = client_for(app, "admin", username="admin")
    result = overview(db, sort=SortKey.LOCAL_SHARE)
    for url in ("/api/overview/download?format=csv&sort=local_share",
                "/oversigt/hent?format=csv&sort=local_share"):  # fmt: skip
        answer = admin.get(url)
        assert answer.status_code == 200 and answer.mimetype == "text/csv"
        rows = _csv(answer.data)
        assert rows[0] == [c.label for c in COLUMNS]
        assert [r[0] for r in rows[1:-1]] == [
            "'" + r.name if r.name.startswith("=") else r.name for r in result.rows
        ]
        assert "'=HYPERLINK(\"http://x\") helhedsplan" in [r[0] for r in rows]
        assert rows[-1][0] == "I alt"
        corrected = [c.label for c in COLUMNS].index("Korrigeret budget (kr.)")
        assert _ore(rows[-1][corrected]) == result.totals.budget_corrected
        for line, row in zip(rows[1:-1], result.rows, strict=True):
            assert _ore(line[corrected]) == row.sums.budget_corrected
    for url in ("/api/overview/download?format=xlsx&sort=local_share",
                "/oversigt/hent?format=xlsx&sort=local_share"):  # fmt: skip
        answer = admin.get(url)
        assert answer.status_code == 200
        sheet = openpyxl.load_workbook(io.BytesIO(answer.data)).active
        cells = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert list(cells[0]) == [c.label for c in COLUMNS]
        assert cells[-1][0] == "I alt"
        local = [c.label for c in COLUMNS].index("Lokal medfinansiering (%)")
        for line, row in zip(cells[1:-1], result.rows, strict=True):
            assert Decimal(str(line[corrected])) * 100 == row.sums.budget_corrected
            assert line[local] == (
                None if row.sums.local_share is None else float(row.sums.local_share)
            )
        assert Decimal(str(cells[-1][corrected])) * 100 == result.totals.budget_corrected


def _ore(text: str) -> int:
    kroner, _, ore = text.replace(".", "").partition(",")
    return int(kroner) * 100 + (int(ore) if ore else 0) * (-1 if kroner.startswith("-") else 1)


def test_the_page_has_the_table_sort_links_and_totals(app, db, national, shares) -> None:
    fund = client_for(app, "fund", username="fond")
    page = fund.get("/oversigt?sort=actual&order=desc")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for plan in national:
        assert f'href="/planer/{plan.slug}"' in html
    assert 'aria-sort="descending"' in html and "sort=actual&amp;order=asc" in html
    assert "<tfoot><tr><th scope=\"row\">I alt</th>" in html
    assert f"Viser {len(national)} af {len(national)} planer." in html
    filtered = fund.get("/oversigt?only_errors=true").get_data(as_text=True)
    assert f'href="/planer/{shares[0].slug}"' in filtered
    clean = [r.slug for r in overview(db).rows if not r.errors]
    assert clean and all(f'href="/planer/{slug}"' not in filtered for slug in clean)
    assert fund.get("/oversigt?year=abc").status_code == 400


@pytest.mark.parametrize("role", ["partner", "secretariat"])
def test_only_the_fund_and_admins_see_the_overview(app, db, national, role) -> None:
    plan = national[0]
    client = client_for(
        app, role, username=role, partner=plan.municipality.name if role == "partner" else None,
        plans=(plan.slug,) if role == "secretariat" else (),
    )  # fmt: skip
    for url in ("/api/overview", "/api/overview/download?format=xlsx", "/oversigt",
                "/oversigt/hent?format=csv"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert "Oversigt</a>" not in client.get("/").get_data(as_text=True)
    admin = client_for(app, "admin", username="admin")
    assert "Oversigt</a>" in admin.get("/").get_data(as_text=True)


def test_the_sign_off_column_says_what_the_package_says(db: Session, national) -> None:
    """The last closed year's sign-off: not signed, signed, void after a reopening — as the
    LBF package judges it (reports.kontroltal.year_sign_offs)."""
    from app.models import Role
    from app.services.closing import close_year, reopen_year
    from app.services.users import create_user
    from reports.kontroltal import sign_off_package, year_sign_offs

    plan = national[1]  # its first two years are closed
    year = plan.first_year + 1

    def cell() -> str | None:
        row = next(r for r in overview(db).rows if r.slug == plan.slug)
        return row.sign_off

    assert cell() == f"{year}: ikke godkendt"
    assert {r.sign_off for r in overview(db).rows if not r.closed_years} == {None}
    auditor = create_user(
        db, username="revisor", password="Revisor-kode-2026", role=Role.AUDITOR, plans=[plan.slug]
    )
    code = year_sign_offs(db, plan, year).kontroltal
    assert code is not None
    sign_off_package(db, plan, year, auditor=auditor, confirmed=code)
    db.commit()
    assert year_sign_offs(db, plan, year).current.valid  # type: ignore[union-attr]
    assert cell() == f"{year}: godkendt af revisor"
    reopen_year(db, plan, year, reason="Rettelse efter revisionen")
    close_year(db, plan, year)
    db.commit()
    assert not year_sign_offs(db, plan, year).current.valid  # type: ignore[union-attr]
    assert cell() == f"{year}: godkendelse bortfaldet (genåbnet)"
