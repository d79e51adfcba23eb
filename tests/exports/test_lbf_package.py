"""The LBF annual package: every number in the PDF is the database's sum (computed here with
plain SQL), and the XLSX formulas, recalculated by LibreOffice, equal the stored values."""

import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models import MasterPlan
from reports.exports import render_export
from reports.lbf_package import lbf_package
from reports.model import quantity
from reports.render_xlsx_book import render_xlsx_book
from tests.exports.conftest import (
    as_decimal,
    danish,
    hundredths,
    pdf_numbers,
    pdf_text,
    recalculate,
)

YEAR = 2019


def _sum(db: Session, sql: str, **params: object) -> int:
    return int(db.execute(text(f"SELECT COALESCE(SUM(amount_ore), 0) FROM entries e {sql}"),
                          params).scalar())  # fmt: skip


def _triples(rows: list[tuple[int, int]], sign: int, actuals: bool = True) -> list[int]:
    """[budget, actual, sign·(actual − budget)] per row, then the totals (budget only when
    the year has no accounts: the other cells are empty)."""
    out: list[int] = []
    for b, a in [*rows, (sum(r[0] for r in rows), sum(r[1] for r in rows))]:
        out += [b, a, (a - b) if sign > 0 else (b - a)] if actuals else [b]
    return out


def expected_numbers(
    db: Session, plan: MasterPlan, year: int, with_actuals: bool = True
) -> list[str]:
    """The package's numbers in reading order, from SQL written for this test."""
    pid = plan.id
    partners = db.execute(text("SELECT p.id, p.kind FROM plan_partners pp JOIN partners p ON "
                               "p.id = pp.partner_id WHERE pp.plan_id = :p ORDER BY pp.position"),
                          {"p": pid}).all()  # fmt: skip
    areas = db.execute(text("SELECT id FROM focus_areas WHERE plan_id = :p ORDER BY position"),
                       {"p": pid}).scalars().all()  # fmt: skip
    by_partner = [
        tuple(_sum(db, "WHERE plan_id=:p AND year=:y AND partner_id=:q AND kind=:k",
                   p=pid, y=year, q=partner, k=k) for k in ("budget", "actual"))
        for partner, _ in partners
    ]  # fmt: skip
    numbers = [danish(v) for v in _triples(by_partner, +1, with_actuals)]  # 1.

    in_area = ("JOIN activities a ON a.id = e.activity_id WHERE e.plan_id=:p AND e.year=:y "
               "AND a.focus_area_id=:f AND e.kind=:k")  # fmt: skip
    area_rows = [
        tuple(_sum(db, in_area, p=pid, y=year, f=f, k=k) for k in ("budget", "actual"))
        for f in areas
    ]
    wide = tuple(_sum(db, "WHERE plan_id=:p AND year=:y AND activity_id IS NULL AND kind=:k",
                      p=pid, y=year, k=k) for k in ("budget", "actual"))  # fmt: skip
    shown = [*area_rows, wide] if any(wide) else area_rows  # plan-wide row only when used
    numbers += [danish(v) for v in _triples(shown, +1, with_actuals)]  # 2. summary
    for f in areas:
        activities = db.execute(text("SELECT id FROM activities WHERE focus_area_id=:f "
                                     "ORDER BY code"), {"f": f}).scalars().all()  # fmt: skip
        rows = [
            tuple(_sum(db, "WHERE activity_id=:a AND year=:y AND kind=:k", a=a, y=year, k=k)
                  for k in ("budget", "actual"))
            for a in activities
        ]  # fmt: skip
        numbers += [danish(v) for v in _triples(rows, +1, with_actuals)]

    for kind in ("budget", "actual"):  # 3.
        purchases = db.execute(text("SELECT hours, rate_ore, amount_ore FROM staff_purchases "
                                    "WHERE plan_id=:p AND year=:y AND kind=:k ORDER BY id"),
                               {"p": pid, "y": year, "k": kind}).all()  # fmt: skip
        if kind == "actual" and not purchases:
            continue
        for hours, rate, amount in purchases:
            numbers += [hundredths(int(Decimal(str(hours)) * 100)), danish(rate), danish(amount)]
        numbers += [hundredths(sum(int(Decimal(str(h)) * 100) for h, _, _ in purchases)),
                    danish(sum(a for _, _, a in purchases))]  # fmt: skip

    fte = db.execute(text(
        "SELECT focus_area_id, partner_id, fte FROM staff_allocations s WHERE plan_id=:p AND "
        "year=:y AND id = (SELECT MAX(id) FROM staff_allocations t WHERE t.plan_id=s.plan_id "
        "AND t.year=s.year AND t.focus_area_id=s.focus_area_id AND t.partner_id=s.partner_id)"),
        {"p": pid, "y": year}).all()  # fmt: skip
    staffed = [q for q, _ in partners if any(r.partner_id == q for r in fte)]
    grid = [[sum(int(Decimal(str(r.fte)) * 100) for r in fte if r.focus_area_id == f
                 and r.partner_id == q) for q in staffed] for f in areas]  # fmt: skip
    grid = [[*row, sum(row)] for row in grid]
    grid.append([sum(col) for col in zip(*grid, strict=True)])
    numbers += [hundredths(v) for row in grid for v in row]  # 4.

    funds = [q for q, kind in partners if kind == "fund"]
    bought = ("WHERE plan_id=:p AND year=:y AND kind=:k AND category='staff_purchase' AND "
              f"partner_id IN ({','.join(map(str, funds))})")  # fmt: skip
    for kind in ("budget", "actual"):  # 5.
        years = [y for y in range(plan.first_year, year + 1)
                 if kind == "budget" or _count(db, pid, y, kind)]  # fmt: skip
        rows = []
        for y in years:
            fund = _sum(db, bought, p=pid, y=y, k=kind)
            own = _sum(db, "WHERE plan_id=:p AND year=:y AND kind=:k AND partner_id=:m",
                       p=pid, y=y, k=kind, m=plan.municipality_id)  # fmt: skip
            rows.append([fund + own, fund, own])
        rows.append([sum(col) for col in zip(*rows, strict=True)])
        numbers += [danish(v) for row in rows for v in row]

    carried = dict(db.execute(text(
        "SELECT partner_id, SUM(amount_ore) FROM carry_overs WHERE plan_id=:p AND from_year=:y "
        "GROUP BY partner_id"), {"p": pid, "y": year}).all())  # fmt: skip
    six = [(b, a, carried.get(q, 0)) for (q, _), (b, a) in zip(partners, by_partner, strict=True)]
    six.append(tuple(sum(col) for col in zip(*six, strict=True)))
    for b, a, c in six:  # 6.
        numbers += [danish(v) for v in ([b, a, b - a, c] if with_actuals else [b, c])]
    return numbers


