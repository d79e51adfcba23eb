"""The compiled load generator: Debian's `wrk` (C, epoll) in place of `bench.loadclient`.

The Python httpx client needs a whole core of this 2-core machine to drive 50 clients, so it
competes with the gunicorn workers it measures; wrk needs a small fraction of that. Runs
`wrk -t2 -cN -dS --latency -s bench/wrk.lua URL -- PATH...` on loopback, bounded by duration,
and parses requests/s and the 50 % / 99 % latency lines into the same figures as
`bench.loadclient.run` (plus `"generator": "wrk"`).
"""

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

LUA = Path(__file__).with_name("wrk.lua")
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_TIME = r"([\d.]+)(us|ms|s|m|h)"


def available() -> bool:
    return shutil.which("wrk") is not None


def to_ms(value: str, unit: str) -> float:
    """`1.23`, `ms` -> 1.23; wrk prints us, ms, s, m (minutes) and h."""
    return float(value) * _UNITS[unit]


def parse(output: str) -> dict[str, object]:
    """The figures from wrk's `--latency` report."""

    def find(pattern: str) -> re.Match[str]:
        match = re.search(pattern, output, re.M)
        if match is None:
            raise ValueError(f"wrk output without {pattern!r}:\n{output}")
        return match

    p50 = find(r"^\s+50%\s+" + _TIME + r"\s*$")
    p99 = find(r"^\s+99%\s+" + _TIME + r"\s*$")
    latency = find(r"^\s+Latency\s+" + _TIME + r"\s+" + _TIME + r"\s+" + _TIME)
    total = find(r"^\s+(\d+) requests in " + _TIME)
    rate = find(r"^Requests/sec:\s+([\d.]+)")
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    failures = int(non_2xx.group(1)) if non_2xx else 0
    failures += sum(int(x) for x in socket.groups()) if socket else 0
    return {
        "generator": "wrk",
        "requests": int(total.group(1)),
        "failures": failures,
        "failure_samples": [line.strip() for line in output.splitlines() if "rror" in line][:5]
        + ([non_2xx.group(0)] if non_2xx else []),
        "seconds": to_ms(total.group(2), total.group(3)) / 1000,
        "requests_per_second": float(rate.group(1)),
        "p50_ms": to_ms(p50.group(1), p50.group(2)),
        "p99_ms": to_ms(p99.group(1), p99.group(2)),
        "max_ms": to_ms(latency.group(5), latency.group(6)),
    }


def run(
    urls: list[str], clients: int, seconds: float, token: str | None, threads: int = 2
) -> dict[str, object]:
    """One wrk round over `urls` (same host; each connection cycles through their paths)."""
    first = urlsplit(urls[0])
    paths = [
        urlsplit(u).path + (f"?{urlsplit(u).query}" if urlsplit(u).query else "") for u in urls
    ]
    env = os.environ | ({"LEDGER_BENCH_TOKEN": token} if token else {})
    done = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{max(1, round(seconds))}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"{first.scheme}://{first.netloc}/",
            "--",
            *paths,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    )
    figures = parse(done.stdout)
    figures["clients"] = clients
    return figures
