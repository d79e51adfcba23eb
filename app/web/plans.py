"""Pages for partners and plans: create a plan, its partners, indsatsområder and activities."""

from flask import Blueprint, flash, redirect, render_template, request, url_for

from app.models import PartnerKind
from app.models.enums import PARTNER_KIND_LABELS
from app.services import partners as partner_service
from app.services import plans as service
from app.services.errors import DomainError
from app.web.forms import FormErrors, amount_field, int_field
from app.web_app import get_db

bp = Blueprint("plan_pages", __name__)


@bp.route("/partnere", methods=["GET", "POST"])
def partners():  # type: ignore[no-untyped-def]
    db = get_db()
    errors = FormErrors()
    if request.method == "POST":
        try:
            partner = partner_service.create_partner(
                db,
                name=request.form.get("name", ""),
                kind=request.form.get("kind", ""),
                cvr=request.form.get("cvr"),
            )
            db.commit()
            flash(f"Partneren “{partner.name}” er oprettet.", "ok")
            return redirect(url_for("plan_pages.partners"))
        except DomainError as error:
            errors.add_domain(error)
    return render_template(
        "partners.html",
        partners=partner_service.list_partners(db),
        kinds=PARTNER_KIND_LABELS,
        form=request.form,
        errors=errors,
    ), (422 if errors else 200)


@bp.route("/planer/ny", methods=["GET", "POST"])
def new_plan():  # type: ignore[no-untyped-def]
    db = get_db()
    errors = FormErrors()
    form = request.form
    if request.method == "POST":
        municipality = int_field(form, "municipality_id", errors, what="Kommunen")
        first_year = int_field(form, "first_year", errors, what="Startåret")
        last_year = int_field(form, "last_year", errors, what="Slutåret")
        frame = amount_field(form, "frame", errors, required=False)
        partner_ids = [int(p) for p in form.getlist("partner_ids") if p.isdigit()]
        if not errors:
            try:
                plan = service.create_plan(
                    db,
                    slug=form.get("slug", "").strip(),
                    name=form.get("name", ""),
                    municipality_id=municipality,  # type: ignore[arg-type]
                    first_year=first_year,  # type: ignore[arg-type]
                    last_year=last_year,  # type: ignore[arg-type]
                    frame_ore=frame,
                    partner_ids=partner_ids,
                )
                db.commit()
                flash(f"Planen “{plan.name}” er oprettet.", "ok")
                return redirect(url_for("plan_pages.show", slug=plan.slug))
            except DomainError as error:
                errors.add_domain(error)
    all_partners = partner_service.list_partners(db)
    return render_template(
        "plan_new.html",
        municipalities=[p for p in all_partners if p.kind == PartnerKind.MUNICIPALITY],
        partners=all_partners,
        chosen={int(p) for p in form.getlist("partner_ids") if p.isdigit()},
        form=form,
        errors=errors,
    ), (422 if errors else 200)


def _show(slug: str, errors: FormErrors | None = None, which: str = ""):  # type: ignore[no-untyped-def]
    db = get_db()
    plan = service.get_plan(db, slug)
    taking_part = {p.id for p in plan.partners}
    others = [p for p in partner_service.list_partners(db) if p.id not in taking_part]
    return render_template(
        "plan.html",
        plan=plan,
        other_partners=others,
        form=request.form,
        errors=errors or FormErrors(),
        which=which,
    ), (422 if errors else 200)


@bp.get("/planer/<slug>")
def show(slug: str):  # type: ignore[no-untyped-def]
    return _show(slug)


@bp.post("/planer/<slug>")
def edit(slug: str):  # type: ignore[no-untyped-def]
    """Stamdata: name, frame, slug and period; fields missing from the form stay as they are."""
    db = get_db()
    plan = service.get_plan(db, slug)
    errors = FormErrors()
    form = request.form
    changes: dict = {"name": form.get("name", "")}
    changes["frame_ore"] = amount_field(form, "frame", errors, required=False)
    if "slug" in form:
        changes["slug"] = form["slug"].strip()
    for field, what in (("first_year", "Startåret"), ("last_year", "Slutåret")):
        if field in form:
            changes[field] = int_field(form, field, errors, what=what)
    if not errors:
        try:
            service.update_plan(db, plan, **changes)
            db.commit()
            flash("Planen er gemt.", "ok")
            return redirect(url_for("plan_pages.show", slug=plan.slug))
        except DomainError as error:
            errors.add_domain(error)
    db.rollback()
    return _show(slug, errors, "edit")


@bp.post("/planer/<slug>/partnere")
def add_partner(slug: str):  # type: ignore[no-untyped-def]
    db = get_db()
    plan = service.get_plan(db, slug)
    errors = FormErrors()
    partner_id = int_field(request.form, "partner_id", errors, what="Partneren")
    if not errors:
        try:
            service.add_partner(db, plan, partner_id)  # type: ignore[arg-type]
            db.commit()
            return redirect(url_for("plan_pages.show", slug=slug))
        except DomainError as error:
            errors.add_domain(error)
    return _show(slug, errors, "partner")


@bp.post("/planer/<slug>/indsatsomraader")
def add_focus_area(slug: str):  # type: ignore[no-untyped-def]
    db = get_db()
    plan = service.get_plan(db, slug)
    try:
        service.create_focus_area(db, plan, name=request.form.get("name", ""))
        db.commit()
        return redirect(url_for("plan_pages.show", slug=slug))
    except DomainError as error:
        errors = FormErrors()
        errors.add_domain(error)
        db.rollback()
        return _show(slug, errors, "focus_area")


@bp.post("/planer/<slug>/aktiviteter")
def add_activity(slug: str):  # type: ignore[no-untyped-def]
    db = get_db()
    plan = service.get_plan(db, slug)
    errors = FormErrors()
    focus_area_id = int_field(request.form, "focus_area_id", errors, what="Indsatsområdet")
    if not errors:
        try:
            focus_area = service.get_focus_area(db, plan, focus_area_id)  # type: ignore[arg-type]
            service.create_activity(
                db,
                focus_area,
                code=request.form.get("code", ""),
                name=request.form.get("name", ""),
            )
            db.commit()
            return redirect(url_for("plan_pages.show", slug=slug))
        except DomainError as error:
            errors.add_domain(error)
    db.rollback()
    return _show(slug, errors, "activity")


@bp.post("/planer/<slug>/partnere/<int:partner_id>/fjern")
def remove_partner(slug: str, partner_id: int):  # type: ignore[no-untyped-def]
    """Take a partner out of the plan (refused, with the reason, when anything is booked)."""
    db = get_db()
    plan = service.get_plan(db, slug)
    try:
        partner = service.remove_partner(db, plan, partner_id)
        db.commit()
        flash(f"{partner.name} deltager ikke længere i planen.", "ok")
        return redirect(url_for("plan_pages.show", slug=slug))
    except DomainError as error:
        errors = FormErrors()
        errors.add_domain(error)
        db.rollback()
        return _show(slug, errors, f"remove-{partner_id}")
