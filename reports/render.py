"""One entry point from a report and a format name to bytes and a media type.

ReportLab and openpyxl are imported when a PDF or XLSX is rendered, not with this module:
they are half a second of start-up that `ledger import` and the other commands do not need.
"""

import json

from reports.model import Report
from reports.render_csv import render_csv
from reports.render_json import report_dict
from reports.render_text import render_text

MEDIA_TYPES = {
    "text": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(MEDIA_TYPES)
EXTENSIONS = {"text": "txt", "csv": "csv", "json": "json", "pdf": "pdf", "xlsx": "xlsx"}


def render(report: Report, fmt: str) -> bytes:
    if fmt == "text":
        return render_text(report).encode()
    if fmt == "csv":
        return render_csv(report).encode("utf-8")
    if fmt == "json":
        return json.dumps(report_dict(report), ensure_ascii=False, indent=2).encode()
    if fmt == "pdf":
        from reports.render_pdf import render_pdf

        return render_pdf(report)
    if fmt == "xlsx":
        from reports.render_xlsx import render_xlsx

        return render_xlsx(report)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
