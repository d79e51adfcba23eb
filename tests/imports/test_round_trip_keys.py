"""Export → (edit) → import never books a plan twice (issue 12.1).

Every entry is exported with its stable key and the import knows entries by it: the same
database books nothing again (CLI, API, page), a fresh database books everything once and then
nothing, a changed amount is an error naming the row unless a correction is asked for, and
entries stored without a key (before every entry got one) are known by their natural key.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan, StaffPurchase
from app.services.closing import close_year
from app.services.entry_export import export_entries
from app.services.imports import import_entries
from reports.cofinancing import cofinancing_report
from reports.render_json import report_dict
from tests.helpers import snapshot, summed_as_migrated
from tests.imports.conftest import create_structure, entry_count
from tests.imports.test_import_cli import ledger
from tests.imports.test_upload_page import token

TOTAL = 2_102_200_000  # Slagelse: I alt 21.022.000 kr.


def memo_total(db: Session, plan: MasterPlan) -> int:
    db.expire_all()
    report = report_dict(cofinancing_report(db, plan))
    return report["tables"][0]["total"]["values_ore"][0]


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cli_round_trip_on_the_same_database_books_nothing(
    fmt: str, db_url: str, db: Session, engine: Engine, slagelse: MasterPlan, tmp_path: Path
) -> None:
    out = tmp_path / f"e.{fmt}"
    exported = ledger(db_url, "export", "entries", "--plan", slagelse.slug, "--format", fmt,
                      "--out", str(out))  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    before = snapshot(engine)
    done = ledger(db_url, "import", str(out), "--commit")
    assert done.returncode == 0, done.stderr
    count = entry_count(db)
    assert "Bogført: 0 rækker." in done.stdout
    assert f"Allerede importeret (springes over): {count}." in done.stdout
    assert snapshot(engine) == before
    assert memo_total(db, slagelse) == TOTAL


def test_api_round_trip_on_the_same_database_books_nothing(
    client, db: Session, engine: Engine, slagelse: MasterPlan
) -> None:
    data = client.get(f"/api/plans/{slagelse.slug}/entries/export?format=xlsx").data
    before = snapshot(engine)
    answer = client.post(
        "/api/imports",
        data={"file": (io.BytesIO(data), "e.xlsx"), "commit": "true"},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["rows_booked"] == 0 and body["rows_skipped"] == entry_count(db)
    assert snapshot(engine) == before


def test_page_round_trip_on_the_same_database_books_nothing(
    client, db: Session, engine: Engine, slagelse: MasterPlan
) -> None:
    data = client.get(f"/api/plans/{slagelse.slug}/entries/export?format=csv").data
    before = snapshot(engine)
    page = client.post(
        "/import",
        data={"file": (io.BytesIO(data), "e.csv"), "action": "commit",
              "csrf_token": token(client)},
        content_type="multipart/form-data",
    )  # fmt: skip
    html = page.get_data(as_text=True)
    assert page.status_code == 200, html
    assert "Bogført: 0 rækker." in html and f"Allerede importeret: {entry_count(db)}." in html
    assert snapshot(engine) == before


def test_fresh_database_books_once_keeps_the_keys_and_frikoeb(
    db: Session, slagelse: MasterPlan, second_db: Session
) -> None:
    data = export_entries(db, slagelse, "csv")
    target = create_structure(second_db)
    second_db.commit()
    first = import_entries(second_db, data, fmt="csv", commit=True)
    second_db.commit()
    assert first.ok, first.errors[:3]
    assert first.rows_booked == entry_count(db)
    assert memo_total(second_db, target) == TOTAL
    again = export_entries(second_db, target, "csv")
    assert [r[8] for r in rows_of(again)] == [r[8] for r in rows_of(data)]  # the same keys
    twice = import_entries(second_db, again, fmt="csv", commit=True)
    assert twice.rows_booked == 0 and twice.rows_skipped == first.rows_booked
    purchases = "SELECT count(*), sum(hours), sum(amount_ore) FROM staff_purchases"
    assert second_db.execute(text(purchases)).one() == db.execute(text(purchases)).one()
    assert second_db.scalar(select(func.count()).select_from(StaffPurchase)) > 0


def _changed(db: Session, plan: MasterPlan) -> tuple[bytes, int, int]:
    """The export with one cash line's amount raised by 1.000 kr.: (file, row number, øre)."""
    rows = rows_of(export_entries(db, plan, "csv"))
    index = next(i for i, r in enumerate(rows) if r[5] == "cash" and i > 0)
    old = db.scalar(select(Entry.amount_ore).where(Entry.external_id == rows[index][8]))
    assert old is not None
    new = old + 1_000_00
    rows[index][6] = f"{new // 100:,}".replace(",", ".")
    return csv_bytes(rows), index + 1, new


