"""Issue 15.2: deeply nested JSON answers 400 in the usual error shape before any work; a body
that is not JSON answers a Danish 400 too."""

import json
import time

import pytest

from app.api.json_body import INVALID_JSON, MAX_DEPTH, TOO_DEEP, read_json
from tests.helpers import snapshot

DEEP = "[" * 100_000 + "]" * 100_000


def _assert_400(response, message: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert set(body) >= {"code", "status", "message", "errors"} and body["code"] == 400
    assert body["errors"]["json"] == {"_schema": [message]}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/partners"),
        ("post", "/api/plans/slagelse-2017-2021/entries"),
        ("patch", "/api/plans/slagelse-2017-2021"),
        ("post", "/api/plans/slagelse-2017-2021/budget-revisions"),
    ],
)
def test_100000_nested_brackets_answer_400(client, engine, slagelse, method, path) -> None:  # type: ignore[no-untyped-def]
    """Old main: 500 (RecursionError in the JSON parser)."""
    before = snapshot(engine)
    started = time.perf_counter()
    response = getattr(client, method)(path, data=DEEP, content_type="application/json")
    assert time.perf_counter() - started < 5
    _assert_400(response, TOO_DEEP)
    assert snapshot(engine) == before


def test_nesting_just_over_the_limit_is_refused(client, engine, slagelse) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    over = {"name": "x", "kind": "other", "cvr": None}
    value: object = over
    for _ in range(MAX_DEPTH):
        value = [value]
    response = client.post("/api/partners", data=json.dumps(value), content_type="application/json")
    _assert_400(response, TOO_DEEP)
    assert snapshot(engine) == before


@pytest.mark.parametrize("body", ["{", '{"name": }', "nul", "[1,]"])
def test_malformed_json_answers_danish_400(client, engine, body: str) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    response = client.post("/api/partners", data=body, content_type="application/json")
    _assert_400(response, INVALID_JSON)
    assert snapshot(engine) == before


def test_body_that_is_not_utf8_answers_400(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/partners", data=b'{"name": "\xff"}', content_type="application/json"
    )
    _assert_400(response, "Forespørgslen er ikke gyldig UTF-8.")


def test_the_reader_takes_nesting_up_to_the_limit() -> None:
    text = "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    value = read_json(text)
    for _ in range(MAX_DEPTH):
        assert isinstance(value, list)
        value = value[0]
    assert value == 1
