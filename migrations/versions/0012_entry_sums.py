"""The ledger's running sums (issues 11 and 13.4): entry_sums, filled from the entries.

entry_sums(plan, year, partner, category, kind, activity (0 = none), carried → the sums of
the amounts' high and low 32 bits, lines), kept by the posting path from here on
(app.services.entry_sums; the split keeps a sum exact beyond 64 bits, see app.models.entry_sum).
The sums classify entries by carry_overs, which is append-only (0002), so a classification is
never undone.

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
        sa.Column("high", sa.BigInteger(), nullable=False),
        sa.Column("low", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
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
