"""PostgreSQL: the year rules of entries, frikøb and årsværk as one statement-level trigger.

`year_in_period` and `year_not_closed` ran two PL/pgSQL functions per inserted row; a bulk
import (COPY) of a million rows paid for two million calls. One AFTER INSERT … FOR EACH
STATEMENT trigger over the transition table checks the same rules with two set queries and
refuses with the same messages. SQLite is unchanged (no transition tables there).

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

from alembic import op

from app.db_triggers import rows_in_open_period, year_in_plan_period, year_not_closed

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("entries", "staff_purchases", "staff_allocations")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return
    for table in TABLES:
        for old in (year_in_plan_period, year_not_closed):
            for statement in old(dialect, table)[1]:
                op.execute(statement)
        for statement in rows_in_open_period(dialect, table)[0]:
            op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        return
    for table in TABLES:
        for statement in rows_in_open_period(dialect, table)[1]:
            op.execute(statement)
        for old in (year_in_plan_period, year_not_closed):
            for statement in old(dialect, table)[0]:
                op.execute(statement)
