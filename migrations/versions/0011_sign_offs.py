"""The auditor's sign-off (issue 10.4): role `auditor` and the append-only sign_offs table.

- users.role may be `auditor` (revisor), assigned to plans through user_plans like a
  secretariat, reading them and writing only sign-offs;
- sign_offs(plan, year, user, signed_at, kontroltal, remark): append-only (triggers), the
  newest per plan and year is the current one; its validity is derived, never stored.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db_triggers import append_only
from app.sqlite_schema import replace_in_table_sql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ROLES_BEFORE = "role IN ('admin', 'secretariat', 'partner', 'fund')"
ROLES_AFTER = "role IN ('admin', 'secretariat', 'partner', 'fund', 'auditor')"


def _roles(before: str, after: str) -> None:
    """Replace the users.role CHECK. SQLite cannot alter a constraint and a table rebuild
    would drop `users` under the foreign keys of its children, so there the constraint's
    text is changed in place — SQLite's documented procedure for changing a CHECK (lang_
    altertable.html, "other kinds of table schema changes"), safe here because the rows
    satisfy both (a downgrade first moves auditors out)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_users_role"), "users", type_="check")
        op.create_check_constraint(op.f("ck_users_role"), "users", after)
        return
    replace_in_table_sql(bind, "users", before, after)


def upgrade() -> None:
    _roles(ROLES_BEFORE, ROLES_AFTER)
    op.create_table(
        "sign_offs",
        sa.Column("id", BigId, nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kontroltal", sa.String(length=20), nullable=False),
        sa.Column("remark", sa.String(length=500), nullable=True),
        sa.CheckConstraint("year BETWEEN 1990 AND 2100", name=op.f("ck_sign_offs_year_range")),
        sa.CheckConstraint(
            "length(kontroltal) > 0", name=op.f("ck_sign_offs_kontroltal_not_empty")
        ),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"], name=op.f("fk_sign_offs_plan_id_plans")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_sign_offs_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_offs")),
    )
    op.create_index("ix_sign_offs_plan_year", "sign_offs", ["plan_id", "year"], unique=False)
    for statement in append_only(op.get_bind().dialect.name, "sign_offs")[0]:
        op.execute(statement)


def downgrade() -> None:
    for statement in append_only(op.get_bind().dialect.name, "sign_offs")[1]:
        op.execute(statement)
    op.drop_index("ix_sign_offs_plan_year", table_name="sign_offs")
    op.drop_table("sign_offs")
    # Auditors become deactivated fund users (read-only, shut out) before the CHECK tightens.
    op.execute(
        "DELETE FROM user_plans WHERE user_id IN (SELECT id FROM users WHERE role = 'auditor')"
    )
    op.execute("UPDATE users SET role = 'fund', active = false WHERE role = 'auditor'")
    _roles(ROLES_AFTER, ROLES_BEFORE)
