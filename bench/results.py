"""The results table (medians beside the targets) and its block in bench/RESULTS.md."""

import argparse
import os
import platform
import re
import statistics
import subprocess
from datetime import UTC, datetime
from importlib.metadata import version

from bench import api_bench, import_bench
from bench.measure import MIN_ROUND_SECONDS

LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _ms(seconds: list[float]) -> float:
    return statistics.median(seconds) * 1000


def _fmt(value: float, unit: str = "ms") -> str:
    if unit == "ms":
        if value < 10:
            return f"{value:,.2f} ms"
        return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"
    if unit == "x":
        return f"{value:,.2f}×"
    return f"{value:,.0f}{unit}"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "**missed**"


def table(args: argparse.Namespace, figures: list[dict], bean: dict | None) -> str:
    """A Markdown table: one row per measure, one column per backend, then the target."""
    rows: list[tuple[str, list[str], str]] = []

    def add(label: str, values: list[str], target: str = "") -> None:
        rows.append((label, values, target))

    def floors(what: str, project: str, raw: str) -> None:
        """The raw-SQL floors beside a measure: over every entry, and over the running sums
        (entry_sums) the service reads (the floor of the same work)."""
        for source, key in (("the entries", raw), ("the running sums", f"{raw}_sums")):
            if not all(key in f for f in figures):
                continue
            add(f"raw SQL GROUP BY over {source}, {what}", [_fmt(_ms(f[key])) for f in figures])
            add(
                f"ratio service / raw over {source}, {what}",
                [_ratio(f[project], f[key]) for f in figures],
                "≤ 2×",
            )

    if "project_one" not in figures[0]:  # --only import / api
        only = import_bench.table_rows(figures) + api_bench.table_rows(figures, args.workers)
        return _markdown(figures, only)
    add("entries in the database", [f"{f['entries']:,}" for f in figures])
    one = figures[0]["one_plan"]
    label_one = f"report, one plan ({one['slug']}, {one['entries']:,} entries)"
    one_limit = 20 if args.lines >= 10_000_000 else 100  # ms; issue 13.4 at 10 M
    add(
        label_one,
        [
            f"{_fmt(_ms(f['project_one']))} {_verdict(_ms(f['project_one']) < one_limit)}"
            for f in figures
        ],
        f"< {one_limit} ms",
    )
    floors("one plan", "project_one", "raw_one")
    add(
        "report, one plan, per partner × indsatsområde",
        [_fmt(_ms(f["project_one_focus"])) for f in figures],
    )
    add(
        "report, all plans (one report per plan)",
        [
            f"{_fmt(_ms(f['project_all']))} {_verdict(_ms(f['project_all']) < 1000)}"
            for f in figures
        ],
        "< 1 s",
    )
    floors("all plans", "project_all", "raw_all")
    if all("overview_service" in f for f in figures):
        add(
            "fund's overview, all plans, service (rule checks included)",
            [_fmt(_ms(f["overview_service"])) for f in figures],
        )
        floors("the overview's sums", "overview_service", "overview_raw")
        add(
            "fund's overview page (/oversigt, whole)",
            [
                f"{_fmt(_ms(f['overview_page']))} {_verdict(_ms(f['overview_page']) < 300)}"
                for f in figures
            ],
            "< 300 ms",
        )
    if bean:
        add(
            f"bean-query, one plan (query only; ledger load {bean['load']:.1f} s)",
            [_fmt(_ms(bean["one"])) for _ in figures],
        )
        add(
            "ratio project / beancount, one plan",
            [_ratio(f["project_one"], bean["one"], 0.1) for f in figures],
            "≤ 0.1× (≥ 10× faster)",
        )
        add("bean-query, all plans (query only)", [_fmt(_ms(bean["all"])) for _ in figures])
        add(
            "ratio project / beancount, all plans",
            [_ratio(f["project_all"], bean["all"], 0.1) for f in figures],
            "≤ 0.1× (≥ 10× faster)",
        )
        add(
            "ratio project / beancount incl. ledger load, all plans",
            [
                _ratio(f["project_all"], [bean["load"] + statistics.median(bean["all"])], 0.1)
                for f in figures
            ],
            "≤ 0.1×",
        )
    if all("import_seconds" in f for f in figures):
        rows += import_bench.table_rows(figures)
    else:
        add(
            "bulk load of the lines (bench.bulk_load; import measured at 1m)",
            [f"{f['bulk_load_seconds']:,.0f} s" for f in figures],
        )
    rows += api_bench.table_rows(figures, args.workers)
    return _markdown(figures, rows)


