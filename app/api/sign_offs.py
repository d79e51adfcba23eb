"""The auditor's sign-off of a closed year: /api/plans/<plan>/years/<year>/sign-offs."""

from typing import Any

from flask.views import MethodView

from app.api.blueprint import Blueprint
from app.db import get_db
from app.schemas.sign_offs import SignOffIn, SignOffOut, YearSignOffsOut
from app.security.context import current_plan, signed_in_user
from app.services.closing import check_year
from reports.kontroltal import YearSignOffs, sign_off_fields, sign_off_package, year_sign_offs

blp = Blueprint("sign_offs", __name__, description="Revisorgodkendelse")


def year_answer(year: YearSignOffs) -> dict[str, Any]:
    return {
        "year": year.year,
        "closed": year.closed is not None,
        "kontroltal": year.kontroltal,
        "sign_offs": [sign_off_fields(s) for s in year.sign_offs],
    }


@blp.route("/plans/<plan_ref>/years/<int:year>/sign-offs")
class SignOffs(MethodView):
    @blp.response(200, YearSignOffsOut)
    def get(self, plan_ref: str, year: int) -> Any:
        """The year's kontroltal (while closed) and its sign-offs, newest first, each with
        whether it still holds."""
        plan = current_plan()
        check_year(plan, year)
        return year_answer(year_sign_offs(get_db(), plan, year))

    @blp.arguments(SignOffIn, example={"kontroltal": "3F2A9-C01B7", "remark": "Uden forbehold"})
    @blp.response(201, SignOffOut)
    def post(self, data: dict[str, Any], plan_ref: str, year: int) -> Any:
        """Sign off the closed year's package by its kontroltal (the plan's auditor only)."""
        status = sign_off_package(
            get_db(),
            current_plan(),
            year,
            auditor=signed_in_user(),
            confirmed=data["kontroltal"],
            remark=data["remark"],
        )
        return sign_off_fields(status)
