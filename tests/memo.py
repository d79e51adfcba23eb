"""The reference table from Slagelse Kommune's memo of August 2020 (kr.)."""

MEMO_ROWS = [
    ("2017", 1_225_000, 606_000, 619_000),
    ("2018", 5_105_000, 2_530_000, 2_575_000),
    ("2019", 5_228_000, 2_590_000, 2_638_000),
    ("2020", 5_350_000, 2_652_000, 2_698_000),
    ("2021", 4_114_000, 2_040_000, 2_074_000),
    ("I alt", 21_022_000, 10_418_000, 10_604_000),
]

MEMO_TEXT = """\
År         Budget  Landsbyggefonden  Slagelse Kommune
2017    1.225.000           606.000           619.000
2018    5.105.000         2.530.000         2.575.000
2019    5.228.000         2.590.000         2.638.000
2020    5.350.000         2.652.000         2.698.000
2021    4.114.000         2.040.000         2.074.000
I alt  21.022.000        10.418.000        10.604.000"""


def danish(kroner: int) -> str:
    """Thousands with dots, written out by hand so the test does not reuse the code under test."""
    sign = "-" if kroner < 0 else ""
    digits = str(abs(kroner))
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return sign + ".".join(groups)
