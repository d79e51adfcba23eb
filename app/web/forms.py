"""Form helpers for pages: read fields, collect a message per field, keep the user's input.

Pages validate nothing themselves beyond turning text into numbers (through the one amount
parser); the rules live in app.services and arrive here as DomainError(message, field).
"""

from collections.abc import Mapping
from decimal import Decimal

from app.services.amounts import AmountError, parse_amount, parse_decimal
from app.services.errors import DomainError


class FormErrors(dict[str, str]):
    """field name → Danish message; empty means the form is valid."""

    def add(self, field: str | None, message: str) -> None:
        self.setdefault(field or "_form", message)

    def add_domain(self, error: DomainError) -> None:
        self.add(error.field, error.message)


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
    form: Mapping[str, str], name: str, errors: FormErrors, *, what: str
) -> Decimal | None:
    raw = (form.get(name) or "").strip()
    if not raw:
        errors.add(name, f"{what} mangler.")
        return None
    try:
        return parse_decimal(raw, places=2, what=what)
    except AmountError as error:
        errors.add(name, str(error))
        return None


def int_field(form: Mapping[str, str], name: str, errors: FormErrors, *, what: str) -> int | None:
    raw = (form.get(name) or "").strip()
    if not raw.lstrip("-").isdigit():
        errors.add(name, f"{what} skal være et helt tal." if raw else f"{what} mangler.")
        return None
    return int(raw)
