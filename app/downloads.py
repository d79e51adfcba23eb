"""Files for download, shared by the API endpoints and the pages."""

from flask import Response

from reports.model import Report
from reports.render import EXTENSIONS, MEDIA_TYPES, render


def file_download(data: bytes, fmt: str, stem: str) -> Response:
    """`data` in format `fmt` as an attachment named `stem` plus the format's extension."""
    return Response(
        data,
        mimetype=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{EXTENSIONS[fmt]}"'},
    )


def report_download(report: Report, fmt: str, stem: str) -> Response:
    return file_download(render(report, fmt), fmt, stem)
