"""The audit trail: who did what, when, to which row, with the values before and after and why.

Append-only in the database itself (triggers refuse UPDATE and DELETE).
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, BigId, utcnow


class AuditLog(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_plan_id_id", "plan_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))  # create | update | delete | <domain verb>
    object_type: Mapped[str] = mapped_column(String(60))  # table name
    object_id: Mapped[str | None] = mapped_column(String(100))
    plan_id: Mapped[int | None]  # no foreign key: the trail outlives anything it describes
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(String(500))
