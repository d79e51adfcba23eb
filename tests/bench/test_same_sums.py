"""On a tiny generated dataset, the report, the raw SQL floor and bean-query give the same
sums — the benchmark compares like with like (its timings are never asserted)."""

from app.services.imports import import_entries
from app.services.plans import list_plans
from bench import beancount_ledger, build, dataset, raw_sql
from bench.measure import report_sums
from reports.cofinancing import cofinancing_report, cofinancing_reports

SEED = 11


def test_report_raw_sql_and_beancount_agree(db, engine, tmp_path) -> None:
    plans = dataset.specs(SEED, 3)
    build.book_structure(db, SEED, plans)
    path = tmp_path / "lines.csv"
    rows = build.write_csv(path, SEED, plans, 600)
    result = import_entries(db, path.read_bytes(), fmt="csv", commit=True)
    assert result.ok, result.errors[:3]
    assert result.rows_booked == rows
    db.commit()
    assert build.book_corrections(db, per_plan=2) == 6

    for kind in ("budget", "actual"):
        raw = raw_sql.memo_sums(engine, kind)
        one_by_one = {}
        for plan in list_plans(db):
            one_by_one.update(report_sums(plan.id, cofinancing_report(db, plan, kind=kind)))
            assert raw_sql.memo_sums(engine, kind, plan.id) == {
                key: value for key, value in raw.items() if key[0] == plan.id
            }
        plans_by_slug = {plan.slug: plan for plan in list_plans(db)}
        together = {}
        for report in cofinancing_reports(db, kind=kind):
            together.update(report_sums(plans_by_slug[report.plan_slug].id, report))
        assert one_by_one == raw
        assert together == raw
        assert sum(v[0] for v in raw.values()) != 0

    ledger_path = tmp_path / "ledger.beancount"
    assert beancount_ledger.write_ledger(engine, ledger_path) == build.entry_count(db)
    ledger = beancount_ledger.load(ledger_path)
    municipalities = {plan.id: plan.municipality_id for plan in list_plans(db)}
    for kind in ("budget", "actual"):
        assert beancount_ledger.memo_sums(ledger, kind, municipalities) == raw_sql.memo_sums(
            engine, kind
        )
