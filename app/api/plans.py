"""Plans, their partners, focus areas and activities: /api/plans/..."""

from typing import Any

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.paging import paginated
from app.db import get_db
from app.errors import in_path
from app.schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    FocusAreaIn,
    FocusAreaOut,
    FocusAreaPatch,
    PlanIn,
    PlanOut,
    PlanPartnerIn,
    PlanPatch,
)
from app.security.context import current_plan, signed_in_user
from app.services import plans as service
from app.services.access import visible_plans

blp = Blueprint("plans", __name__, description="Helhedsplaner, indsatsområder og aktiviteter")


@blp.route("/plans")
class Plans(MethodView):
    @blp.response(200, PlanOut(many=True))
    @paginated(blp)
    def get(self) -> Any:
        """The plans the caller may read."""
        return visible_plans(get_db(), signed_in_user())

    @blp.arguments(
        PlanIn,
        example={
            "slug": "slagelse-2017-2021",
            "name": "Boligsocial Helhedsplan 2017–2021",
            "municipality_id": 1,
            "first_year": 2017,
            "last_year": 2021,
            "frame": "44.450.000",
            "partner_ids": [1, 2, 3],
        },
    )
    @blp.response(201, PlanOut)
    def post(self, data: dict[str, Any]) -> Any:
        db = get_db()
        plan = service.create_plan(
            db,
            slug=data["slug"],
            name=data["name"],
            municipality_id=data["municipality_id"],
            first_year=data["first_year"],
            last_year=data["last_year"],
            frame_ore=data["frame"],
            partner_ids=data["partner_ids"],
        )
        return plan


@blp.route("/plans/<plan_ref>")
class PlanByRef(MethodView):
    @blp.response(200, PlanOut)
    def get(self, plan_ref: str) -> Any:
        """A plan by id or slug."""
        return service.get_plan(get_db(), current_plan().id, with_activities=True)

    @blp.arguments(PlanPatch)
    @blp.response(200, PlanOut)
    def patch(self, data: dict[str, Any], plan_ref: str) -> Any:
        """Change name, frame, slug or period; a period must hold everything booked."""
        db = get_db()
        plan = current_plan()
        if "frame" in data:
            data["frame_ore"] = data.pop("frame")
        if "variance_amount" in data:
            data["variance_amount_ore"] = data.pop("variance_amount")
        service.update_plan(db, plan, **data)
        return plan


@blp.route("/plans/<plan_ref>/partners")
class PlanPartners(MethodView):
    @blp.arguments(PlanPartnerIn)
    @blp.response(201, PlanOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        """Let a partner take part in the plan."""
        db = get_db()
        plan = current_plan()
        service.join_plan(db, plan, data["partner_id"], signed_in_user())
        return plan


@blp.route("/plans/<plan_ref>/partners/<int:partner_id>")
class PlanPartnerById(MethodView):
    @blp.response(204)
    def delete(self, plan_ref: str, partner_id: int) -> Any:
        """Take a partner out of the plan: not its municipality, nothing booked on it there."""
        db = get_db()
        service.remove_partner(db, current_plan(), partner_id)


@blp.route("/plans/<plan_ref>/focus-areas")
class FocusAreas(MethodView):
    @blp.response(200, FocusAreaOut(many=True))
    @paginated(blp)
    def get(self, plan_ref: str) -> Any:
        return current_plan().focus_areas

    @blp.arguments(FocusAreaIn)
    @blp.response(201, FocusAreaOut)
    def post(self, data: dict[str, Any], plan_ref: str) -> Any:
        db = get_db()
        focus_area = service.create_focus_area(db, current_plan(), **data)
        return focus_area


@blp.route("/plans/<plan_ref>/focus-areas/<int:focus_area_id>")
class FocusAreaById(MethodView):
    @blp.response(200, FocusAreaOut)
    def get(self, plan_ref: str, focus_area_id: int) -> Any:
        db = get_db()
        return in_path(service.get_focus_area, db, current_plan(), focus_area_id)

    @blp.arguments(FocusAreaPatch)
    @blp.response(200, FocusAreaOut)
    def patch(self, data: dict[str, Any], plan_ref: str, focus_area_id: int) -> Any:
        """Rename an indsatsområde."""
        db = get_db()
        focus_area = in_path(service.get_focus_area, db, current_plan(), focus_area_id)
        service.rename_focus_area(db, focus_area, **data)
        return focus_area


@blp.route("/plans/<plan_ref>/focus-areas/<int:focus_area_id>/activities")
class Activities(MethodView):
    @blp.arguments(ActivityIn)
    @blp.response(201, ActivityOut)
    def post(self, data: dict[str, Any], plan_ref: str, focus_area_id: int) -> Any:
        db = get_db()
        plan = current_plan()
        activity = service.create_activity(
            db, in_path(service.get_focus_area, db, plan, focus_area_id), **data
        )
        return activity


@blp.route("/plans/<plan_ref>/activities")
class PlanActivities(MethodView):
    @blp.response(200, ActivityOut(many=True))
    @paginated(blp)
    def get(self, plan_ref: str) -> Any:
        db = get_db()
        return service.list_activities(db, current_plan())


@blp.route("/plans/<plan_ref>/activities/<int:activity_id>")
class ActivityById(MethodView):
    @blp.response(200, ActivityOut)
    def get(self, plan_ref: str, activity_id: int) -> Any:
        db = get_db()
        return in_path(service.find_activity, db, current_plan(), activity_id)

    @blp.arguments(ActivityPatch)
    @blp.response(200, ActivityOut)
    def patch(self, data: dict[str, Any], plan_ref: str, activity_id: int) -> Any:
        """Change code, name or indsatsområde (one of the same plan)."""
        db = get_db()
        plan = current_plan()
        activity = service.update_activity(
            db, plan, in_path(service.find_activity, db, plan, activity_id), **data
        )
        return activity
