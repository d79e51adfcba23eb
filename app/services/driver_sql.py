"""Bulk statements compiled once by Core for the dialect, then run by the driver itself.

Core's per-row parameter processing (and the ORM's, for a session's executemany) is most of
a bulk statement's Python time: 100,000 rows cost seconds that the database does not.
"""

from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Insert, bindparam
from sqlalchemy.engine import Dialect


class DriverStatement(NamedTuple):
    sql: str
    # Rows as tuples in the order of `keys` → the driver's parameters.
    params: Callable[[Iterable[tuple]], list]
    positional: bool  # qmark/format paramstyles (SQLite); psycopg's are named


def for_driver(dialect: Dialect, statement: Insert, keys: Sequence[str]) -> DriverStatement:
    """`statement` with one bind per key, compiled for `dialect`."""
    values: dict[str, Any] = {key: bindparam(key) for key in keys}
    compiled = statement.values(values).compile(dialect=dialect)
    order = compiled.positiontup  # None for named paramstyles (psycopg)
    if order is None:
        return DriverStatement(
            compiled.string, lambda rows: [dict(zip(keys, row, strict=True)) for row in rows], False
        )
    positions = [list(keys).index(name) for name in order]
    if positions == list(range(len(keys))):
        return DriverStatement(compiled.string, list, True)
    pick = itemgetter(*positions)  # the compiled column order, picked in C
    return DriverStatement(compiled.string, lambda rows: [pick(row) for row in rows], True)
