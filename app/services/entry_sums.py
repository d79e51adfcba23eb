"""Keeping the ledger's running sums (app.models.entry_sum, three grains) equal to the entries.

Every booked line reaches `add_lines` (post) or `add_from` (post_bulk: the database groups the
lines) from the posting path, in the caller's transaction, so the sums commit or roll back
with the entries; each grain's key is the full key with columns left out. A carry-over
recorded for a booked entry moves it to the carried sums (`mark_carried`). `expected_sums` is
a table computed from the entries, for the migration that creates them, for `rebuild` (a
bulk load that bypasses posting, e.g. the benchmark's COPY) and for `differences`, which the
tests and `ledger db sums` use.

The tables are upserted in one order and each one's keys in sorted order: on PostgreSQL an
upsert locks its row until commit, and two transactions taking the same rows in the same
order wait for each other instead of deadlocking.
"""

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    Select,
    delete,
    false,
    func,
    insert,
    inspect,
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import False_

from app.models import CarryOver, Entry
from app.models.entry_sum import NO_ACTIVITY, SUM_TABLES, EntrySum, SumTable
from app.models.sums import split
from app.services.driver_sql import DriverStatement, for_driver

KEY = ("plan_id", "year", "partner_id", "category", "kind", "activity_id", "carried")
# What the sums read of a booked line (add_from's source must have these columns).
LINE_COLUMNS = (*KEY[:6], "amount_ore")
VALUES = ("high", "low", "lines")
UPSERT_ROWS = 5_000

# (plan, year, partner, category, kind, activity or NO_ACTIVITY, carried) -> [high, low, lines]
Key = tuple[int, int, int, str, str, int, bool]
Deltas = dict[tuple, list[int]]


def key_names(sums: SumTable) -> tuple[str, ...]:
    """The table's key columns, in its order (each a column of the full KEY)."""
    return tuple(column.name for column in sums.__table__.primary_key.columns)


class Line(Protocol):
    """What a booked line gives the sums (a ValidLine or an Entry)."""

    @property
    def plan_id(self) -> int: ...
    @property
    def year(self) -> int: ...
    @property
    def partner_id(self) -> int: ...
    @property
    def category(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def activity_id(self) -> int | None: ...
    @property
    def amount_ore(self) -> int: ...


def key_of(line: Line, carried: bool = False) -> Key:
    activity = NO_ACTIVITY if line.activity_id is None else line.activity_id
    return (line.plan_id, line.year, line.partner_id, line.category, line.kind, activity, carried)


def _summed(pairs: Iterable[tuple[tuple, Sequence[int]]]) -> Deltas:
    """The values of equal keys added up, key by key."""
    deltas: Deltas = {}
    for key, values in pairs:
        if (have := deltas.get(key)) is None:
            deltas[key] = list(values)
        else:
            for i, value in enumerate(values):
                have[i] += value
    return deltas


def add_lines(db: Session, lines: Iterable[Line]) -> None:
    """Add booked lines to the sums (the posting path calls this for every line it books)."""
    _apply(db, _summed((key_of(line), (*split(line.amount_ore), 1)) for line in lines))


def mark_carried(db: Session, entry: Entry) -> None:
    """Move a booked entry to the carried sums: it was recorded as a carry-over's entry."""
    high, low = split(entry.amount_ore)
    _apply(db, {key_of(entry): [-high, -low, -1], key_of(entry, carried=True): [high, low, 1]})
    for sums in SUM_TABLES:
        db.execute(delete(sums).where(sums.lines == 0, sums.plan_id == entry.plan_id))


def split_sums(amount: Any) -> list[ColumnElement[Any]]:
    """SUM of an amount column's high and low 32 bits, as the tables keep them (the literal
    operands because PostgreSQL has bigint >> integer, not bigint >> bigint)."""
    high = amount.op(">>")(literal_column("32"))
    low = amount.op("&")(literal_column("4294967295"))
    return [func.sum(high), func.sum(low)]


def _grouped(sums: SumTable, columns: dict[str, Any], lock_order: bool = False) -> Select:
    """`columns` (the full key's names → expressions over some rows of entries) grouped by
    the table's key, with the split sums and the line count; in the lock order if asked."""
    keys = [columns[name] for name in key_names(sums)]
    # A constant key column (carried false) is not grouped by: SQLite reads an integer in
    # ORDER BY as a column number.
    varying = [key for key in keys if not isinstance(key, False_)]
    grouped = select(*keys, *split_sums(columns["amount_ore"]), func.count()).group_by(*varying)
    return grouped.order_by(*varying) if lock_order else grouped


def add_from(connection: Connection, source: FromClause) -> None:
    """Add the lines of `source` (rows with the entries' columns) to the sums, one statement
    per table: the database groups them, no Python work per line (posting.post_bulk)."""
    c = source.c
    columns = _keyed(c, false())
    if connection.dialect.name == "postgresql":  # the lock order of add_lines' Python sort
        columns |= {"category": c.category.collate("C"), "kind": c.kind.collate("C")}
    for sums in SUM_TABLES:
        grouped = _grouped(sums, columns, lock_order=True)
        connection.execute(_upsert(connection.dialect, sums, grouped))


def _keyed(line: Any, carried: ColumnElement[bool]) -> dict[str, Any]:
    """The full key's names and the amount → expressions over `line`'s columns (no activity
    as NO_ACTIVITY), with `carried` as given."""
    columns: dict[str, Any] = {name: line[name] for name in LINE_COLUMNS}
    activity = func.coalesce(columns["activity_id"], literal_column(str(NO_ACTIVITY)))
    return columns | {"activity_id": activity, "carried": carried}


def _upsert(dialect: Dialect, sums: SumTable, grouped: Select | None = None) -> Any:
    """INSERT … ON CONFLICT that adds to an existing key (of `grouped`'s rows, else of the
    VALUES to be bound)."""
    statement: Any = (sqlite if dialect.name == "sqlite" else postgresql).insert(sums)
    keys = key_names(sums)
    if grouped is not None:
        statement = statement.from_select(keys + VALUES, grouped)
    return statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={name: getattr(sums, name) + statement.excluded[name] for name in VALUES},
    )


