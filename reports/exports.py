"""Formats of the fund and council exports: the LBF package as PDF/XLSX (a workbook with one
sheet per section)/JSON, the council answer as PDF/CSV/JSON."""

from reports.model import Report
from reports.render import render

LBF_FORMATS = ("pdf", "xlsx", "json")
COUNCIL_FORMATS = ("pdf", "csv", "json")


def render_export(report: Report, fmt: str) -> bytes:
    """Like reports.render.render, but a multi-section report becomes a multi-sheet workbook."""
    if fmt == "xlsx":
        from reports.render_xlsx_book import render_xlsx_book  # openpyxl: see reports.render

        return render_xlsx_book(report)
    return render(report, fmt)
