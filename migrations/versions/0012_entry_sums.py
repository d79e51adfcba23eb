"""The ledger's running sums (issues 11 and 13.4): entry_sums, filled from the entries.

entry_sums(plan, year, partner, category, kind, activity (0 = none), carried → øre, lines),
kept by the posting path from here on (app.services.entry_sums). The amount is bounded by a
CHECK well inside 64 bits: SQLite turns an integer overflow into an inexact REAL, and the
CHECK refuses that instead of storing it. The sums classify entries by carry_overs, which is
append-only (0002), so a classification never has to be undone.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.services.entry_sums import rebuild

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_sums",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("carried", sa.Boolean(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "amount_ore BETWEEN -9000000000000000000 AND 9000000000000000000",
            name=op.f("ck_entry_sums_amount_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_entry_sums_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint(
            "plan_id",
            "year",
            "partner_id",
            "category",
            "kind",
            "activity_id",
            "carried",
            name=op.f("pk_entry_sums"),
        ),
    )
    rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_table("entry_sums")
