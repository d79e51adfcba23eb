"""The budget-revision page (budgetomplacering): lines per partner, activity and category with
amounts and a reason; *Forhåndsvis* shows the corrected budget per partner and year (before,
change, after) and the checks it would give; only a previewed revision is saved, through the
API's service (services.budget.create_revision) and body schema (app.schemas.years.RevisionIn).
Below, every revision of the plan with who, when, why and its lines."""

import hashlib
import json
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from app.db import get_db
from app.models import MasterPlan
from app.models.enums import CATEGORY_LABELS
from app.schemas.years import RevisionIn
from app.security.context import current_plan
from app.services import budget
from app.web.checks_panel import panel_lines
from app.web.forms import INTEGER, FormErrors, form_page

bp = Blueprint("revision_pages", __name__)

FIELDS = ("year", "partner_id", "activity_id", "category", "amount")
ROWS, MORE, MAX_ROWS = 5, 5, 50
STALE = (
    "Linjerne eller begrundelsen er ændret siden forhåndsvisningen; se den nye forhåndsvisning, "
    "før du gemmer."
)


def _row_count() -> int:
    """Line rows shown: 5, more after *Flere linjer*, never fewer than the rows filled in."""
    asked = request.form.get("rows", type=int) or ROWS
    if request.form.get("action") == "more":
        asked += MORE
    return max(1, min(MAX_ROWS, asked))


def _lines(errors: FormErrors) -> tuple[dict[str, Any], list[int]]:
    """The filled rows (an amount given) as a RevisionIn body, and their row numbers."""
    lines, rows = [], []
    for row in range(_row_count()):
        values = {f: request.form.get(f"{f}-{row}", "").strip() for f in FIELDS}
        if not values["amount"]:
            continue
        rows.append(row)
        lines.append(
            {
                "year": _whole(values["year"]),
                "partner_id": _whole(values["partner_id"]),
                "activity_id": _whole(values["activity_id"]) if values["activity_id"] else None,
                "category": values["category"] or "cash",
                "amount": values["amount"],
            }
        )
    body = {"reason": request.form.get("reason", "").strip(), "lines": lines}
    try:
        return dict(RevisionIn().load(body)), rows
    except ValidationError as error:
        _line_errors(error, rows, errors)
        return {}, rows


def _whole(value: str) -> int | str:
    """A whole number as int; anything else as typed, for the schema to refuse beside it."""
    return int(value) if INTEGER.fullmatch(value) else value


def _line_errors(error: ValidationError, rows: list[int], errors: FormErrors) -> None:
    """Nested messages (lines.3.amount) onto the row's own field (amount-3)."""
    messages = error.normalized_messages()
    for field, message in messages.items():
        if field == "lines" and isinstance(message, dict):
            for index, line in message.items():
                for name, texts in line.items():
                    errors.add(f"{name}-{rows[int(index)]}", str(texts[0]))
        elif field == "lines":
            errors.add("_form", "Angiv mindst én linje med et beløb.")
        else:
            errors.add(field, str(message[0] if isinstance(message, list) else message))


def _digest(data: dict[str, Any]) -> str:
    """What was previewed: saving is refused when the lines or the reason changed since."""
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


@bp.route("/planer/<slug>/budgetomplacering", methods=["GET", "POST"])
def show(slug: str) -> ResponseReturnValue:
    """GET: the form and the revisions; POST: preview (action=preview, more rows with
    action=more) or save (action=save, only what was previewed)."""
    db = get_db()
    plan = current_plan()
    errors = FormErrors()
    if request.method == "POST" and request.form.get("action") == "more":
        return _page(plan, errors), 200  # the same form with more rows; nothing is read
    data = _lines(errors)[0] if request.method == "POST" else {}

    def save(_parsed: dict[str, Any]) -> ResponseReturnValue:
        lines = [budget.budget_input(line, line["year"]) for line in data["lines"]]
        saving = request.form.get("action") == "save"
        if not saving or request.form.get("previewed") != _digest(data):
            preview = budget.preview_revision(db, plan, reason=data["reason"], lines=lines)
            note = STALE if saving else None
            return _page(plan, errors, preview=preview, digest=_digest(data), note=note)
        revision, _ = budget.create_revision(db, plan, reason=data["reason"], lines=lines)
        flash(f"Budgetomplacering {revision.number} er gemt.", "ok")
        return redirect(url_for("revision_pages.show", slug=slug) + f"#revision-{revision.number}")

    return form_page(lambda e: _page(plan, e), save, errors)


def _page(plan: MasterPlan, errors: FormErrors, **preview: Any) -> str:
    db = get_db()
    activities = [(a.id, f"{a.code} {a.name}") for fa in plan.focus_areas for a in fa.activities]
    shown = preview.get("preview")
    rows = _row_count()
    return render_template(
        "revisions.html",
        plan=plan,
        rows=rows,
        field_names=["reason", *(f"{f}-{r}" for r in range(rows) for f in FIELDS)],
        partners={p.id: p.name for p in plan.partners},
        activity_choices=[("", "Planen som helhed"), *activities],
        activity_names=dict(activities),
        categories=list(CATEGORY_LABELS.items()),
        category_names=CATEGORY_LABELS,
        revisions=list(reversed(budget.list_revisions(db, plan))),
        lines=budget.revision_lines(db, plan),
        after_checks=(shown.after, panel_lines(plan, shown.after)) if shown else None,
        form=request.form,
        errors=errors,
        **preview,
    )
