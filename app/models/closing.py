"""Closed years, budget revisions and carry-over of unspent funds.

A closed year (the accounts have gone to the fund) accepts no new entry; the database
refuses one with a trigger too. Revisions and carry-overs are ordinary entries, linked
here so the follow-up report can tell original budget, corrected budget and carry-over apart.
"""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, utcnow


class ClosedYear(Base):
    __tablename__ = "closed_years"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    closed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(500), default="")


class BudgetRevision(Base):
    """A numbered correction of a plan's budget; its lines are entries (see RevisionEntry)."""

    __tablename__ = "budget_revisions"
    __table_args__ = (
        UniqueConstraint("plan_id", "number"),
        CheckConstraint("length(reason) > 0", name="reason_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    number: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    # The budget follow-up round whose corrections these are (models.rounds), if any.
    round_id: Mapped[int | None] = mapped_column(ForeignKey("budget_rounds.id"))


class RevisionEntry(Base):
    """An entry booked by a budget revision (so it counts in the corrected budget only)."""

    __tablename__ = "revision_entries"

    revision_id: Mapped[int] = mapped_column(ForeignKey("budget_revisions.id"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(BigId, ForeignKey("entries.id"), primary_key=True)


class CarryOver(Base):
    """Unspent funds of a partner in a closed year, booked as a budget entry in the next year."""

    __tablename__ = "carry_overs"
    __table_args__ = (
        UniqueConstraint("plan_id", "from_year", "partner_id"),
        CheckConstraint("to_year = from_year + 1", name="next_year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    from_year: Mapped[int]
    to_year: Mapped[int]
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    entry_id: Mapped[int] = mapped_column(BigId, ForeignKey("entries.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
