"""One Alembic chain: up from empty to head, down to empty, and no drift from the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

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
    "sign_offs",
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


def test_0011_lets_users_be_auditors_and_takes_them_back_out(empty_db_url: str) -> None:
    """0011 widens users.role's CHECK to `auditor` with rows in place (SQLite changes the
    constraint's text, PostgreSQL replaces it); its downgrade turns auditors into deactivated
    fund users without plans before narrowing it again."""
    migrate.upgrade(empty_db_url, "0010")
    engine = create_engine(empty_db_url)
    user = (
        "INSERT INTO users (username, password_hash, role, active, created_at) "
        "VALUES (:name, 'x', :role, true, CURRENT_TIMESTAMP)"
    )
    try:
        with engine.begin() as conn:
            conn.execute(text(user), {"name": "fond", "role": "fund"})
        migrate.upgrade(empty_db_url, "0011")
        with engine.begin() as conn:
            conn.execute(text(user), {"name": "revisor", "role": "auditor"})
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(user), {"name": "x", "role": "bogus"})
        migrate.downgrade(empty_db_url, "0010")
        with engine.begin() as conn:
            rows = conn.execute(text("SELECT username, role, active FROM users ORDER BY id"))
            assert [tuple(r) for r in rows] == [("fond", "fund", True), ("revisor", "fund", False)]
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(user), {"name": "r2", "role": "auditor"})
    finally:
        engine.dispose()
