"""The API measured as ratios in one run (issue 13.3), on one gunicorn server and its workers:

(a) capacity: the JSON report endpoint's throughput under a closed loop (wrk, or the httpx
    client without wrk) against the minimal JSON endpoint of bench.hello served by the same
    server and workers (`bench.hello:with_ledger()`); target ≥ 80 %. Shown beside it: the same
    minimal answer through the ledger's Flask app (before the gate: Flask's own cost) and the
    smallest JSON read through Flask and the token gate (`GET /api/plans/{slug}`).
(b) latency under a constant offered load of 50 % of the report's measured capacity, by the
    open-loop client (bench.openloop, latency from each request's scheduled time); target
    p99 < 50 ms.

A closed loop of 50 clients measures its own queue (Little's law: latency ≈ clients /
throughput), which is why (b) offers a rate instead of a number of clients.
"""

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench import hello, loadtest

ROOT = Path(__file__).resolve().parent.parent
REPORT_PATH = "/api/plans/{slug}/reports/cofinancing?form=slagelse&kind=budget&format=json"
PLAN_PATH = "/api/plans/{slug}"
LOAD_SHARE = 0.5  # of the measured capacity, offered by the open-loop client
OPEN_SECONDS = 10.0
TARGET_SHARE = 0.8
TARGET_P99_MS = 50.0


def open_loop(urls: list[str], rate: float, seconds: float, token: str | None) -> dict:
    """One open-loop round in its own process (its CPU is not the bench's)."""
    env = os.environ | ({"LEDGER_BENCH_TOKEN": token} if token else {})
    done = subprocess.run(
        [sys.executable, "-m", "bench.openloop", "--rate", f"{rate:.1f}",
         "--seconds", str(seconds), *urls],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
        timeout=seconds + 120,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"bench.openloop failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def rps(rounds: list[dict]) -> float:
    return statistics.median(float(r["requests_per_second"]) for r in rounds)


def run(
    url: str,
    slugs: list[str],
    *,
    token: str | None,
    workers: int,
    clients: int,
    rounds: int,
    generator: str,
    wrk_seconds: float,
    requests: int,
    seconds: float,
    open_seconds: float = OPEN_SECONDS,
    log=print,  # type: ignore[no-untyped-def]
) -> dict[str, list[dict]]:
    """Figures per measure, each a list of rounds: api, api_hello, api_flask, api_floor,
    api_open."""
    with loadtest.serve(
        url,
        workers=workers,
        app_spec="bench.hello:with_ledger()",
        warm_path=REPORT_PATH.format(slug=slugs[0]),
        token=token,
    ) as base:
        templates = {
            "api": REPORT_PATH,
            "api_hello": hello.HELLO_PATH,
            "api_flask": hello.FLASK_HELLO_PATH,
            "api_floor": PLAN_PATH,
        }
        load = loadtest.ClosedLoad(clients, requests, seconds, token, generator, wrk_seconds)
        figures: dict[str, list[dict]] = dict(
            loadtest.closed_rounds(base, slugs, templates, rounds, load, log)
        )
        rate = LOAD_SHARE * rps(figures["api"])
        log(f"open loop, report endpoint: {rate:,.0f} requests/s for {open_seconds:.0f} s")
        report_urls = [base + REPORT_PATH.format(slug=slug) for slug in slugs]
        figures["api_open"] = [
            open_loop(report_urls, rate, open_seconds, token) for _ in range(rounds)
        ]
    for name, measured in figures.items():
        failures = sum(int(r["failures"]) for r in measured)
        if failures:
            raise RuntimeError(f"API load, {name}: {failures} failed requests, e.g. {measured}")
    return figures


def _ms(value: float) -> str:
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def table_rows(figures: list[dict], workers: int) -> list[tuple[str, list[str], str]]:
    """(label, one value per backend, target) rows for bench.results' table."""
    if not all("api_open" in f for f in figures):
        return []
    generator = figures[0]["api"][0].get("generator", "wrk")
    shares, flask_shares, floor_shares, opens = [], [], [], []
    for f in figures:
        flask_shares.append(f"{rps(f['api']) / rps(f['api_flask']):.0%}")
        share = rps(f["api"]) / rps(f["api_hello"])
        shares.append(f"{share:.0%} {'ok' if share >= TARGET_SHARE else '**missed**'}")
        floor_shares.append(f"{rps(f['api']) / rps(f['api_floor']):.0%}")
        p50 = statistics.median(float(r["p50_ms"]) for r in f["api_open"])
        p99 = statistics.median(float(r["p99_ms"]) for r in f["api_open"])
        done = sum(int(r["requests"]) for r in f["api_open"])
        due = sum(int(r["scheduled"]) for r in f["api_open"])
        verdict = "ok" if p99 < TARGET_P99_MS and done == due else "**missed**"
        opens.append(
            f"{_ms(p50)} / {_ms(p99)} {verdict} at {f['api_open'][0]['offered_rate']:,.0f}/s "
            f"({done:,} of {due:,} answered)"
        )
    per = [
        (
            f"API, closed loop ({generator}, {figures[0]['api'][0].get('clients', '?')} "
            f"connections, {workers} sync workers): report / minimal JSON / "
            "minimal JSON through Flask / GET /api/plans/{slug}, requests/s",
            [
                f"{rps(f['api']):,.0f} / {rps(f['api_hello']):,.0f} / "
                f"{rps(f['api_flask']):,.0f} / {rps(f['api_floor']):,.0f}"
                for f in figures
            ],
            "",
        ),
        ("ratio report / minimal JSON endpoint (bench.hello, same server)", shares, "≥ 80 %"),
        ("ratio report / the same JSON through the ledger's Flask app", flask_shares, ""),
        ("ratio report / GET /api/plans/{slug} (Flask + token, no report)", floor_shares, ""),
        (
            f"API, open loop at {LOAD_SHARE:.0%} of the report's capacity: p50 / p99 from "
            "the scheduled time",
            opens,
            f"p99 < {TARGET_P99_MS:.0f} ms",
        ),
    ]
    return per
