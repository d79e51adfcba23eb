"""Run Alembic programmatically, so `ledger db upgrade` and the tests use the same chain.

Alembic is imported by the functions that use it: every `ledger` command imports this
module, and Alembic (with Mako) cost ~0.2–0.4 s of each one's start-up.
"""

from typing import TYPE_CHECKING

from sqlalchemy import create_engine

from app.config import PROJECT_ROOT, database_url

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config(url: str | None = None) -> "Config":
    from alembic.config import Config

    cfg = Config(str(PROJECT_ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    # '%' must be escaped for ConfigParser (PostgreSQL URLs may carry %-encoded passwords).
    cfg.set_main_option("sqlalchemy.url", (url or database_url()).replace("%", "%%"))
    cfg.attributes["configure_logging"] = False
    return cfg


def upgrade(url: str | None = None, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(url), revision)


def downgrade(url: str | None = None, revision: str = "base") -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


def current(url: str | None = None) -> None:
    from alembic import command

    command.current(alembic_config(url), verbose=False)


def revisions(url: str | None = None) -> tuple[str | None, str | None]:
    """(the database's revision, the code's head): equal when `ledger db upgrade` has run."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = alembic_config(url)
    head = ScriptDirectory.from_config(config).get_current_head()
    engine = create_engine(url or database_url())
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision(), head
    finally:
        engine.dispose()
