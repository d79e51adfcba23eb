"""The co-financing report, computed by one SQL GROUP BY over the plan's running sums.

Forms:
- ``slagelse``: Budget | Landsbyggefonden | <kommune>, as in Slagelse Kommune's 2020 memo:
  the fund's column is what fund partners paid for municipal staff (category
  ``staff_purchase``), the municipality's column is everything it financed itself, and the
  first column is their sum;
- ``partners``: one column per partner of the plan and a total column;
- ``budget-actual``: budget, regnskab and variance (regnskab − budget, + = merforbrug) per year;
- ``follow-up``: original and corrected budget, regnskab, variance and carry-over per year
  (reports.follow_up), or for one year per activity/indsatsområde (reports.follow_up_rows);
- ``business-case``: an investment case per year with its net, cumulative net and payback
  year, or one activity per committee (reports.business_case).
Corrections are entries too (negative reversals), so the sums are net of them.

Carry-over (services.budget.carry_over) moves unspent budget from a closed year into the next
as a new budget entry, so the same money would be counted in both years. The forms here show
a commitment over the period: their year cells and I alt leave carried funds out (`aggregate`
reads them only with `carried=True`), and a table of their own shows what was carried into
which year. A year's corrected budget with the carried funds is the follow-up form's.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache

from sqlalchemy import Select, bindparam, null, select
from sqlalchemy.orm import Session

from app.models import Activity, EntryKind, MasterPlan, PartnerKind
from app.models.entry_sum import EntrySum, PartnerSum, total
from reports.cells import Cell, Cells
from reports.display import DASH
from reports.memo_sums import MemoSums, memo_sums
from reports.model import Report, Row, Table, column_sum
from reports.plan_heads import Plan, orm_plan, plan_heads

TOTAL = "I alt"
PLAN_WIDE = "Tværgående (ikke knyttet til en aktivitet)"
CARRIED_TITLE = "Uforbrugte midler overført fra året før (flyttet mellem år, indgår ikke ovenfor)"


class Form(StrEnum):
    SLAGELSE = "slagelse"
    PARTNERS = "partners"
    BUDGET_ACTUAL = "budget-actual"
    FOLLOW_UP = "follow-up"
    BUSINESS_CASE = "business-case"


KIND_LABEL = {EntryKind.BUDGET: "Budget", EntryKind.ACTUAL: "Regnskab"}


def _sums_of(by_focus_area: bool) -> type[EntrySum] | type[PartnerSum]:
    """The grain a report reads: per activity for the indsatsområder, else per partner."""
    return EntrySum if by_focus_area else PartnerSum


def _aggregate_query(by_focus_area: bool, kind: str | None, carried: bool = False) -> Select:
    """Net øre per (plan, year, partner, category, kind[, focus area]) in one GROUP BY over
    the ledger's running sums (app.models.entry_sum), a few rows per plan-year.

    Entries booked as a carry-over are left out, or with `carried` read alone (see above).

    Without `by_focus_area` the focus area is left out (NULL) and the sums per partner are
    read (no activity: a handful of rows per year); with it the sums per activity, joined to
    its indsatsområde. With `kind` only that kind's sums are read.
    """
    s = _sums_of(by_focus_area)
    focus_area = Activity.focus_area_id if by_focus_area else null()
    keys = [s.plan_id, s.year, s.partner_id, s.category, s.kind]
    query = select(*keys, focus_area, total(sums=s))
    if by_focus_area:
        query = query.outerjoin(Activity, Activity.id == EntrySum.activity_id)
        keys.append(Activity.focus_area_id)
    if kind is not None:
        query = query.where(s.kind == str(kind))
    return query.where(s.carried.is_(carried)).group_by(*keys)


@lru_cache(maxsize=16)
def _plan_query(by_focus_area: bool, kind: str | None, carried: bool) -> Select:
    """Built once per shape; the plan id is bound per call."""
    query = _aggregate_query(by_focus_area, kind, carried)
    return query.where(_sums_of(by_focus_area).plan_id == bindparam("plan_id"))


def aggregate(
    db: Session,
    plan: Plan,
    by_focus_area: bool = True,
    kind: str | None = None,
    *,
    carried: bool = False,
) -> Cells:
    """Net øre per (year, partner, category, kind, focus area) for the plan: one query.
    Without carry-over entries, or with `carried` only them."""
    query = _plan_query(by_focus_area, None if kind is None else str(kind), carried)
    # Core rows: no ORM row processing needed.
    rows = db.connection().execute(query, {"plan_id": plan.id})
    return Cells((Cell(*row[1:6]), int(row[6])) for row in rows)


def aggregate_plans(
    db: Session,
    plan_ids: list[int],
    by_focus_area: bool,
    kind: str | None = None,
    *,
    carried: bool = False,
) -> dict[int, Cells]:
    """`aggregate` for many plans in one round trip."""
    cells: dict[int, Cells] = {plan_id: Cells() for plan_id in plan_ids}
    plans = _sums_of(by_focus_area).plan_id.in_(plan_ids)
    query = _aggregate_query(by_focus_area, kind, carried).where(plans)
    for row in db.connection().execute(query):
        cells[row[0]][Cell(*row[1:6])] = int(row[6])
    return cells


def _kind_filter(form: Form, kind: str) -> str | None:
    """The budget-actual form reads both kinds; the others only the one asked for."""
    return None if form is Form.BUDGET_ACTUAL else kind


def _sum(cells: Cells, **where: object) -> int:
    return cells.sum(**where)


def accounted_years(kind: str, booked: Iterable[int]) -> set[int] | None:
    """When `kind` is regnskab, the years that have it (`booked`: the years with entries of
    the kind); None for budget. A regnskab table shows the other years as "–" (no regnskab
    yet), never as 0."""
    return set(booked) if kind == EntryKind.ACTUAL else None


def years_table(
    title: str,
    columns: list[str],
    years: range,
    values_of: Callable[[int], list[int]],
    total_column: bool,
    accounted: set[int] | None = None,
    *,
    unit: str = "kr.",
    section: str = "",
) -> Table:
    """One row per year, `values_of(year)` its cells, one per column (and their sum in an
    I alt column); with `accounted` (regnskab), a year without regnskab is "–"."""
    rows = []
    headers = columns + ([TOTAL] if total_column else [])
    for year in years:
        if accounted is not None and year not in accounted:
            rows.append(Row(str(year), [None] * len(headers)))
            continue
        values: list[int | None] = list(values_of(year))
        if total_column:
            values.append(sum(v or 0 for v in values))
        rows.append(Row(str(year), values))
    totals: list[int | None] = [column_sum(rows, i) for i in range(len(headers))]
    missing = "" if accounted is None else DASH
    return Table(title, headers, rows, Row(TOTAL, totals), label_header="År", unit=unit,
                 section=section, missing=missing)  # fmt: skip


def memo_table(plan: Plan, memo: MemoSums, kind: str) -> Table:
    """Slagelse's table: per year the fund partners' frikøb of municipal staff, the
    municipality's own financing and their sum (reports.memo_sums adds them up)."""
    funds = [p for p in plan.partners if p.kind == PartnerKind.FUND]
    fund_label = " og ".join(p.name for p in funds) or "Landsbyggefonden"
    municipality = plan.municipality

    def values(year: int) -> list[int]:
        bought, own = memo.years.get(year, (0, 0))
        return [bought + own, bought, own]

    return years_table(
        f"{municipality.name}s medfinansiering og {fund_label}s køb af kommunale aktiviteter",
        [KIND_LABEL[EntryKind(kind)], fund_label, municipality.name],
        plan.years,
        values,
        total_column=False,
        accounted=accounted_years(kind, memo.years),
    )


