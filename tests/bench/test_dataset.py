"""The benchmark's generator: deterministic, within the issue's bounds, valid import rows."""

import csv

from app.services.amounts import parse_amount
from bench import build, dataset


def test_same_seed_same_file_and_other_seed_other_file(tmp_path) -> None:
    plans = dataset.specs(7, 6)
    first, second, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert build.write_csv(first, 7, plans, 900) == 900
    build.write_csv(second, 7, dataset.specs(7, 6), 900)
    build.write_csv(other, 8, dataset.specs(8, 6), 900)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_plans_are_within_the_national_shape() -> None:
    plans = dataset.specs(2026, 150)
    assert len({p.slug for p in plans}) == 150
    for plan in plans:
        assert 4 <= len(plan.years) <= 6
        assert 3 <= len(plan.partners) + 1 <= 6
        assert plan.partners[0] == dataset.FUND
        assert 3 <= len(plan.focus_areas) <= 4
        assert 5 <= len(plan.activity_codes) <= 15
        assert len(set(plan.activity_codes)) == len(plan.activity_codes)


def test_rows_follow_the_import_layout_and_include_corrections(tmp_path) -> None:
    plans = dataset.specs(3, 4)
    path = tmp_path / "lines.csv"
    build.write_csv(path, 3, plans, 2_000)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert list(rows[0]) == dataset.IMPORT_COLUMNS
    by_slug = {p.slug: p for p in plans}
    for row in rows:
        plan = by_slug[row["plan"]]
        assert int(row["year"]) in plan.years
        assert row["activity"] == "" or row["activity"] in plan.activity_codes
        assert row["partner"] in (plan.municipality, *plan.partners)
        assert row["kind"] in ("budget", "actual")
        assert row["category"] in dataset.CATEGORIES
        parse_amount(row["amount"])  # raises on anything the import would refuse
    reversals = [r for r in rows if r["external_id"].endswith("-R")]
    assert reversals, "some lines are corrected"
    originals = {r["external_id"]: r for r in rows}
    for reversal in reversals:
        original = originals[reversal["external_id"][:-2]]
        assert parse_amount(reversal["amount"]) == -parse_amount(original["amount"])
    assert len({r["external_id"] for r in rows}) == len(rows)
