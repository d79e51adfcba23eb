"""CSV as Danish spreadsheets expect it: semicolon-separated, UTF-8 with BOM, Danish numbers."""

import csv
import io

from reports.formatting import format_ore, needs_decimals
from reports.model import Report


def render_csv(report: Report) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for index, table in enumerate(report.tables):
        if index:
            writer.writerow([])
        if len(report.tables) > 1:
            writer.writerow([table.title])
        decimals = needs_decimals([v for row in table.all_rows for v in row.values])
        writer.writerow([table.label_header or "", *table.columns])
        for row in table.all_rows:
            writer.writerow([row.label, *(format_ore(v, decimals=decimals) for v in row.values)])
    return out.getvalue()
