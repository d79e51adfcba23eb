"""Budget revisions and carry-over of unspent funds, both booked as ordinary entries.

The original budget stays as it was booked; a revision adds entries (positive or negative)
that together with it make the corrected budget. Carry-over moves what a partner left unspent
in a closed year (corrected budget − regnskab, when positive) into the next year's budget.
A revision can be previewed: booked in a savepoint, measured, and rolled back.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    BudgetRevision,
    CarryOver,
    Category,
    Entry,
    EntryKind,
    MasterPlan,
    RevisionEntry,
)
from app.models.sums import money_sum
from app.services import audit
from app.services.checks import CheckReport, run_checks
from app.services.closing import is_closed
from app.services.entry_sums import mark_carried
from app.services.errors import Conflict, DomainError
from app.services.posting import EntryInput, PlanBook, check_reason, post, validate_line


def create_revision(
    db: Session,
    plan: MasterPlan,
    *,
    reason: str,
    lines: list[EntryInput],
    round_id: int | None = None,
) -> tuple[BudgetRevision, list[Entry]]:
    """Book `lines` as the next numbered revision; `round_id` links it to the budget
    follow-up round whose corrections it holds (services.rounds)."""
    reason = check_reason(reason, "En budgetrevision kræver en begrundelse.")
    if not lines:
        raise DomainError("En budgetrevision skal have mindst én linje.", "lines")
    for line in lines:
        if line.kind != EntryKind.BUDGET:
            raise DomainError("En budgetrevision indeholder kun budgetposter.", "lines")
    number = (
        db.scalar(select(func.max(BudgetRevision.number)).where(BudgetRevision.plan_id == plan.id))
        or 0
    ) + 1
    with audit.reason(db, reason):
        revision = BudgetRevision(plan_id=plan.id, number=number, reason=reason, round_id=round_id)
        db.add(revision)
        db.flush()
        book = PlanBook.of(db, plan)
        valid = [
            validate_line(
                book, line._replace(text=line.text or f"Budgetrevision {number}: {reason}")
            )
            for line in lines
        ]
        entries = post(db, valid)
        db.add_all(RevisionEntry(revision_id=revision.id, entry_id=e.id) for e in entries)
    return revision, entries


def budget_input(line: Mapping[str, Any], year: int) -> EntryInput:
    """A budget line of a request body or page form (a revision's or a follow-up round's,
    read by app.schemas.years) for the ledger."""
    return EntryInput(
        year=year,
        partner=line["partner_id"],
        kind=EntryKind.BUDGET,
        category=line["category"],
        amount_ore=line["amount"],
        activity=line["activity_id"],
        text=line["text"],
    )


@dataclass(frozen=True)
class PreviewRow:
    """A partner's corrected budget in a year before and after the revision (øre)."""

    year: int
    partner_id: int
    before: int
    after: int

    @property
    def change(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class RevisionPreview:
    rows: list[PreviewRow]  # per year of the lines, then per partner of the plan
    before: CheckReport  # the checks of the whole plan as it stands
    after: CheckReport  # and as they would be with the revision


def preview_revision(
    db: Session, plan: MasterPlan, *, reason: str, lines: list[EntryInput]
) -> RevisionPreview:
    """What `create_revision` would do, without doing it: the revision is booked by the same
    service (so every rule refuses what saving would refuse) inside a savepoint, the corrected
    budget and the checks are read, and the savepoint is rolled back."""
    years = sorted({line.year for line in lines})
    before, checks_before = corrected_budget(db, plan, years), run_checks(db, plan)
    savepoint = db.begin_nested()
    try:
        create_revision(db, plan, reason=reason, lines=lines)
        after, checks_after = corrected_budget(db, plan, years), run_checks(db, plan)
    finally:
        savepoint.rollback()
    rows = [
        PreviewRow(year, p.id, before.get((year, p.id), 0), after.get((year, p.id), 0))
        for year in years
        for p in plan.partners
    ]
    return RevisionPreview(rows, checks_before, checks_after)


def corrected_budget(db: Session, plan: MasterPlan, years: list[int]) -> dict[tuple[int, int], int]:
    """(year, partner_id) → corrected budget (original + revisions + carried in), øre."""
    query = (
        select(Entry.year, Entry.partner_id, money_sum(Entry.amount_ore))
        .where(Entry.plan_id == plan.id, Entry.kind == EntryKind.BUDGET, Entry.year.in_(years))
        .group_by(Entry.year, Entry.partner_id)
    )
    return {(year, partner): int(amount) for year, partner, amount in db.execute(query)}


def list_revisions(db: Session, plan: MasterPlan) -> list[BudgetRevision]:
    query = select(BudgetRevision).where(BudgetRevision.plan_id == plan.id)
    return list(db.scalars(query.order_by(BudgetRevision.number)))


def revision_lines(db: Session, plan: MasterPlan) -> dict[int, list[Entry]]:
    """revision id → the entries it booked (its lines), for every revision of the plan."""
    query = (
        select(RevisionEntry.revision_id, Entry)
        .join(Entry, Entry.id == RevisionEntry.entry_id)
        .where(Entry.plan_id == plan.id)
        .order_by(RevisionEntry.revision_id, Entry.id)
    )
    lines: dict[int, list[Entry]] = {}
    for revision_id, entry in db.execute(query):
        lines.setdefault(revision_id, []).append(entry)
    return lines


def unspent_by_partner(db: Session, plan: MasterPlan, year: int) -> dict[int, int]:
    """Corrected budget − regnskab per partner in `year` (øre); only partners with regnskab."""
    query = (
        select(Entry.partner_id, Entry.kind, money_sum(Entry.amount_ore))
        .where(Entry.plan_id == plan.id, Entry.year == year)
        .group_by(Entry.partner_id, Entry.kind)
    )
    budget: dict[int, int] = {}
    actual: dict[int, int] = {}
    for partner_id, kind, amount in db.execute(query):
        (budget if kind == EntryKind.BUDGET else actual)[partner_id] = int(amount)
    return {pid: budget.get(pid, 0) - spent for pid, spent in actual.items()}


def carry_over(db: Session, plan: MasterPlan, from_year: int) -> list[CarryOver]:
    """Book each partner's unspent funds of the closed `from_year` as budget in the next year."""
    to_year = from_year + 1
    if not is_closed(db, plan, from_year):
        raise DomainError(f"Året {from_year} skal være lukket før der overføres.", "year")
    if to_year > plan.last_year:
        raise DomainError(f"Året {from_year} er planens sidste år; intet at overføre til.", "year")
    if is_closed(db, plan, to_year):
        raise DomainError(f"Året {to_year} er lukket; genåbn det før overførslen.", "year")
    taken = db.scalar(
        select(CarryOver.id).where(CarryOver.plan_id == plan.id, CarryOver.from_year == from_year)
    )
    if taken is not None:
        raise Conflict(f"Uforbrugte midler fra {from_year} er allerede overført.", "year")
    unspent = unspent_by_partner(db, plan, from_year)
    if not unspent:
        raise DomainError(f"Der er intet regnskab for {from_year}; intet at overføre.", "year")
    rows = []
    book = PlanBook.of(db, plan)
    with audit.reason(db, f"Overførsel af uforbrugte midler fra {from_year} til {to_year}"):
        for partner_id, amount in sorted(unspent.items()):
            if amount <= 0:
                continue
            line = EntryInput(
                year=to_year,
                partner=partner_id,
                kind=EntryKind.BUDGET,
                category=Category.CASH,
                amount_ore=amount,
                text=f"Overført uforbrugt fra {from_year}",
            )
            (entry,) = post(db, [validate_line(book, line)])
            rows.append(_carried_in(db, from_year, entry))
    return rows


def _carried_in(db: Session, from_year: int, entry: Entry) -> CarryOver:
    """Record `entry` as funds carried in from `from_year`; the running sums follow."""
    row = CarryOver(
        plan_id=entry.plan_id,
        from_year=from_year,
        to_year=from_year + 1,
        partner_id=entry.partner_id,
        amount_ore=entry.amount_ore,
        entry_id=entry.id,
    )
    db.add(row)
    mark_carried(db, entry)
    return row


def record_carry_over(db: Session, plan: MasterPlan, from_year: int, entry: Entry) -> CarryOver:
    """Record a budget entry already booked in `from_year + 1` (e.g. a line of a follow-up
    round's revision) as the carry-over from the closed `from_year`: what the council decided
    to move, of any sign and on any activity, instead of the computed unspent funds."""
    if not is_closed(db, plan, from_year):
        raise DomainError(f"Året {from_year} skal være lukket før der overføres.", "year")
    if entry.plan_id != plan.id or entry.kind != EntryKind.BUDGET or entry.year != from_year + 1:
        raise DomainError(
            f"En overførsel fra {from_year} er en budgetpost i {from_year + 1} i samme plan.",
            "entry",
        )
    taken = db.scalar(
        select(CarryOver.id).where(
            CarryOver.plan_id == plan.id,
            CarryOver.from_year == from_year,
            CarryOver.partner_id == entry.partner_id,
        )
    )
    if taken is not None:
        raise Conflict(f"Partnerens overførsel fra {from_year} er allerede bogført.", "year")
    row = _carried_in(db, from_year, entry)
    db.flush()
    return row


def list_carry_overs(db: Session, plan: MasterPlan) -> list[CarryOver]:
    query = select(CarryOver).where(CarryOver.plan_id == plan.id)
    return list(db.scalars(query.order_by(CarryOver.from_year, CarryOver.partner_id)))
