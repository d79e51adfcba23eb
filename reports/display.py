"""A report table's cells as the Danish display strings every text renderer prints, in the
report's unit (kr., 1.000 kr. or mio. kr.), each cell rounded once from its exact øre."""

import re

from app.formatting import MoneyUnit, format_fte, format_money, format_percent, needs_decimals
from reports.model import PERCENT, Report, Table, quantity

MONEY = "kr."
DASH = "–"


def heading(report: Report) -> str:
    """The subtitle with the unit, e.g. "Helhedsplan 2017–2021. Beløb i 1.000 kr."."""
    return f"{report.subtitle} Beløb i {report.unit.label}".lstrip()


def header(table: Table, unit: MoneyUnit = MoneyUnit.KR) -> list[str]:
    """The header row; a money-only table names a unit other than kr. beside its row label,
    as "Bevillingsramme (1.000 kr.)"."""
    label = table.label_header
    if unit is not MoneyUnit.KR and all(
        table.unit_of(i) == MONEY for i in range(len(table.columns))
    ):
        label = f"{label} ({unit.label})".lstrip()
    return [label, *table.columns]


def display_rows(table: Table, unit: MoneyUnit = MoneyUnit.KR) -> list[list[str]]:
    """Every row of `table` (total last) as display strings: label, then Danish values.

    A money column in kr. shows øre throughout when any amount in it has øre, and only then:
    one number format per column, so a whole-kroner figure never reads "920.000,00" because
    another column of its table has øre. In 1.000 kr. and mio. kr. every cell is its own
    exact sum rounded half away from zero, so a total may differ from the sum of the rounded
    cells above it, as in the municipalities' tables. Hours and FTE always show two decimals,
    per cent one ("25,0 %"). An empty cell shows the table's `missing` ("–" where it means no
    regnskab yet; `notes` adds the legend).
    """
    money = [i for i in range(len(table.columns)) if table.unit_of(i) == MONEY]
    decimals = {i: needs_decimals([row.values[i] for row in table.all_rows]) for i in money}
    return [
        [
            row.label,
            *(
                DASH
                if v == 0 and table.zero_as_dash
                else table.missing
                if v is None
                else format_money(v, unit, decimals=decimals[i])
                if table.unit_of(i) == MONEY
                else _percent(v)
                if table.unit_of(i) == PERCENT
                else format_fte(v)
                for i, v in enumerate(row.values)
            ),
        ]
        for row in table.all_rows
    ]


def _percent(tenths: int | None) -> str:
    return "" if tenths is None else format_percent(quantity(tenths, PERCENT))


NO_ACCOUNTS_LEGEND = f"{DASH} = intet regnskab for året endnu (ikke nul)."


def notes(report: Report) -> list[str]:
    """The report's notes, plus the legend of "–" when a table shows one for a missing
    regnskab (Table.missing), so a reader never takes it for zero."""
    shown = any(
        table.missing == DASH and any(v is None for row in table.all_rows for v in row.values)
        for table in report.tables
    )
    return [*report.notes, NO_ACCOUNTS_LEGEND] if shown else list(report.notes)


def name_with_period(name: str, first: int, last: int) -> str:
    """ "Name (2017–2021)", or the name alone when it already states the period
    ("Slagelse 2017-2021"), so a footer never says it twice."""
    if re.search(rf"(?<!\d){first}\s*[-–—/]\s*(?:{last}|{last % 100:02d})(?!\d)", name):
        return name
    return f"{name} ({first}–{last})"
