"""The database: engine, session factory and the one unit of work every door uses.

- A web or API request gets one session (`get_db`) and one transaction. `init_app` installs
  the only place that ends it: committed when the view answered below 400, rolled back on an
  error response or an exception. Views and services never call `commit`/`rollback`;
  services only `flush` (so rule violations surface inside the view, as errors).
- The CLI and scripts use `unit_of_work`, the same rule as a context manager.
- SQLite gets foreign keys, WAL, a busy timeout and the exact money sum
  (`app.models.sums`) on every connection; a writing request
  takes SQLite's write lock first (`app.services.write_lock.begin_write`).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g, has_request_context, request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.config import database_url
from app.models.sums import register_sqlite
from app.services.audit import install_audit_trail, set_actor
from app.services.write_lock import begin_write

ENGINE = "ledger.engine"
SESSIONS = "ledger.sessions"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    register_sqlite(dbapi_connection)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions of this project: every one writes the audit trail of what it flushes."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    install_audit_trail(factory)
    return factory


@contextmanager
def unit_of_work(factory: sessionmaker[Session], actor: str | None = None) -> Iterator[Session]:
    """One transaction outside a request: committed when the block ends, rolled back on error."""
    with factory() as db, db.begin():
        set_actor(db, actor)
        yield db


def init_app(app: Flask) -> None:
    """One engine and session factory per app; the request's transaction ends in `_finish`.

    Call it after every other `init_*`: Flask runs after-request hooks in reverse order, so
    the commit comes first and the response it settles on still gets every header.
    """
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions[ENGINE] = engine
    app.extensions[SESSIONS] = make_session_factory(engine)
    app.after_request(_finish)
    app.teardown_appcontext(_close)


def get_db() -> Session:
    """The request's session (one per request, made on first use)."""
    if "db" not in g:
        g.db = current_app.extensions[SESSIONS]()
        if has_request_context() and request.method not in SAFE_METHODS:
            begin_write(g.db)
    return g.db


def _finish(response: Response) -> Response:
    """The one commit: a request that answered below 400 keeps its changes, any other not."""
    session: Session | None = g.get("db")
    if session is None:
        return response
    if response.status_code >= 400:
        session.rollback()
        return response
    try:
        session.commit()
    except SQLAlchemyError as error:  # refused at commit: answer as if the view had raised it
        session.rollback()
        return current_app.make_response(current_app.handle_user_exception(error))
    return response


def _close(_error: BaseException | None) -> None:
    session: Session | None = g.pop("db", None)
    if session is not None:
        session.rollback()  # an exception skipped `_finish`: nothing is half-kept
        session.close()
