"""Danish number formatting through Babel (da_DK): 1.225.000 and 1.225.000,50.

A leaf module (Babel only), so services, pages and reports can all format amounts without
importing one another."""

from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from babel import Locale

LOCALE = "da_DK"
# Times are stored in UTC; dates and years are Danish (a year ends at midnight here).
DANISH_TIME = ZoneInfo("Europe/Copenhagen")
_SYMBOLS = Locale.parse(LOCALE).number_symbols["latn"]
# Python's format spec groups as the Danish pattern #,##0 does (threes, from 1.000); only
# the symbols differ, so they are swapped for the locale's own (Babel's CLDR data).
_DANISH = str.maketrans(
    {",": _SYMBOLS["group"], ".": _SYMBOLS["decimal"], "-": _SYMBOLS["minusSign"]}
)


def _formatted(value: Decimal | int, places: int) -> str:
    """`value` in the pattern #,##0 with `places` decimals, in Danish. Exact for what this
    module formats (øre, whole steps of a unit: never more decimals than `places`). Babel's
    NumberPattern.apply gives the same text (tests/reports/test_units.py) at ~15× the cost:
    a JSON report formats ~20 amounts per request."""
    return f"{value:,.{places}f}".translate(_DANISH)


def kroner(ore: int) -> Decimal:
    return Decimal(ore) / 100


def format_ore(ore: int | None, *, decimals: bool = False) -> str:
    """Format øre as Danish kroner; `decimals` shows ,00 (used when any cell has øre)."""
    if ore is None:
        return ""
    return _formatted(kroner(ore), 2 if decimals or ore % 100 else 0)


class MoneyUnit(StrEnum):
    """The unit amounts are shown in: kroner (øre when any cell has øre), thousands of kroner,
    or millions with one decimal, as municipal committee papers print them."""

    KR = "kr"
    THOUSAND = "1000"
    MILLION = "mio"

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]

    @property
    def step_ore(self) -> int:
        """The øre of one displayed step: 1 øre, 1.000 kr., 0,1 mio. kr."""
        return _UNIT_STEPS[self]


_UNIT_LABELS = {MoneyUnit.KR: "kr.", MoneyUnit.THOUSAND: "1.000 kr.", MoneyUnit.MILLION: "mio. kr."}
_UNIT_STEPS = {MoneyUnit.KR: 1, MoneyUnit.THOUSAND: 100_000, MoneyUnit.MILLION: 10_000_000}
_UNIT_KRONER = {MoneyUnit.KR: 1, MoneyUnit.THOUSAND: 1000, MoneyUnit.MILLION: 1_000_000}
_UNIT_PLACES = {MoneyUnit.THOUSAND: 0, MoneyUnit.MILLION: 1}
_UNIT_PER_STEP = {MoneyUnit.THOUSAND: Decimal(1), MoneyUnit.MILLION: Decimal("0.1")}


def round_half_away(ore: int, step: int) -> int:
    """`ore` in whole steps, half away from zero (2,5 → 3, −2,5 → −3), as in the
    municipalities' tables; integers only, so no binary rounding creeps in."""
    steps, rest = divmod(abs(ore), step)
    if 2 * rest >= step:
        steps += 1
    return -steps if ore < 0 else steps


def in_unit(ore: int, unit: MoneyUnit) -> Decimal:
    """The exact amount in `unit` (for spreadsheets, which round only when they display)."""
    return kroner(ore) / _UNIT_KRONER[unit]


def format_money(ore: int | None, unit: MoneyUnit, *, decimals: bool = False) -> str:
    """`ore` shown in `unit`, rounded once from the exact øre (a total is never a sum of
    rounded cells); kroner as format_ore."""
    if unit is MoneyUnit.KR or ore is None:
        return format_ore(ore, decimals=decimals)
    shown = round_half_away(ore, unit.step_ore) * _UNIT_PER_STEP[unit]
    return _formatted(shown, _UNIT_PLACES[unit])


def needs_decimals(values: list[int | None]) -> bool:
    """True when some amount is not whole kroner, so a table shows øre throughout."""
    return any(v is not None and v % 100 for v in values)


def format_fte(hundredths: int | None) -> str:
    if hundredths is None:
        return ""
    return _formatted(Decimal(hundredths) / 100, 2)


def format_percent(value: Decimal | None) -> str:
    """A share in per cent, one decimal, rounded half up: "43,8 %" ("–" when there is none)."""
    if value is None:
        return "–"
    shown = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return _formatted(shown, 1) + " %"
