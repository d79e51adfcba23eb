"""CSV as Danish spreadsheets expect it: semicolon-separated, UTF-8 with BOM, Danish numbers."""

import csv
import io

from app.services.spreadsheet_text import cell_row
from reports.display import display_rows, header
from reports.model import Report


def render_csv(report: Report) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(report.tables):
        if index:
            writer.writerow([])
        if len(report.tables) > 1:
            writer.writerow(cell_row([table.title]))
        writer.writerow(cell_row(header(table, report.unit)))
        writer.writerows(cell_row(row) for row in display_rows(table, report.unit))
    return out.getvalue()
