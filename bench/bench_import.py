"""Import benchmark: generate an N-row CSV (default 1,000,000), import it on SQLite, print rows/s.

    .venv/bin/python bench/bench_import.py [--rows N] [--dir DIR] [--cli]

Makes a fresh SQLite file, migrates it, loads the Slagelse seed (the plan, partners and
activities the rows refer to) and times one committed import of the whole file — reading,
validating every row and inserting in one transaction. With --cli it times the
`ledger import FILE --commit` console script instead of the in-process service call.
Not run by the test suite; the target is ≥ 50,000 rows/s.
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select

from app import migrate
from app.db import make_engine, make_session_factory
from app.models import Entry
from app.seeding import load_seed
from app.services.imports import import_entries

PLAN = "slagelse-2017-2021"
PARTNERS = ["Landsbyggefonden", "Slagelse Kommune", "Boligorganisationerne i Slagelse"]
ACTIVITIES = ["", "KRIM-1", "KRIM-2", "UDD-1", "UDD-2", "FOR-1", "FOR-2"]
CATEGORIES = ["cash", "staff_cofinancing", "other"]  # frikøb needs hours × rate


def danish(ore: int) -> str:
    kroner, rest = divmod(ore, 100)
    text = f"{kroner:,}".replace(",", ".")
    return f"{text},{rest:02d}" if rest else text


def generate(path: Path, rows: int, seed: int = 4) -> None:
    """Half the rows carry an external id, half rely on the natural key; Danish amounts."""
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            ["plan", "year", "activity", "partner", "kind", "category", "amount", "text",
             "external_id"]
        )  # fmt: skip
        for number in range(rows):
            writer.writerow(
                [
                    PLAN,
                    rng.randint(2017, 2021),
                    rng.choice(ACTIVITIES),
                    rng.choice(PARTNERS),
                    rng.choice(("budget", "actual")),
                    rng.choice(CATEGORIES),
                    danish(rng.randint(1, 50_000_000)),
                    f"Bilag {number}",
                    f"B-{number}" if number % 2 else "",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--dir", type=Path, help="Work directory (default: a temporary one).")
    parser.add_argument("--cli", action="store_true", help="Time `ledger import --commit`.")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    csv_path, db_path = work / "entries.csv", work / "bench.sqlite"
    for stale in work.glob("bench.sqlite*"):
        stale.unlink()
    url = f"sqlite:///{db_path}"

    started = time.perf_counter()
    generate(csv_path, args.rows)
    print(f"Generated {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) "
          f"in {time.perf_counter() - started:.1f} s: {csv_path}")  # fmt: skip
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as db:
        load_seed(db, PLAN)
        db.commit()
        before = db.scalar(select(func.count()).select_from(Entry))

    started, cpu_started = time.perf_counter(), time.process_time()
    if args.cli:
        ledger = Path(sys.executable).with_name("ledger")
        env = {**os.environ, "LEDGER_DATABASE_URL": url}
        command = [str(ledger), "import", str(csv_path), "--commit"]
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    else:
        with make_session_factory(engine)() as db:
            result = import_entries(db, csv_path.read_bytes(), fmt="csv", commit=True)
            db.commit()
        assert result.ok, result.errors[:5]
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started

    with make_session_factory(engine)() as db:
        booked = db.scalar(select(func.count()).select_from(Entry)) - before
    engine.dispose()
    assert booked == args.rows, f"booked {booked} of {args.rows}"
    how = "ledger import --commit" if args.cli else "import_entries + commit"
    print(f"Imported {booked:,} rows on SQLite in {elapsed:.2f} s ({how})")
    if not args.cli:  # on a shared machine, CPU time shows the import's own cost
        print(f"CPU time {cpu:.2f} s ({booked / cpu:,.0f} rows per CPU second); "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{booked / elapsed:,.0f} rows/s")


if __name__ == "__main__":
    main()
