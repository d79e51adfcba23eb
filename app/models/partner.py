"""Partners: the organisations that finance a helhedsplan."""

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, utcnow
from app.models.enums import PartnerKind, sql_in


class Partner(Base):
    __tablename__ = "partners"
    __table_args__ = (
        CheckConstraint(sql_in("kind", PartnerKind), name="kind"),
        CheckConstraint("cvr IS NULL OR length(cvr) = 8", name="cvr_length"),
        CheckConstraint("length(name) > 0", name="name_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    cvr: Mapped[str | None] = mapped_column(String(8), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Partner {self.id} {self.name!r} {self.kind}>"
