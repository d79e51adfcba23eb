"""The memo form's sums (Slagelse's table) added up by the database, one statement per call.

Per plan and year: what fund partners paid for municipal staff (category `staff_purchase`) and
what the municipality financed itself — the memo's two columns, summed with CASE in the GROUP
BY, so a plan-year is one row (a handful of cells per partner and category before, each turned
into Python objects). Funds carried in from a closed year are left out of both, and come back
in the same statement (UNION ALL) as cells per year, partner and category for the table of
carried funds (reports.cofinancing). Entries name only partners of their plan (a partner with
entries cannot leave it), so "a fund partner" is the partner's kind, as in the plan's columns.
"""

from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import BindParameter, Select, and_, bindparam, case, literal_column, null, select
from sqlalchemy.orm import Session

from app.models import CarryOver, Category, Entry, EntryKind, MasterPlan, Partner, PartnerKind
from app.models.sums import money_sum
from reports.cells import Cell, Cells


@dataclass
class MemoSums:
    """One plan's memo columns per year (øre) and, for a budget memo, the funds carried in."""

    years: dict[int, tuple[int, int]] = field(default_factory=dict)  # year -> (bought, own)
    carried: Cells = field(default_factory=Cells)


def _statement(kind: str, scope: str) -> Select:
    bought = and_(Partner.kind == PartnerKind.FUND.value, Entry.category == Category.STAFF_PURCHASE)
    memo: Select = (
        select(
            Entry.plan_id, Entry.year, null(), null(),
            money_sum(case((bought, Entry.amount_ore), else_=0)),
            money_sum(case((Entry.partner_id == MasterPlan.municipality_id, Entry.amount_ore),
                           else_=0)),
        )
        .join(Partner, Partner.id == Entry.partner_id)
        .join(MasterPlan, MasterPlan.id == Entry.plan_id)
        .where(Entry.kind == kind, Entry.id.not_in(select(CarryOver.entry_id)))
        .group_by(Entry.plan_id, Entry.year)
    )  # fmt: skip
    # Read from the (few) carry-overs by their plan, not from the plan's entries.
    carried: Select = (
        select(
            CarryOver.plan_id, Entry.year, Entry.partner_id, Entry.category,
            money_sum(Entry.amount_ore), literal_column("0"),
        )
        .join(Entry, Entry.id == CarryOver.entry_id)
        .where(Entry.kind == EntryKind.BUDGET.value)
        .group_by(CarryOver.plan_id, Entry.year, Entry.partner_id, Entry.category)
    )  # fmt: skip
    if scope == "one":
        memo = memo.where(Entry.plan_id == bindparam("plan_id"))
        carried = carried.where(CarryOver.plan_id == bindparam("plan_id"))
    elif scope == "many":
        ids: BindParameter = bindparam("plan_ids", expanding=True)
        memo = memo.where(Entry.plan_id.in_(ids))
        carried = carried.where(CarryOver.plan_id.in_(ids))
    if kind != EntryKind.BUDGET:
        return memo
    return memo.union_all(carried)  # type: ignore[return-value]


@lru_cache(maxsize=8)
def _cached(kind: str, scope: str) -> Select:
    """Built once per kind and scope; plan ids are bound per call (SQLAlchemy then reuses
    the compiled statement)."""
    return _statement(kind, scope)


def memo_sums(db: Session, kind: str, plan_ids: list[int] | None = None) -> dict[int, MemoSums]:
    """Every plan in `plan_ids` (None: all plans with entries) → its MemoSums."""
    connection = db.connection()
    if plan_ids is not None and len(plan_ids) == 1:
        result = connection.execute(_cached(str(kind), "one"), {"plan_id": plan_ids[0]})
    elif plan_ids is not None:
        result = connection.execute(_cached(str(kind), "many"), {"plan_ids": plan_ids})
    else:
        result = connection.execute(_cached(str(kind), "all"))
    rows = result.all()  # one fetchall: iterating fetches row by row
    sums: dict[int, MemoSums] = {plan_id: MemoSums() for plan_id in plan_ids or []}
    for plan_id, year, partner_id, category, first, second in rows:
        plan = sums.get(plan_id) or sums.setdefault(plan_id, MemoSums())
        if partner_id is None:
            plan.years[year] = (int(first), int(second))
        else:
            plan.carried[Cell(year, partner_id, category, EntryKind.BUDGET, None)] = int(first)
    return sums
