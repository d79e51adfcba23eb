"""XLSX through openpyxl: real numbers with a thousands format, totals as SUM formulas."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from reports.formatting import needs_decimals
from reports.model import Report

WHOLE = "#,##0"
WITH_ORE = "#,##0.00"


def _kroner(ore: int) -> int | Decimal:
    return ore // 100 if ore % 100 == 0 else Decimal(ore) / 100


def render_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    sheet.append([report.title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"{report.plan_name} · {report.period[0]}–{report.period[1]} · Beløb i kr."])
    for table in report.tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append([table.label_header, *table.columns])
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="right")
        number_format = (
            WITH_ORE if needs_decimals([v for r in table.all_rows for v in r.values]) else WHOLE
        )
        first = header_row + 1
        total_column = table.columns[-1] == "I alt" and len(table.columns) > 1
        for row in table.rows:
            sheet.append([row.label, *(None if v is None else _kroner(v) for v in row.values)])
            r = sheet.max_row
            if total_column:
                last_part = get_column_letter(len(table.columns))
                sheet.cell(r, len(table.columns) + 1).value = f"=SUM(B{r}:{last_part}{r})"
        last = sheet.max_row
        if table.total is not None:
            sheet.append([table.total.label])
            r = sheet.max_row
            for index, value in enumerate(table.total.values):
                column = get_column_letter(index + 2)
                sheet.cell(r, index + 2).value = (
                    None if value is None else f"=SUM({column}{first}:{column}{last})"
                )
            for cell in sheet[r]:
                cell.font = Font(bold=True)
        for row_cells in sheet.iter_rows(min_row=first, max_row=sheet.max_row, min_col=2):
            for cell in row_cells:
                cell.number_format = number_format
    sheet.column_dimensions["A"].width = 34
    for index in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