def partners_table(plan: Plan, cells: Cells, kind: str, title: str, **where: object) -> Table:
    partners = plan.partners

    def values(year: int) -> list[int]:
        return [_sum(cells, year=year, kind=kind, partner_id=p.id, **where) for p in partners]

    return years_table(
        title,
        [p.name for p in partners],
        plan.years,
        values,
        total_column=True,
        accounted=accounted_years(kind, (cell.year for cell in cells if cell.kind == kind)),
    )


BUDGET_TO_DATE = "Budget for år med regnskab"


def budget_actual_table(plan: Plan, cells: Cells) -> Table:
    """Budget for every year beside the budget of the years that have regnskab, so each
    total is the sum of its column and I alt afvigelse = I alt regnskab − I alt budget for
    år med regnskab, as the note says."""
    years_with_actuals = {c.year for c in cells if c.kind == EntryKind.ACTUAL}
    rows = []
    for year in plan.years:
        budget = _sum(cells, year=year, kind=EntryKind.BUDGET)
        if year in years_with_actuals:
            actual = _sum(cells, year=year, kind=EntryKind.ACTUAL)
            rows.append(Row(str(year), [budget, budget, actual, actual - budget]))
        else:
            rows.append(Row(str(year), [budget, None, None, None]))
    totals: list[int | None] = [column_sum(rows, 0)]
    if years_with_actuals:
        totals += [column_sum(rows, i) for i in (1, 2, 3)]
    else:
        totals += [None, None, None]
    return Table(
        "Budget og regnskab",
        ["Budget", BUDGET_TO_DATE, "Regnskab", "Afvigelse"],
        rows,
        Row(TOTAL, totals),
        label_header="År",
        column_formulas={3: "{c2}-{c1}"},
        missing=DASH,
    )


