"""Test users of each role, and Flask test clients logged in as them (token + session)."""

import functools
import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.models import Role, User, UserPlan
from app.services.partners import find_partner
from app.services.plans import get_plan
from app.services.users import create_token, hash_password

PASSWORD = "korrekt-hest-batteri"


@functools.cache
def _password_hash() -> str:
    """scrypt is slow on purpose; the tests hash the one test password once."""
    return hash_password(PASSWORD)


def make_user(
    app: Flask,
    role: str,
    *,
    username: str | None = None,
    partner: str | None = None,
    plans: tuple[str, ...] = (),
) -> tuple[int, str]:
    """Store a user (and an API token); returns (user id, token secret)."""
    with app.extensions["ledger.sessions"]() as db:
        user = User(
            username=username or f"{role}-{partner or 'x'}".replace(" ", "-").lower(),
            password_hash=_password_hash(),
            role=role,
            partner_id=find_partner(db, partner).id if partner else None,
        )
        db.add(user)
        db.flush()
        for ref in plans:
            db.add(UserPlan(user_id=user.id, plan_id=get_plan(db, ref).id))
        secret = create_token(db, user, "tests").secret
        db.commit()
        return user.id, secret


def login(client: FlaskClient, username: str, password: str = PASSWORD) -> Any:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "login page without CSRF token"
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token.group(1)},
    )


def client_for(
    app: Flask,
    role: str = Role.ADMIN,
    *,
    partner: str | None = None,
    plans: tuple[str, ...] = (),
    username: str | None = None,
) -> FlaskClient:
    """A client with the user's bearer token on every request and a logged-in page session."""
    user_id, secret = make_user(app, role, partner=partner, plans=plans, username=username)
    client = app.test_client()
    with app.extensions["ledger.sessions"]() as db:
        name = db.get(User, user_id).username
    response = login(client, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    client.username = name  # type: ignore[attr-defined]
    client.token = secret  # type: ignore[attr-defined]
    return client


def csrf_token(client: FlaskClient) -> str:
    """A CSRF token for page forms (from the login page, which anyone may fetch)."""
    page = client.get("/login").get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match
    return match.group(1)
