"""The memo form's sums (Slagelse's table) added up by the database from the ledger's running
sums per partner (app.models.entry_sum.PartnerSum, exact at any size), one statement per call.

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

from sqlalchemy import (
    BindParameter,
    Select,
    and_,
    bindparam,
    literal_column,
    null,
    select,
)
from sqlalchemy.orm import Session

from app.models import Category, EntryKind, MasterPlan, Partner, PartnerKind, PartnerSum
from app.models.entry_sum import total
from reports.cells import Cell, Cells


@dataclass
class MemoSums:
    """One plan's memo columns per year (øre) and, for a budget memo, the funds carried in."""

    years: dict[int, tuple[int, int]] = field(default_factory=dict)  # year -> (bought, own)
    carried: Cells = field(default_factory=Cells)


def _statement(kind: str, scope: str) -> Select:
    s = PartnerSum
    bought = and_(Partner.kind == PartnerKind.FUND.value, s.category == Category.STAFF_PURCHASE)
    memo: Select = (
        select(
            s.plan_id, s.year, null(), null(),
            total(bought, s), total(s.partner_id == MasterPlan.municipality_id, s),
        )
        .join(Partner, Partner.id == s.partner_id)
        .join(MasterPlan, MasterPlan.id == s.plan_id)
        .where(s.kind == kind, s.carried.is_(False))
        .group_by(s.plan_id, s.year)
    )  # fmt: skip
    keys = [s.plan_id, s.year, s.partner_id, s.category]
    carried: Select = (
        select(*keys, total(sums=s), literal_column("0"))
        .where(s.carried.is_(True), s.kind == EntryKind.BUDGET.value)
        .group_by(*keys)
    )
    if scope == "one":
        memo = memo.where(s.plan_id == bindparam("plan_id"))
        carried = carried.where(s.plan_id == bindparam("plan_id"))
    elif scope == "many":
        ids: BindParameter = bindparam("plan_ids", expanding=True)
        memo = memo.where(s.plan_id.in_(ids))
        carried = carried.where(s.plan_id.in_(ids))
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
