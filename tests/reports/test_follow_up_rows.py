"""The one-year follow-up forms from hand-built sums (no database)."""

from reports.follow_up_rows import RowSums, accounts_table, round_table


def test_accounts_columns_four_and_six_and_empty_without_regnskab() -> None:
    sums = [RowSums("A", original=10, corrected=8, actual=9, carried=-3), RowSums("B", 5, 5)]
    table = accounts_table(2022, sums, "Aktivitet")
    assert [r.values for r in table.all_rows] == [
        [10, 8, 9, 1, -3, -2],
        [5, 5, None, None, 0, None],
        [15, 13, 9, 1, -3, -2],
    ]
    assert table.columns[4] == "Overført til budget 2023 (5)"
    assert table.column_formulas == {3: "{c2}-{c1}", 5: "{c3}+{c4}"}


def test_round_proposal_forecast_and_deviation() -> None:
    sums = [
        RowSums("A", original=100, before_round=90, round_corrections=-7, forecast=85),
        RowSums("B", original=5, before_round=5),
    ]
    table = round_table("1. budgetopfølgning 2023", 2023, sums, "Aktivitet")
    assert table.title == "1. budgetopfølgning 2023"
    assert [r.values for r in table.all_rows] == [
        [100, 90, -7, 83, 85, 2],
        [5, 5, 0, 5, None, None],
        [105, 95, -7, 88, 85, 2],
    ]
