"""User administration pages (admin) and every user's own tokens and password.

A new token's secret and a reset's one-time password are shown in the answer to the POST
itself, never flashed: a flash travels in the (signed, not encrypted) session cookie.
"""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user

from app.db import get_db
from app.models import User
from app.models.security import ROLE_LABELS
from app.schemas.users import PasswordChangeIn, TokenIn, UserIn, UserPatch
from app.security.context import signed_in_user
from app.services import users as service
from app.services.partners import list_partners
from app.services.plans import list_plans
from app.web.forms import FormErrors, form_page

bp = Blueprint("user_pages", __name__)


def _choices(db: Any) -> dict[str, Any]:
    partners = [("", "–")] + [(str(p.id), p.name) for p in list_partners(db)]
    return {"roles": ROLE_LABELS, "partners": partners, "plans": list_plans(db)}


@bp.route("/brugere", methods=["GET", "POST"])
def users() -> ResponseReturnValue:
    db = get_db()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        user = service.create_user(db, partner=data.pop("partner_id"), **data)
        flash(f"Brugeren “{user.username}” er oprettet.", "ok")
        return redirect(url_for("user_pages.user", user_id=user.id))

    def render(errors: FormErrors) -> str:
        return render_template(
            "users.html",
            users=service.list_users(db),
            form=request.form,
            chosen=set(request.form.getlist("plans")),
            errors=errors,
            **_choices(db),
        )

    return form_page(render, save, schema=UserIn())


@bp.route("/brugere/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int) -> ResponseReturnValue:
    db = get_db()
    target = service.get_user(db, user_id)

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        if "role" in data:  # the edit form: no plan ticked means none
            data.setdefault("plans", [])
        partner = data.pop("partner_id", None)
        service.change_user(db, target, signed_in_user(), partner=partner, **data)
        flash(f"Brugeren “{target.username}” er gemt.", "ok")
        return redirect(url_for("user_pages.user", user_id=user_id))

    return form_page(lambda errors: _user_page(target, errors), save, schema=UserPatch())


def _user_page(target: User, errors: FormErrors, temporary: str | None = None) -> str:
    db = get_db()
    posted = request.method == "POST" and "role" in request.form
    stored = {"role": target.role, "partner_id": str(target.partner_id or "")}
    return render_template(
        "user_edit.html",
        target=target,
        form=request.form if posted else stored,
        chosen=set(request.form.getlist("plans") if posted else service.plan_slugs(db, target)),
        tokens=service.list_tokens(db, target),
        temporary=temporary,
        errors=errors,
        **_choices(db),
    )


@bp.post("/brugere/<int:user_id>/nulstil")
def reset(user_id: int) -> ResponseReturnValue:
    """A one-time password, shown once on the answer; the user sets their own at login."""
    db = get_db()
    target = service.get_user(db, user_id)
    temporary = service.reset_password(db, target)
    return _user_page(target, FormErrors(), temporary)


@bp.post("/tokens/<int:token_id>/tilbagekald")
def revoke(token_id: int) -> ResponseReturnValue:
    token = service.revoke_token(get_db(), token_id)
    flash(f"Token {token.prefix}… er tilbagekaldt.", "ok")
    return redirect(url_for("user_pages.user", user_id=token.user_id))


@bp.route("/mine-tokens", methods=["GET", "POST"])
def tokens() -> ResponseReturnValue:
    db = get_db()
    me = signed_in_user()

    def render(errors: FormErrors, issued: service.IssuedToken | None = None) -> str:
        return render_template(
            "tokens.html",
            tokens=service.list_tokens(db, me),
            issued=issued,
            form=request.form if errors else {},
            errors=errors,
        )

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        return render(FormErrors(), service.create_token(db, me, data["name"])), 201

    return form_page(render, save, schema=TokenIn())


@bp.post("/mine-tokens/<int:token_id>/tilbagekald")
def revoke_own(token_id: int) -> ResponseReturnValue:
    token = service.revoke_token(get_db(), token_id, owner=signed_in_user())
    flash(f"Token {token.prefix}… er tilbagekaldt.", "ok")
    return redirect(url_for("user_pages.tokens"))


@bp.route("/adgangskode", methods=["GET", "POST"])
def password() -> ResponseReturnValue:
    """The caller's new password; after an administrator's reset, the only page open."""
    me = signed_in_user()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        service.change_own_password(get_db(), me, data["current_password"], data["new_password"])
        login_user(me)  # this session goes on with the new session version; others end
        flash("Din nye adgangskode er gemt; dine andre sessioner er logget ud.", "ok")
        return redirect(url_for("web.index"))

    return form_page(
        lambda errors: render_template(
            "password.html", forced=me.must_change_password, errors=errors
        ),
        save,
        schema=PasswordChangeIn(),
    )
