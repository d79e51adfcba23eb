"""The production recipe as a deployer runs it (issue 12.6): `ledger db upgrade`, then
`ledger serve --production` (gunicorn, two workers) on a throwaway PostgreSQL, reached the way
a reverse proxy forwards HTTPS; a login and a report go through it. On SQLite, and with unsafe
settings, it refuses to start and says why."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import pypdf

LEDGER = str(Path(sys.executable).with_name("ledger"))
SLAGELSE = "slagelse-2017-2021"
SECRET = "p" * 40
PASSWORD = "korrekt-hest-batteri"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(url: str, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    return env | {"LEDGER_DATABASE_URL": url, "LEDGER_SECRET_KEY": SECRET, **settings}


def _ledger(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LEDGER, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def _refusal(env: dict[str, str]) -> str:
    """Start the production server expecting a refusal; its message."""
    done = _ledger(env, "serve", "--production", "--port", str(_free_port()), "--workers", "2")
    assert done.returncode != 0, done.stdout
    return done.stderr


@contextmanager
def _deployed(empty_db_url: str, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A fresh PostgreSQL database set up by the README's steps, served by two workers."""
    env = _env(empty_db_url, LEDGER_PROXY_FIX="1")
    assert "ledger db upgrade" in _refusal(env)  # an empty or old schema: not started
    for step in (
        ("db", "upgrade"),
        ("seed", "load", SLAGELSE),
        ("user", "create", "driftsadmin", "--role", "admin"),
    ):
        done = _ledger(env | {"LEDGER_PASSWORD": PASSWORD}, *step)
        assert done.returncode == 0, done.stderr
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as sink:
        server = subprocess.Popen(
            [LEDGER, "serve", "--production", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://127.0.0.1:{port}", server, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        assert server.wait(timeout=60) == 0, log.read_text()


def _wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not start:\n{log.read_text()}")


class Proxied:
    """Requests as the HTTPS proxy forwards them (X-Forwarded-Proto/-For); the session cookie
    is Secure, so it is carried by hand over the test's plain HTTP hop."""

    def __init__(self, base: str) -> None:
        self.base, self.cookie = base, ""
        self.client = httpx.Client(base_url=base, timeout=120)

    def send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        host = self.base.removeprefix("http://")
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.7",
            "Referer": f"https://{host}/login",  # CSRF checks the referrer on HTTPS
            "Cookie": self.cookie,
        }
        response = self.client.request(method, path, headers=headers, **kwargs)
        session = response.cookies.get("ledger_session")
        if session:
            self.cookie = f"ledger_session={session}"
        return response


def test_two_workers_serve_a_login_and_a_report(
    backend: str, empty_db_url: str, tmp_path: Path
) -> None:
    if backend == "sqlite":  # production is PostgreSQL only, and says so
        assert "Produktion kræver PostgreSQL" in _refusal(_env(empty_db_url))
        return
    with _deployed(empty_db_url, tmp_path) as (base, log):
        _login_and_report(base, log)


def _login_and_report(base: str, log: Path) -> None:
    browser = Proxied(base)
    page = browser.send("GET", "/login")
    assert page.status_code == 200
    assert "max-age=" in page.headers["Strict-Transport-Security"]  # ProxyFix: HTTPS seen
    cookie = page.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    form = {"username": "driftsadmin", "password": PASSWORD, "csrf_token": token.group(1)}
    logged_in = browser.send("POST", "/login", data=form)
    assert logged_in.status_code == 302, logged_in.text
    report = browser.send("GET", f"/planer/{SLAGELSE}/rapport/hent?form=slagelse&format=pdf")
    assert report.status_code == 200, report.text[:500]
    assert report.headers["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(report.content)).pages)
    assert "21.022.000" in text  # the Slagelse table's I alt
    booted = re.findall(r"Booting worker with pid: (\d+)", log.read_text())
    assert len(set(booted)) == 2, log.read_text()


def test_unsafe_settings_are_refused(empty_db_url: str) -> None:
    message = _refusal(
        _env(
            empty_db_url,
            LEDGER_SECRET_KEY="kort",
            LEDGER_COOKIE_SECURE="0",
            LEDGER_LIMITER_STORAGE_URI="memory://",
        )
    )
    assert "LEDGER_SECRET_KEY til mindst 32" in message
    assert "LEDGER_COOKIE_SECURE=0" in message
    assert "memory://" in message
