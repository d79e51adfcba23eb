"""Marshmallow fields that route money, hours and FTE through the one shared parser."""

from decimal import Decimal
from typing import Any

from marshmallow import ValidationError, fields

from app.services.amounts import MAX_KRONER, AmountError, parse_amount, parse_decimal


class Amount(fields.Field):
    """Kroner in, øre out: a string in Danish/plain form ("1.225.000,50") or whole kroner (int)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "metadata",
            {
                "description": 'Kroner: "1.225.000", "1.225.000,50", "1225000" or an integer; '
                "ASCII digits only, minus as - or U+2212. At most 100.000.000.000 kr. "
                f"(10^11) either way: |amount| ≤ {MAX_KRONER}. Floats are refused.",
                "oneOf": [
                    {"type": "string"},
                    {"type": "integer", "minimum": -MAX_KRONER, "maximum": MAX_KRONER},
                ],
                "example": "1.225.000,50",
            },
        )
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        try:
            return parse_amount(value)
        except AmountError as error:
            raise ValidationError(str(error)) from error

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value


class DanishDecimal(fields.Field):
    """Hours or FTE as "1.924", "12,5", "12.5" or an integer (the amounts' Danish rules); at most
    `places` decimals and |value| ≤ `limit`; no floats."""

    def __init__(
        self, *, limit: Decimal, places: int = 2, what: str = "Tallet", **kwargs: Any
    ) -> None:
        bound = int(limit)
        kwargs.setdefault(
            "metadata",
            {
                "description": f'Danish or plain decimal: "1.924", "12,5", "12.5" or an integer; '
                f"at most {places} decimals, at most {bound} in absolute value. Floats are "
                "refused.",
                "oneOf": [
                    {"type": "string"},
                    {"type": "integer", "minimum": -bound, "maximum": bound},
                ],
                "example": "12,5",
            },
        )
        super().__init__(**kwargs)
        self.places = places
        self.what = what
        self.limit = limit

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        try:
            return parse_decimal(value, places=self.places, what=self.what, limit=self.limit)
        except AmountError as error:
            raise ValidationError(str(error)) from error

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else str(value)
