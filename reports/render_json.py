"""JSON: exact integers in øre beside the Danish display strings."""

from typing import Any

from reports.formatting import format_ore, needs_decimals
from reports.model import Report, Row


def _row(row: Row, decimals: bool) -> dict[str, Any]:
    return {
        "label": row.label,
        "values_ore": row.values,
        "values": [format_ore(v, decimals=decimals) for v in row.values],
    }


def report_dict(report: Report) -> dict[str, Any]:
    tables = []
    for table in report.tables:
        decimals = needs_decimals([v for row in table.all_rows for v in row.values])
        tables.append(
            {
                "title": table.title,
                "label_header": table.label_header,
                "columns": table.columns,
                "rows": [_row(row, decimals) for row in table.rows],
                "total": _row(table.total, decimals) if table.total else None,
            }
        )
    return {
        "title": report.title,
        "subtitle": report.subtitle,
        "plan": {"slug": report.plan_slug, "name": report.plan_name},
        "period": {"first_year": report.period[0], "last_year": report.period[1]},
        "unit": "kr.",
        "generated_at": report.generated_at.isoformat() if report.generated_at else None,
        **report.meta,
        "tables": tables,
        "notes": report.notes,
    }
