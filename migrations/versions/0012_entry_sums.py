"""The ledger's running sums (issues 11 and 13.4) at three grains, filled from the entries.

entry_sums(plan, year, partner, category, kind, activity (0 = none), carried → the sums of
the amounts' high and low 32 bits, lines), partner_sums (the same without the activity) and
activity_sums (plan, year, activity, kind, carried), kept by the posting path from here on
(app.services.entry_sums; the split keeps a sum exact beyond 64 bits, see app.models.entry_sum).
The sums classify entries by carry_overs, which is append-only (0002), so a classification is
never undone. The tables are filled by the app's own `rebuild` (the same SQL as `ledger db
sums --rebuild`); a later migration that changes them must give this one a frozen copy of it.

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


def _sums_table(name: str, *key: sa.Column) -> None:
    """One grain: plan, year, the grain's key columns, Σ high, Σ low, lines; SQLite keeps it
    WITHOUT ROWID (the key is the table's order)."""
    op.create_table(
        name,
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        *key,
        sa.Column("high", sa.BigInteger(), nullable=False),
        sa.Column("low", sa.BigInteger(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f(f"fk_{name}_plan_id_plans")),
        sa.PrimaryKeyConstraint(
            "plan_id", "year", *(column.name for column in key), name=op.f(f"pk_{name}")
        ),
        sqlite_with_rowid=False,
    )


def _columns(*names: str) -> list[sa.Column]:
    types = {
        "partner_id": sa.Integer(),
        "category": sa.String(length=20),
        "kind": sa.String(length=10),
        "activity_id": sa.Integer(),
        "carried": sa.Boolean(),
    }
    return [sa.Column(name, types[name], nullable=False) for name in names]


def upgrade() -> None:
    _sums_table("entry_sums", *_columns("partner_id", "category", "kind", "activity_id", "carried"))
    _sums_table("partner_sums", *_columns("partner_id", "category", "kind", "carried"))
    _sums_table("activity_sums", *_columns("activity_id", "kind", "carried"))
    rebuild(op.get_bind())


def downgrade() -> None:
    for name in ("activity_sums", "partner_sums", "entry_sums"):
        op.drop_table(name)