def test_a_changed_amount_is_an_error_naming_the_row(
    db_url: str, db: Session, engine: Engine, slagelse: MasterPlan, tmp_path: Path
) -> None:
    data, row, _ = _changed(db, slagelse)
    path = tmp_path / "edited.csv"
    path.write_bytes(data)
    before = snapshot(engine)
    done = ledger(db_url, "import", str(path), "--commit")
    assert done.returncode == 1
    named = rf"Række {row}, kolonne external_id: “e:[0-9a-f]+” er bogført med"
    assert re.search(named, done.stderr), done.stderr
    assert "--correct" in done.stderr and "Intet er bogført" in done.stderr
    assert snapshot(engine) == before


def test_a_changed_amount_is_corrected_once_when_asked(
    db_url: str, db: Session, slagelse: MasterPlan, tmp_path: Path
) -> None:
    data, _, new = _changed(db, slagelse)
    path = tmp_path / "edited.csv"
    path.write_bytes(data)
    count = entry_count(db)
    done = ledger(db_url, "import", str(path), "--commit", "--correct")
    assert done.returncode == 0, done.stderr
    assert "Rettes (tilbageførsel + nyt beløb): 1." in done.stdout
    assert entry_count(db) == count + 2
    net = "SELECT sum(amount_ore) FROM entries WHERE external_id LIKE '%~_'"
    assert db.scalar(text(net)) == 1_000_00  # reversal of the old + the new amount
    replacement = db.scalar(select(Entry).where(Entry.external_id.like("%~N")))
    assert replacement is not None and replacement.amount_ore == new
    assert "Rettet ved import af edited.csv" in replacement.text
    repeat = ledger(db_url, "import", str(path), "--commit", "--correct")
    assert repeat.returncode == 0 and "Bogført: 0 rækker." in repeat.stdout
    assert entry_count(db) == count + 2  # corrected once, not again
    round_trip = import_entries(db, export_entries(db, slagelse, "csv"), commit=True)
    assert round_trip.ok and round_trip.rows_booked == 0


def test_entries_stored_without_a_key_are_known_by_their_natural_key(
    db: Session, slagelse: MasterPlan
) -> None:
    """Rows booked before every entry got a key (external_id NULL) still round-trip."""
    entry = db.scalars(select(Entry).where(Entry.category == "cash")).first()
    assert entry is not None
    for _ in range(2):  # two identical legacy lines: the second is n = 2 of its content
        db.execute(
            text("INSERT INTO entries (plan_id, year, activity_id, partner_id, kind, category, "
                 "amount_ore, text, created_at) SELECT plan_id, year, activity_id, partner_id, "
                 "kind, category, amount_ore, 'gammel', created_at FROM entries WHERE id = :id"),
            {"id": entry.id},
        )  # fmt: skip
    summed_as_migrated(db)
    db.commit()
    rows = rows_of(export_entries(db, slagelse, "csv"))
    legacy = [r[8] for r in rows if r[7] == "gammel"]
    assert len(legacy) == 2 and all(k.startswith("nk:") for k in legacy)
    assert legacy[0] != legacy[1]
    result = import_entries(db, export_entries(db, slagelse, "csv"), commit=True)
    assert result.ok and result.rows_booked == 0 and result.rows_skipped == len(rows) - 1


def test_rows_of_a_closed_year_round_trip_too(db: Session, slagelse: MasterPlan) -> None:
    close_year(db, slagelse, 2017, reason="Regnskab godkendt")
    db.commit()
    result = import_entries(db, export_entries(db, slagelse, "xlsx"), fmt="xlsx", commit=True)
    assert result.ok, result.errors[:3]
    assert result.rows_booked == 0
