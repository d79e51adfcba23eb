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
from app.formatting import format_ore
from app.models import PartnerKind
from app.schemas.overview import DOWNLOADS, OverviewDownloadQuery, OverviewQuery
from app.services.partners import list_partners
from app.web.chart import bar_chart, histogram
from reports.overview import (
    Overview,
    SortKey,
    budget_actual_table,
    from_query,
    marker_band,
    plan_count,
    share_bands,
)
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
        **_charts(result),
    )


def _charts(result: Overview) -> dict[str, Any]:
    """Above the table: budget vs regnskab per year and the local shares' histogram, each
    with its numbers as a table (the charts' text alternative)."""
    years = budget_actual_table(result)
    bands = share_bands(result.rows)
    return {
        "year_chart": bar_chart(
            years,
            title="Korrigeret budget og regnskab pr. år for de viste planer (kr.)",
            chart_id="chart-years",
            description="Søjler pr. år: korrigeret budget og regnskab summeret over planerne.",
        ),
        "year_rows": [
            (row.label, format_ore(row.values[0]), format_ore(row.values[1])) for row in years.rows
        ],
        "share_chart": histogram(
            bands,
            title="Fordeling af planernes lokale medfinansiering",
            chart_id="chart-shares",
            marker=marker_band(),
            description="Antal planer pr. 5 %-interval af den lokale medfinansiering; "
            "den stiplede linje markerer minimum 25 %.",
        ),
        "share_rows": bands,
    }


@bp.get("/oversigt/hent")
def download() -> ResponseReturnValue:
    """The table as CSV or XLSX, with the page's filters and sorting."""
    query = _query(OverviewDownloadQuery())
    result = from_query(get_db(), query)
    return file_download(overview_file(result, query["format"]), query["format"], "oversigt")
