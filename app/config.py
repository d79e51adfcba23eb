"""The one configuration: defaults here, overridden by `LEDGER_*` environment variables.

`LEDGER_DATABASE_URL` becomes `DATABASE_URL`, `LEDGER_COOKIE_SECURE=0` becomes
`COOKIE_SECURE = 0`, and so on (Flask's `from_prefixed_env`; values that read as JSON are
typed). The README lists the settings. The CLI, which has no app, reads the same variables
through `database_url` and `secret_key`.
"""

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "instance" / "ledger.sqlite"
ENV_PREFIX = "LEDGER"
API_PREFIX = "/api"


class Defaults:
    """Every setting the project reads, with its default."""

    DATABASE_URL: str | None = None  # None: LEDGER_DATABASE_URL, else the SQLite file
    SECRET_KEY: str | None = None  # None: instance/secret_key, made once
    COOKIE_SECURE = True  # 0 only for plain-HTTP hosts other than localhost
    LOGIN_RATE_LIMIT = "10 per minute"  # failed logins per (username, address)
    LOGIN_ADDRESS_LIMIT = "50 per 10 minutes"  # failed logins per address, any username
    LIMITER_STORAGE_URI = "database"  # or a `limits` URI: redis://host:6379, memory://
    PROXY_FIX = 0  # behind N reverse proxies: trust N X-Forwarded-For/-Proto/-Host hops
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    JSON_SORT_KEYS = False
    LOG_JSON = False  # 1: one JSON object per log line
    LOG_LEVEL = "INFO"


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Defaults, then the environment, then what the caller (a test, a script) passes."""
    app.config.from_object(Defaults)
    app.config.from_prefixed_env(ENV_PREFIX)
    app.config.update(overrides or {})
    app.config["DATABASE_URL"] = app.config["DATABASE_URL"] or database_url()
    app.config["SECRET_KEY"] = str(app.config["SECRET_KEY"] or secret_key())


def database_url() -> str:
    """LEDGER_DATABASE_URL, e.g. postgresql+psycopg://user@host/db; else the SQLite file."""
    url = os.environ.get(f"{ENV_PREFIX}_DATABASE_URL")
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def secret_key() -> str:
    """LEDGER_SECRET_KEY, else a random key kept in instance/secret_key (made once)."""
    key = os.environ.get(f"{ENV_PREFIX}_SECRET_KEY")
    if key:
        return key
    path = DEFAULT_SQLITE_PATH.parent / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
