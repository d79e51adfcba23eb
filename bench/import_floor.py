"""The import's floor on each database: the same CSV loaded by the database's own bulk path into
a table with the entries table's unique keys and indexes, no ledger rules.

- PostgreSQL: `COPY` of the file's bytes into a temporary text staging table, then one
  `INSERT … SELECT` resolving plan, partner and activity by join and converting the amount in
  SQL, into `floor_entries (LIKE entries INCLUDING ALL)` — same columns, primary key, unique
  keys (plan, external id), checks and covering index; no foreign keys, no triggers.
- SQLite: Python's `csv` reader, ids resolved from dicts, amounts converted by string
  operations, one `executemany` into `floor_entries` made from the entries table's own DDL
  and indexes (no triggers), in one transaction, with the connection settings of the app.

Both run in-process (no start-up), from reading the file to the commit, so the import, a child
process, is compared against a floor that is generous to the database. The floor's row count
and amount total are returned to be checked equal to what the import booked.
"""

import csv
import io
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

FLOOR_TABLE = "floor_entries"


@dataclass(frozen=True)
class Floor:
    seconds: float
    rows: int
    total_ore: int


def measure(url: str, csv_path: Path) -> Floor:
    """Load `csv_path` (the import layout) by the floor path of `url`'s database; time it."""
    if url.startswith("sqlite"):
        return _sqlite(make_url(url).database or "", csv_path)
    return _postgresql(url, csv_path)


def ore(amount: str) -> int:
    """Danish (1.225.000,50) or plain (1225000.50) kroner → øre; the floor's only parsing."""
    amount = amount.strip()
    if "," in amount:
        whole, _, part = amount.replace(".", "").partition(",")
    elif re.search(r"\.\d{3}$", amount):
        whole, part = amount.replace(".", ""), ""
    else:
        whole, _, part = amount.partition(".")
    sign = -1 if whole.startswith("-") else 1
    return sign * (abs(int(whole)) * 100 + int((part + "00")[:2]))


_PG_AMOUNT = (
    "(CASE WHEN s.amount LIKE '%,%' THEN replace(replace(s.amount, '.', ''), ',', '.') "
    "WHEN s.amount ~ '\\.[0-9]{3}$' THEN replace(s.amount, '.', '') ELSE s.amount END"
    ")::numeric * 100"
)


def _postgresql(url: str, csv_path: Path) -> Floor:
    engine = create_engine(url)
    columns = ("plan", "year", "activity", "partner", "kind", "category", "amount", "text",
               "external_id")  # fmt: skip
    try:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {FLOOR_TABLE}"))
            conn.execute(text(f"CREATE TABLE {FLOOR_TABLE} (LIKE entries INCLUDING ALL)"))
        started = time.perf_counter()
        with engine.begin() as conn:
            driver = conn.connection.driver_connection
            assert driver is not None
            with driver.cursor() as cursor:
                cursor.execute(
                    "CREATE TEMP TABLE staging ("
                    + ", ".join(f"{c} text" for c in columns)
                    + ") ON COMMIT DROP"
                )
                copy_sql = (
                    f"COPY staging ({', '.join(columns)}) FROM STDIN "
                    "(FORMAT csv, DELIMITER ';', HEADER true)"
                )
                with csv_path.open("rb") as handle, cursor.copy(copy_sql) as copy:
                    while block := handle.read(1 << 20):
                        copy.write(block)
                cursor.execute(
                    f"INSERT INTO {FLOOR_TABLE} (plan_id, year, activity_id, partner_id, kind, "
                    "category, amount_ore, text, external_id, created_at, created_by) "
                    f"SELECT p.id, s.year::int, a.id, pa.id, s.kind, s.category, {_PG_AMOUNT}, "
                    "s.text, s.external_id, now(), 'floor' FROM staging s "
                    "JOIN plans p ON p.slug = s.plan JOIN partners pa ON pa.name = s.partner "
                    "LEFT JOIN activities a ON a.plan_id = p.id AND a.code = s.activity"
                )
        seconds = time.perf_counter() - started
        with engine.begin() as conn:
            rows, total = conn.execute(
                text(f"SELECT count(*), coalesce(sum(amount_ore), 0) FROM {FLOOR_TABLE}")
            ).one()
            conn.execute(text(f"DROP TABLE {FLOOR_TABLE}"))
    finally:
        engine.dispose()
    return Floor(seconds, int(rows), int(total))


def _sqlite_ddl(conn: sqlite3.Connection) -> list[str]:
    """The entries table's CREATE TABLE and CREATE INDEX statements, renamed (no triggers)."""
    found = conn.execute(
        "SELECT sql FROM sqlite_master WHERE tbl_name = 'entries' "
        "AND type IN ('table', 'index') AND sql IS NOT NULL ORDER BY type DESC"
    ).fetchall()
    return [
        re.sub(r"\bentries\b", FLOOR_TABLE, sql)
        .replace("ix_", "floor_ix_")
        .replace("CONSTRAINT ", "CONSTRAINT floor_")
        for (sql,) in found
    ]


def _sqlite(path: str, csv_path: Path) -> Floor:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in ("foreign_keys=ON", "journal_mode=WAL", "busy_timeout=30000"):
            conn.execute(f"PRAGMA {pragma}")  # as app.db sets them
        conn.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        for statement in _sqlite_ddl(conn):
            conn.execute(statement)
        started = time.perf_counter()
        plans = dict(conn.execute("SELECT slug, id FROM plans"))
        partners = dict(conn.execute("SELECT name, id FROM partners"))
        found = conn.execute("SELECT id, plan_id, code FROM activities")
        activities = {(plan_id, code): id_ for id_, plan_id, code in found}
        reader = csv.reader(io.StringIO(csv_path.read_text("utf-8-sig"), newline=""), delimiter=";")
        next(reader)
        now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
        rows = []
        for plan, year, activity, partner, kind, category, amount, text_, ext in reader:
            plan_id = plans[plan]
            rows.append(
                (plan_id, int(year), activities.get((plan_id, activity)), partners[partner],
                 kind, category, ore(amount), text_, ext or None, now, "floor")
            )  # fmt: skip
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO {FLOOR_TABLE} (plan_id, year, activity_id, partner_id, kind, category, "
            "amount_ore, text, external_id, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("COMMIT")
        seconds = time.perf_counter() - started
        count, total = conn.execute(
            f"SELECT count(*), coalesce(sum(amount_ore), 0) FROM {FLOOR_TABLE}"
        ).fetchone()
        conn.execute(f"DROP TABLE {FLOOR_TABLE}")
    finally:
        conn.close()
    return Floor(seconds, int(count), int(total))
