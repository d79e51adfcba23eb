"""The fund's overview across plans: GET /api/overview (paginated rows) and its downloads.

- GET /api/overview?municipality=&year=&only_errors=&sort=&order=
- GET /api/overview/download?format=csv|xlsx (same filters; the table with its totals row)
"""

from typing import Any

from flask.typing import ResponseReturnValue

from app.api.blueprint import Blueprint
from app.api.paging import paginated
from app.db import get_db
from app.downloads import file_download
from app.schemas.overview import OverviewDownloadQuery, OverviewQuery, OverviewRowOut
from reports.overview import from_query
from reports.overview_export import overview_file

blp = Blueprint("overview", __name__, description="Fondens oversigt over alle helhedsplaner")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/overview")
@blp.arguments(OverviewQuery, location="query")
@blp.response(200, OverviewRowOut(many=True))
@paginated(blp)
def rows(query: dict[str, Any]) -> Any:
    """One row per plan: budget, regnskab, shares, rule errors, closed years."""
    return from_query(get_db(), query).rows


@blp.route("/overview/download")
@blp.arguments(OverviewDownloadQuery, location="query")
@blp.response(200, content_type="text/csv", description="CSV (;-separeret)")
@blp.alt_response(200, content_type=XLSX, success=True, description="XLSX")
def download(query: dict[str, Any]) -> ResponseReturnValue:
    """The overview table with its totals row as a file."""
    result = from_query(get_db(), query)
    return file_download(overview_file(result, query["format"]), query["format"], "oversigt")
