"""Rule checks, grant commitments and variance explanations: /api/plans/<plan>/checks,
/commitments, /years/<year>/explanations."""

from typing import Any

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.db import get_db
from app.schemas.year_end import (
    CheckQuery,
    CheckReportOut,
    CommitmentIn,
    CommitmentOut,
    ExplanationIn,
    ExplanationOut,
    YearVariancesOut,
)
from app.security.context import current_plan
from app.services import commitments, explanations
from app.services.checks import run_checks

blp = Blueprint("checks", __name__, description="Kontroller og tilsagn")


@blp.route("/plans/<plan_ref>/checks")
@blp.arguments(CheckQuery, location="query")
@blp.response(200, CheckReportOut)
def checks(query: dict[str, Any], plan_ref: str) -> Any:
    """The rule checks of the whole period plus those of `year` (or of every year), with the
    local and the fund's share of the budget (per cent) they were measured by."""
    return run_checks(get_db(), current_plan(), query["year"]).as_dict()


@blp.route("/plans/<plan_ref>/commitments")
class Commitments(MethodView):
    @blp.response(200, CommitmentOut(many=True))
    def get(self, plan_ref: str) -> Any:
        """The fund partners' grant commitments (tilsagn) in the plan."""
        return commitments.list_commitments(get_db(), current_plan())


@blp.route("/plans/<plan_ref>/commitments/<int:partner_id>")
class CommitmentByPartner(MethodView):
    @blp.arguments(CommitmentIn)
    @blp.response(200, CommitmentOut)
    def put(self, data: dict[str, Any], plan_ref: str, partner_id: int) -> Any:
        """Set a fund partner's grant commitment (`amount`: kroner; null removes it)."""
        row = commitments.set_commitment(get_db(), current_plan(), partner_id, data["amount"])
        return row if row is not None else {}

    @blp.response(204)
    def delete(self, plan_ref: str, partner_id: int) -> None:
        """Remove the partner's grant commitment (nothing to remove is fine)."""
        commitments.set_commitment(get_db(), current_plan(), partner_id, None)


@blp.route("/plans/<plan_ref>/years/<int:year>/explanations")
class Explanations(MethodView):
    @blp.response(200, YearVariancesOut)
    def get(self, plan_ref: str, year: int) -> Any:
        """The year's variances (regnskab − corrected budget) per activity, each with its
        current explanation, and every explanation given (newest first)."""
        return explanations.year_variances(get_db(), current_plan(), year)

    @blp.arguments(ExplanationIn)
    @blp.response(201, ExplanationOut)
    def post(self, data: dict[str, Any], plan_ref: str, year: int) -> Any:
        """Explain an activity's (or, without `activity_id`, the plan-wide) variance; the
        newest text is the current one, the old ones stay."""
        return explanations.add_explanation(get_db(), current_plan(), year=year, **data)
