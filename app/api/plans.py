"""Plans, their partners, focus areas and activities: /api/plans/..."""

from flask import g
from flask.views import MethodView

from app.api.json_body import Blueprint
from app.api.schemas import (
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
from app.db import get_db
from app.services import plans as service
from app.services.access import visible_plans
from app.services.errors import DomainError, NotFound

blp = Blueprint("plans", __name__, description="Helhedsplaner, indsatsområder og aktiviteter")


@blp.route("/plans")
class Plans(MethodView):
    @blp.response(200, PlanOut(many=True))
    def get(self):  # type: ignore[no-untyped-def]
        """The plans the caller may read."""
        return visible_plans(get_db(), g.user)

    @blp.arguments(PlanIn)
    @blp.response(201, PlanOut)
    def post(self, data):  # type: ignore[no-untyped-def]
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
    def get(self, plan_ref: str):  # type: ignore[no-untyped-def]
        """A plan by id or slug."""
        # The gate resolved the slug already; its id saves a second lookup by slug.
        plan_ref = g.get("plan_id") or plan_ref
        return service.get_plan(get_db(), plan_ref, with_activities=True)

    @blp.arguments(PlanPatch)
    @blp.response(200, PlanOut)
    def patch(self, data, plan_ref: str):  # type: ignore[no-untyped-def]
        """Change name, frame, slug or period; a period must hold everything booked."""
        db = get_db()
        plan = service.get_plan(db, plan_ref)
        if "frame" in data:
            data["frame_ore"] = data.pop("frame")
        service.update_plan(db, plan, **data)
        return plan


@blp.route("/plans/<plan_ref>/partners")
class PlanPartners(MethodView):
    @blp.arguments(PlanPartnerIn)
    @blp.response(201, PlanOut)
    def post(self, data, plan_ref: str):  # type: ignore[no-untyped-def]
        """Let a partner take part in the plan."""
        db = get_db()
        plan = service.get_plan(db, plan_ref)
        service.join_plan(db, plan, data["partner_id"], g.user)
        return plan


@blp.route("/plans/<plan_ref>/partners/<int:partner_id>")
class PlanPartnerById(MethodView):
    @blp.response(204)
    def delete(self, plan_ref: str, partner_id: int):  # type: ignore[no-untyped-def]
        """Take a partner out of the plan: not its municipality, nothing booked on it there."""
        db = get_db()
        service.remove_partner(db, service.get_plan(db, plan_ref), partner_id)


@blp.route("/plans/<plan_ref>/focus-areas")
class FocusAreas(MethodView):
    @blp.response(200, FocusAreaOut(many=True))
    def get(self, plan_ref: str):  # type: ignore[no-untyped-def]
        return service.get_plan(get_db(), plan_ref).focus_areas

    @blp.arguments(FocusAreaIn)
    @blp.response(201, FocusAreaOut)
    def post(self, data, plan_ref: str):  # type: ignore[no-untyped-def]
        db = get_db()
        focus_area = service.create_focus_area(db, service.get_plan(db, plan_ref), **data)
        return focus_area


@blp.route("/plans/<plan_ref>/focus-areas/<int:focus_area_id>")
class FocusAreaById(MethodView):
    @blp.response(200, FocusAreaOut)
    def get(self, plan_ref: str, focus_area_id: int):  # type: ignore[no-untyped-def]
        db = get_db()
        return _focus_area(db, service.get_plan(db, plan_ref), focus_area_id)

    @blp.arguments(FocusAreaPatch)
    @blp.response(200, FocusAreaOut)
    def patch(self, data, plan_ref: str, focus_area_id: int):  # type: ignore[no-untyped-def]
        """Rename an indsatsområde."""
        db = get_db()
        focus_area = _focus_area(db, service.get_plan(db, plan_ref), focus_area_id)
        service.rename_focus_area(db, focus_area, **data)
        return focus_area


@blp.route("/plans/<plan_ref>/focus-areas/<int:focus_area_id>/activities")
class Activities(MethodView):
    @blp.arguments(ActivityIn)
    @blp.response(201, ActivityOut)
    def post(self, data, plan_ref: str, focus_area_id: int):  # type: ignore[no-untyped-def]
        db = get_db()
        plan = service.get_plan(db, plan_ref)
        activity = service.create_activity(
            db, service.get_focus_area(db, plan, focus_area_id), **data
        )
        return activity


@blp.route("/plans/<plan_ref>/activities")
class PlanActivities(MethodView):
    @blp.response(200, ActivityOut(many=True))
    def get(self, plan_ref: str):  # type: ignore[no-untyped-def]
        db = get_db()
        return service.list_activities(db, service.get_plan(db, plan_ref))


@blp.route("/plans/<plan_ref>/activities/<int:activity_id>")
class ActivityById(MethodView):
    @blp.response(200, ActivityOut)
    def get(self, plan_ref: str, activity_id: int):  # type: ignore[no-untyped-def]
        db = get_db()
        return _activity(db, service.get_plan(db, plan_ref), activity_id)

    @blp.arguments(ActivityPatch)
    @blp.response(200, ActivityOut)
    def patch(self, data, plan_ref: str, activity_id: int):  # type: ignore[no-untyped-def]
        """Change code, name or indsatsområde (one of the same plan)."""
        db = get_db()
        plan = service.get_plan(db, plan_ref)
        activity = service.update_activity(db, plan, _activity(db, plan, activity_id), **data)
        return activity


def _focus_area(db, plan, focus_area_id: int):  # type: ignore[no-untyped-def]
    try:
        return service.get_focus_area(db, plan, focus_area_id)
    except DomainError as error:  # in the path, an unknown id is "not found"
        raise NotFound(error.message, error.field) from error


def _activity(db, plan, activity_id: int):  # type: ignore[no-untyped-def]
    try:
        return service.find_activity(db, plan, activity_id)
    except DomainError as error:
        raise NotFound(error.message, error.field) from error
