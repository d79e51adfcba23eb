"""Frikøb (hours × rate, booked as one entry) and staff allocations in FTE."""

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Category, Entry, EntryReplacement, MasterPlan, StaffAllocation, StaffPurchase
from app.services import audit
from app.services.amounts import AMOUNT_LIMIT_MESSAGE, amount_in_bounds
from app.services.errors import Conflict, DomainError, NotFound
from app.services.ledger import check_year, correct_entry
from app.services.plans import get_focus_area, plan_partner
from app.services.posting import (
    REASON_MAX,
    TEXT_MAX,
    EntryInput,
    PlanBook,
    post,
    text_message,
    validate_line,
)

HUNDREDTHS = Decimal("0.01")


def purchase_amount_ore(hours: Decimal, rate_ore: int) -> int:
    """hours × rate in øre, rounded to whole øre, halves away from zero (ROUND_HALF_UP).

    The ordinary commercial rule: a remainder of half an øre or more rounds up to the
    next whole øre, less rounds down. Example: 7,25 t × 333,33 kr. = 241.664,25 øre → 241.664 øre.
    Hours have at most two decimals and the rate is whole øre, so nothing finer is lost.
    """
    return int((hours * rate_ore).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def book_staff_purchase(
    db: Session,
    plan: MasterPlan,
    *,
    year: int,
    kind: str,
    activity: int | str,
    supplier: int | str,
    payer: int | str,
    hours: Decimal,
    rate_ore: int,
    text: str = "",
    created_by: str | None = None,
) -> StaffPurchase:
    text = (text or "").strip()
    if len(text) > REASON_MAX:
        raise DomainError(text_message(REASON_MAX), "text")
    if hours <= 0:
        raise DomainError("Antal timer skal være større end 0.", "hours")
    if rate_ore <= 0:
        raise DomainError("Timeprisen skal være større end 0.", "rate")
    if hours != hours.quantize(HUNDREDTHS):
        raise DomainError("Antal timer må højst have to decimaler.", "hours")
    hours = hours.quantize(HUNDREDTHS)
    book = PlanBook.of(db, plan)
    supplier_partner = plan_partner(db, plan, supplier, "supplier")
    payer_partner = plan_partner(db, plan, payer, "payer")
    if supplier_partner.id == payer_partner.id:
        raise DomainError("Leverandør og betaler kan ikke være den samme partner.", "payer")
    amount = purchase_amount_ore(hours, rate_ore)
    if not amount_in_bounds(amount):
        raise DomainError(AMOUNT_LIMIT_MESSAGE, "hours")
    label = text or f"Frikøb hos {supplier_partner.name}"
    line = EntryInput(
        year=year,
        partner=payer_partner.id,
        kind=kind,
        category=Category.STAFF_PURCHASE,
        amount_ore=amount,
        activity=activity,
        text=f"{label}: {hours} t × {Decimal(rate_ore) / 100} kr.",
    )
    (entry,) = post(db, [validate_line(book, line, staff_purchase=True)], created_by=created_by)
    purchase = StaffPurchase(
        plan_id=plan.id,
        year=year,
        kind=kind,
        activity_id=entry.activity_id,
        supplier_id=supplier_partner.id,
        payer_id=payer_partner.id,
        hours=hours,
        rate_ore=rate_ore,
        amount_ore=amount,
        entry_id=entry.id,
        text=text,
        created_by=created_by,
    )
    db.add(purchase)
    db.flush()
    return purchase


def get_staff_purchase(db: Session, plan: MasterPlan, purchase_id: int) -> StaffPurchase:
    purchase = db.get(StaffPurchase, purchase_id)
    if purchase is None or purchase.plan_id != plan.id:
        raise NotFound(f"Frikøb {purchase_id} findes ikke i planen.", "purchase_id")
    return purchase


def correct_staff_purchase(
    db: Session,
    plan: MasterPlan,
    purchase: StaffPurchase,
    *,
    reason: str,
    hours: Decimal | None = None,
    rate_ore: int | None = None,
    created_by: str | None = None,
) -> StaffPurchase:
    """Reverse the purchase's entry and book the purchase again with the new hours and/or
    rate: purchase and entry are corrected together, and the new entry replaces the old one
    (EntryReplacement). In a closed year both go to the next open year (ledger.correct_entry)."""
    if hours is None and rate_ore is None:
        raise DomainError("Angiv nye timer og/eller en ny timepris.", "hours")
    entry = db.get(Entry, purchase.entry_id)
    if entry is None or entry.reversed_by_id is not None:
        raise Conflict(f"Frikøb {purchase.id} er allerede rettet eller tilbageført.", "purchase_id")
    reversal, _ = correct_entry(
        db, entry, reason=reason, created_by=created_by, of_staff_purchase=True
    )
    with audit.reason(db, reason):
        replacement = book_staff_purchase(
            db,
            plan,
            year=reversal.year,
            kind=purchase.kind,
            activity=purchase.activity_id,
            supplier=purchase.supplier_id,
            payer=purchase.payer_id,
            hours=purchase.hours if hours is None else hours,
            rate_ore=purchase.rate_ore if rate_ore is None else rate_ore,
            text=purchase.text,
            created_by=created_by,
        )
        db.add(EntryReplacement(entry_id=replacement.entry_id, replaces_id=entry.id))
        db.flush()
    return replacement


def list_staff_purchases(
    db: Session, plan: MasterPlan, year: int | None = None
) -> list[StaffPurchase]:
    """The standing purchases: one whose entry has been reversed (corrected) is left out."""
    reversed_entries = select(Entry.reverses_id).where(Entry.reverses_id.is_not(None))
    query = select(StaffPurchase).where(
        StaffPurchase.plan_id == plan.id, StaffPurchase.entry_id.not_in(reversed_entries)
    )
    if year is not None:
        query = query.where(StaffPurchase.year == year)
    return list(db.scalars(query.order_by(StaffPurchase.year, StaffPurchase.id)))


def set_staff_allocation(
    db: Session,
    plan: MasterPlan,
    *,
    year: int,
    focus_area_id: int,
    partner: int | str,
    fte: Decimal,
    text: str = "",
    created_by: str | None = None,
) -> StaffAllocation:
    """Record FTE; a later row for the same key supersedes the earlier one (append-only)."""
    check_year(plan, year)
    if fte < 0:
        raise DomainError("Årsværk kan ikke være negativt.", "fte")
    if fte != fte.quantize(HUNDREDTHS):
        raise DomainError("Årsværk må højst have to decimaler.", "fte")
    fte = fte.quantize(HUNDREDTHS)  # stored as NUMERIC(8, 2); answer the same value we store
    focus_area = get_focus_area(db, plan, focus_area_id)
    the_partner = plan_partner(db, plan, partner, "partner")
    allocation = StaffAllocation(
        plan_id=plan.id,
        year=year,
        focus_area_id=focus_area.id,
        partner_id=the_partner.id,
        fte=fte,
        text=_text(text),
        created_by=created_by,
    )
    db.add(allocation)
    db.flush()
    return allocation


def _text(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise DomainError(text_message(), "text")
    return text


def current_staff_allocations(db: Session, plan: MasterPlan) -> list[StaffAllocation]:
    """The newest allocation per (year, focus area, partner)."""
    newest = (
        select(func.max(StaffAllocation.id))
        .where(StaffAllocation.plan_id == plan.id)
        .group_by(StaffAllocation.year, StaffAllocation.focus_area_id, StaffAllocation.partner_id)
    )
    query = (
        select(StaffAllocation)
        .where(StaffAllocation.id.in_(newest))
        .order_by(StaffAllocation.year, StaffAllocation.focus_area_id, StaffAllocation.partner_id)
    )
    return list(db.scalars(query))
