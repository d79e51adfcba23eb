"""The import figure beside its floor (issue 13.1): `ledger import FILE --commit` in a child
process against the database's bulk floor (bench.import_floor) on a copy of the same structure
database, run alternately so both see the same machine load; the floor's rows and amount total
are checked equal to what the import booked.

Targets: ≥ 80,000 rows/s, and the import's time ≤ 1.5 × the floor's.
"""

import statistics
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text

from bench import build, import_floor

TARGET_ROWS_PER_SECOND = 80_000
TARGET_RATIO = 1.5


def booked_totals(url: str) -> tuple[int, int]:
    """(rows, øre) the import booked: its entries are the ones created by `import …`."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows, total = conn.execute(
                text(
                    "SELECT count(*), coalesce(sum(amount_ore), 0) FROM entries "
                    "WHERE created_by LIKE 'import %'"
                )
            ).one()
    finally:
        engine.dispose()
    return int(rows), int(total)


def run(
    fresh: Callable[[str], str],
    csv_path: Path,
    rows: int,
    reps: int,
    log: Callable[[str], None],
) -> tuple[str, dict]:
    """`reps` × (import into a fresh copy, floor into another); (URL of the last import, figures).

    `fresh(name)` makes a fresh copy of the structure database and answers its URL.
    """
    imports: list[float] = []
    floors: list[float] = []
    url = ""
    for i in range(reps):
        url = fresh("bench_ledger")
        log(f"import {rows:,} rows, run {i + 1}/{reps}")
        done = build.run_import(url, csv_path, rows)
        imports.append(done.seconds)
        booked = booked_totals(url)
        floor = import_floor.measure(fresh("bench_floor"), csv_path)
        floors.append(floor.seconds)
        if (floor.rows, floor.total_ore) != booked or booked[0] != rows:
            raise RuntimeError(f"floor loaded {floor}, the import booked {booked} of {rows}")
        log(
            f"import {rows / done.seconds:,.0f} rows/s ({done.seconds:.1f} s), "
            f"floor {rows / floor.seconds:,.0f} rows/s ({floor.seconds:.1f} s)"
        )
    return url, {"import_rows": rows, "import_seconds": imports, "import_floor_seconds": floors}


def table_rows(figures: list[dict]) -> list[tuple[str, list[str], str]]:
    """(label, one value per backend, target) rows for bench.results' table."""
    rows = figures[0]["import_rows"]
    imports, floors, ratios = [], [], []
    for f in figures:
        seconds = statistics.median(f["import_seconds"])
        rate = rows / seconds
        ok = "ok" if rate >= TARGET_ROWS_PER_SECOND else "**missed**"
        imports.append(f"{rate:,.0f} rows/s ({seconds:.1f} s) {ok} (n={len(f['import_seconds'])})")
        floor = statistics.median(f.get("import_floor_seconds") or [float("nan")])
        floors.append(f"{rows / floor:,.0f} rows/s ({floor:.1f} s)")
        ratio = seconds / floor
        ratios.append(f"{ratio:.2f}× {'ok' if ratio <= TARGET_RATIO else '**missed**'}")
    return [
        (
            f"import of {rows:,} CSV rows (`ledger import --commit`, start-up included)",
            imports,
            f"≥ {TARGET_ROWS_PER_SECOND:,} rows/s",
        ),
        ("import floor (PostgreSQL: COPY + INSERT…SELECT; SQLite: csv + executemany)", floors, ""),
        ("ratio import / floor", ratios, f"≤ {TARGET_RATIO}×"),
    ]
