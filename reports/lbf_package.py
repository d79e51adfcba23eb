"""The annual package for Landsbyggefonden (LBF): one plan, one year, six sections.

1. co-financing per partner: budget, regnskab (accounts) and variance;
2. per focus area, then per activity within each focus area;
3. staff purchases (frikøb): hours, hourly rate and amount;
4. staff allocated in FTE (årsværk) per focus area and partner;
5. the multi-year table in the Slagelse memo's form, up to and including the year;
6. carry-over: unspent funds (budget − regnskab) per partner, and what was booked as carried
   over to the next year (explicit carry-over entries, services.budget.carry_over).

Every amount is a sum of ledger entries (corrections included), as in reports.cofinancing.
Variance is regnskab − budget (+ = merforbrug). Budget is the corrected budget (original,
revisions and funds carried in), as in services.budget.unspent_by_partner.
"""

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Entry, EntryKind, MasterPlan
from app.models.closing import CarryOver
from app.services.errors import DomainError
from app.services.staff import current_staff_allocations, list_staff_purchases
from reports.cofinancing import PLAN_WIDE, TOTAL, aggregate, slagelse_table
from reports.model import Report, Row, Table

SECTIONS = (
    "1 Medfinansiering",
    "2 Indsatsområder",
    "3 Frikøb",
    "4 Årsværk",
    "5 Flerårig oversigt",
    "6 Overførsel",
)
BUDGET, ACTUAL, VARIANCE = "Budget", "Regnskab", "Afvigelse"
VARIANCE_FORMULA = "{c1}-{c0}"


def _budget_actual_rows(
    labels_and_sums: list[tuple[str, int, int]], has_actuals: bool
) -> tuple[list[Row], Row]:
    rows = [
        Row(label, [budget, actual, actual - budget] if has_actuals else [budget, None, None])
        for label, budget, actual in labels_and_sums
    ]
    totals = [sum(r.values[i] or 0 for r in rows) for i in range(3)]
    if not has_actuals:
        totals[1] = totals[2] = None  # type: ignore[call-overload]
    return rows, Row(TOTAL, totals)


def _carried_over(db: Session, plan: MasterPlan, year: int) -> dict[int, int]:
    """Øre per partner booked as carry-over from `year` (services.budget.carry_over)."""
    query = (
        select(CarryOver.partner_id, func.sum(CarryOver.amount_ore))
        .where(CarryOver.plan_id == plan.id, CarryOver.from_year == year)
        .group_by(CarryOver.partner_id)
    )
    return {partner_id: int(amount) for partner_id, amount in db.execute(query)}


def _budget_actual_table(
    title: str, section: str, label_header: str, sums: list[tuple[str, int, int]], actuals: bool
) -> Table:
    rows, total = _budget_actual_rows(sums, actuals)
    return Table(
        title,
        [BUDGET, ACTUAL, VARIANCE],
        rows,
        total,
        label_header=label_header,
        column_formulas={2: VARIANCE_FORMULA},
        section=section,
    )


def _activity_sums(db: Session, plan: MasterPlan, year: int) -> dict[tuple[int | None, str], int]:
    query = (
        select(Entry.activity_id, Entry.kind, func.sum(Entry.amount_ore))
        .where(Entry.plan_id == plan.id, Entry.year == year)
        .group_by(Entry.activity_id, Entry.kind)
    )
    return {(activity, kind): int(total) for activity, kind, total in db.execute(query)}


