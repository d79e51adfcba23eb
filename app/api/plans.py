"""Plans, their partners, focus areas and activities: /api/plans/..."""

from flask import g
from flask.views import MethodView
from flask_smorest import Blueprint

from app.api.schemas import (
    ActivityIn,
    ActivityOut,
    FocusAreaIn,
    FocusAreaOut,
    PlanIn,
    PlanOut,
    PlanPartnerIn,
)
from app.services import plans as service
from app.services.access import visible_plans
from app.services.errors import DomainError, NotFound
from app.web_app import get_db

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
        db.commit()
        return plan


@blp.route("/plans/<plan_ref>")
class PlanByRef(MethodView):
    @blp.response(200, PlanOut)
    def get(self, plan_ref: str):  # type: ignore[no-untyped-def]
        """A plan by id or slug."""
        # The gate resolved the slug already; its id saves a second lookup by slug.
        plan_ref = g.get("plan_id") or plan_ref
        return service.get_plan(get_db(), plan_ref, with_activities=True)


@blp.route("/plans/<plan_ref>/partners")
class PlanPartners(MethodView):
    @blp.arguments(PlanPartnerIn)
    @blp.response(201, PlanOut)
    def post(self, data, plan_ref: str):  # type: ignore[no-untyped-def]
        """Let a partner take part in the plan."""
        db = get_db()
        plan = service.get_plan(db, plan_ref)
        service.add_partner(db, plan, data["partner_id"])
        db.commit()
        return plan


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
        db.commit()
        return focus_area


@blp.route("/plans/<plan_ref>/focus-areas/<int:focus_area_id>")
class FocusAreaById(MethodView):
    @blp.response(200, FocusAreaOut)
    def get(self, plan_ref: str, focus_area_id: int):  # type: ignore[no-untyped-def]
        db = get_db()
        try:
            return service.get_focus_area(db, service.get_plan(db, plan_ref), focus_area_id)
        except DomainError as error:  # in the path, an unknown id is "not found"
            raise NotFound(error.message, error.field) from error


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
        db.commit()
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
        try:
            return service.find_activity(db, service.get_plan(db, plan_ref), activity_id)
        except DomainError as error:
            raise NotFound(error.message, error.field) from error
