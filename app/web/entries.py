"""Entry history (every entry and correction with time and text) and the correct action."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.models.enums import CATEGORY_LABELS, ENTRY_KIND_LABELS
from app.schemas import CorrectionIn
from app.security.context import current_plan
from app.services.amounts import parse_id
from app.services.errors import DomainError
from app.services.ledger import correct_entry, get_entry, list_entries
from app.web.forms import form_page

bp = Blueprint("entry_pages", __name__)


@bp.get("/planer/<slug>/posteringer")
def history(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    args = request.args
    activity = args.get("activity", "")
    activity_id = parse_id(activity) if activity not in ("", "none") else None
    if activity not in ("", "none") and activity_id is None:
        raise DomainError("Filteret aktivitet skal være et aktivitets-id eller none.", "activity")
    entries = list_entries(
        db,
        plan,
        year=args.get("year", type=int),
        kind=args.get("kind") or None,
        activity_id=activity_id,
        partner_id=args.get("partner", type=int),
    )
    if activity == "none":
        entries = [e for e in entries if e.activity_id is None]
    if args.get("category"):
        entries = [e for e in entries if e.category == args["category"]]
    return render_template(
        "entries.html",
        plan=plan,
        entries=entries,
        total=sum(e.amount_ore for e in entries),
        kinds=ENTRY_KIND_LABELS,
        categories=CATEGORY_LABELS,
        args=args,
    )


@bp.route("/posteringer/<int:entry_id>/ret", methods=["GET", "POST"])
def correct(entry_id: int) -> ResponseReturnValue:
    db = get_db()
    entry = get_entry(db, entry_id)
    plan = current_plan()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        correct_entry(db, entry, reason=data["reason"], new_amount_ore=data["new_amount"])
        flash(f"Postering {entry.id} er rettet.", "ok")
        activity = entry.activity_id if entry.activity_id is not None else "none"
        return redirect(
            url_for(
                "entry_pages.history",
                slug=plan.slug,
                year=entry.year,
                kind=entry.kind,
                activity=activity,
            )
        )

    return form_page(
        lambda errors: render_template(
            "correct.html",
            plan=plan,
            entry=entry,
            kinds=ENTRY_KIND_LABELS,
            categories=CATEGORY_LABELS,
            form=request.form,
            errors=errors,
        ),
        save,
        schema=CorrectionIn(),
    )
