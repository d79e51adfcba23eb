"""Budget revisions and carry-over of unspent funds, both booked as ordinary entries.

The original budget stays as it was booked; a revision adds entries (positive or negative)
that together with it make the corrected budget. Carry-over moves what a partner left unspent
in a closed year (corrected budget − regnskab, when positive) into the next year's budget.
"""

from dataclasses import replace

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
from app.services.closing import is_closed
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
                book, replace(line, text=line.text or f"Budgetrevision {number}: {reason}")
            )
            for line in lines
        ]
        entries = post(db, valid)
        db.add_all(RevisionEntry(revision_id=revision.id, entry_id=e.id) for e in entries)
    return revision, entries


def list_revisions(db: Session, plan: MasterPlan) -> list[BudgetRevision]:
    query = select(BudgetRevision).where(BudgetRevision.plan_id == plan.id)
    return list(db.scalars(query.order_by(BudgetRevision.number)))


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
            row = CarryOver(
                plan_id=plan.id,
                from_year=from_year,
                to_year=to_year,
                partner_id=partner_id,
                amount_ore=amount,
                entry_id=entry.id,
            )
            db.add(row)
            rows.append(row)
    return rows


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
    row = CarryOver(
        plan_id=plan.id,
        from_year=from_year,
        to_year=from_year + 1,
        partner_id=entry.partner_id,
        amount_ore=entry.amount_ore,
        entry_id=entry.id,
    )
    db.add(row)
    db.flush()
    return row


def list_carry_overs(db: Session, plan: MasterPlan) -> list[CarryOver]:
    query = select(CarryOver).where(CarryOver.plan_id == plan.id)
    return list(db.scalars(query.order_by(CarryOver.from_year, CarryOver.partner_id)))
