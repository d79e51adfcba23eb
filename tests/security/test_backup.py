"""`ledger backup` and `ledger restore`: a restored database gives the same reports and rows."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from app.services.closing import close_year
from app.services.users import create_token, create_user
from tests.helpers import snapshot
from tests.memo import MEMO_TEXT

LEDGER = str(Path(sys.executable).with_name("ledger"))
FORMS = ("slagelse", "partners", "budget-actual", "follow-up")


def run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LEDGER_DATABASE_URL": url}
    result = subprocess.run([LEDGER, *args], env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def reports(url: str) -> dict[str, str]:
    return {
        form: run(
            url,
            "report",
            "cofinancing",
            "--plan",
            "slagelse-2017-2021",
            "--form",
            form,
            "--format",
            "csv",
        ).stdout
        for form in FORMS
    }


def _rows(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url)
    try:
        return snapshot(engine)
    finally:
        engine.dispose()


def test_backup_then_restore_into_an_empty_database(
    db, db_url: str, empty_db_url: str, slagelse, tmp_path: Path
) -> None:
    user = create_user(db, username="revisor", password="gul-lampe-sover-2026", role="fund")
    create_token(db, user)
    close_year(db, slagelse, 2017, reason="afleveret")
    db.commit()
    original = reports(db_url)
    assert (
        MEMO_TEXT.splitlines()[0]
        in run(db_url, "report", "cofinancing", "--plan", "slagelse-2017-2021").stdout
    )

    archive = tmp_path / "ledger.backup"
    run(db_url, "backup", str(archive))
    assert archive.stat().st_size > 0
    run(empty_db_url, "restore", str(archive), "--yes")

    assert reports(empty_db_url) == original
    assert _rows(empty_db_url) == _rows(db_url)
    # The restored database keeps its rules: the audit trail is still append-only.
    engine = create_engine(empty_db_url)
    try:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    finally:
        engine.dispose()


def test_user_and_token_commands(empty_db_url: str) -> None:
    run(empty_db_url, "db", "upgrade")
    run(empty_db_url, "seed", "load", "slagelse-2017-2021")
    password = "gul-lampe-sover-2026"
    env = {**os.environ, "LEDGER_DATABASE_URL": empty_db_url, "LEDGER_PASSWORD": password}
    made = subprocess.run(
        [LEDGER, "user", "create", "sek", "--role", "secretariat", "--plan", "slagelse-2017-2021"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    again = subprocess.run(
        [LEDGER, "user", "create", "sek", "--role", "fund"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 1 and "findes allerede" in again.stderr
    secret = run(empty_db_url, "token", "create", "sek", "--name", "regneark").stdout.strip()
    assert secret.startswith("lgr_")
    listed = run(empty_db_url, "token", "list", "sek").stdout
    assert "aktiv" in listed and secret not in listed
    token_id = listed.split("\t")[0]
    run(empty_db_url, "token", "revoke", token_id)
    assert "tilbagekaldt" in run(empty_db_url, "token", "list").stdout
    demo = run(empty_db_url, "user", "demo").stdout
    assert "brugernavn demo" in demo and "adgangskode" in demo

    from app import create_app

    app = create_app({"DATABASE_URL": empty_db_url, "TESTING": True})
    try:
        client = app.test_client()
        assert (
            client.get("/api/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
        )
        fresh = run(empty_db_url, "token", "create", "sek").stdout.strip()
        me = client.get("/api/me", headers={"Authorization": f"Bearer {fresh}"}).get_json()
        assert me["username"] == "sek" and me["role"] == "secretariat"
    finally:
        app.extensions["ledger.engine"].dispose()
