"""Test fixtures: every database test runs on a real SQLite file and a real PostgreSQL server.

A migrated template is made once per backend; each test gets a fresh copy of it
(a file copy for SQLite, CREATE DATABASE ... TEMPLATE for PostgreSQL).
PostgreSQL is not optional: if it cannot start the suite errors out loudly. To run
SQLite only on a machine without PostgreSQL, set LEDGER_TEST_BACKENDS=sqlite (refused in CI).
"""

import itertools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

from app import migrate
from app.db import make_engine, make_session_factory
from tests import pg_server

BACKENDS = [
    b.strip() for b in os.environ.get("LEDGER_TEST_BACKENDS", "sqlite,postgresql").split(",")
]
_counter = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    if "postgresql" not in BACKENDS and os.environ.get("CI"):
        raise pytest.UsageError("CI must test PostgreSQL: unset LEDGER_TEST_BACKENDS")


def pytest_report_header(config: pytest.Config) -> str:
    note = "" if "postgresql" in BACKENDS else "  *** POSTGRESQL TESTS NOT RUN ***"
    return f"ledger database backends: {', '.join(BACKENDS)}{note}"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if "postgresql" not in BACKENDS:
        terminalreporter.write_sep(
            "!", "PostgreSQL was NOT tested (LEDGER_TEST_BACKENDS)", red=True
        )


@pytest.fixture(scope="session")
def pg() -> Iterator[pg_server.PgServer]:
    url = os.environ.get("LEDGER_TEST_PG_URL")
    if url:
        yield pg_server.from_url(url)
        return
    try:
        server = pg_server.start()
    except pg_server.PostgresUnavailable as error:
        pytest.fail(f"PostgreSQL could not be started for the tests:\n{error}", pytrace=False)
    yield server
    server.stop()


def _pg_admin(server: pg_server.PgServer) -> Engine:
    return create_engine(server.url("postgres"), isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template(pg: pg_server.PgServer) -> str:
    name = f"ledger_template_{os.getpid()}"
    admin = _pg_admin(pg)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    migrate.upgrade(pg.url(name))
    return name


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to an empty (unmigrated) database on the test's backend."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite'}"
        return
    server = request.getfixturevalue("pg")
    name = f"ledger_empty_{os.getpid()}_{next(_counter)}"
    admin = _pg_admin(server)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield server.url(name)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a fresh, migrated database on the test's backend."""
    if backend == "sqlite":
        path = tmp_path / "ledger.sqlite"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    server = request.getfixturevalue("pg")
    template = request.getfixturevalue("pg_template")
    name = f"ledger_test_{os.getpid()}_{next(_counter)}"
    admin = _pg_admin(server)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    yield server.url(name)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    with make_session_factory(engine)() as session:
        yield session


@pytest.fixture
def second_engine(empty_db_url: str) -> Iterator[Engine]:
    """A second migrated database on the same backend (the round trip's empty target)."""
    migrate.upgrade(empty_db_url)
    engine = make_engine(empty_db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def second_db(second_engine: Engine) -> Iterator[Session]:
    with make_session_factory(second_engine)() as session:
        yield session


@pytest.fixture
def app(db_url: str):  # type: ignore[no-untyped-def]
    from app import create_app

    app = create_app({"DATABASE_URL": db_url, "TESTING": True})
    yield app
    app.extensions["ledger.engine"].dispose()


@pytest.fixture
def anon_client(app):  # type: ignore[no-untyped-def]
    """A client without a login or token."""
    return app.test_client()


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """A client acting as an admin: a bearer token for /api, a logged-in session for pages."""
    from tests.security.users import client_for

    return client_for(app, "admin")


@pytest.fixture
def slagelse(db: Session):  # type: ignore[no-untyped-def]
    """The Slagelse 2017–2021 plan loaded from seeds/ and committed."""
    from app.seeding import load_seed

    plan = load_seed(db, "slagelse-2017-2021")
    db.commit()
    return plan
