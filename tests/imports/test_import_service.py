"""The import service on real databases: dry run, all-or-nothing, idempotency, mapping, XLSX."""

import io
from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services.imports import import_entries
from tests.helpers import snapshot
from tests.imports.conftest import HEADER, entry_count, good_rows, write_csv


def csv_bytes(tmp_path: Path, rows, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    return write_csv(tmp_path / "in.csv", rows, **kwargs).read_bytes()


def test_five_bad_rows_among_1000_are_reported_and_nothing_is_booked(
    db: Session, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    rows = good_rows(1000)
    bad = {
        17: ("amount", "1,225,000"),  # English grouping: ambiguous
        230: ("partner", "Ukendt Boligselskab"),  # not a partner of the plan
        488: ("year", "2022"),  # outside 2017–2021
        731: ("activity", "KRIM-9"),  # no such activity
        999: ("kind", "forecast"),
    }
    for index, (column, value) in bad.items():
        rows[index][HEADER.index(column)] = value
    before = snapshot(engine)

    result = import_entries(db, csv_bytes(tmp_path, rows), commit=True)
    db.commit()

    # Spreadsheet numbering: header is row 1, rows[i] is row i + 2.
    assert sorted((e.row, e.column) for e in result.errors) == sorted(
        (index + 2, column) for index, (column, _) in bad.items()
    )
    assert result.rows_read == 1000 and result.rows_booked == 0 and not result.committed
    assert snapshot(engine) == before


def test_dry_run_validates_and_books_nothing(
    db: Session, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    before = snapshot(engine)
    result = import_entries(db, csv_bytes(tmp_path, good_rows(300)))
    db.commit()
    assert result.ok and result.rows_read == 300 and result.rows_valid == 300
    assert result.rows_booked == 0 and not result.committed
    assert snapshot(engine) == before


def test_commit_books_every_row_with_exact_amounts(
    db: Session, structure: MasterPlan, tmp_path: Path
) -> None:
    rows = good_rows(50)
    result = import_entries(db, csv_bytes(tmp_path, rows), commit=True, source="in.csv")
    db.commit()
    assert result.ok and result.rows_booked == 50 and result.committed
    entries = db.scalars(select(Entry).order_by(Entry.id)).all()
    assert [e.amount_ore for e in entries][:3] == [100000, 200001, 300002]
    assert entries[1].external_id == "R-1" and entries[0].external_id.startswith("nk:")
    assert (
        entries[7].activity_id is None and entries[6].activity_id is not None
    )  # empty activity = plan-wide line
    assert {e.created_by for e in entries} == {"import in.csv"}


def test_same_file_twice_and_same_rows_in_another_file_book_nothing_new(
    db: Session, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    rows = good_rows(120)
    first = import_entries(db, csv_bytes(tmp_path, rows), commit=True)
    db.commit()
    assert first.rows_booked == 120
    after_first = snapshot(engine)

    again = import_entries(db, csv_bytes(tmp_path, rows), commit=True)
    db.commit()
    assert again.ok and again.rows_skipped == 120 and again.rows_booked == 0

    # Another file: other delimiter, other order, a subset plus 10 new rows.
    other = list(reversed(rows[:60])) + good_rows(10, prefix="NEW")[1:]
    other_file = write_csv(tmp_path / "other.csv", other, delimiter=",").read_bytes()
    mixed = import_entries(db, other_file, commit=True)
    db.commit()
    assert mixed.ok and mixed.rows_skipped == 60 and mixed.rows_booked == 9
    assert entry_count(db) == 129
    assert snapshot(engine) != after_first


def test_identical_rows_without_external_id_are_each_booked_once(
    db: Session, structure: MasterPlan, tmp_path: Path
) -> None:
    row = [
        "slagelse-2017-2021",
        "2018",
        "UDD-1",
        "Slagelse Kommune",
        "budget",
        "cash",
        "500",
        "",
        "",
    ]
    data = csv_bytes(tmp_path, [row, row, row])
    assert import_entries(db, data, commit=True).rows_booked == 3
    db.commit()
    again = import_entries(db, data, commit=True)
    assert again.rows_skipped == 3 and again.rows_booked == 0
    four = import_entries(db, csv_bytes(tmp_path, [row] * 4), commit=True)
    assert four.rows_skipped == 3 and four.rows_booked == 1  # the 4th identical line is new


def test_external_id_booked_with_other_values_is_an_error(
    db: Session, structure: MasterPlan, tmp_path: Path
) -> None:
    rows = good_rows(3)
    import_entries(db, csv_bytes(tmp_path, rows), commit=True)
    db.commit()
    rows[1][HEADER.index("amount")] = "999"
    result = import_entries(db, csv_bytes(tmp_path, rows), commit=True)
    assert [(e.row, e.column) for e in result.errors] == [(3, "external_id")]
    assert result.rows_booked == 0


def test_duplicate_external_id_in_one_file_is_an_error(
    db: Session, structure: MasterPlan, tmp_path: Path
) -> None:
    rows = good_rows(5)
    rows[4][HEADER.index("external_id")] = rows[2][HEADER.index("external_id")]
    result = import_entries(db, csv_bytes(tmp_path, rows), commit=True)
    assert [(e.row, e.column) for e in result.errors] == [(6, "external_id")]
    assert "række 4" in result.errors[0].message
    assert entry_count(db) == 0


def test_header_mapping_and_missing_columns(
    db: Session, structure: MasterPlan, tmp_path: Path
) -> None:
    danish = ["Plan", "År", "Aktivitet", "Partner", "Art", "Kategori", "Beløb", "Tekst", "Bilag"]
    data = csv_bytes(tmp_path, good_rows(4), header=danish)
    refused = import_entries(db, data, commit=True)
    assert {e.column for e in refused.errors} >= {"År", "Beløb", "year", "amount"}
    assert all(e.row == 1 for e in refused.errors) and entry_count(db) == 0

    mapping = {"År": "year", "Aktivitet": "activity", "Art": "kind", "Kategori": "category",
               "Beløb": "amount", "Tekst": "text", "Bilag": "external_id"}  # fmt: skip
    result = import_entries(db, data, mapping=mapping, commit=True)
    assert result.ok and result.rows_booked == 4


def test_xlsx_with_numbers_and_text_amounts(
    db: Session, structure: MasterPlan, tmp_path: Path
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["slagelse-2017-2021", 2019, "KRIM-1", "Landsbyggefonden", "actual", "cash",
                  1225000.5, "tal", "X-1"])  # fmt: skip
    sheet.append(["slagelse-2017-2021", 2019.0, "", "Slagelse Kommune", "budget", "other",
                  "1.225.000,25", None, None])  # fmt: skip
    sheet.append(["slagelse-2017-2021", 2019, "", "Slagelse Kommune", "budget", "other",
                  12.345, None, None])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_entries(db, buffer.getvalue(), fmt="xlsx", commit=True)
    assert [(e.row, e.column) for e in result.errors] == [(4, "amount")]
    sheet.delete_rows(4)  # the row with three decimals: money has at most two
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_entries(db, buffer.getvalue(), fmt="xlsx", commit=True)
    assert result.ok and result.rows_booked == 2
    assert sorted(db.scalars(select(Entry.amount_ore))) == [122500025, 122500050]
