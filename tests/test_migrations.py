"""One Alembic chain: up from empty to head, down to empty, and no drift from the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app import migrate
from app.models import Base

TABLES = {
    "partners",
    "plans",
    "plan_partners",
    "focus_areas",
    "activities",
    "entries",
    "entry_replacements",
    "staff_purchases",
    "staff_allocations",
    "users",
    "user_plans",
    "api_tokens",
    "audit_log",
    "closed_years",
    "budget_revisions",
    "revision_entries",
    "carry_overs",
    "budget_rounds",
    "forecasts",
    "grant_commitments",
    "variance_explanations",
}


def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(empty_db_url: str) -> None:
    assert _tables(empty_db_url) == set()
    migrate.upgrade(empty_db_url)
    assert _tables(empty_db_url) >= TABLES
    migrate.downgrade(empty_db_url, "base")
    assert _tables(empty_db_url) == set()
    migrate.upgrade(empty_db_url)
    assert _tables(empty_db_url) >= TABLES


def test_models_and_migrations_do_not_drift(db_url: str) -> None:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []
