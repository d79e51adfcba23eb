"""The SQL half of the LBF package: every sum it prints, gathered into plain data.

The sections (reports.lbf_sections) only arrange these numbers, so they can be unit-tested
with hand-built sums; this module is the only one of the package that reads the database.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Entry, EntryKind, MasterPlan
from app.models.closing import CarryOver
from app.models.sums import money_sum
from app.services.checks import current_explanations, variances
from app.services.errors import DomainError
from app.services.staff import current_staff_allocations, list_staff_purchases
from reports.cofinancing import PLAN_WIDE, Cells, aggregate, carried_table, memo_table
from reports.memo_sums import memo_sums
from reports.model import Table


@dataclass(frozen=True)
class BudgetActual:
    """One labelled row's budget and regnskab (accounts) in øre."""

    label: str
    budget: int
    actual: int


@dataclass(frozen=True)
class Purchase:
    """One staff purchase line: hours in hundredths, hourly rate and amount in øre."""

    label: str
    hours: int
    rate: int
    amount: int


@dataclass(frozen=True)
class ExplainedVariance:
    """An activity's variance over the plan's thresholds, or one that has an explanation."""

    label: str
    budget: int
    actual: int
    explanation: str | None  # the current text with who and when, None when missing


@dataclass
class PackageSums:
    """Everything the six sections show for one plan and year."""

    year: int
    has_actuals: bool
    partners: list[BudgetActual]
    focus_areas: list[BudgetActual]  # the plan-wide row last, only when used
    activities: list[tuple[str, list[BudgetActual]]]  # per focus area name
    purchases: dict[str, list[Purchase]]  # per kind (budget, actual)
    staffed: list[str]  # partner names with staff allocated in the year
    fte: list[tuple[str, list[int]]]  # per focus area: hundredths of an årsværk per partner
    multi_year: dict[str, Table]  # per kind: the Slagelse table over the whole plan
    actual_years: set[int]  # years with any regnskab
    carried: list[int] = field(default_factory=list)  # øre booked as carried over, per partner
    carried_in: list[int] = field(default_factory=list)  # øre carried into the year, per partner
    multi_year_carried: Table | None = None  # what was carried into each year, per partner
    explained: list[ExplainedVariance] = field(default_factory=list)


def _explained(db: Session, plan: MasterPlan, year: int) -> list[ExplainedVariance]:
    """Variances over both thresholds, and any other that was explained (services.checks)."""
    current = current_explanations(db, plan, year)
    out = []
    for v in variances(db, plan, year):
        found = current.get(v.activity_id)
        if found is None and not v.exceeds(plan):
            continue
        text = None
        if found is not None:
            when = found.created_at.strftime("%d.%m.%Y")
            text = f"{found.text} ({found.created_by or 'ukendt'}, {when})"
        out.append(ExplainedVariance(v.label, v.budget, v.actual, text))
    return out


def _activity_sums(db: Session, plan: MasterPlan, year: int) -> dict[tuple[int | None, str], int]:
    query = (
        select(Entry.activity_id, Entry.kind, money_sum(Entry.amount_ore))
        .where(Entry.plan_id == plan.id, Entry.year == year)
        .group_by(Entry.activity_id, Entry.kind)
    )
    return {(activity, kind): int(total) for activity, kind, total in db.execute(query)}


def _carried_over(db: Session, plan: MasterPlan, year: int) -> dict[int, int]:
    """Øre per partner booked as carry-over from `year` (services.budget.carry_over)."""
    query = (
        select(CarryOver.partner_id, money_sum(CarryOver.amount_ore))
        .where(CarryOver.plan_id == plan.id, CarryOver.from_year == year)
        .group_by(CarryOver.partner_id)
    )
    return {partner_id: int(amount) for partner_id, amount in db.execute(query)}


def _budget_actual(cells: Cells, year: int, label: str, **where: object) -> BudgetActual:
    return BudgetActual(
        label,
        cells.sum(year=year, kind=EntryKind.BUDGET, **where),
        cells.sum(year=year, kind=EntryKind.ACTUAL, **where),
    )


def package_sums(db: Session, plan: MasterPlan, year: int) -> PackageSums:
    """One GROUP BY over the plan's entries plus the activity, staff and carry-over sums."""
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(
            f"Året {year} ligger uden for planens periode {plan.first_year}–{plan.last_year}.",
            "year",
        )
    # The year's sections show its corrected budget (with funds carried in, as the carry-over
    # computes unspent funds); the multi-year section counts carried funds once.
    commitment = aggregate(db, plan)
    carried_cells = aggregate(db, plan, carried=True)
    cells = commitment.plus(carried_cells)
    areas = [_budget_actual(cells, year, fa.name, focus_area_id=fa.id) for fa in plan.focus_areas]
    plan_wide = _budget_actual(cells, year, PLAN_WIDE, focus_area_id=None)
    if plan_wide.budget or plan_wide.actual:
        areas.append(plan_wide)
    by_activity = _activity_sums(db, plan, year)
    names = {p.id: p.name for p in plan.partners}
    codes = {a.id: a.code for fa in plan.focus_areas for a in fa.activities}
    purchases: dict[str, list[Purchase]] = {EntryKind.BUDGET: [], EntryKind.ACTUAL: []}
    for p in list_staff_purchases(db, plan, year):
        purchases[p.kind].append(
            Purchase(
                f"{codes[p.activity_id]}: {names[p.supplier_id]} → {names[p.payer_id]}",
                int(p.hours * 100),
                p.rate_ore,
                p.amount_ore,
            )
        )
    allocations = [a for a in current_staff_allocations(db, plan) if a.year == year]
    staffed = [p for p in plan.partners if any(a.partner_id == p.id for a in allocations)]
    fte = [
        (
            fa.name,
            [
                sum(int(a.fte * 100) for a in allocations
                    if a.focus_area_id == fa.id and a.partner_id == p.id)
                for p in staffed
            ],
        )
        for fa in plan.focus_areas
    ]  # fmt: skip
    booked = _carried_over(db, plan, year)
    return PackageSums(
        year=year,
        has_actuals=any(c.year == year and c.kind == EntryKind.ACTUAL for c in cells),
        partners=[_budget_actual(cells, year, p.name, partner_id=p.id) for p in plan.partners],
        focus_areas=areas,
        activities=[
            (
                fa.name,
                [
                    BudgetActual(
                        f"{a.code} {a.name}",
                        by_activity.get((a.id, EntryKind.BUDGET), 0),
                        by_activity.get((a.id, EntryKind.ACTUAL), 0),
                    )
                    for a in fa.activities
                ],
            )
            for fa in plan.focus_areas
        ],
        purchases=purchases,
        staffed=[p.name for p in staffed],
        fte=fte,
        multi_year={
            kind: memo_table(plan, memo_sums(db, kind, [plan.id])[plan.id], kind)
            for kind in EntryKind
        },
        actual_years={c.year for c in cells if c.kind == EntryKind.ACTUAL},
        carried=[booked.get(p.id, 0) for p in plan.partners],
        carried_in=[
            carried_cells.sum(year=year, kind=EntryKind.BUDGET, partner_id=p.id)
            for p in plan.partners
        ],
        multi_year_carried=carried_table(plan, carried_cells),
        explained=_explained(db, plan, year),
    )
