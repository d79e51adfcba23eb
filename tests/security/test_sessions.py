"""Issue 18.3: logout, deactivation and a new password end every copy of a session cookie."""

import os
import subprocess
import sys
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import select

from app.models import FocusArea, User
from app.services.users import deactivate_user, set_password
from tests.security.users import client_for, csrf_token, login

LEDGER = str(Path(sys.executable).with_name("ledger"))
COOKIE = "ledger_session"


def _copy_of_cookie(app, client: FlaskClient) -> FlaskClient:  # type: ignore[no-untyped-def]
    """A second browser holding a copy of `client`'s session cookie (and nothing else)."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie.value, domain=cookie.domain)
    return thief


def _user(db, name: str) -> User:  # type: ignore[no-untyped-def]
    db.expire_all()
    return db.scalar(select(User).where(User.username == name))


def test_copied_cookie_is_refused_after_logout(app, db, slagelse) -> None:  # type: ignore[no-untyped-def]
    client = client_for(app, "admin", username="chef")
    del client.environ_base["HTTP_AUTHORIZATION"]  # the page session only
    thief = _copy_of_cookie(app, client)
    assert thief.get("/").status_code == 200  # the copy works while the session lives
    token = csrf_token(thief)
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert thief.get("/").status_code == 302  # to the login page
    response = thief.post(
        f"/planer/{slagelse.slug}/indsatsomraader",
        data={"name": "Efter logout", "csrf_token": token},
    )
    assert response.status_code in (302, 401, 400)
    assert response.status_code != 302 or "/login" in response.headers["Location"]
    db.expire_all()
    assert db.scalar(select(FocusArea).where(FocusArea.name == "Efter logout")) is None
    assert client.get("/").status_code == 302  # and the one logged out, of course


def test_logout_ends_the_users_other_sessions_too(app) -> None:  # type: ignore[no-untyped-def]
    office = client_for(app, "fund", username="fond")
    home = app.test_client()
    assert login(home, "fond").status_code == 302
    assert home.get("/").status_code == 200
    office.post("/logout", data={"csrf_token": csrf_token(office)})
    assert home.get("/").status_code == 302


def test_password_change_and_deactivation_end_sessions(app, db) -> None:  # type: ignore[no-untyped-def]
    first = client_for(app, "fund", username="fond")
    thief = _copy_of_cookie(app, first)
    set_password(db, _user(db, "fond"), "gul-lampe-sover-2026")
    db.commit()
    assert first.get("/").status_code == 302 and thief.get("/").status_code == 302

    second = client_for(app, "fund", username="revisor")
    assert second.get("/").status_code == 200
    deactivate_user(db, _user(db, "revisor"))
    db.commit()
    assert second.get("/").status_code == 302
    assert second.get("/api/me").status_code == 401  # its token too


def test_cli_password_and_deactivate_end_sessions(app, db, db_url: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(app, "fund", username="fond")
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url, "LEDGER_PASSWORD": "password"}

    def ledger(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [LEDGER, "user", *args], env=env, capture_output=True, text=True, timeout=120
        )

    weak = ledger("password", "fond")
    assert weak.returncode == 1 and "for let at gætte" in weak.stderr  # 18.10 here too
    assert client.get("/").status_code == 200  # a refused change ends nothing
    env["LEDGER_PASSWORD"] = "gul-lampe-sover-2026"
    changed = ledger("password", "fond")
    assert changed.returncode == 0, changed.stderr
    assert client.get("/").status_code == 302
    again = client_for(app, "fund", username="revisor")
    assert ledger("deactivate", "revisor").returncode == 0
    assert again.get("/").status_code == 302
    assert _user(db, "revisor").active is False
