"""The auditor's (revisor's) sign-off of a closed year's LBF package, by its kontroltal.

Append-only like the ledger (a trigger refuses UPDATE and DELETE): a sign-off is a statement
made at a time about a set of figures. Whether it still holds is derived, never stored — the
year must still be closed as it was when signed, and the package's kontroltal must still be
the signed one (reports.kontroltal, app.services.sign_offs).
"""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import YEAR_RANGE_SQL, Base, BigId, utcnow
from app.models.security import User

REMARK_MAX = 500


class SignOff(Base):
    __tablename__ = "sign_offs"
    __table_args__ = (
        CheckConstraint(f"year {YEAR_RANGE_SQL}", name="year_range"),
        CheckConstraint("length(kontroltal) > 0", name="kontroltal_not_empty"),
        Index("ix_sign_offs_plan_year", "plan_id", "year"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"))
    year: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    kontroltal: Mapped[str] = mapped_column(String(20))
    remark: Mapped[str | None] = mapped_column(String(REMARK_MAX))

    user: Mapped[User] = relationship()
