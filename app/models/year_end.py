"""What the year-end checks need beyond the entries: grant commitments and explanations.

A grant commitment (tilsagn) is an ordinary, editable amount per plan and fund partner (the
audit trail records each change). Variance explanations are append-only (a trigger refuses
UPDATE and DELETE): a new text replaces the current one, the old ones stay as history.
"""

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, utcnow

EXPLANATION_MAX = 2000


class GrantCommitment(Base):
    __tablename__ = "grant_commitments"
    __table_args__ = (
        CheckConstraint("amount_ore >= 0", name="amount_not_negative"),
        ForeignKeyConstraint(
            ["plan_id", "partner_id"], ["plan_partners.plan_id", "plan_partners.partner_id"]
        ),
    )

    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"), primary_key=True)
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class VarianceExplanation(Base):
    """Why an activity's (or, without one, the plan-wide) regnskab deviates from its budget."""

    __tablename__ = "variance_explanations"
    __table_args__ = (
        CheckConstraint("length(text) > 0", name="text_not_empty"),
        ForeignKeyConstraint(["activity_id", "plan_id"], ["activities.id", "activities.plan_id"]),
        Index("ix_variance_explanations_plan_year", "plan_id", "year"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    year: Mapped[int]
    activity_id: Mapped[int | None]
    text: Mapped[str] = mapped_column(String(EXPLANATION_MAX))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
