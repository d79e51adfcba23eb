"""Booking entries and corrections. Nothing is updated in place: a correction reverses an entry
(and may book a replacement), with who, when and why kept on the new entries."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Category, Entry, EntryReplacement, MasterPlan, StaffPurchase
from app.services import audit
from app.services.closing import ensure_open, is_closed, next_open_year
from app.services.errors import Conflict, DomainError, NotFound
from app.services.plans import get_plan
from app.services.posting import (
    CATEGORIES,
    KINDS,
    EntryInput,
    PlanBook,
    ValidLine,
    category_message,
    check_reason,
    kind_message,
    post,
    staff_purchase_door,
    validate_line,
    year_outside_message,
)

__all__ = ["EntryInput", "book_entry", "check_year", "correct_entry", "get_entry"]


def check_year(plan: MasterPlan, year: int, field: str = "year") -> None:
    """The year must lie in the plan's period and must not be closed."""
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(year_outside_message(year, plan.first_year, plan.last_year), field)
    ensure_open(plan, year, field)


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise DomainError(kind_message(kind), "kind")


def check_category(category: str) -> None:
    if category not in CATEGORIES:
        raise DomainError(category_message(category), "category")


def refuse_direct_staff_purchase(plan: MasterPlan, category: str) -> None:
    """Doors that take a category up front (the grid) refuse frikøb before anything else."""
    if category == Category.STAFF_PURCHASE:
        raise DomainError(staff_purchase_door(plan.slug), "category")


def book_entry(
    db: Session,
    plan: MasterPlan,
    line: EntryInput,
    *,
    created_by: str | None = None,
    book: PlanBook | None = None,
) -> Entry:
    """Check and book one line; pass `book` when booking several lines of one plan."""
    valid = validate_line(book or PlanBook.of(db, plan), line)
    if line.external_id is not None:
        taken = db.scalar(
            select(Entry.id).where(Entry.plan_id == plan.id, Entry.external_id == line.external_id)
        )
        if taken is not None:
            raise Conflict(f"Eksternt id “{line.external_id}” er allerede bogført.", "external_id")
    return post(db, [valid], created_by=created_by)[0]


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
    keys: tuple[str, str] | None = None,
    of_staff_purchase: bool = False,
) -> tuple[Entry, Entry | None]:
    """Reverse `entry` and, when a new amount is given, book the replacement beside it.

    Returns (reversal, replacement). The original stays stored; the report nets them.
    `keys`: the reversal's and replacement's external ids (an import's correction), else new.
    When the entry's year is closed, both are booked in the next open year as a prior-year
    adjustment (efterregulering), pointing back at the original. An entry booked by a staff
    purchase is corrected through it (staff.correct_staff_purchase, `of_staff_purchase`), so
    the purchase and its entry never disagree.
    """
    reason = check_reason(reason, "En rettelse kræver en begrundelse.")
    if entry.reverses_id is not None:
        raise DomainError(
            "En tilbageførsel kan ikke selv tilbageføres; book en ny postering i stedet.",
            "entry_id",
        )
    purchase = db.scalar(select(StaffPurchase.id).where(StaffPurchase.entry_id == entry.id))
    if purchase is not None and not of_staff_purchase:
        raise DomainError(
            f"Postering {entry.id} er bogført af frikøb {purchase} (timer × timepris); ret "
            f"frikøbet i stedet, så frikøb og postering følges ad: POST /api/plans/"
            f"{get_plan(db, entry.plan_id).slug}/staff-purchases/{purchase}/corrections "
            "eller siden Frikøb.",
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
    book = PlanBook.of(db, plan)

    def line(
        amount_ore: int, text: str, reverses_id: int | None = None, key: str | None = None
    ) -> ValidLine:
        given = EntryInput(
            year=year,
            partner=entry.partner_id,
            kind=entry.kind,
            category=entry.category,
            amount_ore=amount_ore,
            activity=entry.activity_id,
            text=text,
            external_id=key,
        )
        # The correction keeps the original's category; a frikøb entry stays one.
        return validate_line(book, given, reverses_id=reverses_id, staff_purchase=True)

    reversal_key, replacement_key = keys or (None, None)
    reversal_text = f"{label}Tilbageførsel af {entry.id}: {reason}"
    lines = [line(-entry.amount_ore, reversal_text, entry.id, reversal_key)]
    if new_amount_ore is not None:
        replacement_text = f"{label}Rettelse af {entry.id}: {reason}"
        lines.append(line(new_amount_ore, replacement_text, key=replacement_key))
    with audit.reason(db, reason):
        reversal, *replacement = post(db, lines, created_by=created_by)
        if replacement:
            db.add(EntryReplacement(entry_id=replacement[0].id, replaces_id=entry.id))
            db.flush()
            db.expire(replacement[0], ["replaces_id"])
    db.expire(entry, ["reversed_by_id"])  # the links are read again from the rows just stored
    return reversal, (replacement[0] if replacement else None)


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
