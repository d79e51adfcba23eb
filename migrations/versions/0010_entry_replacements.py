"""A correction's replacement linked to the entry it replaces (issue 17.4).

entry_replacements(entry_id → the replacement, replaces_id → the corrected entry, unique);
append-only like the entries. The reversal already points back by entries.reverses_id.

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db_triggers import append_only

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "entry_replacements",
        sa.Column("entry_id", BigId, nullable=False),
        sa.Column("replaces_id", BigId, nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"], ["entries.id"], name=op.f("fk_entry_replacements_entry_id_entries")
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["entries.id"], name=op.f("fk_entry_replacements_replaces_id_entries")
        ),
        sa.PrimaryKeyConstraint("entry_id", name=op.f("pk_entry_replacements")),
        sa.UniqueConstraint("replaces_id", name=op.f("uq_entry_replacements_replaces_id")),
    )
    for statement in append_only(op.get_bind().dialect.name, "entry_replacements")[0]:
        op.execute(statement)


def downgrade() -> None:
    for statement in append_only(op.get_bind().dialect.name, "entry_replacements")[1]:
        op.execute(statement)
    op.drop_table("entry_replacements")
