"""Sums of money that cannot overflow, on either database, for any number of rows.

Amounts are bounded at every door (|amount| ≤ 10^13 øre), but a 64-bit SUM still overflows
after about 922,000 rows at the bound, and a row booked before the bound could be anything.
PostgreSQL's SUM(bigint) already answers NUMERIC (arbitrary precision). SQLite's SUM raises
"integer overflow", so there `money_sum` adds the high and the low 32 bits of each amount in
two C-level SUMs, which cannot overflow below 2^31 rows per group, and `ledger_join` (a scalar
function registered on every connection, `register_sqlite`) puts them together once per group:
hi · 2^32 + lo as a Python int, handed back as text when it leaves 64 bits. (A Python aggregate
called once per row cost a third of a million-row report.) Either way the column's type turns
the result into a Python int.
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
    # SQLite's >> is arithmetic and & takes the two's complement bits, so for every 64-bit
    # amount a: a = (a >> 32) · 2^32 + (a & 0xFFFFFFFF), with |hi| < 2^31 and 0 ≤ lo < 2^32.
    amount = compiler.process(element.clauses, **kw)
    return f"ledger_join(SUM(({amount}) >> 32), SUM(({amount}) & 4294967295))"


class split_sum(FunctionElement[int]):  # noqa: N801 - used like func.sum
    """SUM of amounts kept as their high and low 32 bits (app.models.entry_sum's columns):
    hi · 2^32 + lo over the rows, exact whatever the sum; NULL over no rows."""

    type = ExactInt()
    name = "split_sum"
    inherit_cache = True


@compiles(split_sum)
def _split(element: split_sum, compiler: SQLCompiler, **kw: Any) -> str:
    high, low = (compiler.process(c, **kw) for c in element.clauses)
    return f"(SUM({high}) * 4294967296 + SUM({low}))"  # SUM(bigint) is NUMERIC: exact


@compiles(split_sum, "sqlite")
def _sqlite_split(element: split_sum, compiler: SQLCompiler, **kw: Any) -> str:
    high, low = (compiler.process(c, **kw) for c in element.clauses)
    return f"ledger_join(SUM({high}), SUM({low}))"


def split(amount: int) -> tuple[int, int]:
    """An amount's high and low 32 bits, as `money_sum` splits it on SQLite: a = hi · 2^32 + lo."""
    return amount >> 32, amount & 0xFFFFFFFF


def _join(high: int | None, low: int | None) -> int | str | None:
    """hi · 2^32 + lo; NULL over no rows (both SUMs are NULL), text beyond 64 bits."""
    if high is None or low is None:
        return None
    total = (high << 32) + low
    return total if total in _INT64 else str(total)


def register_sqlite(dbapi_connection: Any) -> None:
    """Make `ledger_join` known to one SQLite connection (called on every connect)."""
    dbapi_connection.create_function("ledger_join", 2, _join, deterministic=True)
