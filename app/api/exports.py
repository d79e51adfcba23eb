"""Exports: the LBF annual package, the council answer and a plan's entries (import layout).

- GET /api/plans/<plan>/reports/lbf-package?year=2019&format=json|pdf|xlsx
- GET /api/partners/<id>/reports/council?kind=budget|actual&format=json|pdf|csv
- GET /api/plans/<plan>/entries/export?format=csv|xlsx
"""

import json
from typing import Any

from flask.typing import ResponseReturnValue

from app.api.blueprint import Blueprint
from app.api.transfer_schemas import (
    CouncilOut,
    CouncilQuery,
    EntriesExportQuery,
    LbfPackageOut,
    LbfPackageQuery,
)
from app.db import get_db
from app.downloads import file_download
from app.security.context import current_plan
from app.services.entry_export import export_entries
from app.services.partners import get_partner
from reports.council import council_answer
from reports.exports import render_export
from reports.lbf_package import lbf_package

blp = Blueprint("exports", __name__, description="LBF-årspakke, byrådssvar og eksport")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/plans/<plan_ref>/reports/lbf-package")
@blp.arguments(LbfPackageQuery, location="query")
@blp.response(200, LbfPackageOut, content_type="application/json")
@blp.alt_response(200, content_type="application/pdf", success=True, description="PDF (A4)")
@blp.alt_response(200, content_type=XLSX, success=True, description="XLSX, et ark pr. afsnit")
def lbf(query: dict[str, Any], plan_ref: str) -> ResponseReturnValue:
    """The annual package for Landsbyggefonden for one plan and year (six sections)."""
    db = get_db()
    plan = current_plan()
    report = lbf_package(db, plan, query["year"]).shown_in(query["unit"])
    fmt = query["format"]
    if fmt == "json":
        return json.loads(render_export(report, "json"))
    return file_download(render_export(report, fmt), fmt, f"lbf-{plan.slug}-{query['year']}")


@blp.route("/partners/<int:partner_id>/reports/council")
@blp.arguments(CouncilQuery, location="query")
@blp.response(200, CouncilOut, content_type="application/json")
@blp.alt_response(200, content_type="application/pdf", success=True, description="PDF (A4)")
@blp.alt_response(200, content_type="text/csv", success=True, description="CSV (;-separeret)")
def council(query: dict[str, Any], partner_id: int) -> ResponseReturnValue:
    """A municipality's share across all its plans: money and FTE per focus area and year."""
    db = get_db()
    report = council_answer(db, get_partner(db, partner_id), query["kind"]).shown_in(query["unit"])
    fmt = query["format"]
    if fmt == "json":
        return json.loads(render_export(report, "json"))
    return file_download(render_export(report, fmt), fmt, f"byraadssvar-{partner_id}")


@blp.route("/plans/<plan_ref>/entries/export")
@blp.arguments(EntriesExportQuery, location="query")
@blp.response(200, content_type="text/csv", description="The import layout")
@blp.alt_response(200, content_type=XLSX, success=True, description="XLSX")
def entries_export(query: dict[str, Any], plan_ref: str) -> ResponseReturnValue:
    """A plan's entries in the import layout (export → import gives the same reports)."""
    db = get_db()
    plan = current_plan()
    fmt = query["format"]
    return file_download(export_entries(db, plan, fmt), fmt, f"posteringer-{plan.slug}")
