"""Pages: the plan list (the front page)."""

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.security.context import signed_in_user
from app.services.access import visible_plans
from app.services.plans import latest_actual_years

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/static/web",
)


@bp.get("/")
def index() -> ResponseReturnValue:
    db = get_db()
    return render_template(
        "plans.html", plans=visible_plans(db, signed_in_user()), latest=latest_actual_years(db)
    )
