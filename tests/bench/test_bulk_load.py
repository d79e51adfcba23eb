"""The 10 M scale's bulk path (bench.bulk_load) books every generated line as the import reads
it — plan, year, activity, partner, kind, category, amount (the import's own parser), text and
key — and the report's statement can be explained (bench.explain); so `python -m bench --scale
10m` builds the ledger the other scales import. Nothing is timed."""

import csv

from sqlalchemy import select

from app.models import Activity, Entry, MasterPlan, Partner
from app.services.amounts import parse_amount
from bench import build, bulk_load, dataset, explain, raw_sql
from reports.cofinancing import cofinancing_reports

SEED = 17


def test_bulk_load_books_every_line_as_the_import_reads_it(db, engine, db_url, tmp_path) -> None:
    plans = dataset.specs(SEED, 3)
    build.book_structure(db, SEED, plans)
    db.commit()
    path = tmp_path / "lines.csv"
    build.write_csv(path, SEED, plans, 500)
    bulk_load.load(db_url, path)
    with path.open(encoding="utf-8", newline="") as handle:
        expected = {
            (r["plan"], int(r["year"]), r["activity"], r["partner"], r["kind"], r["category"],
             parse_amount(r["amount"]), r["text"], r["external_id"])
            for r in csv.DictReader(handle, delimiter=";")
        }  # fmt: skip
    booked = db.execute(
        select(MasterPlan.slug, Entry.year, Activity.code, Partner.name, Entry.kind,
               Entry.category, Entry.amount_ore, Entry.text, Entry.external_id)
        .join(MasterPlan, MasterPlan.id == Entry.plan_id)
        .join(Partner, Partner.id == Entry.partner_id)
        .outerjoin(Activity, Activity.id == Entry.activity_id)
        .where(Entry.created_by == bulk_load.CREATED_BY)
    ).all()  # fmt: skip
    assert len(booked) == len(expected) == 500
    assert {(*row[:2], row[2] or "", *row[3:]) for row in booked} == expected
    report = {r.plan_slug: r.tables[0].total for r in cofinancing_reports(db)}
    assert len(report) == 3 and raw_sql.memo_sums(engine, "budget")
    plans_explained = explain.report_plans(engine, db.scalar(select(MasterPlan.id)) or 0)
    if engine.dialect.name == "postgresql":
        assert set(plans_explained) == {"one plan", "all plans"}
        assert all("actual time=" in text for text in plans_explained.values())
    else:
        assert plans_explained == {}
