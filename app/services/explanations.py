"""Variance explanations (afvigelsesforklaringer): why regnskab deviates from the budget.

Per plan, year and activity (None: the plan-wide lines), append-only like the ledger: a new
text replaces the current one and the old ones stay as history (who and when). The
`variance_unexplained` check (app.services.checks) clears once an activity's year has one.
A closed year takes no new explanation: its package has gone to the fund.
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Activity, MasterPlan, VarianceExplanation
from app.services.checks import current_explanations, variances
from app.services.closing import ensure_open
from app.services.errors import DomainError
from app.services.text import check_text

# The PDF prints a text of at most 500 characters whole (reports.render_pdf.pdf_text).
TEXT_MAX = 500


def _check_year(plan: MasterPlan, year: int) -> None:
    if not plan.first_year <= year <= plan.last_year:
        raise DomainError(
            f"Året {year} ligger uden for planens periode {plan.first_year}–{plan.last_year}.",
            "year",
        )


def year_variances(db: Session, plan: MasterPlan, year: int) -> dict[str, Any]:
    """The year's variances per activity (regnskab − corrected budget), each with whether it
    exceeds the plan's thresholds and its current explanation, and the whole history."""
    _check_year(plan, year)
    current = current_explanations(db, plan, year)
    return {
        "year": year,
        "variances": [
            {
                "activity_id": v.activity_id,
                "label": v.label,
                "budget_ore": v.budget,
                "actual_ore": v.actual,
                "variance_ore": v.variance,
                "over_thresholds": v.exceeds(plan),
                "explanation": current.get(v.activity_id),
            }
            for v in variances(db, plan, year)
        ],
        "explanations": list_explanations(db, plan, year),
    }


def add_explanation(
    db: Session, plan: MasterPlan, *, year: int, activity_id: int | None, text: str
) -> VarianceExplanation:
    _check_year(plan, year)
    ensure_open(plan, year)
    if activity_id is not None:
        activity = db.get(Activity, activity_id)
        if activity is None or activity.plan_id != plan.id:
            raise DomainError(f"Aktivitet {activity_id} findes ikke i planen.", "activity_id")
    text = (text or "").strip()
    if not text:
        raise DomainError("Forklaringen mangler.", "text")
    check_text(text, "text")
    if len(text) > TEXT_MAX:
        raise DomainError(f"Forklaringen må højst være {TEXT_MAX} tegn.", "text")
    row = VarianceExplanation(plan_id=plan.id, year=year, activity_id=activity_id, text=text)
    db.add(row)
    db.flush()
    return row


def list_explanations(db: Session, plan: MasterPlan, year: int) -> list[VarianceExplanation]:
    """Every explanation of the year, newest first (the first per activity is the current)."""
    query = select(VarianceExplanation).where(
        VarianceExplanation.plan_id == plan.id, VarianceExplanation.year == year
    )
    return list(db.scalars(query.order_by(VarianceExplanation.id.desc())))
