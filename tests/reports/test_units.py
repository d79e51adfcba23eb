"""Display units: kr., 1.000 kr. and mio. kr. (one decimal), every cell rounded half away
from zero once from its exact øre sum, never summed from rounded cells."""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from app.formatting import MoneyUnit, _formatted, format_money, in_unit, round_half_away
from reports.display import display_rows, header, heading
from reports.model import Report, Row, Table

ORE_PER = {MoneyUnit.THOUSAND: Decimal(100_000), MoneyUnit.MILLION: Decimal(100_000_000)}


def by_hand(ore: int, unit: MoneyUnit) -> str:
    """Written independently of app.formatting: Decimal's ROUND_HALF_UP is half away from
    zero; then Danish grouping by string surgery."""
    places = Decimal("0.1") if unit is MoneyUnit.MILLION else Decimal(1)
    value = (Decimal(ore) / ORE_PER[unit]).quantize(places, rounding=ROUND_HALF_UP)
    if value == 0:
        value = abs(value)  # no "-0"
    whole, _, fraction = f"{abs(value):f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return ("-" if value < 0 else "") + groups + (f",{fraction}" if fraction else "")


def test_half_away_from_zero() -> None:
    assert [round_half_away(v, 10) for v in (4, 5, 15, 25, -5, -15, -4, 0)] == [
        0, 1, 2, 3, -1, -2, 0, 0
    ]  # fmt: skip
    assert format_money(32_418_150_00, MoneyUnit.THOUSAND) == "32.418"  # 32.418,150 kr.
    assert format_money(-295_500_00, MoneyUnit.THOUSAND) == "-296"  # half, away from zero
    assert format_money(-295_499_99, MoneyUnit.THOUSAND) == "-295"
    assert format_money(382_683_000_00, MoneyUnit.MILLION) == "382,7"
    assert format_money(-25_000_00, MoneyUnit.MILLION) == "0,0"
    assert format_money(-50_000_00, MoneyUnit.MILLION) == "-0,1"
    assert format_money(1_225_000_50, MoneyUnit.KR) == "1.225.000,50"
    assert format_money(None, MoneyUnit.THOUSAND) == ""
    assert in_unit(352_544_400_00, MoneyUnit.THOUSAND) == Decimal("352544.4")


def test_total_is_the_rounded_exact_sum_not_the_sum_of_rounded_cells() -> None:
    # Ballerup's Tabel 1: 352.544 + 645 shown, I alt 353.190 (352.544,6 + 645,4 = 353.190,0)
    rows = [Row("50.54", [352_544_600_00]), Row("50.58", [645_400_00])]
    table = Table("Tabel 1", ["Korrigeret budget"], rows, Row("I alt", [353_190_000_00]))
    shown = display_rows(table, MoneyUnit.THOUSAND)
    assert shown == [["50.54", "352.545"], ["50.58", "645"], ["I alt", "353.190"]]
    assert header(table, MoneyUnit.THOUSAND)[0] == "(1.000 kr.)"
    table.label_header = "Bevillingsramme"
    assert header(table, MoneyUnit.THOUSAND) == ["Bevillingsramme (1.000 kr.)", "Korrigeret budget"]
    assert header(table) == ["Bevillingsramme", "Korrigeret budget"]  # kr.: as before
    mixed = Table("Frikøb", ["Timer", "Beløb"], [], column_units=["t", "kr."], label_header="A")
    assert header(mixed, MoneyUnit.THOUSAND)[0] == "A"  # hours are not in 1.000 kr.
    report = Report("R", "p", "P", (2022, 2022), subtitle="Helhedsplan 2022.").shown_in("mio")
    assert heading(report) == "Helhedsplan 2022. Beløb i mio. kr."


amounts = st.lists(st.integers(min_value=-(10**13), max_value=10**13), min_size=1, max_size=8)


@given(st.lists(amounts, min_size=1, max_size=6), st.sampled_from(list(MoneyUnit)))
def test_every_displayed_cell_is_its_exact_sum_rounded_once(
    entries_per_row: list[list[int]], unit: MoneyUnit
) -> None:
    """For any amounts: each row cell is the sum of its entries, the total the sum of all
    entries; every displayed cell in any unit equals that exact sum rounded once."""
    rows = [Row(f"r{i}", [sum(entries)]) for i, entries in enumerate(entries_per_row)]
    exact_total = sum(sum(entries) for entries in entries_per_row)
    table = Table("T", ["Beløb"], rows, Row("I alt", [exact_total]))
    shown = [line[1] for line in display_rows(table, unit)]
    exact = [sum(entries) for entries in entries_per_row] + [exact_total]
    if unit is MoneyUnit.KR:
        decimals = any(v % 100 for v in exact)
        expected = [
            ("-" if v < 0 else "") + f"{abs(v) // 100:,}".replace(",", ".")
            + (f",{abs(v) % 100:02d}" if decimals else "")
            for v in exact
        ]  # fmt: skip
    else:
        expected = [by_hand(v, unit) for v in exact]
    assert shown == expected


@given(
    st.one_of(st.integers(-(10**15), 10**15), st.integers(-100_000, 100_000)),
    st.sampled_from([0, 1, 2]),
)
def test_amounts_are_written_as_babels_danish_pattern_writes_them(units: int, places: int) -> None:
    """app.formatting writes #,##0(.0/.00) with Python's grouping and da_DK's symbols; Babel's
    own NumberPattern (CLDR) is the reference it must equal, for every sign and size."""
    value = Decimal(units).scaleb(-places)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    assert _formatted(value, places) == format_decimal(value, format=pattern, locale="da_DK")
