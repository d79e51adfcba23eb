"""Form helpers for pages: read fields, collect a message per field, keep the user's input.

Pages validate nothing themselves beyond turning text into numbers (through the one amount
parser); the rules live in app.services and arrive here as DomainError(message, field).
"""

from collections.abc import Callable, Mapping
from decimal import Decimal

from flask import request
from flask.typing import ResponseReturnValue

from app.db import get_db
from app.services.amounts import AmountError, parse_amount, parse_decimal, parse_id
from app.services.errors import DomainError
from app.services.text import control_error


class FormErrors(dict[str, str]):
    """field name → Danish message; empty means the form is valid."""

    def add(self, field: str | None, message: str) -> None:
        self.setdefault(field or "_form", message)

    def add_domain(self, error: DomainError) -> None:
        self.add(error.field, error.message)


def form_page(
    render: Callable[[FormErrors], str],
    save: Callable[[], ResponseReturnValue],
    errors: FormErrors | None = None,
) -> ResponseReturnValue:
    """The one shape of a page with a form: GET shows it; POST runs `save` and answers with
    what it returns (a redirect), or shows the page again with the messages and 422.

    `errors` holds what the view found while reading the fields, and any field with a control
    character (app.services.text); `save` does not run then.
    `save` runs in a savepoint, so a refusal undoes its changes and the page is drawn from
    the stored state; the 422 then rolls the request back (app.db).
    """
    errors = errors if errors is not None else FormErrors()
    if request.method == "POST":
        for name, value in request.form.items(multi=True):
            if message := control_error(value):
                errors.add(name, message)
    if request.method == "POST" and not errors:
        try:
            with get_db().begin_nested():
                return save()
        except DomainError as error:
            errors.add_domain(error)
    return render(errors), (422 if errors else 200)


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


def int_field(form: Mapping[str, str], name: str, errors: FormErrors, *, what: str) -> int | None:
    raw = (form.get(name) or "").strip()
    value = parse_id(raw)
    if value is None:
        errors.add(
            name, f"{what} skal være et helt tal (cifrene 0–9)." if raw else f"{what} mangler."
        )
    return value
