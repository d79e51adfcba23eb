"""The fund's overview page: every plan in one table with filters, sorting and a totals row.

The table, its columns and the downloads are the API's (reports.overview,
reports.overview_export); the page only draws them and links each row to its plan.
"""

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from app.db import get_db
from app.downloads import file_download
from app.models import PartnerKind
from app.schemas.overview import DOWNLOADS, OverviewDownloadQuery, OverviewQuery
from app.services.partners import list_partners
from reports.overview import SortKey, from_query, plan_count
from reports.overview_export import COLUMNS, overview_file, show, total_cells

bp = Blueprint("overview_pages", __name__)


def _query(schema: OverviewQuery) -> dict[str, Any]:
    try:
        return schema.load(request.args)
    except ValidationError as error:
        fields = ", ".join(sorted(error.normalized_messages()))
        abort(400, description=f"Ugyldigt filter ({fields}); ret adressen eller nulstil filtrene.")


def _sort_link(query: dict[str, Any], key: SortKey) -> dict[str, Any]:
    """The query of a column's sort link: its key, and the other order when already sorted."""
    order = "desc" if query["sort"] == key and query["order"] == "asc" else "asc"
    filters = {k: v for k, v in query.items() if v not in (None, False)}
    return {**filters, "sort": key.value, "order": order}


@bp.get("/oversigt")
def show_overview() -> ResponseReturnValue:
    db = get_db()
    query = _query(OverviewQuery())
    result = from_query(db, query)
    filters = {k: v for k, v in query.items() if v not in (None, False)}
    return render_template(
        "overview.html",
        query=query,
        columns=COLUMNS,
        rows=[(row, [show(c, c.row(row)) for c in COLUMNS]) for row in result.rows],
        totals=[show(c, v) for c, v in zip(COLUMNS, total_cells(result), strict=True)],
        sort_links={c.sort: _sort_link(query, c.sort) for c in COLUMNS if c.sort},
        municipalities=[p for p in list_partners(db) if p.kind == PartnerKind.MUNICIPALITY],
        all_plans=plan_count(db),
        downloads=[(fmt, {**filters, "format": fmt}) for fmt in DOWNLOADS],
    )


@bp.get("/oversigt/hent")
def download() -> ResponseReturnValue:
    """The table as CSV or XLSX, with the page's filters and sorting."""
    query = _query(OverviewDownloadQuery())
    result = from_query(get_db(), query)
    return file_download(overview_file(result, query["format"]), query["format"], "oversigt")
