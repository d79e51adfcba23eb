"""Covering index for the co-financing report's GROUP BY.

The report groups a plan's entries by (year, partner, category, kind) and sums amount_ore,
joining activities for the focus area. With every column it reads in one index, in the
GROUP BY's order, SQLite and PostgreSQL answer from the index alone (no table lookups and
no sort). It replaces ix_entries_plan_year_kind, whose (plan_id, year) prefix it keeps.
Measured in bench/RESULTS.md.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ["plan_id", "year", "partner_id", "category", "kind", "activity_id", "amount_ore"]


def upgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_plan_year_kind")
        batch_op.create_index("ix_entries_report", COLUMNS, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index("ix_entries_report")
        batch_op.create_index(
            "ix_entries_plan_year_kind", ["plan_id", "year", "kind"], unique=False
        )
