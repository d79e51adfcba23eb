"""Users, their plan assignments and personal API tokens (stored only as hashes)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, BigId, utcnow
from app.models.enums import sql_in
from app.models.partner import Partner


class Role(StrEnum):
    ADMIN = "admin"  # everything
    SECRETARIAT = "secretariat"  # reads and edits the plans it is assigned
    PARTNER = "partner"  # reads the plans its partner organisation takes part in
    FUND = "fund"  # reads every plan, writes nothing
    AUDITOR = "auditor"  # revisor: reads the plans it is assigned, writes only sign-offs


ROLE_LABELS = {
    Role.ADMIN: "Administrator",
    Role.SECRETARIAT: "Sekretariat",
    Role.PARTNER: "Partner",
    Role.FUND: "Fond",
    Role.AUDITOR: "Revisor",
}


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(sql_in("role", Role), name="role"),
        CheckConstraint("length(username) > 0", name="username_not_empty"),
        CheckConstraint("role <> 'partner' OR partner_id IS NOT NULL", name="partner_has_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the session cookie's user id; bumped by logout, deactivation and a new
    # password, which makes every session issued before worthless (app.services.users).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Set by an administrator's password reset: the next login leads to /adgangskode first.
    must_change_password: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    partner: Mapped[Partner | None] = relationship()
    assignments: Mapped[list["UserPlan"]] = relationship(back_populates="user")

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """What the session cookie stores: the id and the current session version."""
        return f"{self.id}:{self.session_version}"


class UserPlan(Base):
    """A plan assigned to a secretariat user (who may edit it) or an auditor (who may read it
    and sign off its closed years)."""

    __tablename__ = "user_plans"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="assignments")


class ApiToken(Base):
    """A personal API token. Only its SHA-256 is stored; `prefix` lets people tell them apart."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100), default="")
    prefix: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """One failed login under a limiter key ("pair:ADDRESS|USER" or "address:ADDRESS").

    Counted by app.security.limiter in the database every worker shares; rows older than
    the longest window are deleted as new ones come in.
    """

    __tablename__ = "login_failures"
    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
