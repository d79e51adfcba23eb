"""Formats of the fund and council exports: the LBF package as PDF/XLSX (a workbook with one
sheet per section)/JSON, the council answer as PDF/CSV/JSON."""

import json

from reports.model import Report
from reports.render import MEDIA_TYPES, render
from reports.render_json import report_dict
from reports.render_xlsx_book import render_xlsx_book

LBF_FORMATS = ("pdf", "xlsx", "json")
COUNCIL_FORMATS = ("pdf", "csv", "json")


def render_export(report: Report, fmt: str) -> bytes:
    if fmt == "xlsx":
        return render_xlsx_book(report)
    if fmt == "json":
        return json.dumps(report_dict(report), ensure_ascii=False, indent=2).encode()
    return render(report, fmt)


def media_type(fmt: str) -> str:
    return MEDIA_TYPES[fmt]
