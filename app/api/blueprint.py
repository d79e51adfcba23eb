"""The API's blueprint: bounded JSON bodies, and every operation documents its error answers.

The gate (401/403/404), the parsers (400/422), the database (409), the size limit (413) and
the login limiter (429) can answer any operation, and an operation that reads a JSON body
answers 415 to a body of another type (app.api.json_body), always in the one error shape
(`app.errors.error_payload`); the OpenAPI document says so, so a generated client knows them.
"""

from http import HTTPStatus
from typing import Any

from flask_smorest import Blueprint as SmorestBlueprint

from app.api.json_body import LedgerParser

ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 422, 429)


class Blueprint(SmorestBlueprint):
    """flask-smorest's, with the bounded JSON reader and the documented error answers."""

    ARGUMENTS_PARSER = LedgerParser()

    def arguments(self, schema: Any, *args: Any, **kwargs: Any) -> Any:
        """One schema instance per operation, made here: given a class, webargs builds a new
        instance (every field bound, Danish messages set) on every request, ~0.1 ms each.
        A marshmallow schema keeps no state between loads, so one instance serves them all."""
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)

    @staticmethod
    def _prepare_response_doc(
        doc: Any, doc_info: Any, *, api: Any, spec: Any, **kwargs: Any
    ) -> Any:
        responses = doc_info.setdefault("response", {}).setdefault("responses", {})
        body = doc_info.get("arguments", {}).get("requestBody", {})
        reads_json = "application/json" in body.get("content", {})
        for status in (*ERROR_STATUSES, *((415,) if reads_json else ())):
            responses.setdefault(status, [HTTPStatus(status).name])
        return SmorestBlueprint._prepare_response_doc(doc, doc_info, api=api, spec=spec, **kwargs)
