"""Booking entries and corrections. Nothing is updated in place: a correction reverses an entry
(and may book a replacement), with who, when and why kept on the new entries."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Category, Entry, EntryKind, MasterPlan
from app.services import audit
from app.services.closing import ensure_open, is_closed, next_open_year
from app.services.errors import Conflict, DomainError, NotFound
from app.services.plans import find_activity, get_plan, plan_partner


def check_year(plan: MasterPlan, year: int, field: str = "year") -> None:
    """The year must lie in the plan's period and must not be closed."""
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(
            f"Året {year} ligger uden for planens periode {plan.first_year}–{plan.last_year}.",
            field,
        )
    ensure_open(plan, year, field)


def check_kind(kind: str) -> None:
    if kind not in set(EntryKind):
        raise DomainError(f"Ukendt posteringsart “{kind}”; brug budget eller actual.", "kind")


def check_category(category: str) -> None:
    if category not in set(Category):
        allowed = ", ".join(Category)
        raise DomainError(f"Ukendt kategori “{category}”; brug en af: {allowed}.", "category")


@dataclass(frozen=True)
class EntryInput:
    """One ledger line as the outside world gives it: partner and activity by id or name/code."""

    year: int
    partner: int | str
    kind: str
    category: str
    amount_ore: int
    activity: int | str | None = None
    text: str = ""
    external_id: str | None = None


def book_entry(
    db: Session, plan: MasterPlan, line: EntryInput, *, created_by: str | None = None
) -> Entry:
    check_year(plan, line.year)
    check_kind(line.kind)
    check_category(line.category)
    partner = plan_partner(db, plan, line.partner, "partner")
    activity = None if line.activity in (None, "") else find_activity(db, plan, line.activity)
    if line.external_id is not None:
        taken = db.scalar(
            select(Entry.id).where(Entry.plan_id == plan.id, Entry.external_id == line.external_id)
        )
        if taken is not None:
            raise Conflict(f"Eksternt id “{line.external_id}” er allerede bogført.", "external_id")
    entry = Entry(
        plan_id=plan.id,
        year=line.year,
        activity_id=activity.id if activity else None,
        partner_id=partner.id,
        kind=line.kind,
        category=line.category,
        amount_ore=line.amount_ore,
        text=(line.text or "").strip()[:500],
        created_by=created_by,
        external_id=line.external_id,
    )
    db.add(entry)
    db.flush()
    return entry


def get_entry(db: Session, entry_id: int) -> Entry:
    entry = db.get(Entry, entry_id)
    if entry is None:
        raise NotFound(f"Postering {entry_id} findes ikke.", "entry_id")
    return entry


def correct_entry(
    db: Session,
    entry: Entry,
    *,
    reason: str,
    new_amount_ore: int | None = None,
    created_by: str | None = None,
) -> tuple[Entry, Entry | None]:
    """Reverse `entry` and, when a new amount is given, book the replacement beside it.

    Returns (reversal, replacement). The original stays stored; the report nets them.
    When the entry's year is closed, both are booked in the next open year as a prior-year
    adjustment (efterregulering), pointing back at the original.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("En rettelse kræver en begrundelse.", "reason")
    if entry.reverses_id is not None:
        raise DomainError(
            "En tilbageførsel kan ikke selv tilbageføres; book en ny postering i stedet.",
            "entry_id",
        )
    already = db.scalar(select(Entry.id).where(Entry.reverses_id == entry.id))
    if already is not None:
        raise Conflict(f"Postering {entry.id} er allerede tilbageført (af {already}).", "entry_id")
    year, label = entry.year, ""
    plan = get_plan(db, entry.plan_id)
    if is_closed(db, plan, entry.year):
        year = next_open_year(db, plan, entry.year)
        label = f"Efterregulering vedr. {entry.year}. "
    common = dict(
        plan_id=entry.plan_id,
        year=year,
        activity_id=entry.activity_id,
        partner_id=entry.partner_id,
        kind=entry.kind,
        category=entry.category,
        created_by=created_by,
    )
    with audit.reason(db, reason):
        reversal = Entry(
            **common,
            amount_ore=-entry.amount_ore,
            reverses_id=entry.id,
            text=f"{label}Tilbageførsel af {entry.id}: {reason}"[:500],
        )
        db.add(reversal)
        replacement = None
        if new_amount_ore is not None:
            replacement = Entry(
                **common,
                amount_ore=new_amount_ore,
                text=f"{label}Rettelse af {entry.id}: {reason}"[:500],
            )
            db.add(replacement)
    return reversal, replacement


def list_entries(
    db: Session,
    plan: MasterPlan,
    *,
    year: int | None = None,
    kind: str | None = None,
    activity_id: int | None = None,
    partner_id: int | None = None,
) -> list[Entry]:
    query = select(Entry).where(Entry.plan_id == plan.id)
    if year is not None:
        query = query.where(Entry.year == year)
    if kind is not None:
        query = query.where(Entry.kind == kind)
    if activity_id is not None:
        query = query.where(Entry.activity_id == activity_id)
    if partner_id is not None:
        query = query.where(Entry.partner_id == partner_id)
    return list(db.scalars(query.order_by(Entry.id)))
