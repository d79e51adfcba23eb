"""Server-rendered pages (Danish labels) over the same services as the JSON API.

Every page form is CSRF-protected (Flask-WTF). The JSON API under /api is not checked
for the cookie-bound CSRF token because it is not driven by a browser session.
Errors (DomainError etc.) become Danish error pages through app.errors.
"""

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect

from app.config import API_PREFIX
from app.web import (
    entries,
    explanations,
    filters,
    grid,
    imports,
    municipality,
    overview,
    pages,
    plan_edits,
    plans,
    report,
    revisions,
    rounds,
    staff,
    users,
    year_end,
)

csrf = CSRFProtect()
PAGE_BLUEPRINTS = (
    pages.bp,
    plans.bp,
    plan_edits.bp,
    grid.bp,
    entries.bp,
    staff.bp,
    report.bp,
    explanations.bp,
    year_end.bp,
    revisions.bp,
    rounds.bp,
    imports.bp,
    users.bp,
    overview.bp,
    municipality.bp,
)


def init_web(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    csrf.init_app(app)

    @app.before_request
    def _csrf_for_pages() -> None:
        if not request.path.startswith(API_PREFIX):
            csrf.protect()

    filters.register(app)
    for blueprint in PAGE_BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_error_handler(CSRFError, _csrf_error_page)


def _csrf_error_page(error: CSRFError) -> ResponseReturnValue:
    message = "Formularen er udløbet eller mangler sit sikkerhedsfelt (CSRF). Hent siden igen."
    return render_template("error.html", title="Afvist", message=message), 400
