"""On a tiny generated dataset, the overview's service and the raw-SQL floor give the same
sums and the page answers for a fund user — the benchmark compares like with like (its
timings are never asserted, and the large benchmark is not run by the tests)."""

from app.db import make_session_factory
from app.services.imports import import_entries
from bench import build, dataset, overview_bench

SEED = 13


def test_overview_service_floor_and_page_agree(db, engine, db_url, tmp_path) -> None:
    plans = dataset.specs(SEED, 3)
    build.book_structure(db, SEED, plans)
    path = tmp_path / "lines.csv"
    build.write_csv(path, SEED, plans, 400)
    assert import_entries(db, path.read_bytes(), fmt="csv", commit=True).ok
    db.commit()
    sessions = make_session_factory(engine)
    raw = overview_bench.raw(engine)
    assert len(raw) == 3 and all(budget for budget, _, _ in raw.values())
    assert overview_bench.service(sessions) == raw
    client = overview_bench.page_client(db_url, sessions)
    assert overview_bench.page(client) > 10_000
