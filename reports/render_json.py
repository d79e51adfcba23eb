"""JSON: exact values beside the Danish display strings (in the report's unit).

Money is exact integers in `values_ore`. Hours, årsværk and per cent (the "t", "fte" and "%"
columns of the council answer and the LBF package) are not øre: they go in `quantities` as
exact decimal strings ("1.80", "25.0"), and `values_ore` holds null in their columns, so
each field holds what its name says.
"""

from typing import Any

from reports.display import display_rows, header, heading, notes
from reports.model import Report, Row, Table, quantity

MONEY = "kr."


def _row(row: Row, display: list[str], units: list[str]) -> dict[str, Any]:
    pairs = list(zip(row.values, units, strict=True))
    money = [value if unit == MONEY else None for value, unit in pairs]
    answer: dict[str, Any] = {"label": row.label, "values_ore": money, "values": display[1:]}
    if any(unit != MONEY for unit in units):
        answer["quantities"] = [
            None if unit == MONEY or value is None else str(quantity(value, unit))
            for value, unit in pairs
        ]
    return answer


def _units(table: Table) -> list[str]:
    return [table.unit_of(i) for i in range(len(table.columns))]


def report_dict(report: Report) -> dict[str, Any]:
    tables = []
    for table in report.tables:
        shown = display_rows(table, report.unit)
        units = _units(table)
        entry: dict[str, Any] = {
            "title": table.title,
            "label_header": header(table, report.unit)[0],
            "columns": table.columns,
            "rows": [
                _row(row, display, units) for row, display in zip(table.rows, shown, strict=False)
            ],
            "total": _row(table.total, shown[-1], units) if table.total else None,
        }
        if table.zero_as_dash:
            entry["zero_as_dash"] = True  # a 0 in values_ore is shown as "–"
        if table.section:
            entry["section"] = table.section
        if table.column_units or table.unit != MONEY:
            entry["column_units"] = units
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
        "notes": notes(report),
    }
