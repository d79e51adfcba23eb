"""Errors carry their HTTP status; one set of handlers turns them into answers.

Under /api the answer is the API's one JSON error shape; anywhere else a Danish HTML page.
"""

import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.http import HTTP_STATUS_CODES

from app.config import API_PREFIX
from app.services.errors import DomainError, NotFound

log = logging.getLogger(__name__)
TOO_LARGE = "Databasen kan ikke gemme en af værdierne (fx et NUL-tegn eller et for stort tal)."


def error_payload(
    status: int, message: str, fields: dict[str, list[str]], location: str = "json"
) -> dict:
    """The API's error body: ``{"code", "status", "message", "errors": {location: fields}}``;
    `location` says where the fields were sent: "json" (the body), "query" or "path"."""
    return {
        "code": status,
        "status": HTTP_STATUS_CODES.get(status, "Error"),
        "message": message,
        "errors": {location: fields},
    }


def input_location(field: str | None, status: int) -> str:
    """Where the request sent the input an error names, as webargs names its locations.

    A query parameter's error is under "query"; an unknown id in the URL (404) or another
    error about a path parameter under "path"; everything else is about the JSON body.
    """
    if field and field in request.args:
        return "query"
    if status == 404 or (field and field in (request.view_args or {})):
        return "path"
    return "json"


def error_answer(status: int, message: str, field: str | None = None) -> ResponseReturnValue:
    """JSON under /api, an HTML page elsewhere; `field` names the input the message is about."""
    if request.path.startswith(API_PREFIX):
        fields = {field or "_schema": [message]}
        return error_payload(status, message, fields, input_location(field, status)), status
    title = "Findes ikke" if status == 404 else "Kan ikke udføres"
    return render_template("error.html", title=title, message=message), status


P = ParamSpec("P")
T = TypeVar("T")


def in_path(find: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Look up an id the URL names: not there (or not the plan's) is 404, not a field error."""
    try:
        return find(*args, **kwargs)
    except DomainError as error:
        raise NotFound(error.message, error.field) from error


def init_errors(app: Flask) -> None:
    app.register_error_handler(DomainError, _domain_error)
    app.register_error_handler(IntegrityError, _integrity_error)
    app.register_error_handler(DataError, _data_error)
    app.register_error_handler(OverflowError, _overflow)


def _domain_error(error: DomainError) -> ResponseReturnValue:
    if error.status in (401, 403, 404):
        log.warning("refused %s %s: %s", request.method, request.path, error.message)
    if request.path.startswith(API_PREFIX):
        location = input_location(error.field, error.status)
        return error_payload(error.status, error.message, error.as_fields(), location), error.status
    return error_answer(error.status, error.message)


def _integrity_error(error: IntegrityError) -> ResponseReturnValue:
    # The service checks come first; this is the database's backstop (e.g. a race).
    detail = str(error.orig).splitlines()[0] if error.orig else str(error)
    return error_answer(409, f"Databasen afviste ændringen: {detail}")


def _data_error(_error: DataError) -> ResponseReturnValue:
    # Values the database cannot hold (e.g. NUL characters in text, numbers out of range).
    return error_answer(422, TOO_LARGE)


def _overflow(_error: OverflowError) -> ResponseReturnValue:
    return error_answer(422, "Et tal er for stort.")
