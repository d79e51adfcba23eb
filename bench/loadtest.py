"""The API under load: gunicorn serving `app:create_app()` on 127.0.0.1, hit from a second
process by `wrk` (bench.wrkclient, bounded by a duration) when it is installed, else by the
Python `bench.loadclient` (50 clients, bounded by a request count and a time)."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx  # noqa: F401  (fail early when the bench extra is not installed)

from bench import wrkclient

ROOT = Path(__file__).resolve().parent.parent
# Measured with bench.hello on this 2-core machine (see bench/RESULTS.md): gthread workers
# (2 × 4 threads) gave a p99 of ~250 ms against ~65 ms for sync workers, so sync it is.
WORKER_CLASS = "sync"
THREADS = 1


GENERATORS = ("auto", "wrk", "httpx")
WRK_SECONDS = 10.0


def load_generator(choice: str = "auto") -> str:
    """`wrk` when asked for or installed (auto), else the Python httpx client."""
    if choice == "wrk" and not wrkclient.available():
        raise RuntimeError("wrk is not installed (apt-get install wrk, see system-packages.txt)")
    if choice == "auto":
        return "wrk" if wrkclient.available() else "httpx"
    return choice


def default_workers() -> int:
    """2 × cores + 1 (gunicorn's advice): a worker waiting on the database leaves the core."""
    return 2 * (os.cpu_count() or 1) + 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(
    url: str, server: subprocess.Popen, headers: dict[str, str], seconds: float = 60
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            request = urllib.request.Request(url, headers=headers)
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError:
            raise
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s")


@contextmanager
def serve(
    url: str | None,
    *,
    workers: int,
    worker_class: str = WORKER_CLASS,
    threads: int = THREADS,
    app_spec: str = "app:create_app()",
    warm_path: str = "/",
    token: str | None = None,
) -> Iterator[str]:
    """gunicorn serving `app_spec` on a free loopback port while the block runs; yields the
    base URL (http://127.0.0.1:PORT) once `warm_path` answers 200 in every worker."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {"LEDGER_DATABASE_URL": url or "", "LEDGER_SECRET_KEY": "bench-only"}
    with tempfile.TemporaryFile() as log:  # a pipe nobody reads would fill and block
        server = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                worker_class,
                "--threads",
                str(threads),
                "--backlog",
                "2048",
                "--log-level",
                "warning",
                app_spec,
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        try:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            _wait_until_up(base + warm_path, server, headers)
            for _ in range(workers * 4):  # each worker opens its pool and loads its imports
                request = urllib.request.Request(base + warm_path, headers=headers)
                urllib.request.urlopen(request, timeout=30).read()
            yield base
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@dataclass(frozen=True)
class ClosedLoad:
    """How a closed-loop round loads the server: `generator` "wrk" (rounds of `wrk_seconds`)
    or "httpx" (`requests` at most, `seconds` at most), `clients` connections."""

    clients: int
    requests: int
    seconds: float
    token: str | None
    generator: str
    wrk_seconds: float


def closed_loop(urls: list[str], load: ClosedLoad) -> dict[str, object]:
    """One closed-loop round: wrk (bounded by `wrk_seconds`) or the httpx client."""
    if load.generator == "wrk":
        return wrkclient.run(urls, load.clients, load.wrk_seconds, load.token)
    return _round(urls, load.clients, load.requests, load.seconds, load.token)


def run(
    url: str | None,
    plan_slugs: list[str],
    *,
    workers: int,
    worker_class: str = WORKER_CLASS,
    threads: int = THREADS,
    clients: int,
    requests: int,
    seconds: float,
    paths: dict[str, str],
    rounds: int,
    token: str | None = None,
    app_spec: str = "app:create_app()",
    generator: str = "httpx",
    wrk_seconds: float = WRK_SECONDS,
) -> dict[str, list[dict[str, object]]]:
    """Start gunicorn, run the load client `rounds` times per path, stop gunicorn.

    `paths` maps a name to a path template with `{slug}`, e.g.
    ``/api/plans/{slug}/reports/cofinancing?format=json``; the result maps each name to its
    rounds' figures. `generator` is "wrk" (rounds of `wrk_seconds`) or "httpx".
    """
    first = next(iter(paths.values())).format(slug=plan_slugs[0])
    with serve(
        url,
        workers=workers,
        worker_class=worker_class,
        threads=threads,
        app_spec=app_spec,
        warm_path=first,
        token=token,
    ) as base:
        load = ClosedLoad(clients, requests, seconds, token, generator, wrk_seconds)
        return closed_rounds(base, plan_slugs, paths, rounds, load)


def closed_rounds(
    base: str,
    plan_slugs: list[str],
    paths: dict[str, str],
    rounds: int,
    load: ClosedLoad,
    log: Callable[[str], object] | None = None,
) -> dict[str, list[dict[str, object]]]:
    """`rounds` closed-loop rounds per path template (`{slug}` over the plans) on a running
    server at `base`: the figures of each name, one dict per round."""
    figures: dict[str, list[dict[str, object]]] = {}
    for name, template in paths.items():
        if log is not None:
            log(f"closed loop, {name}: {rounds} rounds, {load.clients} clients ({load.generator})")
        urls = [base + template.format(slug=slug) for slug in plan_slugs]
        figures[name] = [closed_loop(urls, load) for _ in range(rounds)]
    return figures


def _round(
    urls: list[str], clients: int, requests: int, seconds: float, token: str | None
) -> dict[str, object]:
    env = os.environ | ({"LEDGER_BENCH_TOKEN": token} if token else {})
    client = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.loadclient",
            "--clients",
            str(clients),
            "--requests",
            str(requests),
            "--seconds",
            str(seconds),
            *urls,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(client.stdout) | {"generator": "httpx"}
