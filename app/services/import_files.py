"""Reading import files: CSV (UTF-8, `;` or `,`) and XLSX into header + rows of strings.

Every cell becomes a string so one validator (app.services.imports) serves both formats;
XLSX numbers are written out exactly (an integral float as an integer, else its shortest
decimal form with a decimal comma), and the one amount parser decides whether they are money.
"""

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.services.errors import DomainError
from app.services.xlsx_guard import check_xlsx

FORMATS = ("csv", "xlsx")


@dataclass
class SheetData:
    header: list[str]
    rows: Iterator[list[str]]  # data rows, in file order, starting at spreadsheet row 2
    estimated_rows: int
    # The data rows once more (CSV: a second parse of the text in memory, ~1 µs a row), for
    # the import's look-ahead; None where a second pass is dear (XLSX).
    again: Callable[[], Iterator[list[str]]] | None = None


def guess_format(filename: str) -> str:
    return "xlsx" if filename.lower().endswith((".xlsx", ".xlsm")) else "csv"


def read_sheet(data: bytes, fmt: str) -> SheetData:
    if fmt == "csv":
        return _read_csv(data)
    if fmt == "xlsx":
        return _read_xlsx(data)
    raise DomainError(f"Ukendt filformat “{fmt}”; brug csv eller xlsx.", "format")


def _read_csv(data: bytes) -> SheetData:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DomainError(
            f"Filen er ikke UTF-8 (byte {error.start}); gem den som CSV UTF-8.", "file"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","

    def rows() -> Iterator[list[str]]:
        return _checked(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), "CSV")

    reader = rows()
    header = next(reader, None)
    if header is None:
        raise DomainError("Filen er tom.", "file")

    def again() -> Iterator[list[str]]:
        data_rows = rows()
        next(data_rows, None)
        return data_rows

    return SheetData(header, reader, max(0, text.count("\n") - 1), again)


def _checked(rows: Iterator[Any], kind: str) -> Iterator[Any]:
    """Rows as the reader gives them, its failures as a Danish message naming the row.

    The readers fail lazily, row by row (a CSV field over the csv module's 131,072-character
    limit, a NUL byte, malformed or entity-laden sheet XML), so the wrapping is around the
    iteration, not around opening the file. The reader's own text is not shown: it is English
    and says nothing a user can act on.
    """
    number = 0
    try:
        for number, row in enumerate(rows, start=1):  # noqa: B007 - used after the loop
            yield row
    except csv.Error as error:
        limit = f"{csv.field_size_limit():,}".replace(",", ".")
        problem = (
            f"har et felt på mere end {limit} tegn"
            if "field larger" in str(error)
            else "har ugyldigt indhold (fx et NUL-tegn)"
        )
        raise DomainError(
            f"Filen kan ikke læses som {kind}: række {number + 1} {problem}.", "file"
        ) from None
    except Exception:  # noqa: BLE001 - openpyxl/XML raise many kinds for a broken sheet
        raise DomainError(
            f"Filen kan ikke læses som {kind}: arket er beskadiget eller indeholder ugyldig "
            f"XML (efter række {number}). Gem regnearket igen, eller brug CSV.",
            "file",
        ) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        # Decimal comma, never a dot: "12.345" would read as twelve thousand in Danish form.
        return format(Decimal(repr(value)), "f").replace(".", ",")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _read_xlsx(data: bytes) -> SheetData:
    from openpyxl import load_workbook

    check_xlsx(data)  # sizes, cell lengths and DTDs, before openpyxl unpacks anything
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(
            "Filen kan ikke læses som XLSX (den er ikke et gyldigt regneark).", "file"
        ) from None
    sheet = workbook.worksheets[0]
    values = _checked(sheet.iter_rows(values_only=True), "XLSX")
    first = next(values, None)
    if first is None:
        raise DomainError("Regnearket er tomt.", "file")
    header = [_cell_text(v) for v in first]
    rows = ([_cell_text(v) for v in row] for row in values)
    return SheetData(header, rows, max(0, (sheet.max_row or 1) - 1))
