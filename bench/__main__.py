"""`python -m bench [--scale 10k|100k|1m|10m] [--quick]`: the national-scale benchmark in one run.

For each backend (SQLite file, throwaway PostgreSQL): build the plans through the services,
import the generated CSV with `ledger import --commit` (rows/s), book corrections, then time
the co-financing report for one plan and for all plans (service layer vs raw SQL GROUP BY vs
bean-query over the same entries), and the JSON report endpoint under gunicorn with 50
concurrent clients. Prints the table and rewrites this scale's block in bench/RESULTS.md.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from app import migrate
from app.db import make_engine, make_session_factory
from app.models import Entry, MasterPlan
from bench import (
    api_bench,
    beancount_ledger,
    build,
    bulk_load,
    dataset,
    explain,
    import_bench,
    loadtest,
    measure,
    overview_bench,
    results,
)

ROOT = Path(__file__).resolve().parent.parent
SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Backend:
    """Makes databases on one backend: a migrated structure DB, then copies of it."""

    def __init__(self, name: str, workdir: Path) -> None:
        self.name = name
        self.workdir = workdir
        self.pg = None
        if name == "postgresql":
            from tests import pg_server

            self.pg = pg_server.start()

    def url(self, db: str) -> str:
        if self.pg is None:
            return f"sqlite:///{self.workdir / f'{db}.sqlite'}"
        return self.pg.url(db)

    def create(self, db: str, template: str | None = None) -> str:
        if self.pg is None:
            path = self.workdir / f"{db}.sqlite"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            if template:
                shutil.copyfile(self.workdir / f"{template}.sqlite", path)
            return self.url(db)
        admin = create_engine(self.pg.url("postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"))
            suffix = f" TEMPLATE {template}" if template else ""
            conn.execute(text(f"CREATE DATABASE {db}{suffix}"))
        admin.dispose()
        return self.url(db)

    def analyze(self, url: str) -> None:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            # PostgreSQL: VACUUM sets the visibility map so the covering index is used alone,
            # as autovacuum would after a big import.
            conn.execute(text("VACUUM ANALYZE" if self.pg is not None else "ANALYZE"))
        engine.dispose()

    def stop(self) -> None:
        if self.pg is not None:
            self.pg.stop()


def run_backend(args: argparse.Namespace, backend: Backend, csv_path: Path, rows: int) -> dict:
    plans = dataset.specs(args.seed, args.plans)
    figures: dict = {"backend": backend.name}
    _log(f"{backend.name}: plans, partners, activities, frikøb through the services")
    structure = backend.create("bench_structure")
    migrate.upgrade(structure)
    engine = make_engine(structure)
    with make_session_factory(engine)() as db:
        build.book_structure(db, args.seed, plans)
    engine.dispose()

    if args.import_reps:
        url, imported = import_bench.run(
            lambda db: backend.create(db, template="bench_structure"),
            csv_path,
            rows,
            args.import_reps,
            lambda message: _log(f"{backend.name}: {message}"),
        )
        figures |= imported
    else:  # 10 M: the lines by the bulk path; the import is measured at 1 M
        url = backend.create("bench_ledger", template="bench_structure")
        _log(f"{backend.name}: bulk load of {rows:,} rows (bench.bulk_load)")
        figures["bulk_load_seconds"] = bulk_load.load(url, csv_path)
        _log(f"{backend.name}: loaded in {figures['bulk_load_seconds']:.0f} s")
    if args.only == "import":
        return figures

    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as db:
        figures["corrections"] = build.book_corrections(db)
        token = build.api_token(db)
        figures["entries"] = int(db.scalar(select(func.count()).select_from(Entry)) or 0)
        big_slug, big_id, big_count = measure.largest_plan(db)
        slugs = list(db.scalars(select(MasterPlan.slug).order_by(MasterPlan.id)))
    backend.analyze(url)
    if args.only == "api":
        return figures | _api(args, backend, url, slugs, token)
    figures["one_plan"] = {"slug": big_slug, "entries": big_count}
    kind = "budget"
    reps = args.reps

    _log(f"{backend.name}: report timings ({reps} repetitions each)")
    t, project = measure.timed(lambda: measure.project_one(sessions, big_slug, kind=kind), reps)
    figures["project_one"] = t.seconds
    t, raw = measure.timed(lambda: measure.raw_one(engine, big_id, kind), reps)
    figures["raw_one"] = t.seconds
    measure.check_equal("report, one plan", raw, project)
    t, raw_sums = measure.timed(lambda: measure.raw_one(engine, big_id, kind, True), reps)
    figures["raw_one_sums"] = t.seconds
    measure.check_equal("report, one plan (floor over entry_sums)", raw_sums, project)
    t, _ = measure.timed(
        lambda: measure.project_one(
            sessions, big_slug, form="partners", kind=kind, by_focus_area=True
        ),
        reps,
    )
    figures["project_one_focus"] = t.seconds
    t, project_all = measure.timed(lambda: measure.project_all(sessions, kind), reps)
    figures["project_all"] = t.seconds
    figures["explain"] = explain.report_plans(engine, big_id, kind)
    t, raw_all = measure.timed(lambda: measure.raw_all(engine, kind), reps)
    figures["raw_all"] = t.seconds
    measure.check_equal("report, all plans", raw_all, project_all)
    t, raw_all_sums = measure.timed(lambda: measure.raw_all(engine, kind, True), reps)
    figures["raw_all_sums"] = t.seconds
    measure.check_equal("report, all plans (floor over entry_sums)", raw_all_sums, project_all)
    _log(f"{backend.name}: the fund's overview ({reps} repetitions each)")
    t, overview_raw = measure.timed(lambda: overview_bench.raw(engine), reps)
    figures["overview_raw"] = t.seconds
    t, overview_raw_sums = measure.timed(lambda: overview_bench.raw(engine, sums=True), reps)
    figures["overview_raw_sums"] = t.seconds
    measure.check_equal("overview (floor over entry_sums)", overview_raw, overview_raw_sums)
    t, overview_service = measure.timed(lambda: overview_bench.service(sessions), reps)
    figures["overview_service"] = t.seconds
    measure.check_equal("overview, all plans", overview_raw, overview_service)
    client = overview_bench.page_client(url, sessions)
    t, _ = measure.timed(lambda: overview_bench.page(client), reps)
    figures["overview_page"] = t.seconds
    figures["sums"] = {"one": raw, "all": raw_all}
    figures["municipalities"] = measure.municipalities(sessions)
    figures["url"] = url
    figures["big_id"] = big_id
    engine.dispose()

    if not args.no_api:
        figures |= _api(args, backend, url, slugs, token)
    return figures


def _api(
    args: argparse.Namespace, backend: Backend, url: str, slugs: list[str], token: str | None
) -> dict:
    return api_bench.run(
        url,
        slugs,
        token=token,
        workers=args.workers,
        clients=args.clients,
        rounds=args.reps,
        generator=args.generator,
        wrk_seconds=args.wrk_seconds,
        requests=args.requests,
        seconds=args.seconds,
        log=lambda message: _log(f"{backend.name}: API {message}"),
    )


def run_beancount(args: argparse.Namespace, workdir: Path, all_figures: list[dict]) -> dict:
    """One ledger written from the first backend's database; sums checked against each."""
    first = all_figures[0]
    path = workdir / f"ledger-{args.scale}.beancount"
    engine = make_engine(first["url"])
    _log("beancount: writing the ledger from the database")
    count = beancount_ledger.write_ledger(engine, path)
    engine.dispose()
    _log(f"beancount: loading {count:,} transactions")
    ledger = beancount_ledger.load(path)
    _log(f"beancount: loaded in {ledger.seconds:.1f} s; queries ({args.reps} repetitions)")
    municipalities = first["municipalities"]
    kind = "budget"
    one, sums_one = measure.timed(
        lambda: beancount_ledger.memo_sums(ledger, kind, municipalities, first["big_id"]),
        args.reps,
    )
    every, sums_all = measure.timed(
        lambda: beancount_ledger.memo_sums(ledger, kind, municipalities), args.reps
    )
    measure.check_equal("bean-query, one plan", first["sums"]["one"], sums_one)
    measure.check_equal("bean-query, all plans", first["sums"]["all"], sums_all)
    return {
        "transactions": count,
        "load": ledger.seconds,
        "one": one.seconds,
        "all": every.seconds,
        "sums": sums_all,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="100k")
    parser.add_argument("--quick", action="store_true", help="10 k lines, 2 repetitions")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--import-reps", type=int, default=None, help="default: 5 (1 at 1m)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--plans", type=int, default=150)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000, help="per load round")
    parser.add_argument("--seconds", type=float, default=30.0, help="cap per load round")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument(
        "--load-generator",
        choices=loadtest.GENERATORS,
        default="auto",
        help="auto: wrk when installed, else the Python httpx client (bench.loadclient)",
    )
    parser.add_argument(
        "--wrk-seconds", type=float, default=loadtest.WRK_SECONDS, help="per wrk round"
    )
    parser.add_argument(
        "--only",
        choices=["import", "api"],
        help="import: only the import and its floor (13.1); api: the import, then the API (13.3)",
    )
    parser.add_argument("--no-api", action="store_true")
    parser.add_argument("--no-beancount", action="store_true")
    parser.add_argument("--beancount", action="store_true", help="also at 10m (off by default)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    args.lines = SCALES[args.scale]
    if args.quick:
        args.lines, args.reps, args.requests, args.seconds = 10_000, 2, 500, 10.0
        args.scale = "quick"
    if args.import_reps is None:
        args.import_reps = 1 if args.lines >= 1_000_000 else args.reps
        if args.lines >= 10_000_000:  # `ledger import` reads a file whole: measured at 1 M
            args.import_reps = 0
    if args.lines >= 10_000_000 and not args.beancount:
        args.no_beancount = True  # its ledger load alone would take ~15 min and gigabytes
    args.generator = loadtest.load_generator(args.load_generator)
    if args.workers is None:
        args.workers = loadtest.default_workers()
    return args


def main() -> None:
    args = parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    csv_path = args.workdir / f"entries-{args.scale}.csv"
    _log(f"writing {args.lines:,} lines for {args.plans} plans to {csv_path}")
    rows = build.write_csv(csv_path, args.seed, dataset.specs(args.seed, args.plans), args.lines)
    all_figures: list[dict] = []
    bean = None
    for name in args.backends.split(","):
        backend = Backend(name.strip(), args.workdir)
        try:
            all_figures.append(run_backend(args, backend, csv_path, rows))
            if not (args.no_beancount or args.only) and len(all_figures) == 1:
                bean = run_beancount(args, args.workdir, all_figures)
        finally:
            backend.stop()
    for figures in all_figures[1:] if not args.only else []:  # the same entries everywhere
        measure.check_equal(
            f"{figures['backend']} vs first", all_figures[0]["sums"]["all"], figures["sums"]["all"]
        )
    table = results.table(args, all_figures, bean)
    print(table)
    results.write(args, table, all_figures, bean)
    _log(f"wrote {args.results}")


if __name__ == "__main__":
    main()
