"""JSON API under /api, documented as OpenAPI 3 at /api/openapi.json (flask-smorest).

Every error answers in one shape:
``{"code": 422, "status": "Unprocessable Entity", "message": "...",
"errors": {"json": {"field": ["message", ...]}}}``.
"""

from flask import Flask, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from app.config import API_PREFIX


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


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="Boligsocial medfinansiering",
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={"security": [{"bearerAuth": []}]},
    )
    api = LedgerApi(app)
    # Personal tokens: `ledger token create USER`; sent as "Authorization: Bearer lgr_...".
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})

    from app.api import audit, entries, exports, imports, partners, plans, reports, staff, years

    for module in (partners, plans, entries, staff, reports, audit, years, imports, exports):
        api.register_blueprint(module.blp, url_prefix=f"{API_PREFIX}{module.blp.url_prefix or ''}")
    return api
