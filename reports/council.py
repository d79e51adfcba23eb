"""The council answer: one municipality's share across every plan it takes part in.

The question Slagelse Kommune's memo of August 2020 answers by hand: how much the
municipality co-finances and how much the fund buys of its activities (staff purchases paid
by fund partners), in money and in staff (FTE), per focus area and year. Sums of ledger
entries and of the current staff allocations; `kind` picks budget or regnskab. Budget
carried from one year to the next counts once, in the year it was budgeted (as in
reports.cofinancing); what was carried is shown per plan in a table of its own.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Category, EntryKind, MasterPlan, Partner, PartnerKind, PlanPartner
from app.services.errors import DomainError
from app.services.staff import current_staff_allocations
from reports.cofinancing import (
    CARRIED_TITLE,
    KIND_LABEL,
    PLAN_WIDE,
    TOTAL,
    Cell,
    accounted_years,
    aggregate,
    years_table,
)
from reports.display import name_with_period
from reports.model import Report, Row, Table, column_sum

OWN, BOUGHT = "Kommunens medfinansiering", "Fondens køb af kommunale aktiviteter"


def municipality_plans(db: Session, municipality: Partner) -> list[MasterPlan]:
    query = (
        select(MasterPlan)
        .join(PlanPartner, PlanPartner.plan_id == MasterPlan.id)
        .where(PlanPartner.partner_id == municipality.id)
        .order_by(MasterPlan.first_year, MasterPlan.slug)
    )
    return list(db.scalars(query))


def _years_by_area(
    title: str,
    areas: Sequence[tuple[str, object]],
    years: range,
    value: Callable[[int, object], int],
    unit: str,
    section: str,
    accounted: set[int] | None = None,
) -> Table:
    """One row per year, a column per indsatsområde (`areas`: its name and its key for
    `value`) and I alt; with `accounted` (regnskab), a year without regnskab is "–"."""
    return years_table(
        title,
        [name for name, _ in areas],
        years,
        lambda year: [value(year, key) for _, key in areas],
        total_column=True,
        accounted=accounted,
        unit=unit,
        section=section,
    )


def council_answer(
    db: Session,
    municipality: Partner,
    kind: str = EntryKind.BUDGET,
    *,
    plans: list[MasterPlan] | None = None,
) -> Report:
    """The answer over every plan the municipality takes part in, or over `plans` of them
    (one plan's answer: the municipality view is the sum of its plans' answers)."""
    if municipality.kind != PartnerKind.MUNICIPALITY:
        raise DomainError(f"“{municipality.name}” er ikke en kommune.", "municipality")
    kind = EntryKind(kind)
    chosen = None if plans is None else {plan.id for plan in plans}
    plans = [p for p in municipality_plans(db, municipality) if chosen is None or p.id in chosen]
    if not plans:
        raise DomainError(f"{municipality.name} deltager ikke i nogen helhedsplan.", "municipality")
    label = KIND_LABEL[kind]
    report = Report(
        title=f"{municipality.name}s andel i de boligsociale helhedsplaner ({label.lower()})",
        plan_slug="",
        plan_name=f"{municipality.name}, alle helhedsplaner",
        period=(min(p.first_year for p in plans), max(p.last_year for p in plans)),
        subtitle="Medfinansiering og fondens køb af kommunale aktiviteter; personale i årsværk.",
        generated_at=datetime.now(UTC),
        meta={"municipality": {"id": municipality.id, "name": municipality.name},
              "kind": kind.value, "plans": [p.slug for p in plans]},
    )  # fmt: skip
    summary_rows = []
    for plan in plans:
        tables, summary_row = _plan_tables(db, plan, municipality, kind)
        report.tables += tables
        summary_rows.append(summary_row)
    summary = Table(
        f"Samlet pr. helhedsplan ({label.lower()})",
        [OWN, BOUGHT, TOTAL, "Årsværk"],
        summary_rows,
        Row(TOTAL, [column_sum(summary_rows, i) for i in range(4)]),
        label_header="Helhedsplan",
        column_units=["kr.", "kr.", "kr.", "fte"],
        column_formulas={2: "{c0}+{c1}"},
        section="Samlet",
    )
    report.tables.insert(0, summary)
    report.notes.append(
        "Fondens køb = frikøb af kommunalt personale betalt af fonden (kategori frikøb) i de "
        "planer, hvor kommunen er værtskommune."
    )
    return report


def _plan_tables(
    db: Session, plan: MasterPlan, municipality: Partner, kind: EntryKind
) -> tuple[list[Table], Row]:
    """Own co-financing, fund purchases and FTE per focus area and year for one plan."""
    cells = aggregate(db, plan)
    funds = {p.id for p in plan.partners if p.kind == PartnerKind.FUND}
    is_host = plan.municipality_id == municipality.id

    def own(cell: Cell) -> bool:
        return cell.kind == kind and cell.partner_id == municipality.id

    def bought(cell: Cell) -> bool:
        # What the fund bought of the municipality's activities: in its own plans only.
        return (
            is_host
            and cell.kind == kind
            and cell.partner_id in funds
            and cell.category == Category.STAFF_PURCHASE
        )

    areas: list[tuple[str, object]] = [(fa.name, fa.id) for fa in plan.focus_areas]
    if any(c.focus_area_id is None and (own(c) or bought(c)) for c in cells):
        areas.append((PLAN_WIDE, None))

    def money(test: Callable[[Cell], bool]) -> Callable[[int, object], int]:
        def value(year: int, area: object) -> int:
            return sum(
                amount
                for cell, amount in cells.items()
                if cell.year == year and cell.focus_area_id == area and test(cell)
            )

        return value

    allocations = [
        a for a in current_staff_allocations(db, plan) if a.partner_id == municipality.id
    ]

    def fte(year: int, area: object) -> int:
        return sum(
            int(a.fte * 100) for a in allocations if a.year == year and a.focus_area_id == area
        )

    section, years = plan.name, plan.years
    accounted = accounted_years(kind, (cell.year for cell in cells if cell.kind == kind))
    own_table = _years_by_area(
        f"{plan.name}: {OWN.lower()} pr. indsatsområde", areas, years, money(own), "kr.", section,
        accounted,
    )  # fmt: skip
    bought_table = _years_by_area(
        f"{plan.name}: {BOUGHT.lower()} pr. indsatsområde", areas, years, money(bought), "kr.",
        section, accounted,
    )  # fmt: skip
    fte_areas = [(fa.name, fa.id) for fa in plan.focus_areas]
    fte_table = _years_by_area(
        f"{plan.name}: kommunalt personale i årsværk pr. indsatsområde", fte_areas, years, fte,
        "fte", section,
    )  # fmt: skip
    own_total = column_sum(own_table.rows, -1)
    bought_total = column_sum(bought_table.rows, -1)
    fte_total = column_sum(fte_table.rows, -1)
    row = Row(
        name_with_period(plan.name, plan.first_year, plan.last_year),
        [own_total, bought_total, own_total + bought_total, fte_total],
    )
    tables = [own_table, bought_table, fte_table]
    if kind is EntryKind.BUDGET:
        carried = aggregate(db, plan, False, EntryKind.BUDGET, carried=True)
        moved = [(municipality.name, municipality.id)]

        def carried_in(year: int, partner_id: object) -> int:
            return carried.sum(year=year, partner_id=partner_id)

        if any(carried_in(year, municipality.id) for year in years):
            title = f"{plan.name}: {CARRIED_TITLE[0].lower()}{CARRIED_TITLE[1:]}"
            tables.append(_years_by_area(title, moved, years, carried_in, "kr.", section))
    return tables, row
