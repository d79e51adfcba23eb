"""A helhedsplan, the partners taking part, its indsatsområder and their activities.

Focus areas and activities carry their plan's id so that entries can reference
(activity, plan) with a composite foreign key: the database itself refuses an
entry that books one plan's money on another plan's activity.
"""

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
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import YEAR_RANGE_SQL, Base, utcnow
from app.models.partner import Partner


class MasterPlan(Base):
    __tablename__ = "plans"
    __table_args__ = (
        CheckConstraint("last_year >= first_year", name="period_order"),
        CheckConstraint(f"first_year {YEAR_RANGE_SQL}", name="first_year_range"),
        CheckConstraint(f"last_year {YEAR_RANGE_SQL}", name="last_year_range"),
        CheckConstraint("frame_ore IS NULL OR frame_ore >= 0", name="frame_not_negative"),
        CheckConstraint("length(slug) > 0", name="slug_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    first_year: Mapped[int]
    last_year: Mapped[int]
    frame_ore: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The rule checks' limits (app.services.checks): LBF demands ≥ 25 % local co-financing;
    # a variance needs an explanation when it exceeds both thresholds.
    min_local_share: Mapped[Decimal] = mapped_column(
        Numeric(5, 2), default=Decimal(25), server_default=text("25")
    )
    variance_pct: Mapped[Decimal] = mapped_column(
        Numeric(5, 2), default=Decimal(10), server_default=text("10")
    )
    variance_amount_ore: Mapped[int] = mapped_column(
        BigInteger, default=5_000_000, server_default=text("5000000")
    )

    municipality: Mapped[Partner] = relationship()
    participations: Mapped[list["PlanPartner"]] = relationship(
        back_populates="plan", order_by="PlanPartner.position"
    )
    focus_areas: Mapped[list["FocusArea"]] = relationship(
        back_populates="plan", order_by="FocusArea.position"
    )

    @property
    def partners(self) -> list[Partner]:
        return [p.partner for p in self.participations]

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class PlanPartner(Base):
    """A partner taking part in a plan; `position` orders the report columns."""

    __tablename__ = "plan_partners"

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[MasterPlan] = relationship(back_populates="participations")
    # Joined: every report reads the plan's partners; one query instead of one per partner.
    partner: Mapped[Partner] = relationship(lazy="joined")


class FocusArea(Base):
    """Indsatsområde."""

    __tablename__ = "focus_areas"
    __table_args__ = (
        UniqueConstraint("plan_id", "name"),
        UniqueConstraint("id", "plan_id"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[MasterPlan] = relationship(back_populates="focus_areas")
    activities: Mapped[list["Activity"]] = relationship(
        back_populates="focus_area", order_by="Activity.code"
    )


class Activity(Base):
    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        UniqueConstraint("id", "plan_id"),
        ForeignKeyConstraint(
            ["focus_area_id", "plan_id"], ["focus_areas.id", "focus_areas.plan_id"]
        ),
        CheckConstraint("length(code) > 0", name="code_not_empty"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    focus_area_id: Mapped[int]
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))

    focus_area: Mapped[FocusArea] = relationship(back_populates="activities")
