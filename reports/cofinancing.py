"""The co-financing report, computed by one SQL GROUP BY over the plan's entries.

Forms:
- ``slagelse``: Budget | Landsbyggefonden | <kommune>, as in Slagelse Kommune's 2020 memo:
  the fund's column is what fund partners paid for municipal staff (category
  ``staff_purchase``), the municipality's column is everything it financed itself, and the
  first column is their sum;
- ``partners``: one column per partner of the plan and a total column;
- ``budget-actual``: budget, regnskab and variance (regnskab − budget, + = merforbrug) per year;
- ``follow-up``: original and corrected budget, regnskab, variance and carry-over per year
  (reports.follow_up).
Corrections are entries too (negative reversals), so the sums are net of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Activity, Category, Entry, EntryKind, MasterPlan, PartnerKind
from reports.model import Report, Row, Table

TOTAL = "I alt"
PLAN_WIDE = "Tværgående (ikke knyttet til en aktivitet)"


class Form(StrEnum):
    SLAGELSE = "slagelse"
    PARTNERS = "partners"
    BUDGET_ACTUAL = "budget-actual"
    FOLLOW_UP = "follow-up"


KIND_LABEL = {EntryKind.BUDGET: "Budget", EntryKind.ACTUAL: "Regnskab"}


@dataclass(frozen=True)
class Cell:
    year: int
    partner_id: int
    category: str
    kind: str
    focus_area_id: int | None


def aggregate(db: Session, plan: MasterPlan) -> dict[Cell, int]:
    """Net øre per (year, partner, category, kind, focus area) for the plan: one query."""
    query = (
        select(
            Entry.year,
            Entry.partner_id,
            Entry.category,
            Entry.kind,
            Activity.focus_area_id,
            func.sum(Entry.amount_ore),
        )
        .outerjoin(Activity, Activity.id == Entry.activity_id)
        .where(Entry.plan_id == plan.id)
        .group_by(Entry.year, Entry.partner_id, Entry.category, Entry.kind, Activity.focus_area_id)
    )
    return {Cell(*row[:5]): int(row[5]) for row in db.execute(query)}


def _sum(cells: dict[Cell, int], **where: object) -> int:
    return sum(
        amount
        for cell, amount in cells.items()
        if all(getattr(cell, key) == value for key, value in where.items())
    )


def _years_table(
    title: str,
    columns: list[str],
    years: range,
    value_of: Callable[[int, int], int],
    total_column: bool,
) -> Table:
    rows = []
    for year in years:
        values = [value_of(year, index) for index in range(len(columns))]
        if total_column:
            values.append(sum(values))
        rows.append(Row(str(year), values))
    headers = columns + ([TOTAL] if total_column else [])
    totals = [sum(row.values[i] for row in rows) for i in range(len(headers))]
    return Table(title, headers, rows, Row(TOTAL, totals), label_header="År")


def slagelse_table(plan: MasterPlan, cells: dict[Cell, int], kind: str) -> Table:
    funds = [p for p in plan.partners if p.kind == PartnerKind.FUND]
    fund_ids = {p.id for p in funds}
    fund_label = " og ".join(p.name for p in funds) or "Landsbyggefonden"
    municipality = plan.municipality

    def value(year: int, column: int) -> int:
        bought = sum(
            amount
            for cell, amount in cells.items()
            if cell.year == year
            and cell.kind == kind
            and cell.partner_id in fund_ids
            and cell.category == Category.STAFF_PURCHASE
        )
        own = _sum(cells, year=year, kind=kind, partner_id=municipality.id)
        return (bought + own, bought, own)[column]

    return _years_table(
        f"{municipality.name}s medfinansiering og {fund_label}s køb af kommunale aktiviteter",
        [KIND_LABEL[EntryKind(kind)], fund_label, municipality.name],
        plan.years,
        value,
        total_column=False,
    )


def partners_table(
    plan: MasterPlan, cells: dict[Cell, int], kind: str, title: str, **where: object
) -> Table:
    partners = plan.partners

    def value(year: int, column: int) -> int:
        return _sum(cells, year=year, kind=kind, partner_id=partners[column].id, **where)

    return _years_table(title, [p.name for p in partners], plan.years, value, total_column=True)


def budget_actual_table(plan: MasterPlan, cells: dict[Cell, int]) -> Table:
    years_with_actuals = {c.year for c in cells if c.kind == EntryKind.ACTUAL}
    rows = []
    for year in plan.years:
        budget = _sum(cells, year=year, kind=EntryKind.BUDGET)
        if year in years_with_actuals:
            actual = _sum(cells, year=year, kind=EntryKind.ACTUAL)
            rows.append(Row(str(year), [budget, actual, actual - budget]))
        else:
            rows.append(Row(str(year), [budget, None, None]))
    totals: list[int | None] = [sum(r.values[0] or 0 for r in rows)]
    if years_with_actuals:
        totals += [sum(r.values[i] or 0 for r in rows) for i in (1, 2)]
    else:
        totals += [None, None]
    return Table(
        "Budget og regnskab",
        ["Budget", "Regnskab", "Afvigelse"],
        rows,
        Row(TOTAL, totals),
        label_header="År",
    )


def cofinancing_report(
    db: Session,
    plan: MasterPlan,
    *,
    form: str = Form.SLAGELSE,
    kind: str = EntryKind.BUDGET,
    by_focus_area: bool = False,
) -> Report:
    form = Form(form)
    kind = EntryKind(kind)
    cells = aggregate(db, plan)
    period = f"{plan.first_year}–{plan.last_year}"
    report = Report(
        title=f"Medfinansiering – {plan.name}",
        plan_slug=plan.slug,
        plan_name=plan.name,
        period=(plan.first_year, plan.last_year),
        subtitle=f"Helhedsplan {period}. Beløb i kr.",
        generated_at=datetime.now(UTC),
        meta={"form": form.value, "kind": kind.value, "by_focus_area": by_focus_area},
    )
    if form is Form.SLAGELSE:
        report.tables.append(slagelse_table(plan, cells, kind))
        report.notes.append(
            "Tallene viser kommunens medfinansiering samt hvor meget fonden har købt "
            "kommunale aktiviteter for."
        )
    elif form is Form.PARTNERS:
        label = KIND_LABEL[kind]
        report.tables.append(partners_table(plan, cells, kind, f"{label} pr. partner"))
    elif form is Form.FOLLOW_UP:
        from reports.follow_up import follow_up_table

        report.tables.append(follow_up_table(db, plan))
        report.notes.append(
            "Korrigeret budget = oprindeligt budget + budgetrevisioner + overførte midler. "
            "Afvigelse = regnskab − korrigeret budget (+ = merforbrug)."
        )
    else:
        report.tables.append(budget_actual_table(plan, cells))
        report.notes.append("Afvigelse = regnskab − budget (+ = merforbrug, − = mindreforbrug).")
    if by_focus_area:
        report.tables.extend(_focus_area_tables(plan, cells, kind))
    return report


def _focus_area_tables(plan: MasterPlan, cells: dict[Cell, int], kind: str) -> list[Table]:
    label = KIND_LABEL[EntryKind(kind)]
    tables = [
        partners_table(plan, cells, kind, f"{label}: {fa.name}", focus_area_id=fa.id)
        for fa in plan.focus_areas
    ]
    if any(c.focus_area_id is None and c.kind == kind for c in cells):
        tables.append(
            partners_table(plan, cells, kind, f"{label}: {PLAN_WIDE}", focus_area_id=None)
        )
    return tables
