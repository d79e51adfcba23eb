"""A report is a titled set of tables of øre amounts; every renderer reads this one shape."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from app.formatting import MoneyUnit

# Units that are no money, stored as integers with this many decimals: hours ("t") and
# årsværk ("fte") in hundredths, per cent ("%") in tenths (one decimal, as every page shows it).
QUANTITY_DECIMALS = {"t": 2, "fte": 2, "%": 1}
PERCENT = "%"


def quantity(value: int, unit: str) -> Decimal:
    """A stored hours/FTE/per cent integer as the exact decimal it stands for."""
    return Decimal(value).scaleb(-QUANTITY_DECIMALS[unit])


def per_cent_tenths(value: Decimal | None) -> int | None:
    """A share in per cent as the stored "%" integer: rounded half up to one decimal."""
    if value is None:
        return None
    return int(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP).scaleb(1))


@dataclass
class Row:
    label: str
    values: list[int | None]  # øre; None is an empty cell (e.g. no accounts yet)


def column_sum(rows: Iterable[Row], index: int) -> int:
    """The sum of one column; an empty cell (None) adds nothing."""
    return sum(row.values[index] or 0 for row in rows)


def present_sum(rows: Iterable[Row], index: int) -> int | None:
    """The sum of one column, or None (an empty cell) when no row has a value in it."""
    present = [value for row in rows if (value := row.values[index]) is not None]
    return sum(present) if present else None


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[Row]
    total: Row | None = None
    label_header: str = ""
    # "money" tables hold øre; "fte" tables hold hundredths of an årsværk; "%" tables tenths
    # of a per cent (QUANTITY_DECIMALS).
    unit: str = "kr."
    # Per-column units when a table mixes them: "kr." (øre), "t" (hours), "fte" or "%".
    # None: every column is `unit`.
    column_units: list[str] | None = None
    # Columns derived from others, kept as formulas in spreadsheets: {column: "{c1}-{c0}"}
    # where {cN} is value column N of the same row.
    column_formulas: dict[int, str] = field(default_factory=dict)
    # Multi-section reports (the LBF package): the section this table belongs to, which is
    # its sheet in the XLSX workbook.
    section: str = ""
    # Totals that are not the plain sum of their column, kept as formulas in spreadsheets:
    # {column: "{s1}-{s5}"} where {sN} is the sum of value column N (e.g. the follow-up's
    # corrected budget less the funds carried between its years).
    total_formulas: dict[int, str] = field(default_factory=dict)
    # Committee tables print a zero as "–" (Copenhagen's business cases).
    zero_as_dash: bool = False
    # What an empty cell (None) shows: blank, or "–" where it means "no regnskab for the year
    # yet" (reports.display adds the legend to the notes).
    missing: str = ""

    def unit_of(self, column: int) -> str:
        return self.column_units[column] if self.column_units else self.unit

    @property
    def all_rows(self) -> list[Row]:
        return self.rows + ([self.total] if self.total else [])


@dataclass
class Report:
    title: str
    plan_slug: str
    plan_name: str
    period: tuple[int, int]
    subtitle: str = ""  # without the unit: the renderers add "Beløb i <unit>" (reports.display)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    generated_at: datetime | None = None
    meta: dict[str, object] = field(default_factory=dict)
    # Lines every format states under the heading (the LBF package's kontroltal and the
    # auditor's sign-off); JSON carries them structured in `meta` as well.
    stamp: list[str] = field(default_factory=list)
    # The unit money is shown in; the values stay exact øre (reports.display rounds once).
    unit: MoneyUnit = MoneyUnit.KR

    def shown_in(self, unit: str) -> "Report":
        """The same report shown in `unit` (kr, 1000 or mio); for one-line call sites."""
        self.unit = MoneyUnit(unit)
        return self
