"""JSON API under /api, documented as OpenAPI 3 at /api/openapi.json (flask-smorest).

Every error answers in one shape:
``{"code": 422, "status": "Unprocessable Entity", "message": "...",
"errors": {"json": {"field": ["message", ...]}}}``.
"""

from typing import Any

from flask import Flask, request
from flask_smorest import Api
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from app.config import API_PREFIX
from app.errors import error_answer

# Werkzeug's own descriptions are English; these replace them (a description our code gave
# an error itself is kept).
HTTP_MESSAGES = {
    400: "Forespørgslen kunne ikke læses.",
    401: "Du skal logge ind eller sende et gyldigt API-token.",
    403: "Du har ikke adgang til dette.",
    404: "Adressen findes ikke.",
    405: "Metoden er ikke tilladt på denne adresse.",
    409: "Ændringen strider mod det, der allerede er gemt.",
    413: "Forespørgslen er for stor.",
    415: "Indholdstypen understøttes ikke; send JSON (application/json).",
    422: "Ugyldige data; se fejlene pr. felt.",
    429: "For mange forsøg; vent lidt og prøv igen.",
    500: "Der opstod en intern fejl; prøv igen senere.",
}


def danish_description(error: HTTPException) -> str:
    if error.description and error.description != type(error).description:
        return error.description
    return HTTP_MESSAGES.get(error.code or 500, "Forespørgslen kunne ikke udføres.")


class LedgerApi(Api):
    """JSON errors for the API; pages outside /api get the Danish error page."""

    def handle_http_exception(self, error: HTTPException) -> Any:
        if not request.path.startswith(API_PREFIX):
            if error.code is None or error.code < 400:
                return error
            return error_answer(error.code, danish_description(error))
        payload, code, headers = super().handle_http_exception(error)
        if code == 422 and "errors" in payload:
            payload["message"] = "Ugyldige data; se fejlene pr. felt."
        elif code == 400 and "errors" in payload:
            payload["message"] = "Forespørgslen kunne ikke læses (ugyldig JSON eller parameter)."
        else:
            payload["message"] = danish_description(error)
        return payload, code, headers


def _nullable_reference(_converter: object, _field: object, ret: dict, **_: object) -> dict:
    """A nested answer that may be null: `allOf: [$ref]` + `nullable`, the OpenAPI 3.0 idiom,
    so generated clients type it as the referenced model (apispec writes an `anyOf` with a
    bare nullable object first, which clients read as an untyped object)."""
    options = ret.get("anyOf")
    if options and {"type": "object", "nullable": True} in options:
        references = [option for option in options if "$ref" in option]
        if len(references) == 1 and len(options) == 2:
            del ret["anyOf"]
            ret.update(allOf=references, nullable=True)
    return {}


def _decimal_as_text(_converter: object, field: object, ret: dict, **_: object) -> dict:
    """A Decimal answered as text ("25.00", exact: hours, FTE, per cent) is documented as a
    string in decimal format, not as the number apispec assumes for every Decimal field."""
    if isinstance(field, fields.Decimal) and field.as_string and ret.get("type") == "number":
        return {"type": "string", "format": "decimal"}
    return {}


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
    api.ma_plugin.converter.add_attribute_function(_nullable_reference)
    api.ma_plugin.converter.add_attribute_function(_decimal_as_text)

    from app.api import (
        audit,
        checks,
        entries,
        exports,
        imports,
        overview,
        partners,
        plans,
        reports,
        rounds,
        sign_offs,
        staff,
        users,
        years,
    )

    modules = (
        partners,
        plans,
        entries,
        staff,
        reports,
        audit,
        years,
        rounds,
        checks,
        sign_offs,
        imports,
        exports,
        users,
        overview,
    )
    for module in modules:
        api.register_blueprint(module.blp, url_prefix=f"{API_PREFIX}{module.blp.url_prefix or ''}")
    return api
