"""JSON API under /api, documented as OpenAPI 3 at /api/openapi.json (flask-smorest).

Every error answers in one shape:
``{"code": 422, "status": "Unprocessable Entity", "message": "...",
"errors": {"json": {"field": ["message", ...]}}}``.
"""

from flask import Flask, request
from flask_smorest import Api
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException

from app.services.errors import DomainError

API_PREFIX = "/api"


class LedgerApi(Api):
    """JSON errors for the API; pages outside /api keep Flask's own error pages."""

    def handle_http_exception(self, error: HTTPException):  # type: ignore[no-untyped-def]
        if not request.path.startswith(API_PREFIX):
            return error
        payload, code, headers = super().handle_http_exception(error)
        if code == 422 and "errors" in payload:
            payload["message"] = "Ugyldige data; se fejlene pr. felt."
        elif code == 400 and "errors" in payload:
            payload["message"] = "Forespørgslen kunne ikke læses (ugyldig JSON eller parameter)."
        payload.setdefault("message", error.description or error.name)
        return payload, code, headers


def error_payload(status: int, message: str, fields: dict[str, list[str]]) -> dict:
    from werkzeug.http import HTTP_STATUS_CODES

    return {
        "code": status,
        "status": HTTP_STATUS_CODES.get(status, "Error"),
        "message": message,
        "errors": {"json": fields},
    }


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Boligsocial medfinansiering",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = LedgerApi(app)

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError):  # type: ignore[no-untyped-def]
        return error_payload(error.status, error.message, error.as_fields()), error.status

    @app.errorhandler(IntegrityError)
    def _integrity_error(error: IntegrityError):  # type: ignore[no-untyped-def]
        # The service checks come first; this is the database's backstop (e.g. a race).
        detail = str(error.orig).splitlines()[0] if error.orig else str(error)
        message = f"Databasen afviste ændringen: {detail}"
        return error_payload(409, message, {"_schema": [message]}), 409

    from app.api import entries, exports, imports, partners, plans, reports, staff

    for module in (partners, plans, entries, staff, reports, imports, exports):
        api.register_blueprint(module.blp, url_prefix=f"{API_PREFIX}{module.blp.url_prefix or ''}")
    return api
