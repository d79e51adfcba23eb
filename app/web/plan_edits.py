"""Pages that edit a plan's parts (indsatsområde, activity) and a partner.

Each page is one small form over one service call; a refusal re-shows the form with the
message beside the field and the user's input kept, and nothing is saved.
"""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.errors import in_path
from app.models.enums import PARTNER_KIND_LABELS
from app.schemas import ActivityPatch, FocusAreaPatch, PartnerPatch
from app.security.context import current_plan
from app.services import partners as partner_service
from app.services import plans as service
from app.web.forms import form_page

bp = Blueprint("edit_pages", __name__)


@bp.route("/planer/<slug>/indsatsomraader/<int:focus_area_id>", methods=["GET", "POST"])
def focus_area(slug: str, focus_area_id: int) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    area = in_path(service.get_focus_area, db, plan, focus_area_id)

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        service.rename_focus_area(db, area, **data)
        flash(f"Indsatsområdet hedder nu “{area.name}”.", "ok")
        return redirect(url_for("plan_pages.show", slug=plan.slug))

    return form_page(
        lambda errors: render_template(
            "focus_area_edit.html", plan=plan, area=area, form=request.form, errors=errors
        ),
        save,
        schema=FocusAreaPatch(),
    )


@bp.route("/planer/<slug>/aktiviteter/<int:activity_id>", methods=["GET", "POST"])
def activity(slug: str, activity_id: int) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    item = in_path(service.find_activity, db, plan, activity_id)

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        service.update_activity(db, plan, item, **data)
        flash(f"Aktiviteten {item.code} er gemt.", "ok")
        return redirect(url_for("plan_pages.show", slug=plan.slug))

    return form_page(
        lambda errors: render_template(
            "activity_edit.html", plan=plan, activity=item, form=request.form, errors=errors
        ),
        save,
        schema=ActivityPatch(),
    )


@bp.route("/partnere/<int:partner_id>", methods=["GET", "POST"])
def partner(partner_id: int) -> ResponseReturnValue:
    db = get_db()
    item = partner_service.get_partner(db, partner_id)

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        partner_service.update_partner(db, item, **data)
        flash(f"Partneren “{item.name}” er gemt.", "ok")
        return redirect(url_for("plan_pages.partners"))

    return form_page(
        lambda errors: render_template(
            "partner_edit.html",
            partner=item,
            plans=partner_service.partner_plans(db, item),
            kinds=PARTNER_KIND_LABELS,
            form=request.form,
            errors=errors,
        ),
        save,
        schema=PartnerPatch(),
    )
