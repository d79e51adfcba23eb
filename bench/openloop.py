"""An open-loop, constant-rate HTTP load client (wrk2-style), run as its own process.

    python -m bench.openloop --rate 400 --seconds 10 URL...

Request i is due at start + i / rate, whatever happened to the requests before it: a
dispatcher puts each one on a queue at its time, and a pool of connections takes them off.
Latency counts from the **scheduled** time, not from the moment a connection was free to send
it, so a server that stalls is charged for every request that queued behind the stall (a
closed-loop client, or wrk, would send fewer requests and hide that wait: "coordinated
omission"). Prints one JSON object: scheduled, completed and failed requests, the offered and
achieved rate, and latency percentiles (ms).

HTTP/1.1 over asyncio streams (no client library, far less CPU per request than httpx); a response
with `Connection: close` (gunicorn's sync workers) closes the connection, and the next
request on that slot opens a new one. The token comes from LEDGER_BENCH_TOKEN (not argv).
"""

import argparse
import asyncio
import json
import os
import statistics
from dataclasses import dataclass
from urllib.parse import urlsplit

START_DELAY = 0.05  # s between starting the client and the first scheduled request
DRAIN_SECONDS = 30.0  # how long requests still queued or in flight may take at the end


@dataclass(frozen=True)
class Sample:
    scheduled: float  # loop time the request was due
    sent: float  # loop time a connection started sending it
    done: float  # loop time its response was read (or it failed)
    ok: bool

    @property
    def latency(self) -> float:
        """From the scheduled time: queueing in the client counts."""
        return self.done - self.scheduled


class _Connection:
    """One keep-alive slot: reopened whenever the server closes it."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def get(self, request: bytes) -> int:
        """Send one request, read the whole response; the status code."""
        fresh = self.streams is None
        try:
            return await self._exchange(request)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            if fresh:
                raise
            return await self._exchange(request)  # an idle keep-alive closed by the server

    async def _exchange(self, request: bytes) -> int:
        if self.streams is None:
            self.streams = await asyncio.open_connection(self.host, self.port)
        reader, writer = self.streams
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


def _request(url: str, token: str | None) -> bytes:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {path or '/'} HTTP/1.1", f"Host: {parts.netloc}", "Accept: */*"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def measure(
    urls: list[str],
    rate: float,
    seconds: float,
    *,
    token: str | None = None,
    connections: int = 256,
) -> list[Sample]:
    """Schedule rate × seconds requests over `urls` (cycled, stride 7, like wrk.lua); one Sample
    per scheduled request."""
    first = urlsplit(urls[0])
    host, port = first.hostname or "127.0.0.1", first.port or 80
    requests = [_request(u, token) for u in urls]
    total = int(rate * seconds)
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[int, float] | None] = asyncio.Queue()
    samples: list[Sample] = []

    async def worker() -> None:
        slot = _Connection(host, port)
        while (job := await queue.get()) is not None:
            index, due = job
            sent = loop.time()
            try:
                ok = await slot.get(requests[index * 7 % len(requests)]) == 200
            except (OSError, asyncio.IncompleteReadError, ValueError):
                slot.close()
                ok = False
            samples.append(Sample(due, sent, loop.time(), ok))
        slot.close()

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    start = loop.time() + START_DELAY
    for index in range(total):
        due = start + index / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((index, due))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.wait_for(asyncio.gather(*workers), DRAIN_SECONDS + seconds)
    return samples


def summary(samples: list[Sample], rate: float, seconds: float) -> dict[str, object]:
    """The figures of one run (the same keys as bench.loadclient / bench.wrkclient, plus the
    offered rate and the scheduled count)."""
    ms = sorted(s.latency * 1000 for s in samples)
    cuts = statistics.quantiles(ms, n=100) if len(ms) > 1 else ms * 99
    span = max(s.done for s in samples) - min(s.scheduled for s in samples) if samples else 0.0
    return {
        "generator": "openloop",
        "offered_rate": rate,
        "scheduled": int(rate * seconds),
        "requests": len(samples),
        "failures": sum(not s.ok for s in samples),
        "failure_samples": [],
        "seconds": span,
        "requests_per_second": len(samples) / span if span else 0.0,
        "p50_ms": cuts[49],
        "p99_ms": cuts[98],
        "max_ms": ms[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--rate", type=float, required=True, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=256)
    args = parser.parse_args()
    token = os.environ.get("LEDGER_BENCH_TOKEN")
    samples = asyncio.run(
        measure(args.urls, args.rate, args.seconds, token=token, connections=args.connections)
    )
    print(json.dumps(summary(samples, args.rate, args.seconds)))


if __name__ == "__main__":
    main()
