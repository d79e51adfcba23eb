"""`ledger serve --production`: gunicorn with N sync workers on PostgreSQL, behind a proxy.

The settings are checked before a worker starts, so a deployment that would lose sessions,
count logins per worker or run on an old schema stops with a Danish message instead of
starting half right. Each worker builds its own app (no preload): nothing opened in the
master, such as a database connection, is shared across the fork.
"""

import os
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from app import migrate
from app.config import ENV_PREFIX, load_config

MIN_SECRET_LENGTH = 32
# bench/RESULTS.md: sync workers gave a far better p99 than threaded ones on this service.
WORKER_CLASS = "sync"
TIMEOUT_SECONDS = 120  # the largest report (a national PDF) takes well under a minute


def default_workers() -> int:
    """2 × cores + 1 (gunicorn's advice): a worker waiting on the database leaves the core."""
    return 2 * (os.cpu_count() or 1) + 1


def production_problems(config: dict[str, Any]) -> list[str]:
    """What stands between these settings and a production server; empty when nothing."""
    problems = []
    url = str(config["DATABASE_URL"])
    if make_url(url).get_backend_name() != "postgresql":
        problems.append(
            "Produktion kræver PostgreSQL: sæt LEDGER_DATABASE_URL="
            "postgresql+psycopg://bruger@vært/database (SQLite er kun til demo)."
        )
    if len(os.environ.get(f"{ENV_PREFIX}_SECRET_KEY", "")) < MIN_SECRET_LENGTH:
        problems.append(
            f"Sæt LEDGER_SECRET_KEY til mindst {MIN_SECRET_LENGTH} tilfældige tegn, den samme "
            "på alle maskiner (fx python3 -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if not config["COOKIE_SECURE"]:
        problems.append(
            "LEDGER_COOKIE_SECURE=0 sender login-cookien over ukrypteret HTTP: "
            "kør bag en HTTPS-proxy og fjern indstillingen."
        )
    if str(config["LIMITER_STORAGE_URI"]).startswith("memory://"):
        problems.append(
            "LEDGER_LIMITER_STORAGE_URI=memory:// tæller loginforsøg i hver worker for sig: "
            "brug database (standard) eller redis://vært:6379."
        )
    if not problems:
        problems += _schema_problems(url)
    return problems


def _schema_problems(url: str) -> list[str]:
    try:
        current, head = migrate.revisions(url)
    except SQLAlchemyError as error:
        return [f"Databasen svarer ikke ({type(error).__name__}): tjek LEDGER_DATABASE_URL."]
    if current != head:
        return [
            f"Databasen er på version {current or 'tom'}, koden kræver {head}: tag en "
            "sikkerhedskopi (ledger backup) og kør ledger db upgrade først."
        ]
    return []


def settings() -> dict[str, Any]:
    """The app's settings as the workers will read them (defaults, then LEDGER_*)."""
    probe = Flask(__name__)
    load_config(probe)
    return dict(probe.config)


class ProductionServer(BaseApplication):
    """gunicorn's documented way to embed it: options in, one app per worker out."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        from app.web_app import create_app

        return create_app()


def run(host: str, port: int, workers: int) -> None:
    """Serve until stopped (SIGTERM/SIGINT: gunicorn finishes the requests under way)."""
    ProductionServer(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": WORKER_CLASS,
            "timeout": TIMEOUT_SECONDS,
            "graceful_timeout": 30,
            "max_requests": 1000,  # a worker is replaced now and then: no slow growth
            "max_requests_jitter": 100,
            "accesslog": None,  # the app logs one line per request itself (app/logs.py)
            "errorlog": "-",
            "loglevel": "info",
            "proc_name": "ledger",
        }
    ).run()
