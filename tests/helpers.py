"""Small helpers shared by tests: a database snapshot to prove nothing changed."""

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.orm import Session


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


def summed_as_migrated(connection: Connection | Session) -> None:
    """Rows a test wrote around the posting path (as a database from before a door refused
    them would hold them) are in the running sums the way migration 0012 summed such rows."""
    from app.services import entry_sums

    entry_sums.rebuild(
        connection if isinstance(connection, Connection) else connection.connection()
    )
