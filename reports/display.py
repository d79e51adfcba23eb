"""A report table's cells as the Danish display strings every text renderer prints."""

from app.formatting import format_fte, format_ore, needs_decimals
from reports.model import Table


def display_rows(table: Table) -> list[list[str]]:
    """Every row of `table` (total last) as display strings: label, then Danish values.

    Money columns show øre throughout a table when any amount in it has øre; hours and FTE
    always show two decimals.
    """
    money = [i for i in range(len(table.columns)) if table.unit_of(i) == "kr."]
    decimals = needs_decimals([row.values[i] for row in table.all_rows for i in money])
    return [
        [
            row.label,
            *(
                format_ore(v, decimals=decimals) if table.unit_of(i) == "kr." else format_fte(v)
                for i, v in enumerate(row.values)
            ),
        ]
        for row in table.all_rows
    ]
