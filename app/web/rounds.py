"""The budget follow-up page: enter a round (its corrections and forecast per activity) in a
grid with the year grid's keys (grid.js: Enter down, Tab right, Ctrl+Enter saves), and see
the plan's rounds with links to their follow-up table (the report page's downloads).

The round's head (year, date, reason) is read by the API's schema (RoundPageIn); the cells,
named by activity, are read one by one like the year grid's (amount_field). Instead of the
grid, a CSV/XLSX file may carry the corrections and forecast (services.rounds.read_round_file,
as the API's import)."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.models import EntryKind, MasterPlan
from app.schemas.rounds import RoundPageIn
from app.security.context import current_plan
from app.services.errors import DomainError
from app.services.import_files import guess_format
from app.services.ledger import EntryInput
from app.services.rounds import enter_round, list_rounds, read_round_file
from app.web.forms import FormErrors, amount_field, form_page

bp = Blueprint("round_pages", __name__)


@bp.route("/planer/<slug>/budgetopfoelgning", methods=["GET", "POST"])
def rounds(slug: str) -> ResponseReturnValue:
    plan = current_plan()
    errors = FormErrors()
    cells: dict[tuple[str, int], int | None] = {}
    codes = {a.id: a.code for fa in plan.focus_areas for a in fa.activities}
    if request.method == "POST":
        for fa in plan.focus_areas:
            for a in fa.activities:
                for prefix in ("k", "p"):
                    name = f"{prefix}-{a.id}"
                    cells[prefix, a.id] = amount_field(request.form, name, errors, required=False)

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        year = data["year"]
        partner = data["partner"] or plan.municipality_id
        corrections = [
            EntryInput(
                year, partner, EntryKind.BUDGET, "cash", amount, a_id, f"{codes[a_id]}: korrektion"
            )
            for (prefix, a_id), amount in cells.items()
            if prefix == "k" and amount
        ]
        forecast: dict[int | str, int] = {
            a_id: amount
            for (prefix, a_id), amount in cells.items()
            if prefix == "p" and amount is not None
        }
        upload = request.files.get("file")
        if upload is not None and upload.filename:
            if corrections or forecast:
                raise DomainError("Udfyld enten gitteret eller vælg en fil, ikke begge.", "file")
            corrections, forecast = read_round_file(
                upload.read(), guess_format(upload.filename), year=year, partner=partner
            )
        budget_round, _ = enter_round(
            get_db(), plan, year=year, dated=data["dated"], reason=data["reason"],
            corrections=corrections, forecast=forecast,
        )  # fmt: skip
        flash(f"Gemt: {budget_round.name}.", "ok")
        return redirect(url_for("round_pages.rounds", slug=slug))

    year = request.form.get("year", type=int) or plan.first_year
    return form_page(lambda errors: _page(plan, year, errors), save, errors, schema=RoundPageIn())


def _page(plan: MasterPlan, year: int, errors: FormErrors) -> str:
    return render_template(
        "rounds.html",
        plan=plan,
        year=year,
        rounds=list_rounds(get_db(), plan),
        form=request.form,
        errors=errors,
    )
