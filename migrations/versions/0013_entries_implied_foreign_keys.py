"""Drop the two foreign keys of `entries` that the composite one already implies.

`entries (plan_id, partner_id) → plan_partners` holds only for a plan and a partner that
exist (plan_partners' columns reference plans and partners), so `entries.plan_id → plans`
and `entries.partner_id → partners` refuse nothing more. PostgreSQL checks each foreign key
row by row (an RI trigger per row and key); on a bulk import these two cost about as much
as the insert itself (bench/RESULTS.md, "Import against its floor").

SQLite: the table's CREATE text is edited in place (app.sqlite_schema), as 0011 does.

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

from alembic import op

from app.sqlite_schema import replace_in_table_sql

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IMPLIED = {  # name → (column, referenced table)
    "fk_entries_partner_id_partners": ("partner_id", "partners"),
    "fk_entries_plan_id_plans": ("plan_id", "plans"),
}
ANCHOR = "CONSTRAINT fk_entries_plan_id_partner_id_plan_partners "  # the composite key


def _sqlite_clause(name: str) -> str:
    column, table = IMPLIED[name]
    return f"CONSTRAINT {name} FOREIGN KEY({column}) REFERENCES {table} (id), \n\t"


def upgrade() -> None:
    bind = op.get_bind()
    for name in IMPLIED:
        if bind.dialect.name == "sqlite":
            replace_in_table_sql(bind, "entries", _sqlite_clause(name), "")
        else:
            op.drop_constraint(name, "entries", type_="foreignkey")


def downgrade() -> None:
    bind = op.get_bind()
    for name, (column, table) in IMPLIED.items():
        if bind.dialect.name == "sqlite":
            replace_in_table_sql(bind, "entries", ANCHOR, _sqlite_clause(name) + ANCHOR)
        else:
            op.create_foreign_key(name, "entries", table, [column], ["id"])
