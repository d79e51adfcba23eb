"""Flask application factory: one engine per app, one session (one transaction) per request."""

from typing import Any

from flask import Flask, g
from sqlalchemy.orm import Session

from app.config import secret_key
from app.db import make_engine, make_session_factory


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.update(
        DATABASE_URL=None,
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        JSON_SORT_KEYS=False,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key()
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["ledger.engine"] = engine
    app.extensions["ledger.sessions"] = make_session_factory(engine)

    @app.teardown_appcontext
    def _close_session(_error: BaseException | None) -> None:
        session: Session | None = g.pop("db", None)
        if session is not None:
            session.rollback()  # anything not committed by the view is dropped, never half-kept
            session.close()

    from app.api import init_api
    from app.security import init_security
    from app.web import init_web

    init_security(app)  # first: its gate runs before every other request hook
    init_api(app)
    init_web(app)
    return app


def get_db() -> Session:
    """The request's session; views commit it once, at the end, or not at all."""
    if "db" not in g:
        from flask import current_app, request

        g.db = current_app.extensions["ledger.sessions"]()
        if request and request.method not in SAFE_METHODS:
            begin_write(g.db)
    return g.db


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def begin_write(session: Session) -> None:
    """SQLite: take the write lock up front (BEGIN IMMEDIATE) for a request that writes.

    A deferred SQLite transaction that reads first and writes later fails at once with
    "database is locked" when another writer committed in between; taking the lock first
    makes concurrent writers queue on the busy timeout instead. PostgreSQL needs nothing.
    """
    if session.get_bind().dialect.name == "sqlite":
        session.connection().exec_driver_sql("BEGIN IMMEDIATE")
