"""Reports: /api/plans/<plan>/reports/cofinancing?format=json|csv|pdf|xlsx|text."""

from flask import Response
from flask_smorest import Blueprint

from app.api.schemas import ReportOut, ReportQuery
from app.services.plans import get_plan
from app.web_app import get_db
from reports.cofinancing import cofinancing_report
from reports.render import EXTENSIONS, MEDIA_TYPES, render
from reports.render_json import report_dict

blp = Blueprint("reports", __name__, description="Rapporter dannet af posteringerne")


@blp.route("/plans/<plan_ref>/reports/cofinancing")
@blp.arguments(ReportQuery, location="query")
@blp.response(200, ReportOut, content_type="application/json")
@blp.alt_response(200, content_type="text/csv", success=True, description="CSV (;-separeret)")
@blp.alt_response(200, content_type="application/pdf", success=True, description="PDF (A4)")
def cofinancing(query, plan_ref: str):  # type: ignore[no-untyped-def]
    """The co-financing table; `form` slagelse (memo form), partners or budget-actual."""
    db = get_db()
    plan = get_plan(db, plan_ref)
    report = cofinancing_report(
        db, plan, form=query["form"], kind=query["kind"], by_focus_area=query["by_focus_area"]
    )
    fmt = query["format"]
    if fmt == "json":
        return report_dict(report)
    filename = f"medfinansiering-{plan.slug}-{query['form']}.{EXTENSIONS[fmt]}"
    return Response(
        render(report, fmt),
        mimetype=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
