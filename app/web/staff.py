"""Staff pages: frikøb (hours × rate, amount shown before saving) and årsværk per partner."""

from decimal import Decimal
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.models import EntryKind, MasterPlan
from app.models.enums import ENTRY_KIND_LABELS
from app.schemas import StaffPurchaseCorrectionIn, StaffPurchaseIn
from app.security.context import current_plan
from app.services.amounts import MAX_FTE
from app.services.errors import DomainError
from app.services.staff import (
    book_staff_purchase,
    correct_staff_purchase,
    current_staff_allocations,
    get_staff_purchase,
    list_staff_purchases,
    purchase_amount_ore,
    set_staff_allocation,
)
from app.web.forms import FormErrors, decimal_field, form_page

bp = Blueprint("staff_pages", __name__)


def _year(plan: MasterPlan) -> int:
    year = request.values.get("year", type=int)
    return year if year is not None and year in plan.years else plan.first_year


@bp.route("/planer/<slug>/frikoeb", methods=["GET", "POST"])
def purchases(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    year = _year(plan)

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        if request.form.get("action") == "preview":  # the amount, before anything is booked
            preview = purchase_amount_ore(data["hours"], data["rate"])
            return _purchases_page(plan, year, preview, FormErrors())
        book_staff_purchase(
            db,
            plan,
            year=year,
            kind=data["kind"],
            activity=data["activity_id"],
            supplier=data["supplier_id"],
            payer=data["payer_id"],
            hours=data["hours"],
            rate_ore=data["rate"],
            text=data["text"],
        )
        flash("Frikøbet er bogført.", "ok")
        return redirect(url_for("staff_pages.purchases", slug=slug, year=year))

    return form_page(
        lambda errors: _purchases_page(plan, year, None, errors),
        save,
        schema=StaffPurchaseIn(),
        extra={"year": year},
    )


def _purchases_page(plan: MasterPlan, year: int, preview: int | None, errors: FormErrors) -> str:
    db = get_db()
    form = request.form
    rows = list_staff_purchases(db, plan, year)
    names = {p.id: p.name for p in plan.partners}
    activities = {a.id: a for fa in plan.focus_areas for a in fa.activities}
    return render_template(
        "staff_purchases.html",
        plan=plan,
        year=year,
        rows=rows,
        names=names,
        activities=activities,
        totals={k: sum(r.amount_ore for r in rows if r.kind == k) for k in EntryKind},
        hours_total=sum((r.hours for r in rows), Decimal(0)),
        kinds=ENTRY_KIND_LABELS,
        preview=preview,
        form=form,
        errors=errors,
    )


@bp.route("/planer/<slug>/frikoeb/<int:purchase_id>/ret", methods=["GET", "POST"])
def correct_purchase(slug: str, purchase_id: int) -> ResponseReturnValue:
    """New hours and/or rate for a frikøb: purchase and entry are corrected together."""
    db = get_db()
    plan = current_plan()
    purchase = get_staff_purchase(db, plan, purchase_id)
    names = {p.id: p.name for p in plan.partners}
    activities = {a.id: a for fa in plan.focus_areas for a in fa.activities}

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        new = correct_staff_purchase(
            db, plan, purchase, reason=data["reason"], hours=data["hours"], rate_ore=data["rate"]
        )
        flash(f"Frikøb {purchase.id} er rettet; det nye frikøb er nr. {new.id}.", "ok")
        return redirect(url_for(".purchases", slug=plan.slug, year=new.year))

    return form_page(
        lambda errors: render_template(
            "staff_purchase_correct.html",
            plan=plan,
            purchase=purchase,
            names=names,
            activity=activities[purchase.activity_id],
            kinds=ENTRY_KIND_LABELS,
            form=request.form,
            errors=errors,
        ),
        save,
        schema=StaffPurchaseCorrectionIn(),
    )


def fte_name(focus_area_id: int, partner_id: int) -> str:
    return f"fte-{focus_area_id}-{partner_id}"


@bp.route("/planer/<slug>/aarsvaerk", methods=["GET", "POST"])
def allocations(slug: str) -> ResponseReturnValue:
    db = get_db()
    plan = current_plan()
    year = _year(plan)
    errors = FormErrors()
    current = {
        (a.focus_area_id, a.partner_id): a.fte
        for a in current_staff_allocations(db, plan)
        if a.year == year
    }
    wanted: dict[tuple[int, int], Decimal] = {}
    if request.method == "POST":
        for fa in plan.focus_areas:
            for partner in plan.partners:
                name = fte_name(fa.id, partner.id)
                if not (request.form.get(name) or "").strip():
                    continue
                value = decimal_field(request.form, name, errors, what="Årsværk", limit=MAX_FTE)
                if value is not None:
                    wanted[(fa.id, partner.id)] = value

    def save(_data: dict[str, Any]) -> ResponseReturnValue:
        changed = 0
        for (fa_id, partner_id), fte in wanted.items():
            if current.get((fa_id, partner_id)) == fte:
                continue
            try:
                set_staff_allocation(
                    db, plan, year=year, focus_area_id=fa_id, partner=partner_id, fte=fte
                )
            except DomainError as error:  # the message goes beside the cell it is about
                cell = fte_name(fa_id, partner_id) if error.field == "fte" else error.field
                raise type(error)(error.message, cell) from error
            changed += 1
        flash(f"Gemt: {changed} ændrede årsværk.", "ok")
        return redirect(url_for("staff_pages.allocations", slug=slug, year=year))

    return form_page(lambda errors: _allocations_page(plan, year, current, errors), save, errors)


def _allocations_page(
    plan: MasterPlan, year: int, current: dict[tuple[int, int], Decimal], errors: FormErrors
) -> str:
    shown = {fte_name(fa_id, partner_id): _fte(fte) for (fa_id, partner_id), fte in current.items()}
    if request.method == "POST":
        shown.update({k: v for k, v in request.form.items() if k.startswith("fte-")})
    return render_template(
        "staff_allocations.html",
        plan=plan,
        year=year,
        shown=shown,
        fte_name=fte_name,
        col_totals={
            p.id: sum((v for (_, pid), v in current.items() if pid == p.id), Decimal(0))
            for p in plan.partners
        },
        form=request.form,
        errors=errors,
    )


def _fte(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")
