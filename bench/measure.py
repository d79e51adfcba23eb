"""Timing of the report through the service layer, beside the raw SQL floor and bean-query."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Entry, MasterPlan
from bench import raw_sql
from bench.raw_sql import Sums
from reports.cofinancing import cofinancing_report, cofinancing_reports
from reports.model import Report
from reports.plan_heads import plan_head


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def largest_plan(db: Session) -> tuple[str, int, int]:
    """(slug, id, entry count) of the plan with most entries: the "one plan" of the figures."""
    query = (
        select(MasterPlan.slug, MasterPlan.id, func.count(Entry.id))
        .join(Entry, Entry.plan_id == MasterPlan.id)
        .group_by(MasterPlan.slug, MasterPlan.id)
        .order_by(func.count(Entry.id).desc(), MasterPlan.slug)
        .limit(1)
    )
    slug, plan_id, count = db.execute(query).one()
    return slug, plan_id, count


# A figure below this is timed as the mean of a loop of calls that lasts about this long, as
# timeit does: one sub-millisecond call alone measures the clock and the scheduler more than
# the call. Service and floor are timed alike, so their ratio is fair.
MIN_ROUND_SECONDS = 0.05


def timed(action: Callable[[], object], reps: int) -> tuple[Timing, object]:
    """One warm-up call (whose result is returned), then `reps` timed rounds, each the mean
    of as many calls as fill MIN_ROUND_SECONDS (one call when a call takes longer)."""
    started = time.perf_counter()
    result = action()
    first = time.perf_counter() - started
    calls = max(1, min(10_000, int(MIN_ROUND_SECONDS / max(first, 1e-6))))
    timing = Timing()
    for _ in range(reps):
        started = time.perf_counter()
        for _ in range(calls):
            action()
        timing.seconds.append((time.perf_counter() - started) / calls)
    return timing, result


def report_sums(plan_id: int, report: Report) -> Sums:
    """The memo table's values keyed like the raw SQL sums (years with no entries left out)."""
    return {
        (plan_id, int(row.label)): tuple(int(v or 0) for v in row.values)  # type: ignore[misc]
        for row in report.tables[0].rows
        if any(row.values)
    }


def project_one(sessions: sessionmaker[Session], slug: str, **options: object) -> Sums:
    """One plan through the service layer: look the plan up by slug (its head,
    reports.plan_heads), build the report (one session)."""
    with sessions() as db:
        plan = plan_head(db, slug)
        return report_sums(plan.id, cofinancing_report(db, plan, **options))  # type: ignore[arg-type]


def project_all(sessions: sessionmaker[Session], kind: str) -> Sums:
    """Every plan's report through `cofinancing_reports` (one GROUP BY for all plans)."""
    with sessions() as db:
        sums: Sums = {}
        reports = cofinancing_reports(db, kind=kind)
        ids = {slug: i for slug, i in db.execute(select(MasterPlan.slug, MasterPlan.id))}
        for report in reports:
            sums.update(report_sums(ids[report.plan_slug], report))
        return sums


def raw_one(engine: Engine, plan_id: int, kind: str, sums: bool = False) -> Sums:
    return raw_sql.memo_sums(engine, kind, plan_id, sums)


def raw_all(engine: Engine, kind: str, sums: bool = False) -> Sums:
    return raw_sql.memo_sums(engine, kind, sums=sums)


def municipalities(sessions: sessionmaker[Session]) -> dict[int, int]:
    with sessions() as db:
        return {i: m for i, m in db.execute(select(MasterPlan.id, MasterPlan.municipality_id))}


def check_equal(name: str, expected: Sums, got: Sums) -> None:
    """The benchmark compares like with like: refuse to print a ratio over different sums."""
    if expected != got:
        keys = sorted(set(expected) ^ set(got)) or [
            k for k in sorted(expected) if expected[k] != got.get(k)
        ]
        sample = {k: (expected.get(k), got.get(k)) for k in keys[:3]}
        raise AssertionError(f"{name}: sums differ from the raw SQL, e.g. {sample}")
