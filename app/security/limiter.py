"""Failed logins, counted where every worker and machine sees them.

- Only failures count: a correct password never uses up a limit, so an office full of staff
  logging in is never refused.
- Back-off per (username, address): `LOGIN_RATE_LIMIT` failures (default 10 per minute) and
  that pair is refused (429), even with the right password, until the window has passed.
  Someone guessing from another address cannot lock the user out of their own.
- A cap per address: `LOGIN_ADDRESS_LIMIT` failures (default 50 per 10 minutes) over every
  username, so one address cannot sweep many accounts.

Storage (`LIMITER_STORAGE_URI`): `database` (the default) counts in the ledger's own database
(table `login_failures`), which every gunicorn worker and every machine already shares; a
`limits` storage URI such as `redis://host:6379` uses Redis instead (install the `redis`
extra); `memory://` counts per process (tests, a single demo process only).
"""

from datetime import UTC, datetime, timedelta

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from sqlalchemy import delete, func, insert, select

from app.db import get_db
from app.models import LoginFailure

KEY = "ledger.login_limiter"
DATABASE = "database"


def init_app(app: Flask) -> None:
    uri = app.config["LIMITER_STORAGE_URI"]
    app.extensions[KEY] = (
        None if uri == DATABASE else MovingWindowRateLimiter(storage_from_string(uri))
    )


def _keys(address: str, username: str) -> list[tuple[RateLimitItem, str]]:
    name = (username or "").strip().lower()[:100]
    pair = parse(current_app.config["LOGIN_RATE_LIMIT"])
    per_address = parse(current_app.config["LOGIN_ADDRESS_LIMIT"])
    return [(pair, f"pair:{address}|{name}"), (per_address, f"address:{address}")]


def login_refused(address: str, username: str) -> bool:
    """True while the (user, address) pair or the address is over its limit of failures."""
    limiter: MovingWindowRateLimiter | None = current_app.extensions[KEY]
    keys = _keys(address or "-", username)
    if limiter is not None:
        return not all(limiter.test(item, "login", key) for item, key in keys)
    db, now = get_db(), datetime.now(UTC)
    for item, key in keys:
        since = now - timedelta(seconds=item.get_expiry())
        count = db.scalar(
            select(func.count())
            .select_from(LoginFailure)
            .where(LoginFailure.key == key, LoginFailure.at > since)
        )
        if (count or 0) >= item.amount:
            return True
    return False


def record_failure(address: str, username: str) -> None:
    """Count one failed login for the pair and the address; drop failures older than any
    window. Database storage writes in the request's unit of work: the failed-login page
    answers 200, so the one commit keeps the count."""
    limiter: MovingWindowRateLimiter | None = current_app.extensions[KEY]
    keys = _keys(address or "-", username)
    if limiter is not None:
        for item, key in keys:
            limiter.hit(item, "login", key)
        return
    db, now = get_db(), datetime.now(UTC)
    oldest = now - timedelta(seconds=max(item.get_expiry() for item, _ in keys))
    db.execute(insert(LoginFailure), [{"key": key, "at": now} for _, key in keys])
    db.execute(delete(LoginFailure).where(LoginFailure.at < oldest))
