"""Year-end rule checks: per-plan limits, grant commitments and variance explanations.

- plans: the minimum local co-financing share (default 25 %) and the variance thresholds
  (default 10 % and 50.000 kr.; a variance must exceed both to need an explanation);
- grant_commitments: a fund partner's grant commitment (tilsagn) in a plan, optional;
- variance_explanations: append-only texts per plan, year and activity (or plan-wide);
  the newest of each is the current one.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db_triggers import append_only

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column(
        "plans",
        sa.Column(
            "min_local_share", sa.Numeric(5, 2), server_default=sa.text("25"), nullable=False
        ),
    )
    op.add_column(
        "plans",
        sa.Column("variance_pct", sa.Numeric(5, 2), server_default=sa.text("10"), nullable=False),
    )
    op.add_column(
        "plans",
        sa.Column(
            "variance_amount_ore",
            sa.BigInteger(),
            server_default=sa.text("5000000"),
            nullable=False,
        ),
    )
    op.create_table(
        "grant_commitments",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("amount_ore", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "amount_ore >= 0", name=op.f("ck_grant_commitments_amount_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id", "partner_id"],
            ["plan_partners.plan_id", "plan_partners.partner_id"],
            name=op.f("fk_grant_commitments_plan_id_partner_id_plan_partners"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_grant_commitments_plan_id_plans")
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_grant_commitments_partner_id_partners")
        ),
        sa.PrimaryKeyConstraint("plan_id", "partner_id", name=op.f("pk_grant_commitments")),
    )
    op.create_table(
        "variance_explanations",
        sa.Column("id", BigId, nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "length(text) > 0", name=op.f("ck_variance_explanations_text_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["activity_id", "plan_id"],
            ["activities.id", "activities.plan_id"],
            name=op.f("fk_variance_explanations_activity_id_plan_id_activities"),
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_variance_explanations_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_variance_explanations")),
    )
    op.create_index(
        "ix_variance_explanations_plan_year",
        "variance_explanations",
        ["plan_id", "year"],
        unique=False,
    )
    for statement in append_only(op.get_bind().dialect.name, "variance_explanations")[0]:
        op.execute(statement)


def downgrade() -> None:
    for statement in append_only(op.get_bind().dialect.name, "variance_explanations")[1]:
        op.execute(statement)
    op.drop_index("ix_variance_explanations_plan_year", table_name="variance_explanations")
    op.drop_table("variance_explanations")
    op.drop_table("grant_commitments")
    # SQLite ≥ 3.35 drops a plain column in place (no table rebuild under the foreign keys).
    for column in ("variance_amount_ore", "variance_pct", "min_local_share"):
        op.drop_column("plans", column)
