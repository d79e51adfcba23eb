"""Budget follow-up rounds with forecasts; budget revisions linked to their round.

budget_rounds: one dated, numbered round per plan and year ("1. budgetopfølgning 2023").
forecasts: expected year-end spend per activity in a round; append-only (the newest counts).
budget_revisions.round_id: the round whose corrections a revision books.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db_triggers import append_only

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "budget_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("dated", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint("number > 0", name=op.f("ck_budget_rounds_number_positive")),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_budget_rounds_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_rounds")),
        sa.UniqueConstraint(
            "plan_id", "year", "number", name=op.f("uq_budget_rounds_plan_id_year_number")
        ),
    )
    op.create_table(
        "forecasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activities.id"], name=op.f("fk_forecasts_activity_id_activities")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["budget_rounds.id"], name=op.f("fk_forecasts_round_id_budget_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecasts")),
    )
    op.create_index(op.f("ix_forecasts_round_id"), "forecasts", ["round_id"], unique=False)
    with op.batch_alter_table("budget_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("round_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_budget_revisions_round_id_budget_rounds"),
            "budget_rounds",
            ["round_id"],
            ["id"],
        )
    for statement in append_only(op.get_bind().dialect.name, "forecasts")[0]:
        op.execute(statement)


def downgrade() -> None:
    for statement in append_only(op.get_bind().dialect.name, "forecasts")[1]:
        op.execute(statement)
    with op.batch_alter_table("budget_revisions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_budget_revisions_round_id_budget_rounds"), type_="foreignkey"
        )
        batch_op.drop_column("round_id")
    op.drop_index(op.f("ix_forecasts_round_id"), table_name="forecasts")
    op.drop_table("forecasts")
    op.drop_table("budget_rounds")
