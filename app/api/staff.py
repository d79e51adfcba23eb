"""Staff purchases (frikøb) and staff allocations (årsværk): /api/plans/<plan>/staff-..."""

from typing import Any

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.paging import paginated
from app.db import get_db
from app.schemas import (
    StaffAllocationIn,
    StaffAllocationOut,
    StaffPurchaseCorrectionIn,
    StaffPurchaseIn,
    StaffPurchaseOut,
)
from app.security.context import current_plan
from app.services import staff

blp = Blueprint("staff", __name__, description="Frikøb af personale og personalefordeling")


@blp.route("/plans/<plan_ref>/staff-purchases")
class StaffPurchases(MethodView):
    @blp.response(200, StaffPurchaseOut(many=True))
    @paginated(blp)
    def get(self, plan_ref: str) -> Any:
        db = get_db()
        return staff.list_staff_purchases(db, current_plan())

    @blp.arguments(
        StaffPurchaseIn,
        example={
            "year": 2020,
            "kind": "budget",
            "activity_id": 5,
            "supplier_id": 1,
            "payer_id": 2,
            "hours": "1.480,5",
            "rate": "412,50",
            "text": "Frikøb af vejlederstillinger",
        },
    )
    @blp.response(201, StaffPurchaseOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        """Book hours × rate as one entry financed by the payer."""
        db = get_db()
        purchase = staff.book_staff_purchase(
            db,
            current_plan(),
            year=data["year"],
            kind=data["kind"],
            activity=data["activity_id"],
            supplier=data["supplier_id"],
            payer=data["payer_id"],
            hours=data["hours"],
            rate_ore=data["rate"],
            text=data["text"],
        )
        return purchase


@blp.route("/plans/<plan_ref>/staff-purchases/<int:purchase_id>/corrections")
class StaffPurchaseCorrections(MethodView):
    @blp.arguments(
        StaffPurchaseCorrectionIn,
        example={"reason": "Timetallet var forkert", "hours": "1.200"},
    )
    @blp.response(201, StaffPurchaseOut)
    def post(self, data: dict[str, Any], plan_ref: str, purchase_id: int) -> Any:
        """Correct a frikøb's hours and/or rate: its entry is reversed and the purchase booked
        again, the new entry linked to the one it replaces (replaces_id)."""
        db = get_db()
        plan = current_plan()
        return staff.correct_staff_purchase(
            db,
            plan,
            staff.get_staff_purchase(db, plan, purchase_id),
            reason=data["reason"],
            hours=data["hours"],
            rate_ore=data["rate"],
        )


@blp.route("/plans/<plan_ref>/staff-allocations")
class StaffAllocations(MethodView):
    @blp.response(200, StaffAllocationOut(many=True))
    @paginated(blp)
    def get(self, plan_ref: str) -> Any:
        """The current allocation per year, focus area and partner."""
        db = get_db()
        return staff.current_staff_allocations(db, current_plan())

    @blp.arguments(
        StaffAllocationIn,
        example={"year": 2020, "focus_area_id": 3, "partner_id": 1, "fte": "2,5"},
    )
    @blp.response(201, StaffAllocationOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        db = get_db()
        allocation = staff.set_staff_allocation(
            db,
            current_plan(),
            year=data["year"],
            focus_area_id=data["focus_area_id"],
            partner=data["partner_id"],
            fte=data["fte"],
            text=data["text"],
        )
        return allocation