def _count(db: Session, plan_id: int, year: int, kind: str) -> int:
    return db.execute(text("SELECT COUNT(*) FROM entries WHERE plan_id=:p AND year=:y AND "
                           "kind=:k"), {"p": plan_id, "y": year, "k": kind}).scalar()  # fmt: skip


def test_every_number_in_the_pdf_is_the_database_sum(
    db: Session, accounts: MasterPlan, tmp_path: Path
) -> None:
    pdf = render_export(lbf_package(db, accounts, YEAR), "pdf")
    expected = expected_numbers(db, accounts, YEAR)
    assert pdf_numbers(pdf, tmp_path) == expected
    assert "-31.500" in expected  # the accounts really differ from the budget
    pages = pdf_text(pdf, tmp_path)
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert accounts.name[:40] in page.replace("\n", " ")
        assert "(2017–2021)" in page and "Dannet" in page and f"Side {number}" in page


def test_xlsx_formulas_recalculated_by_libreoffice_equal_the_stored_values(
    db: Session, accounts: MasterPlan, tmp_path: Path
) -> None:
    report = lbf_package(db, accounts, YEAR)
    data = render_xlsx_book(report)
    import io

    from openpyxl import load_workbook

    with_formulas = load_workbook(io.BytesIO(data))
    recalculated = recalculate(data, tmp_path)
    assert [s.title for s in recalculated.worksheets] == [
        "1 Medfinansiering", "2 Indsatsområder", "3 Frikøb", "4 Årsværk",
        "5 Flerårig oversigt", "6 Overførsel", "8 Kontroller",
    ]  # fmt: skip
    formulas = 0
    for table in report.tables:
        sheet = recalculated[table.section]
        source = with_formulas[table.section]
        title_row = next(r for r in range(1, sheet.max_row + 1)
                         if sheet.cell(r, 1).value == table.title)  # fmt: skip
        for offset, row in enumerate(table.all_rows, start=title_row + 2):
            assert sheet.cell(offset, 1).value == row.label
            for index, value in enumerate(row.values):
                cell = source.cell(offset, index + 2)
                got = as_decimal(sheet.cell(offset, index + 2).value)
                unit = table.unit_of(index)
                exact = (None if value is None else Decimal(value) / 100 if unit == "kr."
                         else quantity(value, unit))  # fmt: skip
                assert got == exact, (
                    table.title, row.label, index)  # fmt: skip
                if isinstance(cell.value, str):
                    assert cell.value.startswith("=")
                    formulas += 1
                elif value is not None:
                    assert isinstance(cell.value, int | float | Decimal)  # numbers, not text
                    assert cell.number_format in ("#,##0", "#,##0.00", '0.0" %"')
        if table.total is not None:
            total_row = title_row + 2 + len(table.rows)
            assert all(str(source.cell(total_row, i + 2).value).startswith("=SUM(")
                       for i, v in enumerate(table.total.values) if v is not None)  # fmt: skip
    assert formulas > 40  # every total, variance and carry-over cell


