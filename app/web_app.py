"""Flask application factory: settings, the security gate, API, pages, then the unit of work."""

from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import db
from app.api import init_api
from app.config import load_config
from app.errors import init_errors
from app.logs import init_logging
from app.security import init_security
from app.web import init_web


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    load_config(app, config)
    hops = int(app.config["PROXY_FIX"])
    if hops:  # the client's address (login limit) and scheme (secure cookies) from the proxy
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    init_logging(app)  # first: its request line is the last after-request hook
    init_errors(app)
    init_security(app)  # first: its gate runs before every other request hook
    init_api(app)
    init_web(app)
    db.init_app(app)  # last: its commit is the first after-request hook to run
    return app
