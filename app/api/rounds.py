"""Budget follow-up rounds: /api/plans/<plan>/budget-rounds (and /import, a round from a
CSV/XLSX file) and /forecasts (services.rounds)."""

from typing import Any

from flask.views import MethodView
from sqlalchemy.orm import Session

from app.api.access_schemas import ForecastIn, RoundImportUpload, RoundIn, RoundOut
from app.api.blueprint import Blueprint
from app.api.imports import MultipartParser
from app.api.paging import paginated
from app.db import get_db
from app.models import BudgetRound
from app.security.context import current_plan
from app.services import budget, rounds
from app.services.import_files import guess_format

blp = Blueprint("rounds", __name__, description="Budgetopfølgninger og prognoser")
blp.ARGUMENTS_PARSER = MultipartParser()  # the JSON bodies as before; the import's upload


def _round(db: Session, budget_round: BudgetRound) -> dict[str, Any]:
    forecast = rounds.current_forecasts(db, budget_round)
    return {
        "id": budget_round.id,
        "year": budget_round.year,
        "number": budget_round.number,
        "name": budget_round.name,
        "dated": budget_round.dated,
        "created_at": budget_round.created_at,
        "created_by": budget_round.created_by,
        "corrections_ore": rounds.corrections_total(db, budget_round),
        "forecast": [{"activity_id": a, "amount_ore": v} for a, v in sorted(forecast.items())],
    }


@blp.route("/plans/<plan_ref>/budget-rounds")
class BudgetRounds(MethodView):
    @blp.response(200, RoundOut(many=True))
    @paginated(blp)
    def get(self, plan_ref: str) -> Any:
        """The plan's follow-up rounds, oldest first, with their newest forecasts."""
        db = get_db()
        return [_round(db, r) for r in rounds.list_rounds(db, current_plan())]

    @blp.arguments(RoundIn)
    @blp.response(201, RoundOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        """A new round in the year: its budget corrections and its forecast per activity."""
        db = get_db()
        budget_round, _ = rounds.enter_round(
            db,
            current_plan(),
            year=data["year"],
            dated=data["dated"],
            reason=data["reason"],
            corrections=[budget.budget_input(line, data["year"]) for line in data["corrections"]],
            forecast={line["activity_id"]: line["amount"] for line in data["forecast"]},
        )
        return _round(db, budget_round)


@blp.route("/plans/<plan_ref>/forecasts")
class Forecasts(MethodView):
    @blp.arguments(ForecastIn)
    @blp.response(201, RoundOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        """New forecast figures for a round (appended; the newest per activity counts)."""
        db = get_db()
        plan = current_plan()
        budget_round = rounds.get_round(db, plan, data["year"], data["number"], "number")
        amounts = {line["activity_id"]: line["amount"] for line in data["forecast"]}
        rounds.add_forecasts(db, plan, budget_round, amounts)
        return _round(db, budget_round)


@blp.route("/plans/<plan_ref>/budget-rounds/import", methods=["POST"])
@blp.arguments(RoundImportUpload, location="files")
@blp.response(201, RoundOut)
def import_round(form: dict[str, Any], plan_ref: str) -> Any:
    """A new round from a CSV/XLSX sheet (columns Aktivitet, Korrektion, Forventet forbrug;
    kroner, blank = none), all or nothing; corrections are booked on `partner_id`."""
    db = get_db()
    plan = current_plan()
    upload = form["file"]
    corrections, forecast = rounds.read_round_file(
        upload.read(),
        form["format"] or guess_format(upload.filename or ""),
        year=form["year"],
        partner=form["partner_id"] or plan.municipality_id,
    )
    budget_round, _ = rounds.enter_round(
        db, plan, year=form["year"], dated=form["dated"], reason=form["reason"],
        corrections=corrections, forecast=forecast,
    )  # fmt: skip
    return _round(db, budget_round)
