"""Partners: /api/partners."""

from typing import Any

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.api.paging import paginated
from app.db import get_db
from app.schemas import PartnerIn, PartnerOut, PartnerPatch
from app.services import partners as service

blp = Blueprint("partners", __name__, description="Partnere (fond, kommuner, boligorganisationer)")


@blp.route("/partners")
class Partners(MethodView):
    @blp.response(200, PartnerOut(many=True))
    @paginated(blp)
    def get(self) -> Any:
        return service.list_partners(get_db())

    @blp.arguments(
        PartnerIn, example={"name": "Slagelse Kommune", "kind": "municipality", "cvr": "29188386"}
    )
    @blp.response(201, PartnerOut)
    def post(self, data: dict[str, Any]) -> Any:
        db = get_db()
        partner = service.create_partner(db, **data)
        return partner


@blp.route("/partners/<int:partner_id>")
class PartnerById(MethodView):
    @blp.response(200, PartnerOut)
    def get(self, partner_id: int) -> Any:
        return service.get_partner(get_db(), partner_id)

    @blp.arguments(PartnerPatch)
    @blp.response(200, PartnerOut)
    def patch(self, data: dict[str, Any], partner_id: int) -> Any:
        """Change a partner's name, kind or CVR (admin); see the rules for kind in the README."""
        db = get_db()
        partner = service.update_partner(db, service.get_partner(db, partner_id), **data)
        return partner