def test_json_and_cli(db: Session, accounts: MasterPlan, db_url: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    data = json.loads(render_export(lbf_package(db, accounts, YEAR), "json"))
    assert data["year"] == YEAR and data["has_actuals"] is True
    assert [t["section"] for t in data["tables"]][0] == "1 Medfinansiering"
    staff = next(t for t in data["tables"] if t["title"].startswith("3."))
    assert staff["column_units"] == ["t", "kr.", "kr."]

    ledger = str(Path(sys.executable).with_name("ledger"))
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url}
    out = tmp_path / "lbf.xlsx"
    done = subprocess.run([ledger, "export", "lbf-package", "--plan", accounts.slug, "--year",
                           str(YEAR), "--format", "xlsx", "--out", str(out)], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:2] == b"PK"
    args = [ledger, "export", "lbf-package", "--plan", accounts.slug, "--year", "2030"]
    bad = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "uden for planens periode" in bad.stderr


def test_year_without_accounts_leaves_accounts_empty(
    db: Session, accounts: MasterPlan, tmp_path: Path
) -> None:
    report = lbf_package(db, accounts, 2021)
    assert report.meta["has_actuals"] is False
    first = report.tables[0]
    assert all(row.values[1:] == [None, None] for row in first.all_rows)
    assert pdf_numbers(render_export(report, "pdf"), tmp_path) == expected_numbers(
        db, accounts, 2021, with_actuals=False
    )
    recalculated = recalculate(render_xlsx_book(report), tmp_path)
    sheet = recalculated["1 Medfinansiering"]
    total_row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "I alt")
    budget = _sum(db, "WHERE plan_id=:p AND year=2021 AND kind='budget'", p=accounts.id)
    assert sheet.cell(total_row, 2).value * 100 == budget > 0
    assert sheet.cell(total_row, 3).value is None and sheet.cell(total_row, 4).value is None


def test_booked_carry_over_is_shown_beside_the_unspent_funds(
    db: Session, accounts: MasterPlan
) -> None:
    from app.services.budget import carry_over, unspent_by_partner
    from app.services.closing import close_year

    unspent = unspent_by_partner(db, accounts, YEAR)
    close_year(db, accounts, YEAR, reason="Regnskab sendt til LBF")
    carry_over(db, accounts, YEAR)
    db.commit()
    table = next(t for t in lbf_package(db, accounts, YEAR).tables if t.title.startswith("6."))
    by_name = {row.label: row.values for row in table.rows}
    for partner in accounts.partners:
        budget, actual, left, carried = by_name[partner.name]
        assert left == budget - actual == unspent.get(partner.id, budget - actual)
        assert carried == max(left, 0)
    assert table.total.values[3] == sum(max(v, 0) for v in unspent.values()) > 0
