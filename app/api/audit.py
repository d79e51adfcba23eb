"""Who am I, and the audit trail: /api/me, /api/audit (admin), /api/plans/<plan>/audit."""

from typing import Any

from flask.views import MethodView

from app.api.access_schemas import AuditOut, AuditQuery, MeOut
from app.api.blueprint import Blueprint
from app.db import get_db
from app.security.context import current_plan, current_user
from app.services import audit

blp = Blueprint("audit", __name__, description="Brugeren og revisionssporet")


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeOut)
    def get(self) -> Any:
        """The user the token belongs to."""
        return current_user()


@blp.route("/audit")
class AuditTrail(MethodView):
    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditOut(many=True))
    def get(self, query: dict[str, Any]) -> Any:
        """The whole trail, newest first (users, tokens and partners too). Admin only."""
        return audit.list_audit(get_db(), **query)


@blp.route("/plans/<plan_ref>/audit")
class PlanAudit(MethodView):
    @blp.arguments(AuditQuery, location="query")
    @blp.response(200, AuditOut(many=True))
    def get(self, query: dict[str, Any], plan_ref: str) -> Any:
        """Every change to the plan, newest first: who, when, before/after and why."""
        db = get_db()
        return audit.list_audit(db, plan=current_plan(), **query)
