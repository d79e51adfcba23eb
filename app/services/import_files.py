"""Reading import files: CSV (UTF-8, `;` or `,`) and XLSX into header + rows of strings.

Every cell becomes a string so one validator (app.services.imports) serves both formats;
XLSX numbers are written out exactly (an integral float as an integer, else its shortest
decimal form with a decimal comma), and the one amount parser decides whether they are money.
"""

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from app.services.errors import DomainError
from app.services.xlsx_guard import check_xlsx

FORMATS = ("csv", "xlsx")


@dataclass
class SheetData:
    header: list[str]
    rows: Iterator[list[str]]  # data rows, in file order, starting at spreadsheet row 2
    estimated_rows: int


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        raise DomainError("Filen er tom.", "file")
    return SheetData(header, reader, max(0, text.count("\n") - 1))


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
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(f"Filen kan ikke læses som XLSX: {error}", "file") from None
    sheet = workbook.worksheets[0]
    values = sheet.iter_rows(values_only=True)
    first = next(values, None)
    if first is None:
        raise DomainError("Regnearket er tomt.", "file")
    header = [_cell_text(v) for v in first]
    rows = ([_cell_text(v) for v in row] for row in values)
    return SheetData(header, rows, max(0, (sheet.max_row or 1) - 1))
