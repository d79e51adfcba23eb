"""Keeping the ledger's running sums (app.models.entry_sum) equal to the entries.

Every booked line reaches `add_lines` from the posting path (app.services.posting.post and
post_bulk), in the caller's transaction, so the sums commit or roll back with the entries. A
carry-over recorded for a booked entry moves it to the carried sums (`mark_carried`).
`expected_sums` is the same table computed from the entries, for the migration that creates
it, for `rebuild` (a bulk load that bypasses posting, e.g. the benchmark's COPY) and for
`differences`, which the tests and `ledger sums --check` use.

Keys are upserted in sorted order: on PostgreSQL an upsert locks its row until commit, and
two transactions taking the same rows in the same order wait for each other instead of
deadlocking.
"""

from collections.abc import Iterable, Mapping
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
    literal_column,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.models import CarryOver, Entry
from app.models.entry_sum import NO_ACTIVITY, EntrySum
from app.models.sums import split
from app.services.driver_sql import for_driver

KEY = ("plan_id", "year", "partner_id", "category", "kind", "activity_id", "carried")
VALUES = ("high", "low", "lines")
UPSERT_ROWS = 5_000

# (plan, year, partner, category, kind, activity or NO_ACTIVITY, carried) -> [high, low, lines]
Key = tuple[int, int, int, str, str, int, bool]
Deltas = dict[Key, list[int]]


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


def add_lines(db: Session, lines: Iterable[Line]) -> None:
    """Add booked lines to the sums (the posting path calls this for every line it books)."""
    deltas: Deltas = {}
    for line in lines:
        high, low = split(line.amount_ore)
        sums = deltas.get(key := key_of(line))
        if sums is None:
            deltas[key] = [high, low, 1]
        else:
            sums[0] += high
            sums[1] += low
            sums[2] += 1
    _apply(db, deltas)


def mark_carried(db: Session, entry: Entry) -> None:
    """Move a booked entry to the carried sums: it was recorded as a carry-over's entry."""
    high, low = split(entry.amount_ore)
    _apply(db, {key_of(entry): [-high, -low, -1], key_of(entry, carried=True): [high, low, 1]})
    db.execute(delete(EntrySum).where(EntrySum.lines == 0, EntrySum.plan_id == entry.plan_id))


def split_sums(amount: Any) -> list[ColumnElement[Any]]:
    """SUM of an amount column's high and low 32 bits, as the table keeps them (the literal
    operands because PostgreSQL has bigint >> integer, not bigint >> bigint)."""
    high = amount.op(">>")(literal_column("32"))
    low = amount.op("&")(literal_column("4294967295"))
    return [func.sum(high), func.sum(low)]


def add_from(connection: Connection, source: FromClause) -> None:
    """Add the lines of `source` (rows with the entries' columns) to the sums in one
    statement: the database groups them, no Python work per line (posting.post_bulk)."""
    c = source.c
    keys: list[Any] = [c.plan_id, c.year, c.partner_id, c.category, c.kind]
    if connection.dialect.name == "postgresql":  # the lock order of add_lines' Python sort
        keys[3:5] = [c.category.collate("C"), c.kind.collate("C")]
    keys.append(func.coalesce(c.activity_id, literal_column(str(NO_ACTIVITY))))
    grouped = (
        select(*keys, false(), *split_sums(c.amount_ore), func.count())
        .group_by(*keys)
        .order_by(*keys)
    )
    connection.execute(_upsert(connection, grouped))


def _upsert(connection: Connection, grouped: Select | None = None) -> Any:
    """INSERT … ON CONFLICT that adds amount and lines to an existing key (of `grouped`'s
    rows, else of the VALUES to be bound)."""
    statement: Any = (sqlite if connection.dialect.name == "sqlite" else postgresql).insert(
        EntrySum
    )
    if grouped is not None:
        statement = statement.from_select(KEY + VALUES, grouped)
    return statement.on_conflict_do_update(
        index_elements=list(KEY),
        set_={name: getattr(EntrySum, name) + statement.excluded[name] for name in VALUES},
    )


def _apply(db: Session, deltas: Mapping[Key, list[int]]) -> None:
    """Upsert the deltas, key by key in sorted order (see the module's note on locks)."""
    if not deltas:
        return
    connection = db.connection()
    upsert = for_driver(connection, _upsert(connection), KEY + VALUES)  # no per-row Core work
    rows = upsert.params((*key, *deltas[key]) for key in sorted(deltas))
    for start in range(0, len(rows), UPSERT_ROWS):
        connection.exec_driver_sql(upsert.sql, rows[start : start + UPSERT_ROWS])


def expected_sums() -> Select:
    """The sums as the entries give them, one row per key, split as the table keeps them."""
    carried = CarryOver.id.is_not(None)
    activity = func.coalesce(Entry.activity_id, literal_column(str(NO_ACTIVITY)))
    keys = [Entry.plan_id, Entry.year, Entry.partner_id, Entry.category, Entry.kind, activity]
    return (
        select(*keys, carried, *split_sums(Entry.amount_ore), func.count())
        .outerjoin(CarryOver, CarryOver.entry_id == Entry.id)
        .group_by(*keys, carried)
    )


def rebuild(connection: Connection) -> None:
    """Replace the sums by what the entries give (after a load that bypassed posting)."""
    connection.execute(delete(EntrySum))
    columns = [getattr(EntrySum.__table__.c, name) for name in KEY + VALUES]
    connection.execute(insert(EntrySum).from_select(columns, expected_sums()))


def differences(db: Session) -> list[tuple[Key, tuple[int, int] | None, tuple[int, int] | None]]:
    """Every key where the stored sums and the entries disagree: (key, stored, expected), each
    as (øre, lines)."""

    def by_key(query: Select) -> dict[tuple, tuple[int, int]]:
        width = len(KEY)
        return {
            tuple(row[:width]): ((int(row[width]) << 32) + int(row[width + 1]), int(row[-1]))
            for row in db.execute(query)
        }

    stored = by_key(select(*(getattr(EntrySum, name) for name in KEY + VALUES)))
    expected = by_key(expected_sums())
    return [
        (key, stored.get(key), expected.get(key))
        for key in sorted(stored.keys() | expected.keys())
        if stored.get(key) != expected.get(key)
    ]
