"""Staff: hours bought from a partner (frikøb) and staff allocated in FTE (årsværk)."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Numeric,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, BigId, utcnow
from app.models.entry import Entry
from app.models.enums import EntryKind, sql_in


class StaffPurchase(Base):
    """Hours × hourly rate, booked as exactly one Entry (see services.staff for rounding)."""

    __tablename__ = "staff_purchases"
    __table_args__ = (
        CheckConstraint("hours > 0", name="hours_positive"),
        CheckConstraint("rate_ore > 0", name="rate_positive"),
        CheckConstraint(sql_in("kind", EntryKind), name="kind"),
        CheckConstraint("supplier_id <> payer_id", name="supplier_not_payer"),
        ForeignKeyConstraint(
            ["plan_id", "supplier_id"], ["plan_partners.plan_id", "plan_partners.partner_id"]
        ),
        ForeignKeyConstraint(
            ["plan_id", "payer_id"], ["plan_partners.plan_id", "plan_partners.partner_id"]
        ),
        ForeignKeyConstraint(["activity_id", "plan_id"], ["activities.id", "activities.plan_id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    activity_id: Mapped[int]
    supplier_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    payer_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    hours: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    rate_ore: Mapped[int] = mapped_column(BigInteger)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    entry_id: Mapped[int] = mapped_column(BigId, ForeignKey("entries.id"), unique=True)
    text: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))

    entry: Mapped[Entry] = relationship(viewonly=True)


class StaffAllocation(Base):
    """FTE of a partner's staff on a focus area in a year. Append-only: the newest row counts."""

    __tablename__ = "staff_allocations"
    __table_args__ = (
        CheckConstraint("fte >= 0", name="fte_not_negative"),
        ForeignKeyConstraint(
            ["plan_id", "partner_id"], ["plan_partners.plan_id", "plan_partners.partner_id"]
        ),
        ForeignKeyConstraint(
            ["focus_area_id", "plan_id"], ["focus_areas.id", "focus_areas.plan_id"]
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    year: Mapped[int]
    focus_area_id: Mapped[int]
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    fte: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    text: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
