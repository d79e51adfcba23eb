"""Files for download, shared by the API endpoints and the pages."""

from flask import Response

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
