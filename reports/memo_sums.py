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
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal_column,
    null,
    select,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.models import CarryOver, Category, Entry, EntryKind, MasterPlan, Partner, PartnerKind
from app.models.sums import ExactInt, money_sum
from reports.cells import Cell, Cells


@dataclass
class MemoSums:
    """One plan's memo columns per year (øre) and, for a budget memo, the funds carried in."""

    years: dict[int, tuple[int, int]] = field(default_factory=dict)  # year -> (bought, own)
    carried: Cells = field(default_factory=Cells)


def _plain_sum(amount: Any) -> ColumnElement:
    return func.sum(amount, type_=ExactInt())


def _statement(kind: str, scope: str, plain: bool) -> Select:
    """`plain`: SQL's own SUM (see memo_sums), else app.models.sums.money_sum."""
    total = _plain_sum if plain else money_sum
    bought = and_(Partner.kind == PartnerKind.FUND.value, Entry.category == Category.STAFF_PURCHASE)
    memo: Select = (
        select(
            Entry.plan_id, Entry.year, null(), null(),
            total(case((bought, Entry.amount_ore), else_=0)),
            total(case((Entry.partner_id == MasterPlan.municipality_id, Entry.amount_ore),
                       else_=0)),
        )
        .join(Partner, Partner.id == Entry.partner_id)
        .join(MasterPlan, MasterPlan.id == Entry.plan_id)
        .where(Entry.kind == kind, Entry.id.not_in(select(CarryOver.entry_id)))
        .group_by(Entry.plan_id, Entry.year)
    )  # fmt: skip
    # Read through the (few) carry-overs' entry ids: the database walks them, not the entries.
    carry_ids = select(CarryOver.entry_id)
    if scope == "one":
        memo = memo.where(Entry.plan_id == bindparam("plan_id"))
        carry_ids = carry_ids.where(CarryOver.plan_id == bindparam("plan_id"))
    elif scope == "many":
        ids: BindParameter = bindparam("plan_ids", expanding=True)
        memo = memo.where(Entry.plan_id.in_(ids))
        carry_ids = carry_ids.where(CarryOver.plan_id.in_(ids))
    keys = [Entry.plan_id, Entry.year, Entry.partner_id, Entry.category]
    carried: Select = (
        select(*keys, total(Entry.amount_ore), literal_column("0"))
        .where(Entry.id.in_(carry_ids), Entry.kind == EntryKind.BUDGET.value)
        .group_by(*keys)
    )
    if kind != EntryKind.BUDGET:
        return memo
    return memo.union_all(carried)  # type: ignore[return-value]


@lru_cache(maxsize=16)
def _cached(kind: str, scope: str, plain: bool = False) -> Select:
    """Built once per kind and scope; plan ids are bound per call (SQLAlchemy then reuses
    the compiled statement)."""
    return _statement(kind, scope, plain)


def _rows(connection: Connection, kind: str, plan_ids: list[int] | None, plain: bool) -> list:
    params: dict[str, Any] = {}
    if plan_ids is not None and len(plan_ids) == 1:
        statement, params = _cached(kind, "one", plain), {"plan_id": plan_ids[0]}
    elif plan_ids is not None:
        statement, params = _cached(kind, "many", plain), {"plan_ids": plan_ids}
    else:
        statement = _cached(kind, "all", plain)
    return list(connection.execute(statement, params).all())  # one fetchall


def memo_sums(db: Session, kind: str, plan_ids: list[int] | None = None) -> dict[int, MemoSums]:
    """Every plan in `plan_ids` (None: all plans with entries) → its MemoSums.

    SQLite's own SUM of integers is exact or fails with "integer overflow" (it never wraps), so
    it is tried first there: a third faster than money_sum's two sums per column, which serve
    only a sum beyond 64 bits. PostgreSQL's SUM is exact (NUMERIC) in any case.
    """
    connection = db.connection()
    try:
        rows = _rows(connection, str(kind), plan_ids, plain=True)
    except OperationalError as error:
        if connection.dialect.name != "sqlite" or "integer overflow" not in str(error):
            raise
        rows = _rows(connection, str(kind), plan_ids, plain=False)
    sums: dict[int, MemoSums] = {plan_id: MemoSums() for plan_id in plan_ids or []}
    for plan_id, year, partner_id, category, first, second in rows:
        plan = sums.get(plan_id) or sums.setdefault(plan_id, MemoSums())
        if partner_id is None:
            plan.years[year] = (int(first), int(second))
        else:
            plan.carried[Cell(year, partner_id, category, EntryKind.BUDGET, None)] = int(first)
    return sums
