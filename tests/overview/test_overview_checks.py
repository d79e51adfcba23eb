"""The overview counts the rule checks of every plan at once (reports.overview_checks): the
counts equal app.services.checks.run_checks plan by plan on a generated multi-plan data set that
breaks every rule somewhere (the query count: tests/overview/test_overview.py)."""

from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.models import Category, Entry, EntryKind, MasterPlan
from app.services.checks import run_checks, variances
from app.services.explanations import add_explanation
from app.services.ledger import book_entry
from app.services.plans import list_plans, update_plan
from app.services.posting import EntryInput
from reports.overview import overview
from tests.helpers import summed_as_migrated

EVERY_CHECK = {
    "local_cofinancing_min",
    "fund_share_max",
    "frame_exceeded",
    "commitment_exceeded",
    "municipality_missing",
    "variance_unexplained",
    "staff_purchase_without_hours",
}


def _break_every_rule(db: Session, plans: list[MasterPlan]) -> None:
    """On top of tests/overview/data.py: a frame too small, a year without the municipality's
    money, a fund-heavy year, an explained variance and a frikøb booked without hours."""
    third, fourth, fifth = plans[2], plans[3], plans[4]
    update_plan(db, third, frame_ore=1_000_00)
    update_plan(db, fourth, last_year=fourth.last_year + 1)  # a new year: only the fund's money
    book_entry(db, fourth, EntryInput(fourth.last_year, "Landsbyggefonden", "budget", "cash",
                                      5_000_000_00))  # fmt: skip
    year = next(y for y in fifth.years if variances(db, fifth, y))
    exceeding = next(v for v in variances(db, fifth, year) if v.exceeds(fifth))
    add_explanation(db, fifth, year=year, activity_id=exceeding.activity_id, text="Forsinket")
    db.execute(  # as a database written before the frikøb door refused amounts without hours
        insert(Entry).values(
            plan_id=fifth.id, year=fifth.first_year, partner_id=fifth.municipality_id,
            kind=EntryKind.BUDGET.value, category=Category.STAFF_PURCHASE.value,
            amount_ore=123_45, text="Frikøb uden timer",
        )
    )  # fmt: skip
    summed_as_migrated(db)
    db.commit()


def test_the_counts_equal_run_checks_for_every_plan(db: Session, national) -> None:
    _break_every_rule(db, national)
    rows = {row.plan_id: row for row in overview(db).rows}
    seen: set[str] = set()
    for plan in list_plans(db):
        report = run_checks(db, plan)
        seen |= {result.code for result in report.results}
        got = (rows[plan.id].errors, rows[plan.id].warnings)
        assert got == (len(report.errors), len(report.warnings)), plan.slug
    assert seen == EVERY_CHECK  # the data set reaches every check
    assert any(row.errors for row in rows.values())
    assert any(row.warnings for row in rows.values())


def test_an_explanation_takes_its_variance_out_of_the_count(db: Session, national) -> None:
    plan = national[4]
    update_plan(db, plan, variance_pct=Decimal(0), variance_amount_ore=0)
    db.commit()
    before = next(r for r in overview(db).rows if r.plan_id == plan.id).errors
    year = next(y for y in plan.years if variances(db, plan, y))
    variance = next(v for v in variances(db, plan, year) if v.variance)
    add_explanation(db, plan, year=year, activity_id=variance.activity_id, text="Forklaret")
    db.commit()
    after = next(r for r in overview(db).rows if r.plan_id == plan.id).errors
    assert after == before - 1 == len(run_checks(db, plan).errors)
