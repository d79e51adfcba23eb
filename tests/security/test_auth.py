"""Logins, sessions and tokens: hashed, revocable, rate-limited, no user enumeration."""

import re

from sqlalchemy import select, text

from app.models import ApiToken, User
from app.services.users import revoke_token
from tests.security.users import PASSWORD, client_for, csrf_token, login, make_user


def test_wrong_password_and_unknown_user_answer_alike(app, anon_client) -> None:
    make_user(app, "fund", username="kendt")
    wrong = login(anon_client, "kendt", "forkert-kode")
    unknown = login(anon_client, "ukendt", "forkert-kode")
    assert wrong.status_code == unknown.status_code == 200
    assert "Forkert brugernavn eller adgangskode." in wrong.get_data(as_text=True)

    def page(response) -> str:  # type: ignore[no-untyped-def]
        # Form values and the CSRF token (timestamped, so it changes with the second) aside.
        html = re.sub(r'value="[^"]*"', "", response.get_data(as_text=True))
        return re.sub(r'<meta name="csrf-token" content="[^"]*">', "", html)

    assert page(wrong) == page(unknown)  # nothing tells whether "kendt" exists
    assert anon_client.get("/").status_code == 302  # still not logged in


def test_login_sets_a_secure_session_cookie_and_logout_ends_it(app, anon_client) -> None:
    make_user(app, "fund", username="fond")
    response = login(anon_client, "fond")
    assert response.status_code == 302
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "ledger_session=" in c)
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie
    assert anon_client.get("/").status_code == 200
    anon_client.post("/logout", data={"csrf_token": csrf_token(anon_client)})
    assert anon_client.get("/").status_code == 302


def test_login_is_rate_limited(app, anon_client) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    make_user(app, "fund", username="fond")
    for _ in range(3):
        assert login(anon_client, "fond", "forkert-kode").status_code == 200
    # Even the right password is refused now: three failures for this user from this address.
    refused = login(anon_client, "fond", PASSWORD)
    assert refused.status_code == 429
    assert "For mange loginforsøg" in refused.get_data(as_text=True)


def test_unsafe_next_is_ignored(app, anon_client) -> None:
    make_user(app, "fund", username="fond")
    token = csrf_token(anon_client)
    response = anon_client.post(
        "/login",
        data={
            "username": "fond",
            "password": PASSWORD,
            "next": "//evil.example",
            "csrf_token": token,
        },
    )
    assert response.headers["Location"] == "/"


def test_tokens_are_stored_hashed_and_can_be_revoked(app, db) -> None:
    client = client_for(app, "fund", username="fond")
    assert client.get("/api/me").get_json()["username"] == "fond"
    stored = db.scalar(select(ApiToken.token_hash))
    assert client.token not in stored and len(stored) == 64  # type: ignore[attr-defined]
    raw = db.execute(text("SELECT * FROM api_tokens")).all()
    assert all(client.token not in str(row) for row in raw)  # type: ignore[attr-defined]
    revoke_token(db, db.scalar(select(ApiToken.id)))
    db.commit()
    assert client.get("/api/me").status_code == 401


def test_api_ignores_the_session_cookie(app, anon_client) -> None:
    """The API is exempt from CSRF, so a browser session must not authenticate it."""
    make_user(app, "admin", username="chef")
    login(anon_client, "chef")
    assert anon_client.get("/").status_code == 200
    refused = anon_client.get("/api/plans")
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert (
        anon_client.get("/api/plans", headers={"Authorization": "Bearer lgr_nope"}).status_code
        == 401
    )


def test_an_inactive_user_is_refused(app, db) -> None:
    client = client_for(app, "fund", username="fond")
    user = db.scalar(select(User).where(User.username == "fond"))
    user.active = False
    db.commit()
    assert client.get("/api/me").status_code == 401
    assert client.get("/").status_code == 302
