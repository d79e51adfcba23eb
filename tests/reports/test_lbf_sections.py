"""Each section of the LBF package from hand-built sums: no database, the arithmetic and the
empty cells checked number by number."""

from reports.lbf_sections import (
    carry_over_section,
    focus_area_section,
    fte_section,
    multi_year_section,
    package_notes,
    partners_section,
    staff_purchase_section,
)
from reports.lbf_sums import BudgetActual, Purchase
from reports.model import Row, Table

PARTNERS = [
    BudgetActual("LBF", 100_000_00, 90_000_00),
    BudgetActual("Kommune", 50_000_00, 60_500_00),
]


def _cells(table: Table) -> list[tuple[str, list[int | None]]]:
    return [(row.label, row.values) for row in table.all_rows]


def test_partners_budget_actual_and_variance() -> None:
    table = partners_section(2019, PARTNERS, has_actuals=True)
    assert table.title == "1. Medfinansiering pr. partner 2019"
    assert table.section == "1 Medfinansiering" and table.columns == [
        "Budget",
        "Regnskab",
        "Afvigelse",
    ]
    assert _cells(table) == [
        ("LBF", [100_000_00, 90_000_00, -10_000_00]),
        ("Kommune", [50_000_00, 60_500_00, 10_500_00]),
        ("I alt", [150_000_00, 150_500_00, 500_00]),
    ]
    assert table.column_formulas == {2: "{c1}-{c0}"}


def test_partners_without_accounts_leave_accounts_and_variance_empty() -> None:
    table = partners_section(2021, PARTNERS, has_actuals=False)
    assert _cells(table) == [
        ("LBF", [100_000_00, None, None]),
        ("Kommune", [50_000_00, None, None]),
        ("I alt", [150_000_00, None, None]),
    ]


def test_focus_areas_then_one_activity_table_per_area() -> None:
    areas = [BudgetActual("Uddannelse", 7_00, 9_00), BudgetActual("Tværgående", 1_00, 0)]
    activities = [("Uddannelse", [BudgetActual("1.1 Lektier", 3_00, 4_00),
                                  BudgetActual("1.2 Job", 4_00, 5_00)])]  # fmt: skip
    summary, uddannelse = focus_area_section(2019, areas, activities, has_actuals=True)
    assert summary.title == "2. Pr. indsatsområde 2019"
    assert _cells(summary) == [
        ("Uddannelse", [7_00, 9_00, 2_00]),
        ("Tværgående", [1_00, 0, -1_00]),
        ("I alt", [8_00, 9_00, 1_00]),
    ]
    assert uddannelse.title == "2. Uddannelse: aktiviteter 2019"
    assert uddannelse.label_header == "Aktivitet"
    assert _cells(uddannelse)[-1] == ("I alt", [7_00, 9_00, 2_00])


def test_staff_purchases_total_hours_and_amount_not_rate() -> None:
    purchases = {
        "budget": [Purchase("1.1: Kommune → LBF", 1250, 400_00, 5_000_00),
                   Purchase("1.2: Kommune → LBF", 50, 300_00, 150_00)],
        "actual": [],
    }  # fmt: skip
    (budget,) = staff_purchase_section(2019, purchases)  # no accounts table without accounts
    assert budget.title == "3. Frikøb af personale 2019 (budget)"
    assert budget.column_units == ["t", "kr.", "kr."]
    assert _cells(budget)[-1] == ("I alt", [1300, None, 5_150_00])
    purchases["actual"] = [Purchase("1.1: Kommune → LBF", 100, 400_00, 400_00)]
    assert [t.title[-10:] for t in staff_purchase_section(2019, purchases)] == [
        "9 (budget)", "(regnskab)"
    ]  # fmt: skip


def test_fte_rows_per_area_with_total_column_and_row() -> None:
    table = fte_section(2019, ["Kommune", "Boligselskab"], [("Uddannelse", [150, 25]),
                                                            ("Job", [0, 100])])  # fmt: skip
    assert table.unit == "fte" and table.columns == ["Kommune", "Boligselskab", "I alt"]
    assert _cells(table) == [
        ("Uddannelse", [150, 25, 175]),
        ("Job", [0, 100, 100]),
        ("I alt", [150, 125, 275]),
    ]


def test_multi_year_up_to_the_year_and_accounts_only_for_years_with_accounts() -> None:
    def full(title: str) -> Table:
        rows = [Row(str(y), [y, 1, y - 1]) for y in range(2017, 2022)]
        return Table(title, ["Budget", "LBF", "Kommune"], rows, Row("I alt", [0, 0, 0]))

    tables = multi_year_section(
        2019, 2017, {"budget": full("B"), "actual": full("R")}, actual_years={2017, 2018, 2020}
    )
    budget, actual = tables
    assert budget.title == "5. B 2017–2019 (budget)"
    assert [r.label for r in budget.rows] == ["2017", "2018", "2019"]
    assert budget.total == Row("I alt", [2017 + 2018 + 2019, 3, 2016 + 2017 + 2018])
    assert [r.label for r in actual.rows] == ["2017", "2018"]
    assert actual.total == Row("I alt", [4035, 2, 4033])
    assert len(multi_year_section(2019, 2017, {"budget": full("B"), "actual": full("R")},
                                  actual_years=set())) == 1  # fmt: skip


def test_carry_over_unspent_beside_booked() -> None:
    table = carry_over_section(2019, PARTNERS, [10_000_00, 0], has_actuals=True)
    assert table.title == "6. Uforbrugte midler 2019, overføres til 2020"
    assert table.columns[-1] == "Overført til 2020"
    assert _cells(table) == [
        ("LBF", [100_000_00, 90_000_00, 10_000_00, 10_000_00]),
        ("Kommune", [50_000_00, 60_500_00, -10_500_00, 0]),
        ("I alt", [150_000_00, 150_500_00, -500_00, 10_000_00]),
    ]
    empty = carry_over_section(2021, PARTNERS, [0, 0], has_actuals=False)
    assert empty.total == Row("I alt", [150_000_00, None, None, 0])


def test_notes_mention_missing_accounts_and_the_last_year() -> None:
    assert len(package_notes(2019, 2021, has_actuals=True)) == 2
    notes = package_notes(2021, 2021, has_actuals=False)
    assert "Der er endnu ikke bogført regnskab for 2021." in notes
    assert notes[-1].startswith("2021 er planens sidste år")
