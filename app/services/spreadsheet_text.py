"""Text cells of every CSV and XLSX the ledger writes: shown by a spreadsheet, never evaluated.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a line break is read as a formula by
Excel and LibreOffice (OWASP "CSV injection"), so an entry text like ``=cmd|' /C calc'!A0``
or a partner named ``@SUM(...)`` could run when a user opens an export. Such text gets a
leading apostrophe; numbers are left alone (`-504` and `-1.225.000` stay numbers). A text
that already starts with an apostrophe gets one more, so `restore_text` (used by the import)
gives back exactly what was written: export → import keeps every text as it was.
"""

import re
from collections.abc import Iterable
from typing import TypeVar

from app.services.text import without_controls

# The OWASP list plus line feed and the full-width forms some spreadsheets fold to ASCII.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
QUOTE = "'"
_NUMBER = re.compile(r"[-+]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")

T = TypeVar("T")


def cell_text(value: T) -> T | str:
    """`value` safe as a spreadsheet cell: text that could start a formula is quoted, and a
    control character (which XML, so XLSX, cannot hold; rows stored before the doors refused
    them may have one) is shown as �, so an export never fails on old data."""
    if not isinstance(value, str) or not value:
        return value
    text = without_controls(value)
    if text.startswith(QUOTE) or (text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)):
        return QUOTE + text
    return text


def cell_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row through `cell_text` (numbers and None pass unchanged)."""
    return [cell_text(value) for value in values]


def restore_text(value: str) -> str:
    """The text `cell_text` was given: one leading apostrophe dropped."""
    return value[1:] if value.startswith(QUOTE) else value
