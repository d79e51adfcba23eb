"""Budget follow-up rounds (budgetopfølgninger) and their forecasts of year-end spend.

A round is dated and numbered per plan and year ("1. budgetopfølgning 2023"). Its budget
corrections are ordinary budget revisions linked to it (BudgetRevision.round_id); its
forecast (forventet forbrug pr. 31/12) is one amount per activity. Forecast rows are
append-only: a new figure for the same round and activity is a new row, and the newest counts.
"""

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow


class BudgetRound(Base):
    __tablename__ = "budget_rounds"
    __table_args__ = (
        UniqueConstraint("plan_id", "year", "number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    year: Mapped[int]
    number: Mapped[int]
    dated: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))

    @property
    def name(self) -> str:
        return f"{self.number}. budgetopfølgning {self.year}"


class Forecast(Base):
    """Expected spend by 31 December of the round's year for one activity (øre)."""

    __tablename__ = "forecasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("budget_rounds.id"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id"))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
