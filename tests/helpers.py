"""Small helpers shared by tests: a database snapshot to prove nothing changed."""

from sqlalchemy import Engine, inspect, text


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, ordered, so two snapshots compare equal iff nothing changed."""
    tables = sorted(set(inspect(engine).get_table_names()) - {"alembic_version"})
    with engine.connect() as conn:
        return {
            table: sorted(
                tuple(map(str, row)) for row in conn.execute(text(f"SELECT * FROM {table}"))
            )
            for table in tables
        }
