"""The investment case form (Copenhagen's business cases, e.g. Tingbjerg 2018–2021).

The classification lives in the plan's structure, not in a new category set or plan type
(README "Investment case"): the indsatsområder are the classes ("Effektivisering",
"Investering (…)"), their activities the lines ("Service (SOF måltal)", "Overførsler (BIF)",
"Implementeringsomk. (service)"), the partners the committees (udvalg). So:

- `business_case_table`: a row per activity under a heading row per indsatsområde, a column
  per year, the total "Samlet økonomisk påvirkning";
- `cumulative_table` and `payback_year`: the running net and the first year it is ≤ 0 (the
  year the investment "betaler sig hjem");
- `by_partner_table`: one activity's effect per committee and year (Tabel 2); a committee
  without any line in a year is blank, a zero shows as "–".
SQL in `activity_sums` / `partner_sums`; the builders are pure.
"""

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services.errors import DomainError
from app.services.posting import PlanBook, activity_message
from reports.model import Report, Row, Table, present_sum

NET = "Samlet økonomisk påvirkning"
BY_PARTNER_TOTAL = "Total"
Sums = dict[tuple[int, int], int]  # (activity or partner id, year) → øre


def activity_sums(db: Session, plan: MasterPlan, kind: str) -> Sums:
    query = (
        select(Entry.activity_id, Entry.year, func.sum(Entry.amount_ore))
        .where(Entry.plan_id == plan.id, Entry.kind == kind, Entry.activity_id.is_not(None))
        .group_by(Entry.activity_id, Entry.year)
    )
    return {(a, y): int(v) for a, y, v in db.execute(query) if a is not None}


def partner_sums(db: Session, plan: MasterPlan, activity_id: int, kind: str) -> Sums:
    query = (
        select(Entry.partner_id, Entry.year, func.sum(Entry.amount_ore))
        .where(Entry.plan_id == plan.id, Entry.kind == kind, Entry.activity_id == activity_id)
        .group_by(Entry.partner_id, Entry.year)
    )
    return {(p, y): int(v) for p, y, v in db.execute(query)}


def business_case_table(
    title: str, years: list[int], groups: list[tuple[str, list[tuple[str, list[int]]]]]
) -> Table:
    """Heading rows (empty cells) per group, a row per line, the net as the total."""
    rows: list[Row] = []
    lines: list[list[int]] = []
    for heading, group_lines in groups:
        rows.append(Row(heading, [None] * len(years)))
        for label, values in group_lines:
            rows.append(Row(label, list(values)))
            lines.append(values)
    net: list[int | None] = [sum(v[i] for v in lines) for i in range(len(years))]
    return Table(title, [str(y) for y in years], rows, Row(NET, net), label_header="År")


def cumulative_table(years: list[int], net: list[int]) -> Table:
    running, total = [], 0
    for value in net:
        total += value
        running.append(total)
    return Table(
        "Kumuleret økonomisk påvirkning",
        [str(y) for y in years],
        [Row("Kumuleret nettoeffekt", list(running))],
        label_header="År",
    )


def payback_year(years: list[int], net: list[int]) -> int | None:
    """The first year the cumulative net is ≤ 0 after an investment (None: not within the
    years shown, or nothing invested)."""
    total, invested = 0, False
    for year, value in zip(years, net, strict=True):
        total += value
        invested = invested or total > 0
        if invested and total <= 0:
            return year
    return None


def by_partner_table(
    title: str, years: list[int], rows: list[tuple[str, list[int | None]]]
) -> Table:
    values = [Row(label, list(cells)) for label, cells in rows]
    totals = [present_sum(values, i) for i in range(len(years))]
    return Table(title, [str(y) for y in years], values, Row(BY_PARTNER_TOTAL, totals),
                 label_header="Udvalg", zero_as_dash=True)  # fmt: skip


def business_case_report(
    db: Session, plan: MasterPlan, *, kind: str, by_partner: bool, activity: str | None
) -> Report:
    years = list(plan.years)
    report = Report(
        title=f"Investeringscase – {plan.name}",
        plan_slug=plan.slug,
        plan_name=plan.name,
        period=(plan.first_year, plan.last_year),
        subtitle=f"Business case {plan.first_year}–{plan.last_year}.",
        generated_at=datetime.now(UTC),
        meta={"form": "business-case", "kind": kind, "by_partner": by_partner},
    )
    if by_partner:
        book = PlanBook.of(db, plan)
        activity_id = book.activity_id(activity) if activity else None
        if activity_id is None:
            raise DomainError(activity_message(activity or "", plan.slug), "activity")
        name = next(a.name for fa in plan.focus_areas for a in fa.activities
                    if a.id == activity_id)  # fmt: skip
        sums = partner_sums(db, plan, activity_id, kind)
        rows = [
            (p.name, [sums.get((p.id, y)) for y in years])
            for p in plan.partners
            if any((p.id, y) in sums for y in years)  # the committees the activity touches
        ]
        report.tables.append(by_partner_table(f"Effekt pr. udvalg: {name}", years, rows))
        report.meta["activity"] = activity
        return report
    sums = activity_sums(db, plan, kind)
    groups = [
        (fa.name, [(a.name, [sums.get((a.id, y), 0) for y in years]) for a in fa.activities])
        for fa in plan.focus_areas
    ]
    table = business_case_table("Business case", years, groups)
    report.tables.append(table)
    net = [int(v or 0) for v in table.total.values] if table.total else []
    report.tables.append(cumulative_table(years, net))
    year = payback_year(years, net)
    report.meta["payback_year"] = year
    if year is None:
        report.notes.append("Investeringen betaler sig ikke hjem inden for planens periode.")
    else:
        count = year - plan.first_year + 1
        report.notes.append(
            f"Investeringen betaler sig hjem i {year}, efter {count} år "
            "(det første år, hvor den kumulerede nettoeffekt er 0 eller derunder)."
        )
    return report
