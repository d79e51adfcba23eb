"""Issue 15.3: every message a user can see is Danish, in one voice. The test walks every input
schema of the API (and the pages' query schema): its schema messages, each field's messages
and each validator's messages; then loads garbage into each and reads what comes back."""

import re
from collections.abc import Iterable, Iterator

import pytest
from marshmallow import Schema, fields, validate

from app.schemas import ReportQuery
from app.schemas.danish import validator_messages

ENGLISH = re.compile(
    r"\b(must|not|valid|invalid|field|missing|required|length|longer|shorter|greater|less|"
    r"equal|between|may|unknown|number|string|integer|boolean|value|cannot|than|the|of|"
    r"special|mapping|period|found|server|method|allowed|request|url|error)\b",
    re.IGNORECASE,
)


def assert_danish(message: object, where: str, choices: Iterable[object] = ()) -> None:
    """No English word in `message`, once the listed choices (API tokens such as the sort key
    `period`, which a OneOf message names verbatim) are taken out."""
    assert isinstance(message, str), (where, message)
    prose = message
    for choice in sorted(map(str, choices), key=len, reverse=True):
        prose = re.sub(rf"(?<![\w-]){re.escape(choice)}(?![\w-])", "", prose)
    assert not ENGLISH.search(prose), f"English message in {where}: {message!r}"


def _choices(schema: Schema) -> set[object]:
    """Every OneOf choice in the schema's fields (the tokens its messages may list)."""
    return {
        choice
        for _, field in _fields(schema, "")
        for validator in field.validators
        if isinstance(validator, validate.OneOf)
        for choice in validator.choices
    }


def input_schemas(app) -> dict[str, type[Schema]]:  # type: ignore[no-untyped-def]
    """Every schema a view parses its input with (flask-smorest records them on the view)."""
    found: dict[str, type[Schema]] = {"ReportQuery (pages)": ReportQuery}
    for name, view in app.view_functions.items():
        view_class = getattr(view, "view_class", None)
        methods = [getattr(view_class, m, None) for m in ("get", "post", "patch", "delete")]
        for target in [m for m in methods if m] if view_class else [view]:
            for parameter in (
                getattr(target, "_apidoc", {}).get("arguments", {}).get("parameters", [])
            ):
                schema = parameter["schema"]
                schema = schema if isinstance(schema, type) else type(schema)
                found[f"{name}: {schema.__name__}"] = schema
    return found


def _fields(schema: Schema, path: str) -> Iterator[tuple[str, fields.Field]]:
    for name, field in schema.fields.items():
        yield from _field_tree(field, f"{path}.{name}")


def _field_tree(field: fields.Field, path: str) -> Iterator[tuple[str, fields.Field]]:
    yield path, field
    inner = getattr(field, "inner", None)
    if isinstance(inner, fields.Field):
        yield from _field_tree(inner, path + "[]")
    if isinstance(field, fields.Nested):
        yield from _fields(field.schema, path)


def test_every_schema_field_and_validator_speaks_danish(app) -> None:  # type: ignore[no-untyped-def]
    """Old main: Range, Length and OneOf and the field defaults answered in English."""
    schemas = input_schemas(app)
    assert len(schemas) >= 20, sorted(schemas)
    checked = 0
    for where, schema_class in schemas.items():
        schema = schema_class()
        for key, message in schema.error_messages.items():
            assert_danish(message, f"{where} ({key})")
        for path, field in _fields(schema, where):
            for key, message in field.error_messages.items():
                assert_danish(message, f"{path} ({key})")
                checked += 1
            for validator in field.validators:
                tokens = validator.choices if isinstance(validator, validate.OneOf) else ()
                for message in validator_messages(validator):
                    assert_danish(message, f"{path} validator {type(validator).__name__}", tokens)
                    checked += 1
    assert checked > 100


def _messages(errors: object) -> Iterator[str]:
    if isinstance(errors, dict):
        for value in errors.values():
            yield from _messages(value)
    elif isinstance(errors, list):
        for value in errors:
            yield from _messages(value)
    else:
        yield str(errors)


GARBAGE = [[[{}]], "x" * 100_000, -(10**30), None, True, {"a": 1}, "", 1.5]


def test_garbage_into_every_schema_answers_danish(app) -> None:  # type: ignore[no-untyped-def]
    for where, schema_class in input_schemas(app).items():
        schema = schema_class()
        attempts = [{}, {"ukendt_felt_xyz": 1}, [], "tekst"]
        attempts += [dict.fromkeys(schema.fields, value) for value in GARBAGE]
        tokens = _choices(schema)
        for data in attempts:
            errors = schema.validate(data)  # type: ignore[arg-type]
            for message in _messages(errors):
                assert_danish(message, f"{where} ← {str(data)[:60]}", tokens)


def test_the_issues_example_answers_danish(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/plans",
        json={
            "slug": "x",
            "name": "X",
            "municipality_id": 1,
            "first_year": 1800,
            "last_year": 9999,
        },
    )
    assert response.status_code == 422
    errors = response.get_json()["errors"]["json"]
    assert errors["first_year"] == ["Skal være mindst 1990 og højst 2100."]
    assert errors["last_year"] == ["Skal være mindst 1990 og højst 2100."]
    assert_danish(response.get_json()["message"], "message")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/findes-ikke", 404),
        ("delete", "/api/me", 405),
        ("get", "/findes-ikke", 404),
    ],
)
def test_http_errors_answer_danish(client, method: str, path: str, status: int) -> None:  # type: ignore[no-untyped-def]
    response = getattr(client, method)(path)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    if path.startswith("/api"):
        body = response.get_json()
        assert set(body) >= {"code", "status", "message"}
        for message in _messages({"message": body["message"], **body.get("errors", {})}):
            assert_danish(message, f"{method} {path}")
    else:
        html = response.get_data(as_text=True)
        text = re.sub(r"<[^>]+>", " ", html)
        assert "findes ikke" in text
        assert "Not Found" not in text and "requested URL" not in text


def test_a_body_over_the_size_limit_answers_danish(app, client) -> None:  # type: ignore[no-untyped-def]
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/api/partners", data="x" * 2000, content_type="application/json")
    assert response.status_code == 413
    assert_danish(response.get_json()["message"], "413")
