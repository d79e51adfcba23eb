"""The variance explanations page: a year's budget, regnskab and variance per activity, with
the current explanation beside each and a form to give a new one (append-only)."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.models import MasterPlan
from app.schemas.year_end import ExplanationIn
from app.security.context import current_plan
from app.services import explanations
from app.services.closing import is_closed
from app.web.forms import FormErrors, form_page

bp = Blueprint("explanation_pages", __name__)


def _year(plan: MasterPlan) -> int:
    """The year asked for, else the plan's first."""
    year = request.values.get("year", type=int)
    return year if year is not None and year in plan.years else plan.first_year


@bp.route("/planer/<slug>/afvigelser", methods=["GET", "POST"])
def show(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    year = _year(plan)

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        explanations.add_explanation(db, plan, year=year, **data)
        flash("Forklaringen er gemt.", "ok")
        return redirect(url_for("explanation_pages.show", slug=slug, year=year))

    def render(errors: FormErrors) -> str:
        activities = [
            (a.id, f"{a.code} {a.name}") for fa in plan.focus_areas for a in fa.activities
        ]
        return render_template(
            "explanations.html",
            plan=plan,
            year=year,
            data=explanations.year_variances(db, plan, year),
            choices=[("", "Planen som helhed"), *activities],
            closed=is_closed(db, plan, year),
            form=request.form,
            errors=errors,
        )

    return form_page(render, save, schema=ExplanationIn())
