"""The login limit counts failures, per (user, address) and per address, in a storage every
worker shares (issues 12.4 and 18.9)."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.security.users import PASSWORD, login, make_user

LEDGER = str(Path(sys.executable).with_name("ledger"))


def _from(app, address: str):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_successful_logins_do_not_count(app) -> None:
    make_user(app, "fund", username="kontor")
    for _ in range(15):  # one office address, many logins in a minute
        assert login(_from(app, "10.0.0.1"), "kontor").status_code == 302


def test_failures_elsewhere_do_not_lock_a_user_out(app) -> None:
    make_user(app, "fund", username="fond")
    attacker = _from(app, "203.0.113.66")
    for _ in range(10):
        assert login(attacker, "fond", "forkert-kode").status_code == 200
    refused = login(attacker, "fond", PASSWORD)
    assert refused.status_code == 429  # the 11th attempt from that address: refused
    assert "For mange loginforsøg" in refused.get_data(as_text=True)
    assert login(_from(app, "10.0.0.2"), "fond").status_code == 302  # the user, at the office


def test_one_address_is_capped_over_all_usernames(app) -> None:
    app.config["LOGIN_ADDRESS_LIMIT"] = "5 per minute"
    make_user(app, "fund", username="offer")
    sweeper = _from(app, "203.0.113.7")
    for n in range(5):
        assert login(sweeper, f"bruger{n}", "forkert-kode").status_code == 200
    assert login(sweeper, "offer").status_code == 429
    assert login(_from(app, "10.0.0.3"), "offer").status_code == 302


def test_a_limits_storage_uri_is_used_when_configured(db_url: str) -> None:
    from app import create_app

    app = create_app({"DATABASE_URL": db_url, "TESTING": True,
                      "LIMITER_STORAGE_URI": "memory://"})  # fmt: skip
    make_user(app, "fund", username="fond")
    attacker = _from(app, "203.0.113.66")
    for _ in range(10):
        assert login(attacker, "fond", "forkert-kode").status_code == 200
    assert login(attacker, "fond").status_code == 429
    assert login(_from(app, "10.0.0.2"), "fond").status_code == 302
    with app.extensions["ledger.sessions"]() as db:  # nothing counted in the database
        assert db.execute(__import__("sqlalchemy").text(
            "SELECT count(*) FROM login_failures")).scalar() == 0  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def two_workers(app, db_url: str) -> Iterator[list[str]]:
    """Two separate server processes (`ledger serve`) on the test's database."""
    make_user(app, "fund", username="fond")
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url, "LEDGER_SECRET_KEY": "to-processer",
           "LEDGER_COOKIE_SECURE": "0"}  # fmt: skip
    urls, processes = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(subprocess.Popen(
            [LEDGER, "serve", "--host", "127.0.0.1", "--port", str(port)], env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        ))  # fmt: skip
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            _wait_for(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


def _attempt(url: str, password: str) -> int:
    with httpx.Client(base_url=url, timeout=30) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        answer = client.post("/login", data={"username": "fond", "password": password,
                                             "csrf_token": token.group(1)})  # fmt: skip
        return answer.status_code


def test_two_worker_processes_share_one_limit(two_workers: list[str]) -> None:
    for n in range(10):  # ten failures, five in each process
        assert _attempt(two_workers[n % 2], "forkert-kode") == 200
    assert _attempt(two_workers[0], PASSWORD) == 429  # the 11th attempt, in either process
    assert _attempt(two_workers[1], PASSWORD) == 429


def test_behind_a_proxy_the_forwarded_address_counts(db_url: str) -> None:
    """LEDGER_PROXY_FIX=1: the limit is per client address as the proxy forwards it."""
    from app import create_app

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "PROXY_FIX": 1})
    make_user(app, "fund", username="fond")
    attacker = _from(app, "127.0.0.1")
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.66"
    for _ in range(10):
        assert login(attacker, "fond", "forkert-kode").status_code == 200
    assert login(attacker, "fond").status_code == 429
    office = _from(app, "127.0.0.1")  # the same proxy, another client
    office.environ_base["HTTP_X_FORWARDED_FOR"] = "10.0.0.2"
    assert login(office, "fond").status_code == 302
