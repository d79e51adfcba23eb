"""The fund's overview as a table of cells, and that table as CSV or XLSX.

One column list (`COLUMNS`) feeds the page, the CSV and the XLSX, so they cannot drift apart.
Text cells go through app.services.spreadsheet_text (never read as a formula); money is
kroner (Danish numbers in the CSV, numbers with a thousands format in the XLSX), shares are
per cent with one decimal.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_decimal
from openpyxl import Workbook
from openpyxl.styles import Font

from app.formatting import LOCALE, format_ore, kroner
from app.services.spreadsheet_text import cell_row
from reports.overview import Overview, OverviewRow, SortKey, Sums

Cell = str | int | Decimal | None
TOTAL = "I alt"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str  # "text", "money" (øre), "percent", "count" or "year"
    row: Callable[[OverviewRow], Cell]
    total: Callable[[Sums], Cell] | None = None  # the totals row's cell; None: empty
    sort: SortKey | None = None


COLUMNS = [
    Column("Helhedsplan", "text", lambda r: r.name, sort=SortKey.PLAN),
    Column("Kommune", "text", lambda r: r.municipality, sort=SortKey.MUNICIPALITY),
    Column("Periode", "text", lambda r: f"{r.first_year}–{r.last_year}", sort=SortKey.PERIOD),
    Column("Ramme (kr.)", "money", lambda r: r.frame, sort=SortKey.FRAME),
    Column("Fondens tilsagn (kr.)", "money", lambda r: r.commitment, sort=SortKey.COMMITMENT),
    Column("Oprindeligt budget (kr.)", "money", lambda r: r.sums.budget_original,
           lambda s: s.budget_original, SortKey.BUDGET_ORIGINAL),
    Column("Korrigeret budget (kr.)", "money", lambda r: r.sums.budget_corrected,
           lambda s: s.budget_corrected, SortKey.BUDGET_CORRECTED),
    Column("Regnskab til dato (kr.)", "money", lambda r: r.sums.actual, lambda s: s.actual,
           SortKey.ACTUAL),
    Column("Forbrugsprocent, afsluttede år (%)", "percent", lambda r: r.sums.spending_rate,
           lambda s: s.spending_rate, SortKey.SPENDING_RATE),
    Column("Lokal medfinansiering (%)", "percent", lambda r: r.sums.local_share,
           lambda s: s.local_share, SortKey.LOCAL_SHARE),
    Column("Fondens andel (%)", "percent", lambda r: r.sums.fund_share,
           lambda s: s.fund_share, SortKey.FUND_SHARE),
    Column("Fejl", "count", lambda r: r.errors, sort=SortKey.ERRORS),
    Column("Advarsler", "count", lambda r: r.warnings, sort=SortKey.WARNINGS),
    Column("Senest afsluttede år", "year", lambda r: r.last_closed_year,
           sort=SortKey.LAST_CLOSED_YEAR),
    Column("Status", "text", lambda r: r.status),
    Column("Revisorgodkendelse", "text", lambda r: r.sign_off),
]  # fmt: skip


def present_total(overview: Overview, column: "Column") -> int | None:
    """A column's sum over the plans shown (an empty cell adds nothing; None: all empty)."""
    values = [v for r in overview.rows if isinstance(v := column.row(r), int)]
    return sum(values) if values else None


def total_cells(overview: Overview) -> list[Cell]:
    cells: list[Cell] = []
    for index, column in enumerate(COLUMNS):
        if index == 0:
            cells.append(TOTAL)
        elif column.sort in (SortKey.FRAME, SortKey.COMMITMENT, SortKey.ERRORS, SortKey.WARNINGS):
            cells.append(present_total(overview, column))
        else:
            cells.append(column.total(overview.totals) if column.total else None)
    return cells


def show(column: Column, value: Cell) -> str:
    """A cell as Danish text (the page and the CSV)."""
    if value is None:
        return ""
    if column.kind == "money" and isinstance(value, int):
        return format_ore(value)
    if column.kind == "percent" and isinstance(value, Decimal):
        return format_decimal(value, format="#,##0.0", locale=LOCALE)
    return str(value)


def _table(overview: Overview) -> list[list[Cell]]:
    return [[c.row(r) for c in COLUMNS] for r in overview.rows] + [total_cells(overview)]


def overview_csv(overview: Overview) -> bytes:
    """Semicolon-separated, UTF-8 with BOM, Danish numbers (as every CSV of the ledger)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(cell_row(c.label for c in COLUMNS))
    for cells in _table(overview):
        writer.writerow(cell_row(show(c, v) for c, v in zip(COLUMNS, cells, strict=True)))
    return out.getvalue().encode("utf-8")


FORMATS = {"money": "#,##0.00", "percent": "0.0", "count": "0", "year": "0"}


def overview_xlsx(overview: Overview) -> bytes:
    """One sheet: a header row, a row per plan and the totals row; kroner and per cent as
    numbers (exact: Decimal, never float)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Oversigt"
    sheet.append(cell_row(c.label for c in COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cells in _table(overview):
        sheet.append(cell_row(
            kroner(v) if c.kind == "money" and isinstance(v, int) else v
            for c, v in zip(COLUMNS, cells, strict=True)
        ))  # fmt: skip
        for index, column in enumerate(COLUMNS, start=1):
            if column.kind in FORMATS:
                sheet.cell(sheet.max_row, index).number_format = FORMATS[column.kind]
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 48
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def overview_file(overview: Overview, fmt: str) -> bytes:
    """The download in `fmt` ("csv" or "xlsx"), for the API and the page alike."""
    return overview_xlsx(overview) if fmt == "xlsx" else overview_csv(overview)
