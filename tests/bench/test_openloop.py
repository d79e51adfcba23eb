"""The open-loop client against a tiny local server: it sends every scheduled request, and a
request that waited behind a stalled one is charged from its scheduled time (no timing
thresholds: the assertions follow from the accounting, not from the machine's speed)."""

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench import openloop


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.paths: list[str] = []
        self.tokens: set[str | None] = set()
        self.stall = threading.Event()
        self.stall.set()  # no stall unless a test clears it
        self.released_at = 0.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the client expects to reuse connections

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        server: _Server = self.server  # type: ignore[assignment]
        if not server.stall.is_set():
            server.stall.wait()
        server.paths.append(self.path)
        server.tokens.add(self.headers.get("Authorization"))
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving() -> Iterator[_Server]:
    server = _Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_every_scheduled_request_is_sent_over_the_urls() -> None:
    with serving() as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        urls = [f"{base}/a", f"{base}/b?x=1", f"{base}/c"]
        samples = asyncio.run(openloop.measure(urls, rate=200, seconds=0.5, token="t0k"))
    assert len(samples) == 100 == len(server.paths)
    assert all(s.ok for s in samples)
    assert set(server.paths) == {"/a", "/b?x=1", "/c"}
    assert server.tokens == {"Bearer t0k"}
    due = sorted(s.scheduled for s in samples)
    assert due == [due[0] + i / 200 for i in range(100)]  # by the clock, not by the answers
    assert all(s.scheduled <= s.sent <= s.done for s in samples)
    figures = openloop.summary(samples, 200, 0.5)
    assert figures["scheduled"] == figures["requests"] == 100 and figures["failures"] == 0


def test_latency_counts_from_the_scheduled_time_when_the_server_stalls() -> None:
    with serving() as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        server.stall.clear()

        def release() -> None:
            server.released_at = time.monotonic()
            server.stall.set()

        timer = threading.Timer(0.3, release)
        timer.start()
        # One connection: every request scheduled during the stall queues in the client.
        samples = asyncio.run(openloop.measure([f"{base}/r"], rate=100, seconds=0.5, connections=1))
        timer.join()
    assert len(samples) == 50 and all(s.ok for s in samples)
    queued = [s for s in samples if s.scheduled < server.released_at]
    assert len(queued) > 1
    for sample in queued:
        # Answered only after the stall ended, and charged for the whole wait since it was due.
        assert sample.done >= server.released_at
        assert sample.latency >= server.released_at - sample.scheduled
    waited = [s for s in queued if s.sent >= server.released_at]
    assert waited, "requests behind the stalled one were sent after it"
    # Measured from the send (coordinated omission), their latency would look small.
    assert all(s.latency > s.done - s.sent for s in waited)
    figures = openloop.summary(samples, 100, 0.5)
    assert figures["max_ms"] >= (server.released_at - min(s.scheduled for s in samples)) * 1000