def _markdown(figures: list[dict], rows: list[tuple[str, list[str], str]]) -> str:
    header = ["measure (median)", *(LABELS[f["backend"]] for f in figures), "target"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, values, target in rows:
        lines.append("| " + " | ".join([label, *values, target]) + " |")
    return "\n".join(lines)


def _ratio(project: list[float], other: list[float], limit: float = 2.0) -> str:
    value = statistics.median(project) / statistics.median(other)
    if value < 0.1:  # show the factor too, e.g. 0.004× (250× faster)
        return f"{value:.3f}× ({1 / value:,.0f}× faster) {_verdict(value <= limit)}"
    return f"{_fmt(value, 'x')} {_verdict(value <= limit)}"


def _versions() -> str:
    names = ["sqlalchemy", "flask", "gunicorn", "beancount", "beanquery", "psycopg"]
    parts = [f"Python {platform.python_version()}"]
    parts += [f"{name} {version(name)}" for name in names]
    import sqlite3

    parts.append(f"SQLite {sqlite3.sqlite_version}")
    try:
        pg = subprocess.run(["postgres", "--version"], capture_output=True, text=True).stdout
        parts.append(pg.strip().replace("postgres (PostgreSQL) ", "PostgreSQL "))
    except OSError:
        pass
    return ", ".join(parts)


def _api_rounds(args: argparse.Namespace) -> str:
    if getattr(args, "generator", "httpx") == "wrk":
        return (
            f"load generator wrk (`wrk -t2 -c{args.clients} -d{args.wrk_seconds:.0f}s "
            f"--latency`), {args.reps} rounds each, {args.workers} sync gunicorn workers"
        )
    return (
        f"load generator bench.loadclient (Python httpx), {args.reps} rounds of up to "
        f"{args.requests} requests / {args.seconds:.0f} s each, {args.workers} sync gunicorn "
        "workers"
    )


def block(args: argparse.Namespace, table_text: str, figures: list[dict], bean: dict | None) -> str:
    api = figures[0].get("api", [{}])[0]
    lines = [
        f"### Scale {args.scale}: {args.lines:,} generated lines, {args.plans} plans, "
        f"seed {args.seed}",
        "",
        f"- date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: {os.cpu_count()} cores "
        f"({platform.machine()}, {platform.system()} {platform.release()}), shared with "
        "other work",
        f"- versions: {_versions()}",
        f"- repetitions: {args.reps} per measure after one warm-up (import: {args.import_reps}), "
        f"a measure under {MIN_ROUND_SECONDS * 1000:.0f} ms the mean of a loop of calls that "
        "lasts that long (bench.measure.timed); "
        f"API: {_api_rounds(args)} ({api.get('requests', '?')} in the first round)",
        f"- command: `python -m bench --scale {args.scale}"
        + (" --quick" if args.scale == "quick" else "")
        + f" --backends {args.backends} --workers {args.workers}"
        + f" --load-generator {getattr(args, 'generator', 'httpx')}"
        + (f" --only {args.only}" if getattr(args, "only", None) else "")
        + "`",
    ]
    if bean:
        lines.append(
            f"- beancount ledger: {bean['transactions']:,} transactions; sums checked equal to "
            "the project's on every backend"
        )
    lines += ["", table_text, ""]
    for f in figures:
        for label, plan in f.get("explain", {}).items():
            lines += [
                f"`EXPLAIN (ANALYZE, BUFFERS)` of the report's statement (reports.memo_sums), "
                f"{label}, {LABELS[f['backend']]}:",
                "",
                "```",
                plan,
                "```",
                "",
            ]
    return "\n".join(lines)


def write(
    args: argparse.Namespace, table_text: str, figures: list[dict], bean: dict | None
) -> None:
    """Replace this scale's block between its markers, keep everything else in the file."""
    name = f"{args.scale}-{args.only}" if getattr(args, "only", None) else args.scale
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    new = f"{start}\n{block(args, table_text, figures, bean)}{end}"
    path = args.results
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    if pattern.search(current):
        current = pattern.sub(lambda _m: new, current)
    else:
        current = current.rstrip() + "\n\n" + new + "\n"
    path.write_text(current, encoding="utf-8")
