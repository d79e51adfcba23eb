"""Closed years, carry-over and budget revisions: /api/plans/<plan>/years/..., /budget-revisions."""

from typing import Any

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.api.access_schemas import (
    CarryOverOut,
    ReopenYearIn,
    RevisionOut,
    YearStatusOut,
)
from app.api.blueprint import Blueprint
from app.api.paging import paginated
from app.db import get_db
from app.models import BudgetRevision, MasterPlan, RevisionEntry
from app.schemas.years import CloseYearIn, RevisionIn
from app.security.context import current_plan
from app.services import budget, closing
from app.services.ledger import get_entry

blp = Blueprint("years", __name__, description="Lukkede år, overførsler og budgetrevisioner")


def _status(db: Session, plan: MasterPlan) -> list[dict[str, Any]]:
    closed = {c.year: c for c in closing.closed_years(db, plan)}
    return [
        {
            "year": year,
            "closed": year in closed,
            "closed_at": closed[year].closed_at if year in closed else None,
            "closed_by": closed[year].closed_by if year in closed else None,
            "reason": closed[year].reason if year in closed else None,
        }
        for year in plan.years
    ]


@blp.route("/plans/<plan_ref>/years")
class PlanYears(MethodView):
    @blp.response(200, YearStatusOut(many=True))
    def get(self, plan_ref: str) -> Any:
        """Each year of the plan and whether it is closed."""
        db = get_db()
        return _status(db, current_plan())


@blp.route("/plans/<plan_ref>/years/<int:year>/close")
class CloseYear(MethodView):
    @blp.arguments(CloseYearIn)
    @blp.response(201, YearStatusOut(many=True))
    def post(self, data: dict[str, Any], plan_ref: str, year: int) -> Any:
        """Close the year: it takes no new entry (the accounts have gone to the fund)."""
        db = get_db()
        plan = current_plan()
        closing.close_year(db, plan, year, reason=data["reason"])
        return _status(db, plan)


@blp.route("/plans/<plan_ref>/years/<int:year>/reopen")
class ReopenYear(MethodView):
    @blp.arguments(ReopenYearIn)
    @blp.response(200, YearStatusOut(many=True))
    def post(self, data: dict[str, Any], plan_ref: str, year: int) -> Any:
        """Reopen a closed year (admin only); the reason goes into the audit trail."""
        db = get_db()
        plan = current_plan()
        closing.reopen_year(db, plan, year, reason=data["reason"])
        return _status(db, plan)


@blp.route("/plans/<plan_ref>/years/<int:year>/carry-over")
class CarryOver(MethodView):
    @blp.response(201, CarryOverOut(many=True))
    def post(self, plan_ref: str, year: int) -> Any:
        """Book each partner's unspent funds of the closed year as budget in the next year."""
        db = get_db()
        rows = budget.carry_over(db, current_plan(), year)
        return rows


@blp.route("/plans/<plan_ref>/budget-revisions")
class BudgetRevisions(MethodView):
    @blp.response(200, RevisionOut(many=True))
    @paginated(blp)
    def get(self, plan_ref: str) -> Any:
        db = get_db()
        return [_revision(db, r) for r in budget.list_revisions(db, current_plan())]

    @blp.arguments(RevisionIn)
    @blp.response(201, RevisionOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        """Correct the budget; the original stays, the lines make the corrected budget."""
        db = get_db()
        revision, _ = budget.create_revision(
            db,
            current_plan(),
            reason=data["reason"],
            lines=[budget.budget_input(line, line["year"]) for line in data["lines"]],
        )
        return _revision(db, revision)


def _revision(db: Session, revision: BudgetRevision) -> dict[str, Any]:
    ids = db.scalars(
        select(RevisionEntry.entry_id)
        .where(RevisionEntry.revision_id == revision.id)
        .order_by(RevisionEntry.entry_id)
    )
    return {
        "id": revision.id,
        "number": revision.number,
        "reason": revision.reason,
        "created_at": revision.created_at,
        "created_by": revision.created_by,
        "entries": [get_entry(db, i) for i in ids],
    }
