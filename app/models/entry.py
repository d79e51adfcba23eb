"""The ledger line. Entries are append-only: a correction is a new entry that reverses one,
and, when it gives a new amount, a replacement linked to the entry it replaces
(EntryReplacement), so both directions can be followed: reversed_by_id and replaces_id.

Amounts are integer øre. The composite foreign keys make the database refuse a
partner that does not take part in the plan and an activity of another plan; they also hold
the plan and the partner to exist, so entries has no key of its own to plans or partners
(migration 0013: PostgreSQL checks every foreign key row by row).
"""

from datetime import datetime
from typing import TYPE_CHECKING
from uuid import uuid4

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, aliased, column_property, mapped_column, relationship

from app.models.base import YEAR_RANGE_SQL, Base, BigId, utcnow
from app.models.enums import Category, EntryKind, sql_in
from app.models.partner import Partner
from app.models.plan import Activity


def new_entry_key() -> str:
    """The key of an entry booked without one, so every entry is known by a stable key.

    The entries export writes it and the import knows the entry by it (export → edit →
    import books nothing twice); imported rows keep the key they came with.
    """
    return "e:" + uuid4().hex


class Entry(Base):
    __tablename__ = "entries"
    __table_args__ = (
        CheckConstraint(sql_in("kind", EntryKind), name="kind"),
        CheckConstraint(sql_in("category", Category), name="category"),
        CheckConstraint(f"year {YEAR_RANGE_SQL}", name="year_range"),
        CheckConstraint("reverses_id IS NULL OR reverses_id <> id", name="not_self_reversing"),
        ForeignKeyConstraint(
            ["plan_id", "partner_id"], ["plan_partners.plan_id", "plan_partners.partner_id"]
        ),
        ForeignKeyConstraint(["activity_id", "plan_id"], ["activities.id", "activities.plan_id"]),
        UniqueConstraint("plan_id", "external_id"),
        # Covers the report's GROUP BY (migration 0003; see bench/RESULTS.md).
        Index(
            "ix_entries_report",
            "plan_id",
            "year",
            "partner_id",
            "category",
            "kind",
            "activity_id",
            "amount_ore",
        ),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    plan_id: Mapped[int]  # plans and partners: through plan_partners (migration 0013)
    year: Mapped[int]
    activity_id: Mapped[int | None]
    partner_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(20))
    amount_ore: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str | None] = mapped_column(String(200))
    reverses_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("entries.id"), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(100), default=new_entry_key)

    partner: Mapped[Partner] = relationship(
        viewonly=True,
        primaryjoin="Entry.partner_id == Partner.id",
        foreign_keys="Entry.partner_id",
    )
    activity: Mapped[Activity | None] = relationship(
        viewonly=True,
        primaryjoin="Entry.activity_id == Activity.id",
        foreign_keys="Entry.activity_id",
    )
    reverses: Mapped["Entry | None"] = relationship(
        viewonly=True, remote_side="Entry.id", foreign_keys="Entry.reverses_id"
    )
    if TYPE_CHECKING:  # column properties added below, once both tables exist
        reversed_by_id: Mapped[int | None]
        replaces_id: Mapped[int | None]


class EntryReplacement(Base):
    """A correction's replacement (entry_id) and the entry it replaces; append-only."""

    __tablename__ = "entry_replacements"

    entry_id: Mapped[int] = mapped_column(BigId, ForeignKey("entries.id"), primary_key=True)
    replaces_id: Mapped[int] = mapped_column(BigId, ForeignKey("entries.id"), unique=True)


_reversal = aliased(Entry)
# The entry that reverses this one (at most one: reverses_id is unique), and the entry this
# replacement replaces; read with the entry, so the API and pages show both links.
Entry.reversed_by_id = column_property(
    select(_reversal.id).where(_reversal.reverses_id == Entry.id).scalar_subquery()
)
Entry.replaces_id = column_property(
    select(EntryReplacement.replaces_id)
    .where(EntryReplacement.entry_id == Entry.id)
    .scalar_subquery()
)
