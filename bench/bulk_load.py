"""Loads the generated CSV straight into `entries` by the database's bulk path: the 10 M scale's
data (issue 13.4), where `ledger import` — which reads and checks the whole file in memory — is
not the tool for building a benchmark database (the import is measured at 1 M).

The lines are read once with the csv module, plan, partner and activity resolved from dicts and
the amounts converted as bench.import_floor does; then PostgreSQL takes them by `COPY entries
FROM STDIN` (psycopg's `write_row`), SQLite by `executemany` in chunks of 100,000, each in one
transaction. The lines are the generator's (bench.dataset), valid by construction; the ledger's
own rules in the database (checks, foreign keys, the year triggers) still apply to every row.
The running sums are then computed from the entries (app.services.entry_sums.rebuild).
"""

import csv
import itertools
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from app.db import make_engine
from app.services import entry_sums
from bench.import_floor import ore

COLUMNS = ("plan_id", "year", "activity_id", "partner_id", "kind", "category", "amount_ore",
           "text", "external_id", "created_at", "created_by")  # fmt: skip
CHUNK = 100_000
CREATED_BY = "bench bulk load"


def load(url: str, csv_path: Path) -> float:
    """Every line of `csv_path` (the import layout) into `url`'s entries; the seconds taken."""
    started = time.perf_counter()
    if url.startswith("sqlite"):
        _sqlite(make_url(url).database or "", csv_path)
    else:
        _postgresql(url, csv_path)
    _sum(url)
    return time.perf_counter() - started


def _sum(url: str) -> None:
    """The lines went around the posting path: the running sums are computed from them, as
    `ledger db sums --rebuild` does."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            entry_sums.rebuild(conn)
    finally:
        engine.dispose()


Lookups = tuple[dict[str, int], dict[str, int], dict[tuple[int, str], int]]


def _lookups(query: Callable[[str], Iterable[tuple]]) -> Lookups:
    """Plans by slug, partners by name, activities by (plan, code); `query` runs a SELECT.
    Read before the COPY starts: the connection answers nothing else during it."""
    plans = {slug: id_ for slug, id_ in query("SELECT slug, id FROM plans")}
    partners = {name: id_ for name, id_ in query("SELECT name, id FROM partners")}
    found = query("SELECT id, plan_id, code FROM activities")
    return plans, partners, {(plan_id, code): id_ for id_, plan_id, code in found}


def _rows(lookups: Lookups, csv_path: Path, now: object) -> Iterator[tuple]:
    """The entry rows of the file, ids resolved."""
    plans, partners, activities = lookups
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for plan, year, activity, partner, kind, category, amount, text, key in reader:
            plan_id = plans[plan]
            yield (plan_id, int(year), activities.get((plan_id, activity)), partners[partner],
                   kind, category, ore(amount), text, key or None, now, CREATED_BY)  # fmt: skip


def _postgresql(url: str, csv_path: Path) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            with driver.cursor() as cursor:
                lookups = _lookups(lambda sql: cursor.execute(sql).fetchall())
                lines = _rows(lookups, csv_path, datetime.now(UTC))
                with cursor.copy(f"COPY entries ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for row in lines:
                        copy.write_row(row)
    finally:
        engine.dispose()


def _sqlite(path: str, csv_path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=30000"):
            conn.execute(f"PRAGMA {pragma}")  # as app.db sets them
        now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
        rows = _rows(_lookups(lambda sql: conn.execute(sql).fetchall()), csv_path, now)
        insert = f"INSERT INTO entries ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 11)})"
        conn.execute("BEGIN")
        while chunk := list(itertools.islice(rows, CHUNK)):
            conn.executemany(insert, chunk)
        conn.execute("COMMIT")
    finally:
        conn.close()