def carried_table(plan: Plan, carried: Cells) -> Table | None:
    """Budget carried into each year per partner (the receiving year's row), or None when
    nothing has been carried: moved between years, so not part of a commitment's I alt."""
    if not any(carried.values()):
        return None
    return partners_table(plan, carried, EntryKind.BUDGET, CARRIED_TITLE)


def cofinancing_report(
    db: Session,
    plan: Plan,
    *,
    form: str = Form.SLAGELSE,
    kind: str = EntryKind.BUDGET,
    by_focus_area: bool = False,
    cells: Cells | None = None,
    year: int | None = None,
    rows: str = "activity",
    round_number: int | None = None,
    by_partner: bool = False,
    activity: str | None = None,
    carried: Cells | None = None,
    memo: MemoSums | None = None,
) -> Report:
    """The report for one plan; `cells`, `carried` (the carry-over entries' sums) and `memo`
    (the memo form's sums) when the caller already aggregated (many plans).

    `plan` is a head (reports.plan_heads) or the ORM plan; the forms that read more of the
    plan than its head load the ORM plan.

    The follow-up form with a `year` has a row per activity or indsatsområde (`rows`), and
    with `round_number` shows that budget follow-up round (reports.follow_up_rows).
    """
    form = Form(form)
    kind = EntryKind(kind)
    if form is Form.FOLLOW_UP and (year is not None or round_number is not None):
        from reports.follow_up_rows import follow_up_report

        return follow_up_report(db, orm_plan(db, plan), year, rows, round_number)
    if form is Form.BUSINESS_CASE:
        from reports.business_case import business_case_report

        return business_case_report(
            db, orm_plan(db, plan), kind=kind, by_partner=by_partner, activity=activity
        )
    if by_focus_area or form is Form.FOLLOW_UP:
        plan = orm_plan(db, plan)  # its focus areas, or the follow-up's tables
    if form is Form.SLAGELSE:
        memo = memo_sums(db, kind, [plan.id])[plan.id] if memo is None else memo
        carried = memo.carried if carried is None else carried
    if cells is None and (by_focus_area or form in (Form.PARTNERS, Form.BUDGET_ACTUAL)):
        cells = aggregate(db, plan, by_focus_area, _kind_filter(form, kind))
    shows_budget = form is Form.BUDGET_ACTUAL or kind is EntryKind.BUDGET
    if carried is None and shows_budget and form is not Form.FOLLOW_UP:
        carried = aggregate(db, plan, False, EntryKind.BUDGET, carried=True)
    period = f"{plan.first_year}–{plan.last_year}"
    report = Report(
        title=f"Medfinansiering – {plan.name}",
        plan_slug=plan.slug,
        plan_name=plan.name,
        period=(plan.first_year, plan.last_year),
        subtitle=f"Helhedsplan {period}.",
        generated_at=datetime.now(UTC),
        meta={"form": form.value, "kind": kind.value, "by_focus_area": by_focus_area},
    )
    if form is Form.SLAGELSE:
        assert memo is not None
        report.tables.append(memo_table(plan, memo, kind))
        report.notes.append(
            "Tallene viser kommunens medfinansiering samt hvor meget fonden har købt "
            "kommunale aktiviteter for."
        )
    elif form is Form.PARTNERS:
        assert cells is not None
        label = KIND_LABEL[kind]
        report.tables.append(partners_table(plan, cells, kind, f"{label} pr. partner"))
    elif form is Form.FOLLOW_UP:
        from reports.follow_up import follow_up_table

        report.tables.append(follow_up_table(db, orm_plan(db, plan)))
        report.notes.append(
            "Korrigeret budget = oprindeligt budget + budgetrevisioner + overførte midler. "
            "Afvigelse = regnskab − korrigeret budget (+ = merforbrug). I alt tæller overførte "
            "midler én gang: I alt for korrigeret budget er årenes sum minus det, der er overført "
            "fra året før; I alt for afvigelse er summen over de år, der har regnskab."
        )
    else:
        assert cells is not None
        report.tables.append(budget_actual_table(plan, cells))
        report.notes.append(
            f"Afvigelse = regnskab − budget for år med regnskab (+ = merforbrug, − = "
            f"mindreforbrug); «{BUDGET_TO_DATE}» er budgettet for de år, der har regnskab."
        )
    if by_focus_area:
        assert cells is not None and isinstance(plan, MasterPlan)
        report.tables.extend(_focus_area_tables(plan, cells, kind))
    moved = carried_table(plan, carried) if carried is not None and shows_budget else None
    if moved is not None and form is not Form.FOLLOW_UP:
        report.tables.append(moved)
        report.notes.append(
            "Budget og I alt er uden uforbrugte midler overført fra et år til det næste; de "
            "er allerede talt med i det år, de blev budgetteret, og vises i tabellen over "
            "overførte midler (året, de er overført til)."
        )
    return report


