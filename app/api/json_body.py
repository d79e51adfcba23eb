"""JSON request bodies read with bounds, before any work: nesting depth and number size.

Python's JSON parser recurses once per nesting level (100,000 ``[`` end in RecursionError, a
500) and refuses integers of more than 4,300 digits with a ValueError (another 500). Here both
become a 400 in the API's usual error shape with a Danish message, and an integer too long to
be any sane value reaches its field as text, so that the field's own rule refuses it with its
own message (an amount: the amount bound).

The API's Blueprint (app.api.blueprint) parses with `LedgerParser`: every API module uses it.
"""

import json
from typing import Any, NoReturn

from flask import Request
from webargs import core
from webargs.flaskparser import FlaskParser, abort, is_json_request

MAX_DEPTH = 32
MAX_INT_DIGITS = 30
INVALID_JSON = "Forespørgslens JSON kan ikke læses; ret syntaksen og send den igen."
TOO_DEEP = f"JSON-data må højst være indlejret {MAX_DEPTH} niveauer."
NOT_JSON = "Indholdstypen understøttes ikke: send data som JSON med Content-Type: application/json."


class BodyError(json.JSONDecodeError):
    """A body refused before parsing finished; `msg` is the Danish message."""

    def __init__(self, message: str, doc: str) -> None:
        super().__init__(message, doc or " ", 0)


def _int_or_text(text: str) -> int | str:
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else text


def read_json(data: bytes | str) -> Any:
    """Parse a request body; raise BodyError (a JSONDecodeError) on anything refused."""
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise BodyError("Forespørgslen er ikke gyldig UTF-8.", "?") from error
    if not text.strip():
        raise json.JSONDecodeError("empty", "", 0)  # webargs: no body at all
    try:
        value = json.loads(text, parse_int=_int_or_text)
    except RecursionError as error:
        raise BodyError(TOO_DEEP, text[:1]) from error
    except ValueError as error:
        raise BodyError(INVALID_JSON, text[:1]) from error
    if _depth_over(value, MAX_DEPTH):
        raise BodyError(TOO_DEEP, text[:1])
    return value


def _depth_over(value: Any, limit: int) -> bool:
    """Iterative, so that measuring a deep value cannot recurse either."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        elif not isinstance(item, list):
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in item)
    return False


class LedgerParser(FlaskParser):
    """webargs' Flask parser with the bounded reader and Danish messages."""

    def _raw_load_json(self, req: Request) -> Any:
        if not is_json_request(req):
            if req.mimetype or req.get_data(cache=True):
                # A body the API cannot read (a form, text): say so, instead of calling
                # every field that was sent "missing".
                abort(415, messages={"json": {"_schema": [NOT_JSON]}})
            return core.missing
        return read_json(req.get_data(cache=True))

    def _handle_invalid_json_error(
        self, error: json.JSONDecodeError | UnicodeDecodeError, req: Request, *args: Any, **kw: Any
    ) -> NoReturn:
        message = error.msg if isinstance(error, BodyError) else INVALID_JSON
        abort(400, exc=error, messages={"json": {"_schema": [message]}})
