"""The CLI's unit of work: app.db's, on an engine of its own, acting as the OS user."""

import getpass
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from app.db import make_engine, make_session_factory, unit_of_work


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on any error or exit.

    The audit trail names the acting operating-system user, e.g. ``cli:root``.
    """
    engine = make_engine()
    try:
        with unit_of_work(make_session_factory(engine), actor=f"cli:{getpass.getuser()}") as db:
            yield db
    finally:
        engine.dispose()
