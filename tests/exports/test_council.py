"""The council answer: one municipality across all its plans, numbers checked against SQL."""

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models import MasterPlan
from app.services.partners import find_partner
from reports.council import council_answer
from reports.exports import render_export
from tests.exports.conftest import danish, hundredths, pdf_numbers


def expected(db: Session, plans: list[MasterPlan], municipality_id: int) -> list[str]:
    """Summary per plan, then per plan: own money, fund purchases, FTE per area and year."""
    summary, blocks = [], []
    for plan in plans:
        areas = db.execute(text("SELECT id FROM focus_areas WHERE plan_id=:p ORDER BY position"),
                           {"p": plan.id}).scalars().all()  # fmt: skip
        fund_ids = db.execute(text("SELECT p.id FROM plan_partners pp JOIN partners p ON "
                                   "p.id=pp.partner_id WHERE pp.plan_id=:p AND p.kind='fund'"),
                              {"p": plan.id}).scalars().all()  # fmt: skip
        funds = ",".join(map(str, fund_ids)) or "NULL"
        own_sql = "e.partner_id = :m"
        bought_sql = f"e.category = 'staff_purchase' AND e.partner_id IN ({funds})"
        tables = []
        for condition in (own_sql, bought_sql):
            rows = []
            for year in plan.years:
                values = [
                    int(db.execute(text(
                        "SELECT COALESCE(SUM(e.amount_ore), 0) FROM entries e JOIN activities a "
                        "ON a.id = e.activity_id WHERE e.plan_id=:p AND e.year=:y AND "
                        f"e.kind='budget' AND a.focus_area_id=:f AND {condition}"),
                        {"p": plan.id, "y": year, "f": f, "m": municipality_id}).scalar())
                    for f in areas
                ]  # fmt: skip
                rows.append([*values, sum(values)])
            rows.append([sum(c) for c in zip(*rows, strict=True)])
            tables.append(rows)
        fte_rows = []
        for year in plan.years:
            values = []
            for f in areas:
                value = db.execute(text(
                    "SELECT fte FROM staff_allocations WHERE plan_id=:p AND year=:y AND "
                    "focus_area_id=:f AND partner_id=:m ORDER BY id DESC LIMIT 1"),
                    {"p": plan.id, "y": year, "f": f, "m": municipality_id}).scalar()  # fmt: skip
                values.append(0 if value is None else int(Decimal(str(value)) * 100))
            fte_rows.append([*values, sum(values)])
        fte_rows.append([sum(c) for c in zip(*fte_rows, strict=True)])
        own, bought = tables[0][-1][-1], tables[1][-1][-1]
        summary.append([own, bought, own + bought, fte_rows[-1][-1]])
        blocks += [danish(v) for t in tables[:1] for r in t for v in r]
        blocks += [danish(v) for t in tables[1:] for r in t for v in r]
        blocks += [hundredths(v) for r in fte_rows for v in r]
    summary.append([sum(c) for c in zip(*summary, strict=True)])
    head = [danish(v) if i < 3 else hundredths(v) for row in summary for i, v in enumerate(row)]
    return head + blocks


def test_council_pdf_and_csv_numbers_are_the_database_sums(
    db: Session, accounts: MasterPlan, second_plan: MasterPlan, tmp_path: Path
) -> None:
    kommune = find_partner(db, "Slagelse Kommune")
    report = council_answer(db, kommune)
    numbers = expected(db, [accounts, second_plan], kommune.id)
    assert pdf_numbers(render_export(report, "pdf"), tmp_path) == numbers
    # The memo's totals for the Slagelse plan, and the second plan beside it.
    assert numbers[:4] == ["10.604.000", "10.418.000", "21.022.000", "33,40"]
    assert numbers[4:8] == ["400.000", "50.000", "450.000", "1,50"]

    rows = list(csv.reader(io.StringIO(render_export(report, "csv").decode("utf-8-sig")),
                           delimiter=";"))  # fmt: skip
    csv_numbers = [cell for row in rows for cell in row[1:] if cell and cell[0].isdigit()]
    assert csv_numbers == numbers


def test_council_json_and_refusals(
    db: Session, accounts: MasterPlan, db_url: str, tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    data = json.loads(render_export(council_answer(db, find_partner(db, "Slagelse Kommune"),
                                                   "actual"), "json"))  # fmt: skip
    assert data["municipality"]["name"] == "Slagelse Kommune" and data["kind"] == "actual"
    assert data["plans"] == [accounts.slug]
    ledger = str(Path(sys.executable).with_name("ledger"))
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url}
    args = [ledger, "export", "council", "--municipality", "Landsbyggefonden"]
    refused = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "ikke en kommune" in refused.stderr
    out = tmp_path / "council.csv"
    args = [ledger, "export", "council", "--municipality", "Slagelse Kommune", "--format", "csv",
            "--out", str(out)]  # fmt: skip
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "10.604.000" in out.read_text(encoding="utf-8-sig")
