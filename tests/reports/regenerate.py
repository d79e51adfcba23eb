"""Regenerate a source table cell by cell from the ledger in all five formats (text, CSV,
JSON, PDF read back, XLSX recalculated by LibreOffice); shared by the seed-table tests."""

import csv
import io
from decimal import Decimal
from pathlib import Path

from app.formatting import MoneyUnit
from tests.exports.conftest import pdf_numbers, recalculate
from tests.reports.test_units import by_hand

Rows = list[tuple[str, ...]]  # label, then the source's display strings


DASH = "–"


def _shown(ore: int | None, unit: MoneyUnit, dash: bool | None) -> str:
    if ore is None:
        return ""
    return DASH if dash and ore == 0 else by_hand(ore, unit)


def _ore(value: object, unit: MoneyUnit) -> int:
    per = {MoneyUnit.THOUSAND: 100_000, MoneyUnit.MILLION: 100_000_000}[unit]
    return int((Decimal(str(value)) * per).to_integral_value())


def assert_every_format(  # type: ignore[no-untyped-def]
    client, url: str, expected: Rows, unit: MoneyUnit, tmp_path: Path, table_index: int = 0
) -> None:
    """`url` (a report endpoint without format=) shows exactly `expected`, total last, as
    its table number `table_index`; "–" is a zero in a committee table."""
    data = client.get(f"{url}&format=json").get_json()
    table = data["tables"][table_index]
    rows = [*table["rows"], table["total"]]
    assert [(r["label"], *r["values"]) for r in rows] == expected
    assert data["unit"] == unit.label and table["label_header"].endswith(f"({unit.label})")
    for row in rows:  # the exact sums stay beside the display, each rounded once
        shown = [_shown(v, unit, table.get("zero_as_dash")) for v in row["values_ore"]]
        assert shown == row["values"]

    text = client.get(f"{url}&format=text").data.decode()
    assert f"Beløb i {unit.label}" in text
    lines = [line.split() for line in text.splitlines()]
    for label, *values in expected:
        assert [*label.split(), *[v for v in values if v]] in lines, label

    body = client.get(f"{url}&format=csv").data.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(body), delimiter=";"))
    heads = [i for i, r in enumerate(parsed) if r and r[0].endswith(f"({unit.label})")]
    head = heads[table_index]
    assert [tuple(r) for r in parsed[head + 1 : head + 1 + len(expected)]] == expected

    pdf = client.get(f"{url}&format=pdf").data
    numbers = [v for _, *values in expected for v in values if v and v != DASH]
    found = pdf_numbers(pdf, tmp_path)
    assert any(found[i : i + len(numbers)] == numbers for i in range(len(found))), found

    book = recalculate(client.get(f"{url}&format=xlsx").data, tmp_path)
    sheet = book.active
    first = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == expected[0][0])
    for offset, (label, *values) in enumerate(expected):
        assert sheet.cell(first + offset, 1).value == label
        for column, value in enumerate(values, start=2):
            cell = sheet.cell(first + offset, column).value
            shown = "" if cell is None else _shown(_ore(cell, unit), unit, value == DASH)
            assert shown == value, (label, column)
