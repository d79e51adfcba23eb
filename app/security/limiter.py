"""Login attempts per client address and per username, in a moving window (the `limits` lib).

Counted in process memory: enough for one waitress process; a multi-process deployment
would point `limits` at a shared storage (e.g. Redis) instead.
"""

from flask import Flask, current_app
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

KEY = "ledger.login_limiter"


def init_app(app: Flask) -> None:
    app.extensions[KEY] = MovingWindowRateLimiter(MemoryStorage())


def allow_login_attempt(address: str, username: str) -> bool:
    """Count one attempt; False once either the address or the username is over the limit."""
    limiter: MovingWindowRateLimiter = current_app.extensions[KEY]
    item = parse(current_app.config["LOGIN_RATE_LIMIT"])
    by_address = limiter.hit(item, "login-address", address or "-")
    by_user = limiter.hit(item, "login-user", (username or "").strip().lower()[:100])
    return by_address and by_user
