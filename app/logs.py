"""Logging: a logger per module (`logging.getLogger(__name__)`), one line per request.

Lines go to standard error under the `app` logger; with `LEDGER_LOG_JSON=1` each line is
one JSON object (python-json-logger), for a log collector. `LEDGER_LOG_LEVEL` sets the level.
"""

import logging
import time

from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter

from app.security.context import current_user

FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s"
log = logging.getLogger(__name__)


def init_logging(app: Flask) -> None:
    """Call first: Flask runs after-request hooks in reverse, so the request line is last."""
    root = logging.getLogger("app")
    handler = logging.StreamHandler()
    handler.setFormatter(
        JsonFormatter(FIELDS) if app.config["LOG_JSON"] else logging.Formatter(FIELDS)
    )
    root.handlers = [handler]
    root.setLevel(app.config["LOG_LEVEL"])
    app.before_request(_start)
    app.after_request(_request_line)


def _start() -> None:
    g.started = time.perf_counter()


def _request_line(response: Response) -> Response:
    took = time.perf_counter() - g.get("started", time.perf_counter())
    user = current_user()
    log.info(
        "%s %s %s",
        request.method,
        request.path,
        response.status_code,
        extra={
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round(took * 1000, 1),
            "user": user.username if user is not None else None,
        },
    )
    return response
