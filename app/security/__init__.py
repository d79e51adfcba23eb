"""Access control for every route: who the caller is, and whether the matrix lets them in.

- pages use a Flask-Login session (login page, secure cookie settings);
- /api uses personal tokens only (``Authorization: Bearer lgr_...``), never the session cookie,
  so a browser session cannot be abused against the CSRF-exempt API;
- one before_request hook applies app.security.policy to every endpoint (deny by default);
- the acting user is put on the request's session so services and the audit trail know who.
"""

from flask import Flask, Response, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager
from flask_login import current_user as session_user

from app.config import API_PREFIX
from app.db import get_db
from app.models import Role, User
from app.security import headers, limiter, views
from app.security.context import current_user, gated
from app.security.policy import Need, need_for
from app.security.resolve import NoPlanArgument, not_found, plan_for
from app.services import access, audit
from app.services.errors import Forbidden, NotFound, TooLarge, Unauthenticated
from app.services.users import user_for_session, user_for_token

MAX_ID = 2**63 - 1
# A page form (not a file upload) never needs more; a refused form is shown again with the
# input kept, so a bigger one would be echoed back whole.
MAX_PAGE_FORM = 1024 * 1024
PAGE_FORM = "application/x-www-form-urlencoded"
# Overviews are not there for those who may not see them (no hint that they exist).
HIDDEN = "Siden findes ikke, eller du har ikke adgang til den."

# After an administrator's password reset, a session reaches only these until a new one is set.
OPEN_BEFORE_NEW_PASSWORD = {"user_pages.password", "access.logout"}

login_manager = LoginManager()


def init_security(app: Flask) -> None:
    secure = bool(app.config["COOKIE_SECURE"])
    app.config.update(
        SESSION_COOKIE_NAME="ledger_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    login_manager.init_app(app)
    login_manager.session_protection = "strong"
    login_manager.user_loader(_load_user)
    limiter.init_app(app)
    headers.init_app(app)
    app.register_blueprint(views.bp)
    app.before_request(enforce_policy)

    @app.after_request
    def _challenge(response: Response) -> Response:
        if response.status_code == 401 and request.path.startswith(API_PREFIX):
            response.headers["WWW-Authenticate"] = 'Bearer realm="ledger"'
        return response

    @app.context_processor
    def _user() -> dict:
        return {"current_user_obj": current_user(), "may_write": may_write_plan()}


def may_write_plan() -> bool:
    """Whether the caller may change the plan the gate let this request at: pages show their
    forms, buttons and edit links only then (a read-only user sees none whose POST is 403)."""
    user, plan = gated().user, gated().plan
    return bool(user and plan and access.can_write_plan(get_db(), user, plan.id))


def _load_user(session_id: str) -> User | None:
    """Checked on every request: a logged-out or stale copy of the cookie loads nobody."""
    return user_for_session(get_db(), session_id)


def caller() -> User | None:
    """The authenticated user of this request: a bearer token under /api, the session else."""

    if request.path.startswith(API_PREFIX):
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer" or not secret.strip():
            return None
        return user_for_token(get_db(), secret.strip())
    user = session_user._get_current_object()
    return user if isinstance(user, User) else None


def _unauthenticated() -> ResponseReturnValue:
    if not request.path.startswith(API_PREFIX) and request.method in ("GET", "HEAD"):
        return redirect(url_for("access.login", next=request.full_path.rstrip("?")))
    raise Unauthenticated("Log ind (API: send Authorization: Bearer <token>).", "_auth")


def enforce_policy() -> ResponseReturnValue | None:
    """The one gate every request passes; see app.security.policy for the matrix."""

    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)  # refused before anything reads it, whether or not the view would
    if request.mimetype == PAGE_FORM and (request.content_length or 0) > MAX_PAGE_FORM:
        raise TooLarge(
            f"Formularen er for stor (over {MAX_PAGE_FORM // 1024 // 1024} MB); intet er gemt. "
            "Et navn må højst have nogle hundrede tegn.",
            "_form",
        )
    if request.endpoint is None or request.method == "OPTIONS":
        return None  # routing already failed (404/405), or a harmless OPTIONS
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            abort(404)
    need = need_for(request.endpoint, request.method)
    user = caller()
    gated().user = user
    if user is not None:
        audit.set_actor(get_db(), user.username)
    if need is Need.PUBLIC:
        return None
    if user is None:
        return _unauthenticated()
    pending = user.must_change_password and request.endpoint not in OPEN_BEFORE_NEW_PASSWORD
    if pending and not request.path.startswith(API_PREFIX):  # tokens: separate credentials
        return redirect(url_for("user_pages.password"))
    if need is None:
        raise Forbidden("Denne side er ikke åbnet for nogen rolle.", "_auth")
    if need is Need.USER:
        return None
    if need is Need.ADMIN and user.role != Role.ADMIN:
        raise Forbidden("Kun en administrator må dette.", "_auth")
    if need is Need.WRITER:
        if not access.can_write_some_plan(user):
            raise Forbidden("Din rolle må ikke bogføre.", "_auth")
        return None
    if need is Need.READ_PARTNER:
        partner_id = (request.view_args or {}).get("partner_id")
        if partner_id is None or not access.can_read_partner(user, partner_id):
            raise Forbidden("Du har ikke adgang til denne partners tal.", "_auth")
        return None
    if need is Need.OVERVIEW and not access.can_see_overview(user):
        raise NotFound(HIDDEN, "_path")
    if need is Need.MUNICIPALITY:
        partner_id = (request.view_args or {}).get("partner_id")
        if partner_id is None or not access.can_read_partner(user, partner_id):
            raise NotFound(HIDDEN, "partner_id")
    if need in (Need.OVERVIEW, Need.MUNICIPALITY):
        return None
    try:
        plan = plan_for(get_db(), request.view_args)
    except NoPlanArgument:
        if need is Need.ADMIN:
            return None  # an admin page that names no plan
        raise Forbidden("Adgangen kan ikke afgøres for denne side.", "_auth") from None
    if plan is None or not access.can_read_plan(get_db(), user, plan.id):
        raise not_found(request.view_args)
    if need is Need.WRITE_PLAN and not access.can_write_plan(get_db(), user, plan.id):
        raise Forbidden("Du må læse, men ikke ændre denne plan.", "_auth")
    if need is Need.SIGN_OFF and not access.can_sign_off(get_db(), user, plan.id):
        raise Forbidden("Kun planens revisor må godkende et år.", "_auth")
    gated().plan = plan  # loaded once, with its partners; views take it from the context
    return None
