"""User administration without a shell: /api/users (admin) and each user's own tokens and
password under /api/me. Every change is in the audit trail (the flush hook)."""

from typing import Any

from flask.views import MethodView
from sqlalchemy.orm import Session

from app.api.blueprint import Blueprint
from app.api.paging import paginated
from app.db import get_db
from app.models import ApiToken, User
from app.schemas.users import (
    IssuedTokenOut,
    PasswordChangeIn,
    PasswordResetOut,
    TokenIn,
    TokenOut,
    UserIn,
    UserOut,
    UserPatch,
)
from app.security.context import signed_in_user
from app.services import users as service

blp = Blueprint("users", __name__, description="Brugere, roller og personlige API-tokens")


def user_answer(db: Session, user: User) -> dict[str, Any]:
    """A user as UserOut shows it: the assigned plans by slug."""
    fields = ("id", "username", "role", "partner_id", "active", "must_change_password")
    answer: dict[str, Any] = {name: getattr(user, name) for name in fields}
    return answer | {"created_at": user.created_at, "plans": service.plan_slugs(db, user)}


def issued_answer(issued: service.IssuedToken) -> dict[str, Any]:
    return _token_answer(issued.token) | {"secret": issued.secret}


def _token_answer(token: ApiToken) -> dict[str, Any]:
    fields = ("id", "user_id", "name", "prefix", "created_at", "revoked_at")
    return {name: getattr(token, name) for name in fields}


@blp.route("/users")
class Users(MethodView):
    @blp.response(200, UserOut(many=True))
    @paginated(blp)
    def get(self) -> Any:
        """Every user (admin)."""
        db = get_db()
        return [user_answer(db, user) for user in service.list_users(db)]

    @blp.arguments(
        UserIn,
        example={
            "username": "anne.sekretariat",
            "password": "gul-lampe-sover-2026",
            "role": "secretariat",
            "plans": ["slagelse-2017-2021"],
        },  # fmt: skip
    )
    @blp.response(201, UserOut)
    def post(self, data: dict[str, Any]) -> Any:
        """Create a user (admin): role, the partner of a partner user, the plans of a
        secretariat or auditor."""
        db = get_db()
        partner = data.pop("partner_id")
        user = service.create_user(db, partner=partner, **data)
        return user_answer(db, user)


@blp.route("/users/<int:user_id>")
class UserById(MethodView):
    @blp.response(200, UserOut)
    def get(self, user_id: int) -> Any:
        db = get_db()
        return user_answer(db, service.get_user(db, user_id))

    @blp.arguments(UserPatch, example={"role": "fund"})
    @blp.response(200, UserOut)
    def patch(self, data: dict[str, Any], user_id: int) -> Any:
        """Change role, partner, plans or active (admin). `active: false` deactivates: no
        login, every session and token stops working; the user and their history stay."""
        db = get_db()
        user = service.get_user(db, user_id)
        partner = data.pop("partner_id", None)
        service.change_user(db, user, signed_in_user(), partner=partner, **data)
        return user_answer(db, user)


@blp.route("/users/<int:user_id>/password-reset")
class PasswordReset(MethodView):
    @blp.response(201, PasswordResetOut)
    def post(self, user_id: int) -> Any:
        """A one-time password to hand over (admin); the user sets their own at the next
        login, and every session of the user ends now."""
        db = get_db()
        return {"temporary_password": service.reset_password(db, service.get_user(db, user_id))}


@blp.route("/users/<int:user_id>/tokens")
class UserTokens(MethodView):
    @blp.response(200, TokenOut(many=True))
    @paginated(blp)
    def get(self, user_id: int) -> Any:
        """The user's tokens, revoked ones too (admin)."""
        db = get_db()
        return [_token_answer(t) for t in service.list_tokens(db, service.get_user(db, user_id))]


@blp.route("/tokens/<int:token_id>")
class TokenById(MethodView):
    @blp.response(200, TokenOut)
    def delete(self, token_id: int) -> Any:
        """Revoke anybody's token (admin); revoking twice changes nothing."""
        return _token_answer(service.revoke_token(get_db(), token_id))


@blp.route("/me/tokens")
class MyTokens(MethodView):
    @blp.response(200, TokenOut(many=True))
    @paginated(blp)
    def get(self) -> Any:
        """The caller's own tokens."""
        return [_token_answer(t) for t in service.list_tokens(get_db(), signed_in_user())]

    @blp.arguments(TokenIn, example={"name": "Regneark-integration"})
    @blp.response(201, IssuedTokenOut)
    def post(self, data: dict[str, Any]) -> Any:
        """A new token for the caller; `secret` is shown this once."""
        return issued_answer(service.create_token(get_db(), signed_in_user(), data["name"]))


@blp.route("/me/tokens/<int:token_id>")
class MyTokenById(MethodView):
    @blp.response(200, TokenOut)
    def delete(self, token_id: int) -> Any:
        """Revoke one of the caller's own tokens (another user's answers 404)."""
        db = get_db()
        return _token_answer(service.revoke_token(db, token_id, owner=signed_in_user()))


@blp.route("/me/password")
class MyPassword(MethodView):
    @blp.arguments(PasswordChangeIn)
    @blp.response(204)
    def post(self, data: dict[str, Any]) -> Any:
        """A new password for the caller (the current one first); ends every session."""
        db = get_db()
        service.change_own_password(
            db, signed_in_user(), data["current_password"], data["new_password"]
        )
