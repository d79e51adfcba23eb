"""The follow-up form for one year with a row per activity or per indsatsområde (a
municipality's bevillingsramme maps to one of them), in the two forms Ballerup Kommune puts
before its committee:

- the year's accounts (Regnskab, Tabel 2): (1) original budget, (2) corrected budget,
  (3) regnskab, (4) = (3) − (2), (5) carried over to next year's budget, (6) = (4) + (5);
- a budget follow-up round (Budgetopfølgning, Tabel 1): (1) original budget, (2) corrected
  budget before the round, (3) the round's corrections, (4) = (2) + (3), (5) the round's
  forecast of year-end spend, (6) = (5) − (4).

Layers: `row_sums` is the SQL (one GROUP BY over the year's entries, classified by where they
came from); `accounts_table` and `round_table` are pure functions of those sums.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    BudgetRevision,
    BudgetRound,
    CarryOver,
    Entry,
    EntryKind,
    MasterPlan,
    RevisionEntry,
)
from app.services.errors import DomainError
from app.services.posting import year_outside_message
from app.services.rounds import current_forecasts, get_round
from reports.model import Report, Row, Table, present_sum

TOTAL = "I alt"
PLAN_WIDE = "Tværgående (ikke knyttet til en aktivitet)"
ACCOUNTS_NOTE = "+ = merforbrug, − = mindreforbrug."
ROUND_NOTE = "+ = merudgifter eller mindreindtægter, − = mindreudgifter eller merindtægter."


class RowsBy(StrEnum):
    ACTIVITY = "activity"
    FOCUS_AREA = "focus-area"


ROW_HEADERS = {RowsBy.ACTIVITY: "Aktivitet", RowsBy.FOCUS_AREA: "Indsatsområde"}


@dataclass
class RowSums:
    """One row's sums in the year (øre); `actual` None when the year has no regnskab."""

    label: str
    original: int = 0
    corrected: int = 0  # every budget entry of the year
    actual: int | None = None
    carried: int = 0  # booked as carry-over from the year into the next
    before_round: int = 0  # corrected budget without the round's and later rounds' revisions
    round_corrections: int = 0
    forecast: int | None = None


def _row_keys(plan: MasterPlan, rows: RowsBy) -> tuple[dict[int | None, str], dict[str, str]]:
    """activity id → row key, and row key → label, in the plan's order."""
    keys: dict[int | None, str] = {}
    labels: dict[str, str] = {}
    for fa in plan.focus_areas:
        if rows is RowsBy.FOCUS_AREA:
            labels[f"f{fa.id}"] = fa.name
        for a in fa.activities:
            key = f"a{a.id}" if rows is RowsBy.ACTIVITY else f"f{fa.id}"
            keys[a.id] = key
            if rows is RowsBy.ACTIVITY:
                labels[key] = f"{a.code} {a.name}"
    keys[None] = "plan"
    return keys, labels


def row_sums(
    db: Session,
    plan: MasterPlan,
    year: int,
    rows: RowsBy = RowsBy.ACTIVITY,
    budget_round: BudgetRound | None = None,
) -> list[RowSums]:
    """Every row's sums for `year` (and for `budget_round`, when given), in the plan's order;
    the plan-wide row only when entries without an activity exist."""
    revised = RevisionEntry.revision_id.is_not(None)
    carry_in = CarryOver.id.is_not(None)  # an entry is at most one carry-over
    query = (
        select(
            Entry.activity_id,
            Entry.kind,
            revised,
            carry_in,
            BudgetRound.number,
            func.sum(Entry.amount_ore),
        )
        .outerjoin(CarryOver, CarryOver.entry_id == Entry.id)
        .outerjoin(RevisionEntry, RevisionEntry.entry_id == Entry.id)
        .outerjoin(BudgetRevision, BudgetRevision.id == RevisionEntry.revision_id)
        .outerjoin(BudgetRound, BudgetRound.id == BudgetRevision.round_id)
        .where(Entry.plan_id == plan.id, Entry.year == year)
        .group_by(Entry.activity_id, Entry.kind, revised, carry_in, BudgetRound.number)
    )
    keys, labels = _row_keys(plan, rows)
    sums = {key: RowSums(label) for key, label in labels.items()}
    plan_wide = RowSums(PLAN_WIDE)
    number = budget_round.number if budget_round else None
    any_actual = False
    for activity_id, kind, was_revised, carried_in, round_number, amount in db.execute(query):
        row = sums.get(keys.get(activity_id, "plan"), plan_wide)
        amount = int(amount)
        if kind == EntryKind.ACTUAL:
            row.actual = (row.actual or 0) + amount
            any_actual = True
            continue
        row.corrected += amount
        if not was_revised and not carried_in:
            row.original += amount
        if number is not None and round_number is not None and round_number >= number:
            if round_number == number:
                row.round_corrections += amount
        else:
            row.before_round += amount
    carried = (
        select(Entry.activity_id, func.sum(CarryOver.amount_ore))
        .join(Entry, Entry.id == CarryOver.entry_id)
        .where(CarryOver.plan_id == plan.id, CarryOver.from_year == year)
        .group_by(Entry.activity_id)
    )
    for activity_id, amount in db.execute(carried):
        sums.get(keys.get(activity_id, "plan"), plan_wide).carried += int(amount)
    if budget_round is not None:
        for activity_id, amount in current_forecasts(db, budget_round).items():
            row = sums.get(keys.get(activity_id, "plan"), plan_wide)
            row.forecast = (row.forecast or 0) + amount
    result = list(sums.values())
    if plan_wide != RowSums(PLAN_WIDE):
        result.append(plan_wide)
    if any_actual:
        for row in result:
            row.actual = row.actual or 0
    return result


