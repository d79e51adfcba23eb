"""Ledger entries and corrections: /api/plans/<plan>/entries, /api/entries/<id>/corrections."""

from typing import Any

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.paging import paginated
from app.db import get_db
from app.schemas import CorrectionIn, CorrectionOut, EntryIn, EntryOut, EntryQuery
from app.security.context import current_plan
from app.services import ledger

blp = Blueprint("entries", __name__, description="Posteringer (budget og regnskab) og rettelser")


@blp.route("/plans/<plan_ref>/entries")
class PlanEntries(MethodView):
    @blp.arguments(EntryQuery, location="query")
    @blp.response(200, EntryOut(many=True))
    @paginated(blp)
    def get(self, query: dict[str, Any], plan_ref: str) -> Any:
        db = get_db()
        return ledger.list_entries(db, current_plan(), **query)

    @blp.arguments(
        EntryIn,
        example={
            "year": 2020,
            "partner_id": 2,
            "activity_id": 5,
            "kind": "budget",
            "category": "cash",
            "amount": "1.225.000,50",
            "text": "Budget 2020, Fremskudt vejledning",
        },
    )
    @blp.response(201, EntryOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        db = get_db()
        plan = current_plan()
        entry = ledger.book_entry(
            db,
            plan,
            ledger.EntryInput(
                year=data["year"],
                partner=data["partner_id"],
                kind=data["kind"],
                category=data["category"],
                amount_ore=data["amount"],
                activity=data["activity_id"],
                text=data["text"],
                external_id=data["external_id"],
            ),
        )
        return entry


@blp.route("/entries/<int:entry_id>")
class EntryById(MethodView):
    @blp.response(200, EntryOut)
    def get(self, entry_id: int) -> Any:
        return ledger.get_entry(get_db(), entry_id)


@blp.route("/entries/<int:entry_id>/corrections")
class Corrections(MethodView):
    @blp.arguments(
        CorrectionIn,
        example={
            "reason": "Fejltastning: 1.250.000 kr., ikke 1.520.000 kr.",
            "new_amount": "1.250.000",
        },
    )
    @blp.response(201, CorrectionOut)
    def post(self, data: dict[str, Any], entry_id: int) -> Any:
        """Reverse the entry and optionally book a new amount; the original stays stored."""
        db = get_db()
        reversal, replacement = ledger.correct_entry(
            db,
            ledger.get_entry(db, entry_id),
            reason=data["reason"],
            new_amount_ore=data["new_amount"],
        )
        return {"reversal": reversal, "replacement": replacement}
