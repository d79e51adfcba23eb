"""Login, logout and the per-plan audit page."""

from urllib.parse import unquote, urlsplit

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user

from app.db import get_db
from app.security.context import current_plan, current_user
from app.security.limiter import login_refused, record_failure
from app.services import audit
from app.services.users import authenticate, end_sessions

bp = Blueprint("access", __name__, template_folder="templates")

FAILED = "Forkert brugernavn eller adgangskode."  # the same whether or not the user exists


def _safe_next(target: str | None) -> str:
    """A same-origin path only, judged as a browser reads it.

    Browsers drop tabs and newlines inside a URL and treat a backslash as a slash, so
    ``/%09/evil.example`` or ``/\\evil`` would lead off-site; percent-encoded slashes are
    judged decoded too.
    """
    text = "".join(c for c in (target or "") if c.isprintable() and not c.isspace())
    decoded = unquote(text).replace("\\", "/")
    decoded = "".join(c for c in decoded if c.isprintable() and not c.isspace())
    parts = urlsplit(decoded)
    same_origin = not parts.scheme and not parts.netloc and not decoded.startswith("//")
    if text.startswith("/") and decoded.startswith("/") and same_origin:
        return text
    return url_for("web.index")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    next_url = request.form.get("next", "")
    address = request.remote_addr or ""
    if login_refused(address, username):
        message = "For mange loginforsøg. Vent lidt, og prøv igen."
        return render_template("login.html", error=message, next=next_url), 429
    user = authenticate(get_db(), username, password)
    if user is None:
        record_failure(address, username)  # kept: this page answers 200, so it is committed
        return render_template("login.html", error=FAILED, next=next_url)
    login_user(user)
    return redirect(_safe_next(next_url))


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Ends this session and every copy of it: a copied cookie is refused from now on."""
    user = current_user()
    if user is not None:
        end_sessions(get_db(), user)  # committed by the request's unit of work
    logout_user()
    return redirect(url_for("access.login"))


@bp.get("/plans/<plan_ref>/audit")
def plan_audit(plan_ref: str) -> ResponseReturnValue:
    """Who changed what in the plan, newest first."""
    db = get_db()
    plan = current_plan()
    if current_user() is None:
        abort(401)
    rows = audit.list_audit(db, plan=plan, limit=1000)
    return render_template("audit.html", plan=plan, rows=rows)