@lru_cache(maxsize=32)
def _driver_upsert(dialect: Dialect, sums: SumTable) -> DriverStatement:
    """The VALUES upsert compiled once per database (engine) and table: compiling the three
    cost ~2 ms on every single posting."""
    return for_driver(dialect, _upsert(dialect, sums), key_names(sums) + VALUES)


def _apply(db: Session, deltas: Mapping[Key, list[int]]) -> None:
    """Upsert the deltas into every table, each table's keys in sorted order (see the
    module's note on locks)."""
    if not deltas:
        return
    connection = db.connection()
    for sums in SUM_TABLES:
        pick = [KEY.index(name) for name in key_names(sums)]
        projected = _summed((tuple(key[i] for i in pick), values) for key, values in deltas.items())
        upsert = _driver_upsert(connection.dialect, sums)
        rows = upsert.params((*key, *projected[key]) for key in sorted(projected))
        for start in range(0, len(rows), UPSERT_ROWS):
            connection.exec_driver_sql(upsert.sql, rows[start : start + UPSERT_ROWS])


def expected_sums(sums: SumTable = EntrySum) -> Select:
    """The table as the entries give it, one row per key, split as the table keeps it."""
    columns = _keyed(inspect(Entry).columns, CarryOver.id.is_not(None))
    return _grouped(sums, columns).outerjoin(CarryOver, CarryOver.entry_id == Entry.id)


def rebuild(connection: Connection) -> None:
    """Replace the sums by what the entries give (after a load that bypassed posting)."""
    for sums in SUM_TABLES:
        connection.execute(delete(sums))
        columns = [sums.__table__.c[name] for name in key_names(sums) + VALUES]
        connection.execute(insert(sums).from_select(columns, expected_sums(sums)))


Difference = tuple[str, tuple, tuple[int, int] | None, tuple[int, int] | None]


def differences(db: Session) -> list[Difference]:
    """Every key where a stored sum and the entries disagree: (table, key, stored, expected),
    the last two as (øre, lines) or None where the key has no row."""
    wrong: list[Difference] = []
    for sums in SUM_TABLES:
        width = len(key_names(sums))

        def by_key(query: Select, width: int = width) -> dict[tuple, tuple[int, int]]:
            return {
                tuple(row[:width]): ((int(row[width]) << 32) + int(row[width + 1]), int(row[-1]))
                for row in db.execute(query)
            }

        stored = by_key(select(*(sums.__table__.c[n] for n in key_names(sums) + VALUES)))
        expected = by_key(expected_sums(sums))
        wrong += [
            (sums.__tablename__, key, stored.get(key), expected.get(key))
            for key in sorted(stored.keys() | expected.keys())
            if stored.get(key) != expected.get(key)
        ]
    return wrong
