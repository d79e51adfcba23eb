"""Pages for partners and plans: create a plan, its partners, indsatsområder and activities."""

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import Schema
from werkzeug.wrappers import Response

from app.db import get_db
from app.models import PartnerKind
from app.models.enums import PARTNER_KIND_LABELS
from app.schemas import ActivityForm, FocusAreaIn, PartnerIn, PlanIn, PlanPartnerIn, PlanPatch
from app.schemas.year_end import CommitmentForm
from app.schemas.years import CloseYearIn
from app.security.context import current_plan, signed_in_user
from app.services import closing
from app.services import partners as partner_service
from app.services import plans as service
from app.services.access import may_add_partner
from app.services.amounts import parse_id
from app.services.commitments import list_commitments, set_commitment
from app.web.checks_panel import checks_panel
from app.web.forms import FormErrors, form_page

bp = Blueprint("plan_pages", __name__)


@bp.route("/partnere", methods=["GET", "POST"])
def partners() -> ResponseReturnValue:
    db = get_db()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        partner = partner_service.create_partner(db, **data)
        flash(f"Partneren “{partner.name}” er oprettet.", "ok")
        return redirect(url_for("plan_pages.partners"))

    return form_page(
        lambda errors: render_template(
            "partners.html",
            partners=partner_service.list_partners(db),
            kinds=PARTNER_KIND_LABELS,
            form=request.form,
            errors=errors,
        ),
        save,
        schema=PartnerIn(),
    )


@bp.route("/planer/ny", methods=["GET", "POST"])
def new_plan() -> ResponseReturnValue:
    db = get_db()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        plan = service.create_plan(db, frame_ore=data.pop("frame"), **data)
        flash(f"Planen “{plan.name}” er oprettet.", "ok")
        return redirect(url_for("plan_pages.show", slug=plan.slug))

    def render(errors: FormErrors) -> str:
        all_partners = partner_service.list_partners(db)
        return render_template(
            "plan_new.html",
            municipalities=[p for p in all_partners if p.kind == PartnerKind.MUNICIPALITY],
            partners=all_partners,
            chosen=set(_chosen_partners()),
            form=request.form,
            errors=errors,
        )

    return form_page(render, save, schema=PlanIn())


def _chosen_partners() -> list[int]:
    ids = (parse_id(p) for p in request.form.getlist("partner_ids"))
    return [i for i in ids if i is not None]


def _show(slug: str, errors: FormErrors, which: str = "") -> str:
    db = get_db()
    plan = current_plan()
    taking_part = {p.id for p in plan.partners}
    others = [
        p
        for p in partner_service.list_partners(db)
        if p.id not in taking_part and may_add_partner(signed_in_user(), plan, p)
    ]
    return render_template(
        "plan.html",
        plan=plan,
        other_partners=others,
        closed={c.year: c for c in closing.closed_years(db, plan)},
        current_year=closing.current_year(),
        funds=[p for p in plan.partners if p.kind == PartnerKind.FUND],
        commitments={c.partner_id: c.amount_ore for c in list_commitments(db, plan)},
        checks=checks_panel(plan),
        form=request.form,
        errors=errors,
        which=which,
    )


def _plan_form(
    slug: str,
    which: str,
    save: Callable[[dict[str, Any]], object],
    schema: Schema | None = None,
) -> ResponseReturnValue:
    """A form on the plan page: after `save`, back to the plan; a refusal shows it there."""

    def save_and_back(data: dict[str, Any]) -> ResponseReturnValue:
        answer = save(data)
        return answer if isinstance(answer, Response) else redirect(url_for(".show", slug=slug))

    return form_page(lambda errors: _show(slug, errors, which), save_and_back, schema=schema)


@bp.get("/planer/<slug>")
def show(slug: str) -> ResponseReturnValue:
    return _show(slug, FormErrors())


@bp.post("/planer/<slug>")
def edit(slug: str) -> ResponseReturnValue:
    """Stamdata: name, frame, slug and period; fields missing from the form stay as they are."""
    db = get_db()
    plan = current_plan()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        if "frame" in data:
            data["frame_ore"] = data.pop("frame")
        if "variance_amount" in data:
            data["variance_amount_ore"] = data.pop("variance_amount")
        service.update_plan(db, plan, **data)
        flash("Planen er gemt.", "ok")
        return redirect(url_for("plan_pages.show", slug=plan.slug))

    return _plan_form(slug, "edit", save, PlanPatch())


@bp.post("/planer/<slug>/partnere")
def add_partner(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    user = signed_in_user()
    save = lambda data: service.join_plan(db, plan, data["partner_id"], user)  # noqa: E731
    return _plan_form(slug, "partner", save, PlanPartnerIn())


@bp.post("/planer/<slug>/indsatsomraader")
def add_focus_area(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    save = lambda data: service.create_focus_area(db, plan, **data)  # noqa: E731
    return _plan_form(slug, "focus_area", save, FocusAreaIn())


@bp.post("/planer/<slug>/aktiviteter")
def add_activity(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()

    def save(data: dict[str, Any]) -> None:
        focus_area = service.get_focus_area(db, plan, data.pop("focus_area_id"))
        service.create_activity(db, focus_area, **data)

    return _plan_form(slug, "activity", save, ActivityForm())


@bp.post("/planer/<slug>/tilsagn")
def commitment(slug: str) -> ResponseReturnValue:
    """A fund partner's grant commitment (tilsagn); a blank amount removes it."""
    db = get_db()
    plan = current_plan()

    def save(data: dict[str, Any]) -> None:
        set_commitment(db, plan, data["partner_id"], data["amount"])
        flash("Tilsagnet er gemt.", "ok")

    return _plan_form(slug, "commitment", save, CommitmentForm())


@bp.post("/planer/<slug>/partnere/<int:partner_id>/fjern")
def remove_partner(slug: str, partner_id: int) -> ResponseReturnValue:
    """Take a partner out of the plan (refused, with the reason, when anything is booked)."""
    db = get_db()
    plan = current_plan()

    def save(_data: dict[str, Any]) -> None:
        partner = service.remove_partner(db, plan, partner_id)
        flash(f"{partner.name} deltager ikke længere i planen.", "ok")

    return _plan_form(slug, f"remove-{partner_id}", save)


@bp.post("/planer/<slug>/aar/<int:year>/luk")
def close_year(slug: str, year: int) -> ResponseReturnValue:
    """Close a year whose accounts have gone to the fund (refused before the year has ended)."""
    db = get_db()
    plan = current_plan()

    def save(data: dict[str, Any]) -> None:
        closing.close_year(db, plan, year, reason=data["reason"])
        flash(f"Året {year} er lukket.", "ok")

    return _plan_form(slug, f"close-{year}", save, CloseYearIn())
