"""Users, passwords and personal API tokens.

Passwords are hashed with Werkzeug's scrypt; tokens are 256-bit random strings of which only
the SHA-256 is stored (a slow hash adds nothing for a secret that long), so a stolen database
yields no usable token. Messages never tell whether a username exists.
"""

import hashlib
import re
import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from app.models import ApiToken, MasterPlan, Role, User, UserPlan
from app.models.base import utcnow
from app.services.access import ASSIGNED_ROLES
from app.services.errors import Conflict, DomainError, NotFound
from app.services.partners import find_partner
from app.services.passwords import check_new_password
from app.services.plans import get_plan

USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,100}$")
TOKEN_PREFIX = "lgr_"


@cache
def _dummy_hash() -> str:
    """Checked when the username is unknown, so a miss costs as long as a wrong password.
    Made on the first login, not at import: every `ledger` command imports this module, and
    the hash cost ~0.2 s of each one's start-up."""
    return generate_password_hash("not a password")


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
    check_new_password(password, username)
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"Brugeren “{username}” findes allerede.", "username")
    partner_id = _role_fields(db, role, partner, plans)
    user = User(
        username=username, password_hash=hash_password(password), role=role, partner_id=partner_id
    )
    db.add(user)
    db.flush()
    for ref in plans or []:
        assign_plan(db, user, ref)
    return user


def _role_fields(
    db: Session, role: str, partner: int | str | None, plans: list[str] | None
) -> int | None:
    """The partner id a role needs (partner users only); refuses plans outside the roles
    whose plans are assigned (secretariat, auditor)."""
    if role not in set(Role):
        raise DomainError(f"Ukendt rolle “{role}”; brug en af: {', '.join(Role)}.", "role")
    partner_id = None
    if role == Role.PARTNER:
        if partner in (None, ""):
            raise DomainError("En partnerbruger skal høre til en partner.", "partner_id")
        try:
            partner_id = find_partner(db, partner).id
        except DomainError as error:  # named in the body, not the path: 422 on the field
            raise DomainError(error.message, "partner_id") from None
    elif partner not in (None, ""):
        raise DomainError("Kun partnerbrugere hører til en partner.", "partner_id")
    if plans and role not in ASSIGNED_ROLES:
        raise DomainError("Kun sekretariats- og revisorbrugere tildeles planer.", "plans")
    for ref in plans or []:
        try:
            get_plan(db, ref)
        except DomainError as error:
            raise DomainError(error.message, "plans") from None
    return partner_id


def change_user(
    db: Session,
    user: User,
    acting: User,
    *,
    role: str | None = None,
    partner: int | str | None = None,
    plans: list[str] | None = None,
    active: bool | None = None,
) -> User:
    """An administrator's change of role, partner, plans or active state (audited by the
    flush hook). The partner and plans always match the role afterwards; a deactivation ends
    every session and token. Nobody demotes or deactivates themselves (no lock-out)."""
    role = role or user.role
    if user.id == acting.id and (role != user.role or active is False):
        raise DomainError(
            "Du kan ikke ændre din egen rolle eller deaktivere dig selv; bed en anden "
            "administrator.",
            "role" if role != user.role else "active",
        )
    if partner is None and role == Role.PARTNER and user.partner is not None:
        partner = user.partner_id
    if plans is None and role in ASSIGNED_ROLES:
        plans = [str(a.plan_id) for a in user.assignments]
    user.partner_id = _role_fields(db, role, partner, plans)
    user.role = role
    wanted = {get_plan(db, ref).id for ref in plans or []}
    for assignment in list(user.assignments):
        if assignment.plan_id not in wanted:
            db.delete(assignment)
    db.flush()
    for plan_id in sorted(wanted):
        assign_plan(db, user, str(plan_id))
    if active is False and user.active:
        deactivate_user(db, user)
    elif active is True and not user.active:
        user.active = True
    db.flush()
    db.refresh(user)
    return user


def list_users(db: Session) -> list[User]:
    return list(db.scalars(select(User).order_by(User.username)))


def plan_slugs(db: Session, user: User) -> list[str]:
    """The slugs of the plans a secretariat or auditor user is assigned."""
    ids = [a.plan_id for a in user.assignments]
    return sorted(db.scalars(select(MasterPlan.slug).where(MasterPlan.id.in_(ids))))


def reset_password(db: Session, user: User) -> str:
    """A one-time password for the administrator to hand over; the user must set their own
    at the next login. Every session of the user ends now."""
    temporary = secrets.token_urlsafe(12)
    user.password_hash = hash_password(temporary)
    user.must_change_password = True
    end_sessions(db, user)
    return temporary


def change_own_password(db: Session, user: User, current: str, new: str) -> None:
    """The user's own new password: the current one first, then the NIST/zxcvbn rule. Ends
    every other session (the caller logs this one in again with the new version)."""
    if not check_password_hash(user.password_hash, current or ""):
        raise DomainError("Den nuværende adgangskode er forkert.", "current_password")
    if current == new:
        raise DomainError("Vælg en ny adgangskode, ikke den nuværende.", "new_password")
    try:
        set_password(db, user, new)
    except DomainError as error:
        raise DomainError(error.message, "new_password") from None
    user.must_change_password = False
    db.flush()


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
        field = "user_id" if isinstance(ref, int) else "username"
        raise NotFound(f"Brugeren “{ref}” findes ikke.", field)
    return user


def authenticate(db: Session, username: str, password: str) -> User | None:
    """The user when the password is right and the user active; None otherwise (no detail)."""
    dummy = _dummy_hash()  # before the lookup: the first login pays for it either way
    user = db.scalar(select(User).where(User.username == (username or "").strip()))
    if user is None:
        check_password_hash(dummy, password or "")
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


def revoke_token(db: Session, token_id: int, owner: User | None = None) -> ApiToken:
    """Revoke a token (idempotent). With `owner`, only one of theirs: another user's token
    is answered as unknown, so nobody learns which ids exist."""
    token = db.get(ApiToken, token_id)
    if token is None or (owner is not None and token.user_id != owner.id):
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
