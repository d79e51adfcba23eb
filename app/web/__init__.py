"""Server-rendered pages (Danish labels) over the same services as the JSON API.

Every page form is CSRF-protected (Flask-WTF). The JSON API under /api is not checked
for the cookie-bound CSRF token because it is not driven by a browser session.
"""

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from app.api import API_PREFIX
from app.web import filters, imports, pages

csrf = CSRFProtect()


def init_web(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    csrf.init_app(app)

    @app.before_request
    def _csrf_for_pages() -> None:
        if not request.path.startswith(API_PREFIX):
            csrf.protect()

    filters.register(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(imports.bp)
