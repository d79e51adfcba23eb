"""Files for download, shared by the API endpoints and the pages."""

from collections.abc import Mapping
from typing import Any

from flask import Response
from sqlalchemy.orm import Session

from app.models import MasterPlan
from reports.cofinancing import cofinancing_report
from reports.model import Report
from reports.render import EXTENSIONS, MEDIA_TYPES, render


def file_download(data: bytes, fmt: str, stem: str) -> Response:
    """`data` in format `fmt` as an attachment named `stem` plus the format's extension.

    The media type goes in whole as `content_type`: given as `mimetype`, Werkzeug appends
    its own charset to a text type that already names one ("charset=utf-8; charset=utf-8").
    """
    return Response(
        data,
        content_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{EXTENSIONS[fmt]}"'},
    )


def report_download(report: Report, fmt: str, stem: str) -> Response:
    return file_download(render(report, fmt), fmt, stem)


def requested_report(db: Session, plan: MasterPlan, query: Mapping[str, Any]) -> Report:
    """The report a `ReportQuery` asks for, in its display unit (API and report page alike)."""
    return cofinancing_report(
        db,
        plan,
        form=query["form"],
        kind=query["kind"],
        by_focus_area=query["by_focus_area"],
        year=query["year"],
        rows=query["rows"],
        round_number=query["round"],
        by_partner=query["by_partner"],
        activity=query["activity"],
    ).shown_in(query["unit"])
