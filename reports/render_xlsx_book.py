"""A multi-sheet XLSX workbook: one sheet per report section (see reports.render_xlsx)."""

import io
from datetime import UTC, datetime

from babel.dates import format_date
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from app.formatting import LOCALE
from app.services.spreadsheet_text import cell_row
from reports.display import heading
from reports.model import Report
from reports.render_xlsx import set_widths, write_notes, write_table


def _sheet_name(section: str, used: set[str]) -> str:
    name = "".join(c for c in section if c not in "[]:*?/\\")[:31] or "Rapport"
    base, n = name, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def render_xlsx_book(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    generated = report.generated_at or datetime.now(UTC)
    stamp = format_date(generated.date(), format="long", locale=LOCALE)
    used: set[str] = set()
    sheets: dict[str, Worksheet] = {}
    for table in report.tables:
        section = table.section or "Rapport"
        sheet = sheets.get(section)
        if sheet is None:
            sheet = sheets[section] = workbook.create_sheet(_sheet_name(section, used))
            sheet.append(cell_row([report.title]))
            sheet["A1"].font = Font(bold=True, size=14)
            sheet.append(cell_row([section]))
            sheet["A2"].font = Font(bold=True)
            period = f"{report.period[0]}–{report.period[1]}"
            sheet.append(cell_row([f"{report.plan_name} · {period} · Dannet {stamp}"]))
            sheet.append(cell_row([heading(report)]))
            for line in report.stamp:
                sheet.append(cell_row([line]))
                sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        write_table(sheet, table, report.unit)
    if not sheets:
        workbook.create_sheet("Rapport").append(cell_row([report.title]))
    write_notes(workbook.worksheets[0], report)  # about the whole report: where reading starts
    for sheet in workbook.worksheets:
        set_widths(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
