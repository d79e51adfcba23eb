"""Sums of money that cannot overflow, on either database, for any number of rows.

Amounts are bounded at every door (|amount| ≤ 10^13 øre), but a 64-bit SUM still overflows
after about 922,000 rows at the bound, and a row booked before the bound could be anything.
PostgreSQL's SUM(bigint) already answers NUMERIC (arbitrary precision). SQLite's SUM raises
"integer overflow", so there `money_sum` is `ledger_sum`, an aggregate registered on every
connection (`register_sqlite`) that adds Python integers and hands back text when the result
leaves 64 bits. Either way the column's type turns the result into a Python int.
"""

from typing import Any

from sqlalchemy import BigInteger
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

_INT64 = range(-(2**63), 2**63)


class ExactInt(TypeDecorator[int]):
    """A sum's result as a Python int, whatever the driver hands back (int, Decimal, text)."""

    impl = BigInteger
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Any) -> int | None:
        return None if value is None else int(value)


class money_sum(FunctionElement[int]):  # noqa: N801 - used like func.sum
    """SUM of an øre column that never overflows; NULL over no rows, like SUM."""

    type = ExactInt()
    name = "money_sum"
    inherit_cache = True


@compiles(money_sum)
def _sum(element: money_sum, compiler: SQLCompiler, **kw: Any) -> str:
    return f"SUM({compiler.process(element.clauses, **kw)})"


@compiles(money_sum, "sqlite")
def _sqlite_sum(element: money_sum, compiler: SQLCompiler, **kw: Any) -> str:
    return f"ledger_sum({compiler.process(element.clauses, **kw)})"


class _ExactSum:
    """SQLite aggregate: Python integers do not overflow."""

    def __init__(self) -> None:
        self.total: int | None = None

    def step(self, value: int | None) -> None:
        if value is not None:
            self.total = (self.total or 0) + value

    def finalize(self) -> int | str | None:
        total = self.total
        return total if total is None or total in _INT64 else str(total)


def register_sqlite(dbapi_connection: Any) -> None:
    """Make `ledger_sum` known to one SQLite connection (called on every connect)."""
    dbapi_connection.create_aggregate("ledger_sum", 1, _ExactSum)
