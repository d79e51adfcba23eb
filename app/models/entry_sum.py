"""The ledger's running sums: net øre and line count of the entries, at three grains.

- `EntrySum` (entry_sums): per plan, year, partner, category, kind, activity and whether the
  lines were carried in from a closed year (a carry-over's entry): every report's cell;
- `PartnerSum` (partner_sums): the same without the activity — the memo, the plan-wide
  report forms and the fund's overview read these few rows per plan-year;
- `ActivitySum` (activity_sums): per plan, year, activity and kind — the rule checks' budget
  and regnskab per activity, for every plan at once in the overview.

Derived data, kept by the one posting path (app.services.posting adds every booked line to
all three in the same transaction, app.services.entry_sums) so reports read a few rows per
plan-year instead of every entry: at 1 M lines the fund's overview and the all-plans report
added up the whole entries table per request (issues 11 and 13.4). Entries are append-only,
so the sums only grow; the one move is a carry-over recorded for an entry already booked
(`carried` flips). A row exists exactly when its key has lines, so "has regnskab" is "has a
row". tests/test_entry_sums.py checks that each table equals the entries' GROUP BY after every
door, on both databases.

The net amount is kept as the sums of the amounts' high and low 32 bits (`high`, `low`), as
app.models.sums adds them on SQLite: neither column can overflow below 2^31 lines per key,
so a sum stays exact beyond 64 bits (rows booked before the amount bound could be anything);
`total` adds them up. `activity_id` is 0 for a line booked on no activity (a key column
cannot be NULL and still be unique on both databases); `activity_ref` gives it back as NULL.
SQLite keeps the tables WITHOUT ROWID: the key is the table's order, read without lookups.
"""

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    PrimaryKeyConstraint,
    String,
    case,
    func,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from app.models.base import Base
from app.models.sums import split_sum

NO_ACTIVITY = 0


def _key(*columns: str) -> Any:
    """The table's key in this order (the order SQLite keeps the rows in)."""
    return (PrimaryKeyConstraint("plan_id", "year", *columns), {"sqlite_with_rowid": False})


class _Sums:
    """The running sum of a key: Σ high, Σ low and the number of lines."""

    @declared_attr
    def plan_id(cls) -> Mapped[int]:  # noqa: N805 - declared_attr takes the class
        return mapped_column(ForeignKey("plans.id"))

    year: Mapped[int]
    high: Mapped[int] = mapped_column(BigInteger)  # Σ amount >> 32
    low: Mapped[int] = mapped_column(BigInteger)  # Σ amount & 0xFFFFFFFF
    lines: Mapped[int] = mapped_column(Integer)

    @property
    def amount_ore(self) -> int:
        return (self.high << 32) + self.low


class EntrySum(_Sums, Base):
    __tablename__ = "entry_sums"
    # In the order reports group by (plan, year, partner, category, kind).
    __table_args__ = _key("partner_id", "category", "kind", "activity_id", "carried")

    partner_id: Mapped[int]
    category: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    activity_id: Mapped[int]
    carried: Mapped[bool] = mapped_column(Boolean)


class PartnerSum(_Sums, Base):
    __tablename__ = "partner_sums"
    __table_args__ = _key("partner_id", "category", "kind", "carried")

    partner_id: Mapped[int]
    category: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))
    carried: Mapped[bool] = mapped_column(Boolean)


class ActivitySum(_Sums, Base):
    __tablename__ = "activity_sums"
    __table_args__ = _key("activity_id", "kind", "carried")

    activity_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    carried: Mapped[bool] = mapped_column(Boolean)


SumTable = type[EntrySum] | type[PartnerSum] | type[ActivitySum]
SUM_TABLES: tuple[SumTable, ...] = (EntrySum, PartnerSum, ActivitySum)


def total(
    where: ColumnElement[bool] | None = None, sums: SumTable = EntrySum
) -> ColumnElement[int]:
    """The net øre of the rows grouped (of those where `where` holds), exact at any size."""
    if where is None:
        return split_sum(sums.high, sums.low)
    return split_sum(case((where, sums.high), else_=0), case((where, sums.low), else_=0))


def activity_ref(sums: type[EntrySum] | type[ActivitySum] = EntrySum) -> ColumnElement[int | None]:
    """The sums' activity as the entries have it: NULL for no activity."""
    return func.nullif(sums.activity_id, NO_ACTIVITY)
