"""The load generator, run as its own process: N concurrent clients against one URL list.

`python -m bench.loadclient --clients 50 --requests 3000 --seconds 30 URL...` prints one JSON
object: completed requests, failures, wall seconds, requests/s and latency percentiles (ms).
Each client loops (closed loop, no think time) until the request budget or the time is spent.
"""

import argparse
import asyncio
import json
import os
import statistics
import time

import httpx


async def _client(
    http: httpx.AsyncClient,
    urls: list[str],
    start: int,
    budget: list[int],
    deadline: float,
    latencies: list[float],
    failures: list[str],
) -> None:
    index = start
    while budget[0] > 0 and time.perf_counter() < deadline:
        budget[0] -= 1
        url = urls[index % len(urls)]
        index += 7
        began = time.perf_counter()
        try:
            response = await http.get(url)
            if response.status_code != 200:
                failures.append(f"{url}: {response.status_code}")
        except httpx.HTTPError as error:
            failures.append(f"{url}: {error!r}")
        latencies.append(time.perf_counter() - began)


async def run(
    urls: list[str], clients: int, requests: int, seconds: float, token: str | None = None
) -> dict[str, object]:
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    failures: list[str] = []
    budget = [requests]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(limits=limits, timeout=30, headers=headers) as http:
        await http.get(urls[0])  # warm the first connection
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(_client(http, urls, i, budget, deadline, latencies, failures) for i in range(clients))
        )
        wall = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)
    cuts = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
    return {
        "clients": clients,
        "requests": len(ms),
        "failures": len(failures),
        "failure_samples": failures[:5],
        "seconds": wall,
        "requests_per_second": len(ms) / wall,
        "p50_ms": cuts[49],
        "p99_ms": cuts[98],
        "max_ms": ms[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    token = os.environ.get("LEDGER_BENCH_TOKEN")  # not on the command line (ps shows it)
    figures = asyncio.run(run(args.urls, args.clients, args.requests, args.seconds, token))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
