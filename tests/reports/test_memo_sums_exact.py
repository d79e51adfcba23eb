"""The memo form's sums (reports.memo_sums) stay exact beyond 64 bits: SQLite's plain SUM is
tried first and fails on overflow, then the exact split sum answers; PostgreSQL's SUM is exact."""

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from reports.cofinancing import cofinancing_report, cofinancing_reports
from tests.helpers import summed_as_migrated

HUGE = 9_000_000_000_000_000_000  # øre: two of them leave 64 bits (2^63 ≈ 9.22 × 10^18)


def test_a_memo_column_beyond_64_bits_is_exact(db: Session, slagelse: MasterPlan) -> None:
    year = slagelse.first_year
    before = cofinancing_report(db, slagelse).tables[0].rows[0].values[2] or 0
    db.execute(  # rows as a database written before the amount bound could hold them
        insert(Entry),
        [
            dict(plan_id=slagelse.id, year=year, partner_id=slagelse.municipality_id,
                 kind="budget", category="cash", amount_ore=HUGE, text="Før grænsen")
            for _ in range(2)
        ],
    )  # fmt: skip
    summed_as_migrated(db)
    db.commit()
    one = cofinancing_report(db, slagelse).tables[0].rows[0]
    assert one.label == str(year) and one.values[2] == before + 2 * HUGE > 2**63
    every = next(r for r in cofinancing_reports(db) if r.plan_slug == slagelse.slug)
    assert every.tables[0].rows[0].values == one.values