def _total(rows: list[Row], column: int) -> int | None:
    return present_sum(rows, column)


def _table(title: str, columns: list[str], rows: list[Row], label_header: str,
           formulas: dict[int, str]) -> Table:  # fmt: skip
    totals = [_total(rows, i) for i in range(len(columns))]
    return Table(title, columns, rows, Row(TOTAL, totals), label_header=label_header,
                 column_formulas=formulas)  # fmt: skip


def accounts_table(year: int, sums: list[RowSums], label_header: str) -> Table:
    """Ballerup's Tabel 2: the year's accounts per row with the carry-over to next year."""
    rows = []
    for s in sums:
        before = None if s.actual is None else s.actual - s.corrected
        after = None if before is None else before + s.carried
        rows.append(Row(s.label, [s.original, s.corrected, s.actual, before, s.carried, after]))
    columns = [
        f"Oprindeligt budget {year} (1)",
        f"Korrigeret budget {year} (2)",
        f"Regnskab {year} (3)",
        f"Resultat {year} før overførsler (4) = (3) − (2)",
        f"Overført til budget {year + 1} (5)",
        f"Resultat {year} efter overførsler (6) = (4) + (5)",
    ]
    return _table(f"Budget og regnskab {year}", columns, rows, label_header,
                  {3: "{c2}-{c1}", 5: "{c3}+{c4}"})  # fmt: skip


def round_table(name: str, year: int, sums: list[RowSums], label_header: str) -> Table:
    """Ballerup's Tabel 1: a follow-up round's corrections and forecast per row."""
    rows = []
    for s in sums:
        proposal = s.before_round + s.round_corrections
        deviation = None if s.forecast is None else s.forecast - proposal
        values = [s.original, s.before_round, s.round_corrections, proposal, s.forecast, deviation]
        rows.append(Row(s.label, values))
    columns = [
        f"Oprindeligt budget {year} (1)",
        "Korrigeret budget før opfølgningen (2)",
        f"Korrektioner ved {name} (3)",
        "Forslag til nyt budget inkl. overførsler (4) = (2) + (3)",
        f"Forventet forbrug pr. 31/12-{year % 100:02d} (5)",
        "Afvigelse (6) = (5) − (4)",
    ]
    return _table(f"{name[0].upper()}{name[1:]}", columns, rows, label_header,
                  {3: "{c1}+{c2}", 5: "{c4}-{c3}"})  # fmt: skip


def follow_up_report(
    db: Session, plan: MasterPlan, year: int | None, rows: str, round_number: int | None
) -> Report:
    """The one-year follow-up as a report: the accounts form, or a round's form."""
    if year is None:
        raise DomainError("Opfølgning pr. række kræver et år (year).", "year")
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(year_outside_message(year, plan.first_year, plan.last_year), "year")
    by = RowsBy(rows)
    budget_round = None if round_number is None else get_round(db, plan, year, round_number)
    sums = row_sums(db, plan, year, by, budget_round)
    report = Report(
        title=f"Budgetopfølgning – {plan.name}",
        plan_slug=plan.slug,
        plan_name=plan.name,
        period=(plan.first_year, plan.last_year),
        subtitle=f"Opfølgning {year}, plan {plan.first_year}–{plan.last_year}.",
        generated_at=datetime.now(UTC),
        meta={"form": "follow-up", "year": year, "rows": by.value, "round": round_number},
    )
    if budget_round is None:
        report.tables.append(accounts_table(year, sums, ROW_HEADERS[by]))
        report.notes.append(ACCOUNTS_NOTE)
    else:
        report.tables.append(round_table(budget_round.name, year, sums, ROW_HEADERS[by]))
        report.notes.append(ROUND_NOTE)
    return report
