"""The budget follow-up page: enter a round (its corrections and forecast per activity) in a
grid with the year grid's keys (grid.js: Enter down, Tab right, Ctrl+Enter saves), and see
the plan's rounds with links to their follow-up table (the report page's downloads)."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.db import get_db
from app.models import EntryKind, MasterPlan
from app.services.errors import DomainError
from app.services.ledger import EntryInput
from app.services.plans import get_plan
from app.services.rounds import enter_round, list_rounds
from app.web.forms import FormErrors, amount_field, form_page

bp = Blueprint("round_pages", __name__)


@bp.route("/planer/<slug>/budgetopfoelgning", methods=["GET", "POST"])
def rounds(slug: str):  # type: ignore[no-untyped-def]
    db = get_db()
    plan = get_plan(db, slug)
    activities = [a for fa in plan.focus_areas for a in fa.activities]
    errors = FormErrors()
    corrections: list[EntryInput] = []
    forecast: dict[int | str, int] = {}
    year = request.form.get("year", type=int) or plan.first_year
    dated = None
    if request.method == "POST":
        try:
            dated = date.fromisoformat(request.form.get("dated", ""))
        except ValueError:
            errors.add("dated", "Angiv datoen som ÅÅÅÅ-MM-DD.")
        partner = request.form.get("partner", type=int) or plan.municipality_id
        for a in activities:
            amount = amount_field(request.form, f"k-{a.id}", errors, required=False)
            if amount:
                corrections.append(
                    EntryInput(year, partner, EntryKind.BUDGET, "cash", amount, a.id,
                               f"{a.code}: korrektion")
                )  # fmt: skip
            expected = amount_field(request.form, f"p-{a.id}", errors, required=False)
            if expected is not None:
                forecast[a.id] = expected

    def save():  # type: ignore[no-untyped-def]
        if dated is None:
            raise DomainError("Angiv datoen som ÅÅÅÅ-MM-DD.", "dated")
        budget_round, _ = enter_round(
            db, plan, year=year, dated=dated, reason=request.form.get("reason", ""),
            corrections=corrections, forecast=forecast,
        )  # fmt: skip
        flash(f"Gemt: {budget_round.name}.", "ok")
        return redirect(url_for("round_pages.rounds", slug=slug))

    return form_page(lambda errors: _page(plan, year, errors), save, errors)


def _page(plan: MasterPlan, year: int, errors: FormErrors) -> str:
    return render_template(
        "rounds.html",
        plan=plan,
        year=year,
        rounds=list_rounds(get_db(), plan),
        form=request.form,
        errors=errors,
    )
