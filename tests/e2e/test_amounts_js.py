"""The grid's live totals use a JavaScript copy of parse_amount: it must agree with Python's."""

import pytest
from playwright.sync_api import Page

from app.formatting import format_ore
from app.services.amounts import AmountError, parse_amount

pytestmark = pytest.mark.browser

CASES = [
    "1.225.000",
    "1225000",
    "1.225.000,50",
    "1225000,5",
    "-504",
    "1225000.50",
    "+7",
    "0",
    "\u2212504",
    " 12 ",
    "1,225,000",
    "1.22.5",
    "12e3",
    "1.225,5.0",
    "1,234",
    "12,345",
    "1.2345",
    "abc",
    "--5",
    "1 000",
    ".5",
    "5.",
    "1.000.00",
    "0,05",
]


def _python(text: str) -> int | None:
    try:
        return parse_amount(text)
    except AmountError:
        return None


def test_js_parser_and_formatter_agree_with_python(page: Page, live_server: str) -> None:
    page.set_content("<p>test</p>")
    page.add_script_tag(url=f"{live_server}/static/web/amounts.js")
    parsed = page.evaluate("cases => cases.map(LedgerAmounts.parseAmount)", CASES)
    assert parsed == [_python(c) for c in CASES]
    samples = [0, 5, 100, -504_00, 1_225_000_50, 1_984_496_50, 123_456_789_00]
    formatted = page.evaluate("values => values.map(LedgerAmounts.formatOre)", samples)
    assert formatted == [format_ore(v) for v in samples]
