"""SQLite's write lock, taken before a transaction writes."""

from sqlalchemy.orm import Session


def begin_write(session: Session) -> None:
    """SQLite: take the write lock up front (BEGIN IMMEDIATE) unless a transaction is open.

    A deferred SQLite transaction that reads first and writes later fails at once with
    "database is locked" when another writer committed in between; taking the lock first
    makes concurrent writers queue on the busy timeout instead. It also makes the
    transaction real before a SAVEPOINT: the sqlite3 module would otherwise let the
    savepoint open the transaction, and releasing it would commit. PostgreSQL needs nothing.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    connection = session.connection()
    driver = connection.connection.driver_connection
    if driver is None or not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
