"""Danish messages for marshmallow, in one voice: validators, field errors and schema errors.

Every input schema derives from `DanishSchema`; its fields get the Danish messages below when
they are bound (unless a field names its own) and every text field refuses control characters;
the validators `Length`, `Range` and `OneOf` here replace marshmallow's English ones.
tests/badinput/test_danish_messages.py walks every input schema and fails on English.
"""

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from app.services.text import control_error

# Per field class, the Danish message for each key marshmallow uses (most specific first).
_FIELD_MESSAGES: list[tuple[type[fields.Field], dict[str, str]]] = [
    (fields.Boolean, {"invalid": "Skal være sand eller falsk (true/false)."}),
    (fields.Integer, {"invalid": "Skal være et helt tal."}),
    (
        fields.Number,
        {
            "invalid": "Skal være et tal.",
            "too_large": "Tallet er for stort.",
            "special": "Særlige tal (NaN, uendelig) er ikke tilladt.",
        },
    ),
    (
        fields.DateTime,
        {
            "invalid": "Skal være et tidspunkt (ISO 8601).",
            "invalid_awareness": "Tidspunktet skal have en tidszone.",
            "format": "Tidspunktet kan ikke skrives i det ønskede format.",
        },
    ),
    (
        fields.Date,
        {
            "invalid": "Skal være en dato (ÅÅÅÅ-MM-DD).",
            "invalid_awareness": "Skal være en dato (ÅÅÅÅ-MM-DD).",
            "format": "Datoen kan ikke skrives i det ønskede format.",
        },
    ),
    (fields.Email, {"invalid": "Skal være en gyldig e-mailadresse."}),
    (fields.Url, {"invalid": "Skal være en gyldig webadresse."}),
    (
        fields.String,
        {"invalid": "Skal være en tekst.", "invalid_utf8": "Teksten er ikke gyldig UTF-8."},
    ),
    (fields.List, {"invalid": "Skal være en liste."}),
    (fields.Tuple, {"invalid": "Skal være en liste."}),
    (fields.Dict, {"invalid": "Skal være et objekt."}),
    (fields.Nested, {"type": "Skal være et objekt."}),
    (
        fields.Field,
        {
            "required": "Feltet mangler.",
            "null": "Feltet må ikke være tomt (null).",
            "validator_failed": "Ugyldig værdi.",
            "invalid": "Ugyldig værdi.",
        },
    ),
]


def danish_messages(field: fields.Field) -> dict[str, Any]:
    """The field's messages with marshmallow's English defaults replaced by Danish ones.

    A message the schema author gave the field itself (not a class default) is kept.
    """
    english = {
        key: message
        for klass in reversed(type(field).__mro__)
        for key, message in getattr(klass, "default_error_messages", {}).items()
    }
    danish: dict[str, Any] = {}
    for klass, messages in reversed(_FIELD_MESSAGES):
        if isinstance(field, klass):
            danish.update(messages)
    return {
        key: danish.get(key, message) if message == english.get(key) else message
        for key, message in field.error_messages.items()
    }


def no_control_characters(value: object) -> None:
    """Validator of every text field: control characters are refused (app.services.text)."""
    message = control_error(value) if isinstance(value, str) else None
    if message:
        raise ValidationError(message)


def _danish_field(field: fields.Field) -> None:
    field.error_messages = danish_messages(field)
    if isinstance(field, fields.String) and no_control_characters not in field.validators:
        field.validators.append(no_control_characters)
    for inner in (
        getattr(field, "inner", None),
        getattr(field, "value_field", None),
        getattr(field, "key_field", None),
        *getattr(field, "tuple_fields", ()),
    ):
        if isinstance(inner, fields.Field):
            _danish_field(inner)


class DanishSchema(Schema):
    """Base of every input schema: Danish messages for its fields and for the schema itself."""

    error_messages = {  # noqa: RUF012 - marshmallow's own class attribute
        "unknown": "Ukendt felt.",
        "type": "Data skal være et objekt.",
    }

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        _danish_field(field_obj)


class Length(validate.Length):
    """Length in characters (or, with unit="elementer", items of a list)."""

    def __init__(
        self,
        min: int | None = None,  # noqa: A002 - marshmallow's names
        max: int | None = None,  # noqa: A002
        *,
        equal: int | None = None,
        unit: str = "tegn",
        error: str | None = None,
    ) -> None:
        super().__init__(min, max, equal=equal, error=error)
        self.message_min = f"Skal have mindst {{min}} {unit}."
        self.message_max = f"Må højst have {{max}} {unit}."
        self.message_all = f"Skal have mellem {{min}} og {{max}} {unit}."
        self.message_equal = f"Skal have præcis {{equal}} {unit}."


class Range(validate.Range):
    message_min = "Skal være {min_op} {{min}}."
    message_max = "Skal være {max_op} {{max}}."
    message_all = "Skal være {min_op} {{min}} og {max_op} {{max}}."
    message_gte = "mindst"
    message_gt = "større end"
    message_lte = "højst"
    message_lt = "mindre end"


class OneOf(validate.OneOf):
    default_message = "Skal være en af: {choices}."


def validator_messages(validator: Any) -> list[str]:
    """Every message a validator can give, formatted as a user would read it (for the test)."""
    names = ("error", "message_min", "message_max", "message_all", "message_equal")
    texts = [getattr(validator, n) for n in names if isinstance(getattr(validator, n, None), str)]
    if isinstance(validator, validate.OneOf):
        texts.append(validator.error or validator.default_message)
    values = {name: getattr(validator, name, None) for name in ("min", "max", "equal")}
    choices = getattr(validator, "choices_text", "")
    return [text.format(input="…", choices=choices, **values) for text in texts]
