"""Declarative base with a naming convention so Alembic can name, diff and drop constraints."""

from datetime import UTC, datetime
from typing import ClassVar

from sqlalchemy import BigInteger, Integer, MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The years a plan, entry or report may name; the CHECK constraints and every door use them.
FIRST_YEAR, LAST_YEAR = 1990, 2100
YEAR_RANGE_SQL = f"BETWEEN {FIRST_YEAR} AND {LAST_YEAR}"

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit id.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    """Timestamps are stored in UTC; pages convert for display."""
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """A stored timestamp with its zone: SQLite gives it back naive (it is UTC), PostgreSQL
    in the session's zone; every door answers it the same way, "+00:00"."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    __table__: ClassVar[Table]  # every model maps one table (Core inserts need the Table)
