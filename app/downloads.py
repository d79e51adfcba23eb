"""A rendered report as a file download, shared by the API endpoint and the report page."""

from flask import Response

from reports.model import Report
from reports.render import EXTENSIONS, MEDIA_TYPES, render


def report_download(report: Report, fmt: str, stem: str) -> Response:
    return Response(
        render(report, fmt),
        mimetype=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{EXTENSIONS[fmt]}"'},
    )
