"""Pages for partners and plans: create a plan, its partners, indsatsområder and activities."""

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from app.db import get_db
from app.models import PartnerKind
from app.models.enums import PARTNER_KIND_LABELS
from app.security.context import current_plan, current_user
from app.services import partners as partner_service
from app.services import plans as service
from app.services.access import may_add_partner
from app.services.amounts import parse_id
from app.web.forms import FormErrors, amount_field, form_page, int_field

bp = Blueprint("plan_pages", __name__)


@bp.route("/partnere", methods=["GET", "POST"])
def partners() -> ResponseReturnValue:
    db = get_db()

    def save() -> ResponseReturnValue:
        partner = partner_service.create_partner(
            db,
            name=request.form.get("name", ""),
            kind=request.form.get("kind", ""),
            cvr=request.form.get("cvr"),
        )
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
    )


@bp.route("/planer/ny", methods=["GET", "POST"])
def new_plan() -> ResponseReturnValue:
    db = get_db()
    errors = FormErrors()
    form = request.form
    fields: dict = {}
    if request.method == "POST":
        fields = dict(
            municipality_id=int_field(form, "municipality_id", errors, what="Kommunen"),
            first_year=int_field(form, "first_year", errors, what="Startåret"),
            last_year=int_field(form, "last_year", errors, what="Slutåret"),
            frame_ore=amount_field(form, "frame", errors, required=False),
        )

    def save() -> ResponseReturnValue:
        plan = service.create_plan(
            db,
            slug=form.get("slug", "").strip(),
            name=form.get("name", ""),
            partner_ids=_chosen_partners(),
            **fields,
        )
        flash(f"Planen “{plan.name}” er oprettet.", "ok")
        return redirect(url_for("plan_pages.show", slug=plan.slug))

    def render(errors: FormErrors) -> str:
        all_partners = partner_service.list_partners(db)
        return render_template(
            "plan_new.html",
            municipalities=[p for p in all_partners if p.kind == PartnerKind.MUNICIPALITY],
            partners=all_partners,
            chosen=set(_chosen_partners()),
            form=form,
            errors=errors,
        )

    return form_page(render, save, errors)


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
        if p.id not in taking_part and may_add_partner(current_user(), plan, p)
    ]
    return render_template(
        "plan.html",
        plan=plan,
        other_partners=others,
        form=request.form,
        errors=errors,
        which=which,
    )


def _plan_form(
    slug: str,
    which: str,
    save: Callable[[], object],
    errors: FormErrors | None = None,
) -> ResponseReturnValue:
    """A form on the plan page: after `save`, back to the plan; a refusal shows it there."""

    def save_and_back() -> ResponseReturnValue:
        answer = save()
        return answer if isinstance(answer, Response) else redirect(url_for(".show", slug=slug))

    return form_page(lambda errors: _show(slug, errors, which), save_and_back, errors)


@bp.get("/planer/<slug>")
def show(slug: str) -> ResponseReturnValue:
    return _show(slug, FormErrors())


@bp.post("/planer/<slug>")
def edit(slug: str) -> ResponseReturnValue:
    """Stamdata: name, frame, slug and period; fields missing from the form stay as they are."""
    db = get_db()
    plan = current_plan()
    errors = FormErrors()
    form = request.form
    changes: dict = {"name": form.get("name", "")}
    changes["frame_ore"] = amount_field(form, "frame", errors, required=False)
    if "slug" in form:
        changes["slug"] = form["slug"].strip()
    for field, what in (("first_year", "Startåret"), ("last_year", "Slutåret")):
        if field in form:
            changes[field] = int_field(form, field, errors, what=what)

    def save() -> ResponseReturnValue:
        service.update_plan(db, plan, **changes)
        flash("Planen er gemt.", "ok")
        return redirect(url_for("plan_pages.show", slug=plan.slug))

    return _plan_form(slug, "edit", save, errors)


@bp.post("/planer/<slug>/partnere")
def add_partner(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    errors = FormErrors()
    partner_id = int_field(request.form, "partner_id", errors, what="Partneren")
    return _plan_form(
        slug, "partner", lambda: service.join_plan(db, plan, partner_id, current_user()), errors
    )


@bp.post("/planer/<slug>/indsatsomraader")
def add_focus_area(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    name = request.form.get("name", "")
    return _plan_form(slug, "focus_area", lambda: service.create_focus_area(db, plan, name=name))


@bp.post("/planer/<slug>/aktiviteter")
def add_activity(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    errors = FormErrors()
    focus_area_id = int_field(request.form, "focus_area_id", errors, what="Indsatsområdet")

    def save() -> None:
        focus_area = service.get_focus_area(db, plan, focus_area_id)
        service.create_activity(
            db, focus_area, code=request.form.get("code", ""), name=request.form.get("name", "")
        )

    return _plan_form(slug, "activity", save, errors)


@bp.post("/planer/<slug>/partnere/<int:partner_id>/fjern")
def remove_partner(slug: str, partner_id: int) -> ResponseReturnValue:
    """Take a partner out of the plan (refused, with the reason, when anything is booked)."""
    db = get_db()
    plan = current_plan()

    def save() -> None:
        partner = service.remove_partner(db, plan, partner_id)
        flash(f"{partner.name} deltager ikke længere i planen.", "ok")

    return _plan_form(slug, f"remove-{partner_id}", save)
