"""Reports: /api/plans/<plan>/reports/cofinancing?format=json|csv|pdf|xlsx|text."""

from typing import Any

from flask.typing import ResponseReturnValue

from app.api.blueprint import Blueprint
from app.db import get_db
from app.downloads import report_download, requested_report
from app.schemas import ReportOut, ReportQuery
from app.security.context import current_plan
from reports.render_json import report_dict

blp = Blueprint("reports", __name__, description="Rapporter dannet af posteringerne")


@blp.route("/plans/<plan_ref>/reports/cofinancing")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, ReportOut, content_type="application/json")
@blp.alt_response(200, content_type="text/csv", success=True, description="CSV (;-separeret)")
@blp.alt_response(200, content_type="application/pdf", success=True, description="PDF (A4)")
def cofinancing(query: dict[str, Any], plan_ref: str) -> ResponseReturnValue:
    """The co-financing table; `form` slagelse (memo form), partners or budget-actual."""
    db = get_db()
    plan = current_plan()  # the gate resolved the slug already
    report = requested_report(db, plan, query)
    fmt = query["format"]
    if fmt == "json":
        return report_dict(report)
    return report_download(report, fmt, f"medfinansiering-{plan.slug}-{query['form']}")
