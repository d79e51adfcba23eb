"""The ledger's running sums: net øre and line count per plan, year, partner, category, kind,
activity and whether the lines were carried in from a closed year (a carry-over's entry).

Derived data, kept by the one posting path (app.services.posting adds every booked line in
the same transaction) so reports read a few rows per plan-year instead of every entry: at
1 M lines the fund's overview and the all-plans report added up the whole table per request
(issues 11 and 13.4). Entries are append-only, so the sums only grow; the one move is a
carry-over recorded for an entry already booked (`carried` flips). A row exists exactly when
its key has lines, so "has regnskab" is "has a row". tests/test_entry_sums.py checks that
the table equals the entries' GROUP BY after every door, on both databases.

The net amount is kept as the sums of the amounts' high and low 32 bits (`high`, `low`), as
app.models.sums adds them on SQLite: neither column can overflow below 2^31 lines per key,
so a sum stays exact beyond 64 bits (rows booked before the amount bound could be anything);
`total` adds them up. `activity_id` is 0 for a line booked on no activity (a key column
cannot be NULL and still be unique on both databases); `activity_ref` gives it back as NULL.
"""

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, String, case, func
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from app.models.base import Base
from app.models.sums import split_sum

NO_ACTIVITY = 0


class EntrySum(Base):
    __tablename__ = "entry_sums"

    # The key in the order reports group by (plan, year, partner, category, kind).
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    activity_id: Mapped[int] = mapped_column(primary_key=True)
    carried: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    high: Mapped[int] = mapped_column(BigInteger)  # Σ amount >> 32
    low: Mapped[int] = mapped_column(BigInteger)  # Σ amount & 0xFFFFFFFF
    lines: Mapped[int] = mapped_column(Integer)

    @property
    def amount_ore(self) -> int:
        return (self.high << 32) + self.low


def total(where: ColumnElement[bool] | None = None) -> ColumnElement[int]:
    """The net øre of the rows grouped (of those where `where` holds), exact at any size."""
    if where is None:
        return split_sum(EntrySum.high, EntrySum.low)
    return split_sum(case((where, EntrySum.high), else_=0), case((where, EntrySum.low), else_=0))


def activity_ref() -> ColumnElement[int | None]:
    """The sums' activity as the entries have it: NULL for no activity."""
    return func.nullif(EntrySum.activity_id, NO_ACTIVITY)
