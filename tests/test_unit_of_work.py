"""The one unit of work (app.db): what a request or CLI block keeps, and what it drops."""

import json
import logging

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from app.db import get_db, make_session_factory, unit_of_work
from app.models import AuditLog, Partner

NAME = "Enhedstest Boligselskab"


def _partners(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).where(Partner.name == NAME))


@pytest.mark.parametrize(("status", "kept"), [(200, 1), (201, 1), (302, 1), (409, 0), (422, 0)])
def test_a_request_keeps_its_changes_only_when_it_answers_below_400(
    app, engine, status: int, kept: int
) -> None:
    with app.test_request_context("/api/partners", method="POST"):
        db = get_db()
        db.add(Partner(name=NAME, kind="housing_org"))
        db.flush()  # as a service does: the row is in the transaction, not yet kept
        app.process_response(app.response_class(status=status))
    assert _partners(engine) == kept


def test_an_exception_in_the_view_keeps_nothing(app, engine) -> None:
    with pytest.raises(RuntimeError), app.test_request_context("/api/partners", method="POST"):
        db = get_db()
        db.add(Partner(name=NAME, kind="housing_org"))
        db.flush()
        raise RuntimeError("the view failed after flushing")
    assert _partners(engine) == 0


def test_the_cli_unit_of_work_commits_or_drops_the_whole_block(engine) -> None:
    factory = make_session_factory(engine)
    with pytest.raises(RuntimeError), unit_of_work(factory, actor="cli:test") as db:
        db.add(Partner(name=NAME, kind="housing_org"))
        db.flush()
        raise RuntimeError("stop")
    assert _partners(engine) == 0
    with unit_of_work(factory, actor="cli:test") as db:
        db.add(Partner(name=NAME, kind="housing_org"))
    assert _partners(engine) == 1
    with engine.connect() as conn:  # the audit trail comes with the project's sessions
        actors = conn.scalars(select(AuditLog.actor).where(AuditLog.object_type == "partners"))
        assert list(actors) == ["cli:test"]


def test_settings_come_from_ledger_environment_variables(db_url, monkeypatch) -> None:
    from app import create_app

    monkeypatch.setenv("LEDGER_LOGIN_RATE_LIMIT", "3 per minute")
    monkeypatch.setenv("LEDGER_COOKIE_SECURE", "0")
    app = create_app({"DATABASE_URL": db_url})
    try:
        assert app.config["LOGIN_RATE_LIMIT"] == "3 per minute"
        assert app.config["SESSION_COOKIE_SECURE"] is False
    finally:
        app.extensions["ledger.engine"].dispose()


def test_json_logs_name_each_request(db_url, monkeypatch, capsys) -> None:
    from app import create_app

    monkeypatch.setenv("LEDGER_LOG_JSON", "1")
    app = create_app({"DATABASE_URL": db_url})
    try:
        assert app.test_client().get("/api/plans").status_code == 401
    finally:
        app.extensions["ledger.engine"].dispose()
        logging.getLogger("app").handlers.clear()
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    request_line = next(line for line in lines if line["name"] == "app.logs")
    assert request_line["path"] == "/api/plans" and request_line["status"] == 401
    assert any(line["message"].startswith("refused GET /api/plans") for line in lines)
