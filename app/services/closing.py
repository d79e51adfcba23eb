"""Closed years: once the accounts have gone to the fund a year takes no new entry.

A correction of an entry in a closed year is booked in the next open year instead (a
prior-year adjustment, see ledger.correct_entry); only an admin reopens a year, with a reason.
A year is closed only after it has ended (Danish calendar), since only an admin can undo it.
Both closing and reopening land in the audit trail (the closed_years row is created/deleted).
The database refuses entries in a closed year with a trigger as well.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from app.formatting import DANISH_TIME
from app.models import ClosedYear, MasterPlan
from app.services import audit
from app.services.checks import run_checks
from app.services.errors import Conflict, DomainError
from app.services.posting import year_closed_message
from app.services.sign_offs import list_sign_offs


def is_closed(db: Session, plan: MasterPlan, year: int) -> bool:
    return db.get(ClosedYear, (plan.id, year)) is not None


def closed_years(db: Session, plan: MasterPlan) -> list[ClosedYear]:
    query = select(ClosedYear).where(ClosedYear.plan_id == plan.id).order_by(ClosedYear.year)
    return list(db.scalars(query))


def ensure_open(plan: MasterPlan, year: int, field: str = "year") -> None:
    """Refuse booking into a closed year of `plan`."""
    db = object_session(plan)
    if db is not None and is_closed(db, plan, year):
        raise DomainError(year_closed_message(year), field)


def next_open_year(db: Session, plan: MasterPlan, after: int) -> int:
    """The first open year of the plan after `after`, where prior-year adjustments go."""
    closed = {c.year for c in closed_years(db, plan)}
    for year in range(after + 1, plan.last_year + 1):
        if year not in closed:
            return year
    raise DomainError(
        f"Der er intet åbent år efter {after} i planens periode; en administrator må genåbne "
        "et år.",
        "year",
    )


def check_year(plan: MasterPlan, year: int) -> None:
    """Refuse a year outside the plan's period (422 on `year`)."""
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(
            f"Året {year} ligger uden for planens periode {plan.first_year}–{plan.last_year}.",
            "year",
        )


def current_year() -> int:
    """The calendar year in Denmark now: a year ends at midnight Danish time, not UTC."""
    return datetime.now(DANISH_TIME).year


def _check_ended(year: int) -> None:
    """A year that has not ended cannot have its accounts sent to the fund, and a closed year
    only an admin can reopen: refuse it before it becomes a mistake to undo."""
    if year >= current_year():
        raise DomainError(
            f"Året {year} er ikke slut endnu og kan ikke lukkes; det kan lukkes fra "
            f"1. januar {year + 1}, når regnskabet er aflagt.",
            "year",
        )


def close_year(
    db: Session,
    plan: MasterPlan,
    year: int,
    *,
    reason: str = "",
    confirm_warnings: bool | None = None,
) -> ClosedYear:
    """Close the year unless an error check stands. Standing warnings go into the audit
    reason; `confirm_warnings=False` (the year-end page without its tick) refuses them."""
    check_year(plan, year)
    _check_ended(year)
    if is_closed(db, plan, year):
        raise Conflict(f"Året {year} er allerede lukket.", "year")
    refuse_while_errors(db, plan, year)
    warnings = run_checks(db, plan, year).warnings
    if warnings and confirm_warnings is False:
        raise DomainError(
            f"Året {year} har {len(warnings)} advarsel(er); sæt flueben for at bekræfte, at du "
            "har set dem, og luk så året.",
            "confirm_warnings",
        )
    why = reason or f"Året {year} lukket"
    if warnings:
        why += " (advarsler bekræftet: " + "; ".join(w.message for w in warnings) + ")"
    with audit.reason(db, why):
        closed = ClosedYear(
            plan_id=plan.id,
            year=year,
            closed_by=audit.actor_of(db),
            reason=(reason or "").strip()[:500],
        )
        db.add(closed)
    return closed


def refuse_while_errors(db: Session, plan: MasterPlan, year: int) -> None:
    """A year is not closed while an error check (app.services.checks) stands."""
    errors = run_checks(db, plan, year).errors
    if errors:
        raise Conflict(
            f"Året {year} kan ikke lukkes, før disse kontroller er i orden: "
            + " ".join(e.message for e in errors),
            "year",
        )


def reopen_year(db: Session, plan: MasterPlan, year: int, *, reason: str) -> None:
    """Admin only (the access policy sees to that); the reason is required and audited."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Genåbning af et år kræver en begrundelse.", "reason")
    closed = db.get(ClosedYear, (plan.id, year))
    if closed is None:
        raise Conflict(f"Året {year} er ikke lukket.", "year")
    with audit.reason(db, reason):
        db.delete(closed)
        _void_sign_off(db, plan, year, reason)


def _void_sign_off(db: Session, plan: MasterPlan, year: int, reason: str) -> None:
    """A reopened year's current sign-off no longer holds (app.services.sign_offs.judge);
    the audit trail says so beside the reopening, naming the signed kontroltal."""
    signed = next(iter(list_sign_offs(db, plan, year)), None)
    if signed is None:
        return
    audit.record(
        db,
        "void",
        "sign_offs",
        signed.id,
        plan_id=plan.id,
        before={"year": year, "kontroltal": signed.kontroltal},
        reason_text=f"Året {year} er genåbnet ({reason}); revisorgodkendelsen med kontroltal "
        f"{signed.kontroltal} er ikke længere gyldig.",
    )
