"""Users, passwords and personal API tokens.

Passwords are hashed with Werkzeug's scrypt; tokens are 256-bit random strings of which only
the SHA-256 is stored (a slow hash adds nothing for a secret that long), so a stolen database
yields no usable token. Messages never tell whether a username exists.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import ApiToken, Role, User, UserPlan
from app.models.base import utcnow
from app.services.errors import Conflict, DomainError, NotFound
from app.services.partners import find_partner
from app.services.passwords import check_new_password
from app.services.plans import get_plan

USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,100}$")
TOKEN_PREFIX = "lgr_"
# Checked when the username is unknown, so a miss costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not a password")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def create_user(
    db: Session,
    *,
    username: str,
    password: str,
    role: str,
    partner: int | str | None = None,
    plans: list[str] | None = None,
) -> User:
    username = (username or "").strip()
    if not USERNAME.match(username):
        raise DomainError(
            "Brugernavnet må kun indeholde bogstaver, tal og . _ @ - (højst 100 tegn).",
            "username",
        )
    if role not in set(Role):
        raise DomainError(f"Ukendt rolle “{role}”; brug en af: {', '.join(Role)}.", "role")
    check_new_password(password, username)
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"Brugeren “{username}” findes allerede.", "username")
    partner_id = None
    if role == Role.PARTNER:
        if partner in (None, ""):
            raise DomainError("En partnerbruger skal høre til en partner.", "partner")
        partner_id = find_partner(db, partner).id
    elif partner not in (None, ""):
        raise DomainError("Kun partnerbrugere hører til en partner.", "partner")
    if plans and role != Role.SECRETARIAT:
        raise DomainError("Kun sekretariatsbrugere tildeles planer.", "plans")
    user = User(
        username=username, password_hash=hash_password(password), role=role, partner_id=partner_id
    )
    db.add(user)
    db.flush()
    for ref in plans or []:
        assign_plan(db, user, ref)
    return user


def assign_plan(db: Session, user: User, plan_ref: str) -> UserPlan:
    plan = get_plan(db, plan_ref)
    existing = db.get(UserPlan, (user.id, plan.id))
    if existing is not None:
        return existing
    assignment = UserPlan(user_id=user.id, plan_id=plan.id)
    db.add(assignment)
    db.flush()
    return assignment


def get_user(db: Session, ref: int | str) -> User:
    if isinstance(ref, int):
        user = db.get(User, ref)
    else:
        user = db.scalar(select(User).where(User.username == ref))
    if user is None:
        raise NotFound(f"Brugeren “{ref}” findes ikke.", "username")
    return user


def authenticate(db: Session, username: str, password: str) -> User | None:
    """The user when the password is right and the user active; None otherwise (no detail)."""
    user = db.scalar(select(User).where(User.username == (username or "").strip()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or "") or not user.active:
        return None
    return user


def end_sessions(db: Session, user: User) -> None:
    """Make every session cookie issued to `user` so far worthless (see User.get_id)."""
    user.session_version = (user.session_version or 0) + 1
    db.flush()


def set_password(db: Session, user: User, password: str) -> None:
    """A new password (checked like a first one); every session of the old one ends."""
    check_new_password(password, user.username)
    user.password_hash = hash_password(password)
    end_sessions(db, user)


def deactivate_user(db: Session, user: User) -> None:
    """No more logins, sessions or tokens for `user` (the row and its history stay)."""
    user.active = False
    end_sessions(db, user)


def user_for_session(db: Session, session_id: str) -> User | None:
    """The active user a session cookie names, if its session version is still current."""
    user_id, _, version = (session_id or "").partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(session_id) > 40:
        return None
    user = db.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once; only its hash is stored


def create_token(db: Session, user: User, name: str = "") -> IssuedToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=(name or "").strip()[:100],
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=_digest(secret),
    )
    db.add(token)
    db.flush()
    return IssuedToken(token, secret)


def revoke_token(db: Session, token_id: int) -> ApiToken:
    token = db.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"Token {token_id} findes ikke.", "token_id")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.flush()
    return token


def user_for_token(db: Session, secret: str) -> User | None:
    """The active owner of an unrevoked token, else None."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    # One query per API request (the hot path): no token object, no lazy load of its user.
    # Never cached, so a revoked token or a deactivated user is refused on the next request,
    # in every worker.
    return db.scalar(
        select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == _digest(secret),
            ApiToken.revoked_at.is_(None),
            User.active.is_(True),
        )
    )


def list_tokens(db: Session, user: User | None = None) -> list[ApiToken]:
    query = select(ApiToken)
    if user is not None:
        query = query.where(ApiToken.user_id == user.id)
    return list(db.scalars(query.order_by(ApiToken.id)))
