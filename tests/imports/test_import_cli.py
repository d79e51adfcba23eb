"""`ledger import` / `ledger export entries` as a user runs them; the kill test; round trip."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.models import EntryKind, MasterPlan
from app.services.imports import import_entries
from reports.cofinancing import Form, cofinancing_report
from reports.render_json import report_dict
from tests.helpers import snapshot
from tests.imports.conftest import HEADER, create_structure, entry_count, good_rows, write_csv

LEDGER = str(Path(sys.executable).with_name("ledger"))


def ledger(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "LEDGER_DATABASE_URL": url}
    return subprocess.run([LEDGER, *args], env=env, capture_output=True, text=True, timeout=300)


def test_cli_dry_run_commit_and_bad_rows(
    db_url: str, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "in.csv", good_rows(40))
    before = snapshot(engine)
    dry = ledger(db_url, "import", str(path))
    assert dry.returncode == 0, dry.stderr
    assert "Prøvekørsel: 40 rækker kan bogføres" in dry.stdout
    assert snapshot(engine) == before

    done = ledger(db_url, "import", str(path), "--commit")
    assert done.returncode == 0 and "Bogført: 40 rækker." in done.stdout

    again = ledger(db_url, "import", str(path), "--commit")
    assert again.returncode == 0 and "Allerede importeret (springes over): 40." in again.stdout
    as_json = json.loads(ledger(db_url, "import", str(path), "--json").stdout)
    assert as_json == {"rows_read": 40, "rows_booked": 0, "rows_skipped": 40, "rows_valid": 0,
                       "rows_corrected": 0,
                       "error_count": 0, "committed": False, "errors": []}  # fmt: skip

    rows = good_rows(10, prefix="B")
    rows[3][HEADER.index("amount")] = "12e3"
    bad = ledger(db_url, "import", str(write_csv(tmp_path / "bad.csv", rows)), "--commit")
    assert bad.returncode == 1
    assert "Række 5, kolonne amount" in bad.stderr and "intet er bogført" in bad.stderr


def test_cli_header_mapping(
    db_url: str, db: Session, structure: MasterPlan, tmp_path: Path
) -> None:
    header = [*HEADER[:6], "Beløb", "Tekst", "Bilagsnr"]
    path = write_csv(tmp_path / "in.csv", good_rows(7), header=header)
    assert ledger(db_url, "import", str(path), "--commit").returncode == 1
    mapped = ledger(
        db_url, "import", str(path), "--commit",
        "--map", "Beløb=amount", "--map", "Tekst=text", "--map", "Bilagsnr=external_id",
    )  # fmt: skip
    assert mapped.returncode == 0, mapped.stderr
    assert entry_count(db) == 7


def test_kill_during_import_leaves_the_database_as_before(
    db_url: str, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "big.csv", good_rows(150_000))
    before = snapshot(engine)
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url}
    process = subprocess.Popen(
        [LEDGER, "import", str(path), "--commit"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Wait until the first chunk has been inserted (inside the one open transaction).
    for line in process.stderr:  # type: ignore[union-attr]
        if line.startswith("Bogfører:"):
            break
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=60) == -signal.SIGKILL, "the import finished before the kill"
    engine.dispose()
    assert snapshot(engine) == before
    # The database is usable at once: the killed transaction holds no lock, keys are free.
    small = write_csv(tmp_path / "small.csv", good_rows(30))
    done = ledger(db_url, "import", str(small), "--commit")
    assert done.returncode == 0 and "Bogført: 30 rækker." in done.stdout, done.stderr


def test_a_bad_row_at_the_end_of_a_large_file_books_nothing(
    db_url: str, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    """All or nothing through the bulk path: the last of 30,000 rows is bad, none is booked."""
    rows = good_rows(30_000)
    rows[-1][HEADER.index("partner")] = "Ukendt Boligselskab"
    before = snapshot(engine)
    result = ledger(db_url, "import", str(write_csv(tmp_path / "in.csv", rows)), "--commit")
    assert result.returncode == 1
    assert "Række 30001, kolonne partner" in result.stderr and "intet er bogført" in result.stderr
    assert snapshot(engine) == before


def _reports(db: Session, plan: MasterPlan) -> list[dict]:
    out = []
    for form in Form:
        for kind in EntryKind:
            report = report_dict(
                cofinancing_report(db, plan, form=form, kind=kind, by_focus_area=True)
            )
            report.pop("generated_at")
            out.append(report)
    return out


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_round_trip_export_import_gives_identical_reports(
    fmt: str,
    db_url: str,
    db: Session,
    slagelse: MasterPlan,
    second_db: Session,
    second_engine: Engine,
    tmp_path: Path,
) -> None:
    from app.services.ledger import correct_entry, list_entries

    # A correction too: the reversal travels as the negative entry it is. (A frikøb entry is
    # corrected as a staff purchase, hours × rate, not by a bare staff_purchase line.)
    cash_entry = next(e for e in list_entries(db, slagelse) if e.category == "cash")
    correct_entry(db, cash_entry, reason="Fejlpostering", new_amount_ore=1)
    db.commit()
    out = tmp_path / f"entries.{fmt}"
    result = ledger(
        db_url, "export", "entries", "--plan", slagelse.slug, "--format", fmt, "--out", str(out)
    )
    assert result.returncode == 0, result.stderr

    target = create_structure(second_db)
    second_db.commit()
    imported = import_entries(second_db, out.read_bytes(), fmt=fmt, commit=True)
    second_db.commit()
    assert imported.ok, imported.errors[:3]
    assert imported.rows_booked == entry_count(db)
    assert _reports(second_db, target) == _reports(db, slagelse)
    assert _reports(db, slagelse)[0]["tables"][0]["total"]["values_ore"][0] > 0

    again = import_entries(second_db, out.read_bytes(), fmt=fmt, commit=True)
    assert again.rows_skipped == imported.rows_booked and again.rows_booked == 0


REFUSE = {
    "sqlite": [
        "CREATE TRIGGER test_refuse BEFORE INSERT ON entries WHEN NEW.amount_ore = 424200 "
        "BEGIN SELECT RAISE(ABORT, 'test refusal'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF NEW.amount_ore = 424200 THEN RAISE EXCEPTION 'test refusal' "
        "USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$",
        "CREATE TRIGGER test_refuse BEFORE INSERT ON entries FOR EACH ROW "
        "EXECUTE FUNCTION test_refuse()",
    ],
}


def test_a_database_refusal_mid_insert_books_nothing(
    backend: str, db_url: str, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    """A rule only the database knows (here a test trigger; e.g. a closed year) refuses one row
    after validation passed: the whole import is refused, nothing is booked."""
    from sqlalchemy import text

    with engine.begin() as conn:
        for statement in REFUSE[backend]:
            conn.execute(text(statement))
    rows = good_rows(30_000)
    rows[25_000][HEADER.index("amount")] = "4.242"  # in the second chunk
    path = write_csv(tmp_path / "in.csv", rows)
    before = snapshot(engine)
    result = ledger(db_url, "import", str(path), "--commit")
    assert result.returncode == 1
    assert "Databasen afviste importen" in result.stderr and "test refusal" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(engine) == before
