"""The year grid page: one plan, year, kind and category; activities × partners.

The view only turns the posted text into øre (parse_amount) and hands the whole grid to
app.services.grid.save_grid, which books the changed cells in the request's one transaction.
"""

from dataclasses import asdict, dataclass
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.formatting import format_ore
from app.models import Category, EntryKind, MasterPlan
from app.models.enums import CATEGORY_LABELS, ENTRY_KIND_LABELS
from app.security.context import current_plan
from app.services.grid import CellKey, grid_cells, save_grid
from app.web.forms import FormErrors, amount_field, form_page

bp = Blueprint("grid", __name__)


@dataclass(frozen=True)
class GridQuery:
    year: int
    kind: str
    category: str


def _query(plan: MasterPlan) -> GridQuery:
    args = request.values
    year = args.get("year", type=int) or plan.first_year
    if year not in plan.years:
        year = plan.first_year
    kind = args.get("kind", EntryKind.BUDGET.value)
    kind = kind if kind in set(EntryKind) else EntryKind.BUDGET.value
    category = args.get("category", Category.CASH.value)
    category = category if category in set(Category) else Category.CASH.value
    return GridQuery(year, kind, category)


def cell_name(key: CellKey) -> str:
    activity_id, partner_id = key
    return f"c-{activity_id or 0}-{partner_id}"


def _keys(plan: MasterPlan) -> list[CellKey]:
    activities = [a.id for fa in plan.focus_areas for a in fa.activities]
    return [(a, p.id) for a in [*activities, None] for p in plan.partners]


@bp.route("/planer/<slug>/gitter", methods=["GET", "POST"])
def show(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    query = _query(plan)
    errors = FormErrors()
    values: dict[CellKey, int] = {}
    expected: dict[CellKey, int] = {}
    if request.method == "POST":
        for key in _keys(plan):
            name = cell_name(key)
            if name not in request.form:
                continue
            amount = amount_field(request.form, name, errors, required=False)
            values[key] = amount or 0
            expected[key] = request.form.get("o" + name[1:], 0, type=int)

    def save(_data: dict[str, Any]) -> ResponseReturnValue:
        changes = save_grid(
            db,
            plan,
            year=query.year,
            kind=query.kind,
            category=query.category,
            values=values,
            expected=expected,
            reason=request.form.get("reason", ""),
        )
        count = len(changes)
        cells_text = "1 ændret celle" if count == 1 else f"{count} ændrede celler"
        flash(f"Gemt: {cells_text} bogført.", "ok")
        return redirect(url_for("grid.show", slug=slug, **asdict(query)))

    return form_page(lambda errors: _page(plan, query, errors), save, errors)


def _page(plan: MasterPlan, query: GridQuery, errors: FormErrors) -> str:
    """The grid with the saved amounts, or after a refusal with the user's input kept."""
    if errors and "_form" not in errors and "reason" not in errors:
        errors.add("_form", "Intet er gemt. Ret de markerede felter og gem igen.")
    db = get_db()
    cells = grid_cells(db, plan, year=query.year, kind=query.kind, category=query.category)
    amounts = {key: cell.amount_ore for key, cell in cells.items()}
    shown = {
        cell_name(key): (format_ore(amount, decimals=bool(amount % 100)) if key in cells else "")
        for key, amount in ((k, amounts.get(k, 0)) for k in _keys(plan))
    }
    if request.method == "POST":
        shown.update({k: v for k, v in request.form.items() if k.startswith("c-")})
    return render_template(
        "grid.html",
        plan=plan,
        query=query,
        amounts=amounts,
        totals=_totals(plan, amounts),
        group_of={a.id: fa.id for fa in plan.focus_areas for a in fa.activities},
        shown=shown,
        cell_name=cell_name,
        kinds=ENTRY_KIND_LABELS,
        categories=CATEGORY_LABELS,
        read_only=query.category == Category.STAFF_PURCHASE,
        form=request.form,
        errors=errors,
    )


def _totals(plan: MasterPlan, amounts: dict[CellKey, int]) -> dict[object, int]:
    """Row, column, focus-area and grand totals of the saved amounts, keyed for the template."""
    group_of = {a.id: fa.id for fa in plan.focus_areas for a in fa.activities}
    totals: dict[object, int] = {}
    for (activity_id, partner_id), amount in amounts.items():
        group = group_of.get(activity_id) if activity_id is not None else None
        for key in (
            ("row", activity_id),
            ("col", partner_id),
            ("group", group, partner_id),
            ("group", group, None),
            "grand",
        ):
            totals[key] = totals.get(key, 0) + amount
    return totals
