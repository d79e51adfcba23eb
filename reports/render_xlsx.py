"""XLSX through openpyxl: real numbers, formulas for totals; one sheet, or one per section.

Amounts are numbers in kroner with a thousands format (Excel/LibreOffice show it in the
reader's locale, 1.225.000 in Danish), hours and FTE with two decimals, per cent with one.
Totals are formulas: a trailing "I alt" column sums its row, the "I alt" row sums each
column, and derived columns (e.g. variance = regnskab − budget) are formulas of their row
(Table.column_formulas).
The numbers stored beside them are the ledger's; tests recalculate the formulas with
LibreOffice and compare.
"""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.formatting import MoneyUnit, in_unit, needs_decimals
from app.services.spreadsheet_text import cell_row, cell_text
from reports.display import header, heading, notes
from reports.model import PERCENT, Report, Table, quantity

TOTAL = "I alt"
WHOLE = "#,##0"
WITH_ORE = "#,##0.00"
TWO_DECIMALS = "#,##0.00"
PER_CENT = '0.0" %"'
UNIT_FORMATS = {MoneyUnit.THOUSAND: "#,##0", MoneyUnit.MILLION: "#,##0.0"}


def _number(value: int | None, unit: str, money: MoneyUnit) -> int | Decimal | None:
    """øre → kroner (or exact thousands/millions: the sheet rounds only when it displays, so
    its totals are exact sums too); hours/FTE/per cent as their exact decimal. Never float."""
    if value is None:
        return None
    if unit == "kr." and money is not MoneyUnit.KR:
        return in_unit(value, money)
    if unit == "kr." and value % 100 == 0:
        return value // 100
    return Decimal(value) / 100 if unit == "kr." else quantity(value, unit)


def write_table(sheet: Worksheet, table: Table, money: MoneyUnit = MoneyUnit.KR) -> None:
    sheet.append([])
    sheet.append(cell_row([table.title]))
    sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append(cell_row(header(table, money)))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="right", wrap_text=True)
    width = len(table.columns)
    units = [table.unit_of(i) for i in range(width)]
    money_columns = [i for i in range(width) if units[i] == "kr."]
    money_format = UNIT_FORMATS.get(money) or (
        WITH_ORE
        if needs_decimals([r.values[i] for r in table.all_rows for i in money_columns])
        else WHOLE
    )
    if table.zero_as_dash:
        money_format = f'{money_format};-{money_format};"–"'
    formats = [
        money_format if unit == "kr." else PER_CENT if unit == PERCENT else TWO_DECIMALS
        for unit in units
    ]
    sum_column = width > 1 and table.columns[-1] == TOTAL
    first = header_row + 1
    for row in table.rows:
        # An empty cell that means "no regnskab yet" shows the table's "–" (SUM skips text).
        values = (
            (table.missing or None) if v is None else _number(v, units[i], money)
            for i, v in enumerate(row.values)
        )
        sheet.append([cell_text(row.label), *values])
        r = sheet.max_row
        refs = {f"c{i}": f"{get_column_letter(i + 2)}{r}" for i in range(width)}
        for column, template in table.column_formulas.items():
            operands = [row.values[int(k[1:])] for k in refs if "{" + k + "}" in template]
            if row.values[column] is not None and None not in operands:
                sheet.cell(r, column + 2).value = "=" + template.format(**refs)
        if sum_column and row.values[-1] is not None:
            sheet.cell(r, width + 1).value = f"=SUM(B{r}:{get_column_letter(width)}{r})"
    last = sheet.max_row
    if table.total is not None:
        sheet.append(cell_row([table.total.label]))
        r = sheet.max_row
        sums = {
            f"s{i}": f"SUM({get_column_letter(i + 2)}{first}:{get_column_letter(i + 2)}{last})"
            for i in range(width)
        }
        for index, value in enumerate(table.total.values):
            if value is not None:
                formula = table.total_formulas.get(index, f"{{s{index}}}").format(**sums)
                sheet.cell(r, index + 2).value = f"={formula}" if last >= first else 0
        for cell in sheet[r]:
            cell.font = Font(bold=True)
    for row_cells in sheet.iter_rows(min_row=first, max_row=sheet.max_row, min_col=2):
        for cell in row_cells:
            if cell.column - 2 < width:
                cell.number_format = formats[cell.column - 2]


def write_notes(sheet: Worksheet, report: Report) -> None:
    """The report's notes under its tables, as the PDF and JSON carry them (with the legend
    of "–"), so the spreadsheet says the same as the other formats."""
    lines = notes(report)
    if lines:
        sheet.append([])
    for line in lines:
        sheet.append(cell_row([line]))


def set_widths(sheet: Worksheet, first: int = 46) -> None:
    sheet.column_dimensions["A"].width = first
    for index in range(2, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18


def render_xlsx(report: Report) -> bytes:
    """All tables of the report on one sheet."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    sheet.append(cell_row([report.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    period = f"{report.period[0]}–{report.period[1]}"
    sheet.append(cell_row([f"{report.plan_name} · {period} · {heading(report)}"]))
    for table in report.tables:
        write_table(sheet, table, report.unit)
    write_notes(sheet, report)
    set_widths(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
