"""JSON: exact integers in øre beside the Danish display strings (in the report's unit)."""

from typing import Any

from reports.display import display_rows, header, heading
from reports.model import Report, Row


def _row(row: Row, display: list[str]) -> dict[str, Any]:
    return {"label": row.label, "values_ore": row.values, "values": display[1:]}


def report_dict(report: Report) -> dict[str, Any]:
    tables = []
    for table in report.tables:
        shown = display_rows(table, report.unit)
        entry: dict[str, Any] = {
            "title": table.title,
            "label_header": header(table, report.unit)[0],
            "columns": table.columns,
            "rows": [_row(row, display) for row, display in zip(table.rows, shown, strict=False)],
            "total": _row(table.total, shown[-1]) if table.total else None,
        }
        if table.zero_as_dash:
            entry["zero_as_dash"] = True  # a 0 in values_ore is shown as "–"
        if table.section:
            entry["section"] = table.section
        if table.column_units or table.unit != "kr.":
            # values_ore then holds hundredths for "t" (hours) and "fte" columns.
            entry["column_units"] = [table.unit_of(i) for i in range(len(table.columns))]
        tables.append(entry)
    return {
        "title": report.title,
        "subtitle": heading(report),
        "plan": {"slug": report.plan_slug, "name": report.plan_name},
        "period": {"first_year": report.period[0], "last_year": report.period[1]},
        "unit": report.unit.label,
        "generated_at": report.generated_at.isoformat() if report.generated_at else None,
        **report.meta,
        "tables": tables,
        "notes": report.notes,
    }