def _focus_area_tables(plan: MasterPlan, cells: Cells, kind: str) -> list[Table]:
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


def cofinancing_reports(
    db: Session,
    plans: list[MasterPlan] | None = None,
    *,
    form: str = Form.SLAGELSE,
    kind: str = EntryKind.BUDGET,
    by_focus_area: bool = False,
) -> list[Report]:
    """The report for many plans (default: all): the plans' heads in one query and one GROUP
    BY for all of them, instead of a round of queries per plan."""
    form, kind = Form(form), EntryKind(kind)
    heads = plan_heads(db, None if plans is None else [plan.id for plan in plans])
    ids = [head.id for head in heads]
    every = None if plans is None else ids  # all plans: no list of ids to send
    memo = memo_sums(db, kind, every) if form is Form.SLAGELSE else {}
    cells: dict[int, Cells] = {}
    if by_focus_area or form in (Form.PARTNERS, Form.BUDGET_ACTUAL):
        cells = aggregate_plans(db, ids, by_focus_area, _kind_filter(form, kind))
    if form is Form.SLAGELSE:
        carried = {plan_id: sums.carried for plan_id, sums in memo.items()}
    else:
        carried = aggregate_plans(db, ids, False, EntryKind.BUDGET, carried=True)
    return [
        cofinancing_report(
            db,
            head,
            form=form,
            kind=kind,
            by_focus_area=by_focus_area,
            cells=cells.get(head.id),
            carried=carried.get(head.id, Cells()),
            memo=memo.get(head.id, MemoSums()),
        )
        for head in heads
    ]