def lbf_package(db: Session, plan: MasterPlan, year: int) -> Report:
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(
            f"Året {year} ligger uden for planens periode {plan.first_year}–{plan.last_year}.",
            "year",
        )
    cells = aggregate(db, plan)
    in_year = {cell: amount for cell, amount in cells.items() if cell.year == year}
    has_actuals = any(cell.kind == EntryKind.ACTUAL for cell in in_year)

    def total(kind: str, **where: object) -> int:
        return sum(
            amount
            for cell, amount in in_year.items()
            if cell.kind == kind and all(getattr(cell, k) == v for k, v in where.items())
        )

    report = Report(
        title=f"Årlig rapportering til Landsbyggefonden {year}",
        plan_slug=plan.slug,
        plan_name=plan.name,
        period=(plan.first_year, plan.last_year),
        subtitle=f"{plan.name}, helhedsplan {plan.first_year}–{plan.last_year}. Beløb i kr.",
        generated_at=datetime.now(UTC),
        meta={"year": year, "has_actuals": has_actuals},
    )
    tables = report.tables

    # 1. Co-financing per partner.
    partner_sums = [
        (p.name, total("budget", partner_id=p.id), total("actual", partner_id=p.id))
        for p in plan.partners
    ]
    tables.append(
        _budget_actual_table(
            f"1. Medfinansiering pr. partner {year}", SECTIONS[0], "Partner", partner_sums,
            has_actuals,
        )
    )  # fmt: skip

    # 2. Per focus area, then per activity.
    area_sums = [
        (fa.name, total("budget", focus_area_id=fa.id), total("actual", focus_area_id=fa.id))
        for fa in plan.focus_areas
    ]
    plan_wide = (total("budget", focus_area_id=None), total("actual", focus_area_id=None))
    if any(plan_wide):
        area_sums.append((PLAN_WIDE, *plan_wide))
    tables.append(
        _budget_actual_table(
            f"2. Pr. indsatsområde {year}", SECTIONS[1], "Indsatsområde", area_sums, has_actuals
        )
    )
    by_activity = _activity_sums(db, plan, year)
    for fa in plan.focus_areas:
        sums = [
            (
                f"{a.code} {a.name}",
                by_activity.get((a.id, "budget"), 0),
                by_activity.get((a.id, "actual"), 0),
            )
            for a in fa.activities
        ]
        tables.append(
            _budget_actual_table(
                f"2. {fa.name}: aktiviteter {year}", SECTIONS[1], "Aktivitet", sums, has_actuals
            )
        )

    # 3. Staff purchases, budget and accounts apart.
    purchases = list_staff_purchases(db, plan, year)
    names = {p.id: p.name for p in plan.partners}
    codes = {a.id: a.code for fa in plan.focus_areas for a in fa.activities}
    for kind, label in ((EntryKind.BUDGET, BUDGET), (EntryKind.ACTUAL, ACTUAL)):
        rows = [
            Row(
                f"{codes[p.activity_id]}: {names[p.supplier_id]} → {names[p.payer_id]}",
                [int(p.hours * 100), p.rate_ore, p.amount_ore],
            )
            for p in purchases
            if p.kind == kind
        ]
        if not rows and kind == EntryKind.ACTUAL:
            continue
        tables.append(
            Table(
                f"3. Frikøb af personale {year} ({label.lower()})",
                ["Timer", "Timepris", "Beløb"],
                rows,
                Row(TOTAL, [sum(r.values[0] for r in rows), None, sum(r.values[2] for r in rows)]),
                label_header="Aktivitet: leverandør → betaler",
                column_units=["t", "kr.", "kr."],
                section=SECTIONS[2],
            )
        )

    # 4. FTE per focus area (current allocations), one column per partner with staff.
    allocations = [a for a in current_staff_allocations(db, plan) if a.year == year]
    staffed = [p for p in plan.partners if any(a.partner_id == p.id for a in allocations)]
    fte_rows = []
    for fa in plan.focus_areas:
        values = [
            sum(int(a.fte * 100) for a in allocations
                if a.focus_area_id == fa.id and a.partner_id == p.id)
            for p in staffed
        ]  # fmt: skip
        fte_rows.append(Row(fa.name, [*values, sum(values)]))
    columns = [p.name for p in staffed] + [TOTAL]
    tables.append(
        Table(
            f"4. Personale i årsværk pr. indsatsområde {year}",
            columns,
            fte_rows,
            Row(TOTAL, [sum(r.values[i] for r in fte_rows) for i in range(len(columns))]),
            label_header="Indsatsområde",
            unit="fte",
            section=SECTIONS[3],
        )
    )

    # 5. Multi-year table, Slagelse form, up to the year (accounts only for years with any).
    actual_years = {c.year for c in cells if c.kind == EntryKind.ACTUAL}
    for kind, label in ((EntryKind.BUDGET, BUDGET), (EntryKind.ACTUAL, ACTUAL)):
        full = slagelse_table(plan, cells, kind)
        keep = [
            r for r in full.rows
            if int(r.label) <= year and (kind == EntryKind.BUDGET or int(r.label) in actual_years)
        ]  # fmt: skip
        if not keep:
            continue
        tables.append(
            Table(
                f"5. {full.title} {plan.first_year}–{year} ({label.lower()})",
                full.columns,
                keep,
                Row(TOTAL, [sum(r.values[i] or 0 for r in keep) for i in range(len(full.columns))]),
                label_header="År",
                section=SECTIONS[4],
            )
        )

    # 6. Carry-over of unspent funds to the next year: computed, and what has been booked.
    booked = _carried_over(db, plan, year)
    carry = Table(
        f"6. Uforbrugte midler {year}, overføres til {year + 1}",
        [BUDGET, ACTUAL, "Uforbrugt", f"Overført til {year + 1}"],
        [
            Row(
                p.name,
                [budget, actual, budget - actual, booked.get(p.id, 0)]
                if has_actuals
                else [budget, None, None, booked.get(p.id, 0)],
            )
            for p, (_, budget, actual) in zip(plan.partners, partner_sums, strict=True)
        ],
        label_header="Partner",
        column_formulas={2: "{c0}-{c1}"},
        section=SECTIONS[5],
    )
    carry.total = Row(
        TOTAL,
        [sum(r.values[i] or 0 for r in carry.rows) if has_actuals or i in (0, 3) else None
         for i in range(4)],
    )  # fmt: skip
    tables.append(carry)

    report.notes.append("Afvigelse = regnskab − budget (+ = merforbrug, − = mindreforbrug).")
    report.notes.append(
        "Uforbrugt = budget − regnskab for året. Overført = det, der er bogført som overførsel "
        "til næste år, når året er lukket."
    )
    if not has_actuals:
        report.notes.append(f"Der er endnu ikke bogført regnskab for {year}.")
    if year == plan.last_year:
        report.notes.append(
            f"{year} er planens sidste år; uforbrugte midler skal afklares med LBF."
        )
    return report
