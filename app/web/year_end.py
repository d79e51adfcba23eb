"""The year-end page (Årsafslutning) of a plan and year: the year's checks, the unspent funds
per partner and the buttons the user may use: close (warnings need a tick, recorded in the
audit reason), carry unspent funds over, reopen (admin, with a reason), and the auditor's
sign-off (Revisorgodkendelse) of a closed year by its kontroltal."""

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.models import Role
from app.schemas.sign_offs import SignOffIn
from app.schemas.year_end import YearCloseForm, YearReopenForm
from app.security.context import current_plan, signed_in_user
from app.services import budget, closing
from app.services.access import can_sign_off
from app.services.errors import NotFound
from app.web.checks_panel import checks_panel
from app.web.forms import FormErrors, form_page
from reports.kontroltal import sign_off_package, year_sign_offs

bp = Blueprint("year_end_pages", __name__)


def _page(slug: str, year: int, errors: FormErrors, which: str) -> str:
    db = get_db()
    plan = current_plan()
    if year not in plan.years:
        raise NotFound(f"Året {year} ligger uden for planens periode.", "year")
    user = signed_in_user()
    closed = {c.year: c for c in closing.closed_years(db, plan)}.get(year)
    unspent = budget.unspent_by_partner(db, plan, year)
    carried = {c.partner_id: c.amount_ore for c in budget.list_carry_overs(db, plan)
               if c.from_year == year}  # fmt: skip
    return render_template(
        "year_end.html",
        plan=plan,
        year=year,
        closed=closed,
        ended=year < closing.current_year(),
        checks=checks_panel(plan, year),
        unspent=[(p, unspent.get(p.id), carried.get(p.id)) for p in plan.partners],
        signed=year_sign_offs(db, plan, year),
        may_sign=can_sign_off(db, user, plan.id),
        is_admin=user.role == Role.ADMIN,
        form=request.form,
        errors=errors,
        which=which,
    )


def _back(slug: str, year: int) -> ResponseReturnValue:
    return redirect(url_for("year_end_pages.show", slug=slug, year=year))


@bp.route("/planer/<slug>/aar/<int:year>", methods=["GET", "POST"])
def show(slug: str, year: int) -> ResponseReturnValue:
    """GET: the page; POST: close the year."""
    db = get_db()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        closing.close_year(db, current_plan(), year, reason=data["reason"],
                           confirm_warnings=bool(data.get("confirm_warnings")))  # fmt: skip
        flash(f"Året {year} er lukket.", "ok")
        return _back(slug, year)

    return form_page(lambda e: _page(slug, year, e, "close"), save, schema=YearCloseForm())


@bp.post("/planer/<slug>/aar/<int:year>/overfoer")
def carry_over(slug: str, year: int) -> ResponseReturnValue:
    db = get_db()

    def save(_data: dict[str, Any]) -> ResponseReturnValue:
        rows = budget.carry_over(db, current_plan(), year)
        flash(f"Uforbrugte midler fra {year} er overført til {year + 1} ({len(rows)} partnere).",
              "ok")  # fmt: skip
        return _back(slug, year)

    return form_page(lambda e: _page(slug, year, e, "carry"), save)


@bp.post("/planer/<slug>/aar/<int:year>/genaabn")
def reopen(slug: str, year: int) -> ResponseReturnValue:
    db = get_db()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        closing.reopen_year(db, current_plan(), year, reason=data["reason"])
        flash(f"Året {year} er genåbnet.", "ok")
        return _back(slug, year)

    return form_page(lambda e: _page(slug, year, e, "reopen"), save, schema=YearReopenForm())


@bp.post("/planer/<slug>/aar/<int:year>/godkend")
def sign_off(slug: str, year: int) -> ResponseReturnValue:
    """The plan's auditor signs off the closed year by the kontroltal the page showed."""
    db = get_db()

    def save(data: dict[str, Any]) -> ResponseReturnValue:
        status = sign_off_package(db, current_plan(), year, auditor=signed_in_user(),
                                  confirmed=data["kontroltal"], remark=data["remark"])  # fmt: skip
        flash(f"{year} er godkendt med kontroltal {status.sign_off.kontroltal}.", "ok")
        return _back(slug, year)

    return form_page(lambda e: _page(slug, year, e, "sign"), save, schema=SignOffIn())
