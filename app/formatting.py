"""Danish number formatting through Babel (da_DK): 1.225.000 and 1.225.000,50.

A leaf module (Babel only), so services, pages and reports can all format amounts without
importing one another."""

from decimal import Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern

LOCALE = "da_DK"
_LOCALE = Locale.parse(LOCALE)


@lru_cache(maxsize=8)
def _pattern(pattern: str) -> NumberPattern:
    """Parsed once: format_decimal re-parses the pattern and locale on every call, which was
    a third of the JSON report's time under load (bench/RESULTS.md)."""
    return parse_pattern(pattern)


def kroner(ore: int) -> Decimal:
    return Decimal(ore) / 100


def format_ore(ore: int | None, *, decimals: bool = False) -> str:
    """Format øre as Danish kroner; `decimals` shows ,00 (used when any cell has øre)."""
    if ore is None:
        return ""
    pattern = "#,##0.00" if decimals else "#,##0"
    if not decimals and ore % 100:
        pattern = "#,##0.00"
    return _pattern(pattern).apply(kroner(ore), _LOCALE, decimal_quantization=True)


def needs_decimals(values: list[int | None]) -> bool:
    """True when some amount is not whole kroner, so a table shows øre throughout."""
    return any(v is not None and v % 100 for v in values)


def format_fte(hundredths: int | None) -> str:
    if hundredths is None:
        return ""
    return format_decimal(Decimal(hundredths) / 100, format="#,##0.00", locale=LOCALE)
