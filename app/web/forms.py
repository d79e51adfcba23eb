"""Page forms: read with the API's schemas, one message per field, the user's input kept.

A form is parsed by the same marshmallow schema as the JSON request (app.schemas), so both
doors apply the same rules; the ledger's rules arrive as DomainError(message, field). Only the
grids, whose fields are named by their cells, read amounts one by one (`amount_field`).
"""

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from flask import request
from flask.typing import ResponseReturnValue
from marshmallow import Schema, ValidationError, fields

from app.db import get_db
from app.services.amounts import AmountError, parse_amount, parse_decimal
from app.services.errors import DomainError
from app.services.text import control_error


class FormErrors(dict[str, str]):
    """field name → Danish message; empty means the form is valid."""

    def add(self, field: str | None, message: str) -> None:
        self.setdefault(field or "_form", message)

    def add_domain(self, error: DomainError) -> None:
        self.add(error.field, error.message)

    def add_validation(self, error: ValidationError) -> None:
        messages = error.normalized_messages()
        for field, message in messages.items():
            while isinstance(message, list | dict):  # the first message of a field or item
                message = next(iter(message.values() if isinstance(message, dict) else message))
            self.add(field, str(message))


Save = Callable[[dict[str, Any]], ResponseReturnValue]
INTEGER = re.compile(r"-?[0-9]+")


def form_page(
    render: Callable[[FormErrors], str],
    save: Save,
    errors: FormErrors | None = None,
    *,
    schema: Schema | None = None,
    extra: Mapping[str, Any] | None = None,
) -> ResponseReturnValue:
    """The one shape of a page with a form: GET shows it; POST parses the form with `schema`
    (plus `extra` values the page knows, e.g. the year shown), runs `save(data)` and answers
    with what it returns (a redirect), or shows the page again with the messages and 422.

    `errors` holds what the view found itself while reading the fields, and any field with a
    control character (app.services.text); `save` does not run then. `save` runs in a
    savepoint, so a refusal undoes its changes and the page is drawn from the stored state;
    the 422 then rolls the request back (app.db).
    """
    errors = errors if errors is not None else FormErrors()
    if request.method != "POST":
        return render(errors), 200
    for name, value in request.form.items(multi=True):
        if message := control_error(value):
            errors.add(name, message)
    data = parse_form(schema, errors, extra) if schema is not None and not errors else {}
    if not errors:
        try:
            with get_db().begin_nested():
                return save(data)
        except DomainError as error:
            errors.add_domain(error)
    return render(errors), (422 if errors else 200)


def parse_form(
    schema: Schema, errors: FormErrors, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The posted form through `schema`, as a JSON body would go.

    Text fields become what JSON would carry: a blank field is None where the schema allows
    None (a cleared field), "" for text, else left out (so a required one is missing); whole
    numbers in integer fields become ints; a repeated field becomes a list. Fields the schema
    does not know (the CSRF token, buttons) are not passed.
    """
    data: dict[str, Any] = {}
    for name, field in schema.load_fields.items():
        key = field.data_key or name
        if isinstance(field, fields.List):
            values = [v.strip() for v in request.form.getlist(key) if v.strip()]
            if values:
                data[key] = [_typed(field.inner, v) for v in values]
        elif key in request.form:
            value = request.form[key].strip()
            if value:
                data[key] = _typed(field, value)
            elif field.allow_none:
                data[key] = None  # a cleared field, e.g. the frame or CVR
            elif isinstance(field, fields.String):
                data[key] = ""  # an emptied text: its rule says why that is not allowed
    data.update(extra or {})
    try:
        return dict(schema.load(data))
    except ValidationError as error:
        errors.add_validation(error)
        return {}


def _typed(field: fields.Field, value: str) -> Any:
    return int(value) if isinstance(field, fields.Integer) and INTEGER.fullmatch(value) else value


def amount_field(
    form: Mapping[str, str], name: str, errors: FormErrors, *, required: bool = True
) -> int | None:
    """Øre from a text field via parse_amount; blank is None unless required."""
    raw = (form.get(name) or "").strip()
    if not raw:
        if required:
            errors.add(name, "Beløbet mangler.")
        return None
    try:
        return parse_amount(raw)
    except AmountError as error:
        errors.add(name, str(error))
        return None


def decimal_field(
    form: Mapping[str, str], name: str, errors: FormErrors, *, what: str, limit: Decimal
) -> Decimal | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        errors.add(name, f"{what} mangler.")
        return None
    try:
        return parse_decimal(raw, places=2, what=what, limit=limit)
    except AmountError as error:
        errors.add(name, str(error))
        return None
