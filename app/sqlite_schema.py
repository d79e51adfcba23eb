"""SQLite's documented in-place schema edit, for the migrations.

SQLite cannot drop a constraint, and a table rebuild would drop a table under its children's
foreign keys (and its triggers). Its manual (lang_altertable.html, "other kinds of table
schema changes") allows editing the table's CREATE text in sqlite_master for changes that do
not touch the stored rows, such as removing or loosening CHECK and FOREIGN KEY constraints.
"""

from sqlalchemy import text
from sqlalchemy.engine import Connection


def replace_in_table_sql(bind: Connection, table: str, before: str, after: str) -> None:
    """Replace `before` by `after` in `table`'s CREATE TABLE text; it must be there once."""
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema=ON")
    changed = bind.execute(
        text(
            "UPDATE sqlite_master SET sql = replace(sql, :before, :after) "
            "WHERE type = 'table' AND name = :table AND instr(sql, :before) > 0"
        ),
        {"before": before, "after": after, "table": table},
    ).rowcount
    bind.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema=OFF")
    if changed != 1:
        raise RuntimeError(f"{table}: {before!r} not found in its CREATE TABLE")
